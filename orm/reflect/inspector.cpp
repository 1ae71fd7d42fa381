#include "orm/reflect/inspector.h"

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/sql/dialect.h"

namespace orm {

namespace {

std::unique_ptr<detail::SchemaReader> readerFor(const Dialect& dialect)
{
    if (dialect.name() == u"sqlite")
        return detail::sqliteSchemaReader();
    if (dialect.name() == u"postgresql")
        return detail::postgresqlSchemaReader();
    throw ArgumentError(
        QStringLiteral("reflection is not supported for the %1 dialect").arg(dialect.name()));
}

// Runs `read` on a connection of the engine with its statements logged as reflection.
template <class F>
auto reading(Engine& engine, F read)
{
    Connection conn = engine.connect();
    OriginScope scope(conn, Origin::Reflection);
    return read(conn);
}

} // namespace

Inspector::Inspector(Engine& engine) : m_engine(engine), m_reader(readerFor(engine.dialect())) {}

Inspector::~Inspector() = default;

QStringList Inspector::schemaNames()
{
    return reading(m_engine, [&](Connection& conn) { return m_reader->schemaNames(conn); });
}

QString Inspector::defaultSchema()
{
    return reading(m_engine, [&](Connection& conn) { return m_reader->defaultSchema(conn); });
}

QString Inspector::schemaOrDefault(const QString& schema)
{
    return schema.isEmpty() ? defaultSchema() : schema;
}

QStringList Inspector::tableNames(const QString& schema)
{
    const QString s = schemaOrDefault(schema);
    return reading(m_engine,
                   [&](Connection& conn) { return m_reader->relationNames(conn, s, false); });
}

QStringList Inspector::viewNames(const QString& schema)
{
    const QString s = schemaOrDefault(schema);
    return reading(m_engine,
                   [&](Connection& conn) { return m_reader->relationNames(conn, s, true); });
}

ReflectedTable Inspector::table(const QString& name, const QString& schema)
{
    const QString s = schemaOrDefault(schema);
    return reading(m_engine, [&](Connection& conn) { return m_reader->table(conn, s, name); });
}

} // namespace orm
