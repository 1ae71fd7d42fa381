#include "common/sqlassert.h"

#include <algorithm>
#include <vector>

using namespace orm;

namespace orm {

char* toString(ObjectState state)
{
    return qstrdup(qPrintable(objectStateName(state)));
}

} // namespace orm

namespace qtorm::test {

MetaData& metadata()
{
    return Registry::global().metadata();
}

void resetSchema(Engine& engine)
{
    metadata().dropAll(engine);
    metadata().createAll(engine);
}

bool isPostgres(const Engine& engine)
{
    return engine.dialect().name() == u"postgresql";
}

QString q(const Engine& engine, const QString& sql)
{
    QString out;
    int n = 0;
    for (const QChar c : sql) {
        if (c == u'?')
            out += engine.dialect().placeholder(++n);
        else
            out += c;
    }
    return out;
}

QString returningSingle(const Engine& engine)
{
    return isPostgres(engine) ? QStringLiteral(" RETURNING id") : QString();
}

QString insertSql(const Engine& engine, const QString& sql)
{
    return q(engine, sql) + returningSingle(engine);
}

QVariantList nullsAsInvalid(QVariantList values)
{
    for (QVariant& v : values) {
        if (v.isNull())
            v = QVariant();
    }
    return values;
}

QList<QVariantList> dbRows(Engine& engine, const Table& table, const QStringList& columns,
                           int orderColumns)
{
    std::vector<Expr> cols;
    for (const QString& c : columns)
        cols.push_back(table.c(c));
    Connection conn = engine.connect();
    QList<QVariantList> rows =
        conn.execute(select(cols).orderBy({cols.begin(), cols.begin() + orderColumns})).all();
    for (QVariantList& row : rows)
        row = nullsAsInvalid(std::move(row));
    return rows;
}

bool sameObjects(QList<Object> a, QList<Object> b)
{
    const auto less = [](const Object& x, const Object& y) { return x.shared() < y.shared(); };
    std::sort(a.begin(), a.end(), less);
    std::sort(b.begin(), b.end(), less);
    return a == b;
}

LogWatch::LogWatch(const Engine& engine) : m_engine(engine)
{
    reset();
}

void LogWatch::reset()
{
    m_mark = m_engine.log().totalCount();
}

QList<LogEntry> LogWatch::entries() const
{
    QList<LogEntry> out;
    for (const LogEntry& e : m_engine.log().entries()) {
        if (e.id > m_mark && e.origin != Origin::Internal)
            out << e;
    }
    return out;
}

QStringList LogWatch::sql() const
{
    QStringList out;
    for (const LogEntry& e : entries())
        out << e.sql;
    return out;
}

QList<QVariantList> LogWatch::params() const
{
    QList<QVariantList> out;
    for (const LogEntry& e : entries())
        out << nullsAsInvalid(e.params);
    return out;
}

QList<Origin> LogWatch::origins() const
{
    QList<Origin> out;
    for (const LogEntry& e : entries())
        out << e.origin;
    return out;
}

void printSqlMismatch(const QStringList& actual, const QStringList& expected)
{
    qWarning().noquote() << "actual:\n    " + actual.join(u"\n    ") + "\nexpected:\n    " +
                                expected.join(u"\n    ");
}

} // namespace qtorm::test
