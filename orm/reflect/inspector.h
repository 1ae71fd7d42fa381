#pragma once
// Inspector reads the schema of a live database, as SQLAlchemy's inspect(engine) does: schemas,
// tables and views, and per table its columns, primary key, foreign keys, unique constraints
// and indexes. It only reads; reflect() (reflect.h) turns what it finds into MetaData tables.
//
//     orm::Inspector inspector(engine);
//     for (const QString& name : inspector.tableNames())
//         qDebug() << inspector.table(name).columns.size();

#include "orm/sql/column.h"
#include "orm/sql/types.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace orm {

class Connection;
class Engine;

struct ReflectedColumn {
    QString name;
    QString declaredType; // as the database spells it
    SqlType type;         // what QtOrm makes of it (typeFromDeclaration)
    bool nullable = true;
    QString defaultSql;         // the server default as SQL text, or empty
    bool autoincrement = false; // the database generates the value (rowid alias, serial, identity)
    bool generated = false;     // a computed column: never written
};

struct ReflectedForeignKey {
    QString name;
    QStringList columns;
    QString targetSchema;
    QString targetTable;
    QStringList targetColumns;
    ReferentialAction onDelete = ReferentialAction::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;
};

struct ReflectedIndex {
    QString name;
    QStringList columns;
    bool unique = false;
};

struct ReflectedTable {
    QString schema; // empty: the default schema
    QString name;
    bool isView = false;
    bool withoutRowid = false; // SQLite WITHOUT ROWID
    std::vector<ReflectedColumn> columns;
    QStringList primaryKey; // in key order
    std::vector<ReflectedForeignKey> foreignKeys;
    std::vector<ReflectedIndex> uniqueConstraints;
    std::vector<ReflectedIndex> indexes; // not counting those that back a constraint
};

namespace detail {
// What one backend answers; the Inspector picks one by the Engine's dialect.
class SchemaReader {
public:
    virtual ~SchemaReader() = default;
    virtual QStringList schemaNames(Connection& conn) = 0;
    virtual QString defaultSchema(Connection& conn) = 0;
    virtual QStringList relationNames(Connection& conn, const QString& schema, bool views) = 0;
    virtual ReflectedTable table(Connection& conn, const QString& schema, const QString& name) = 0;
};
std::unique_ptr<SchemaReader> sqliteSchemaReader();
std::unique_ptr<SchemaReader> postgresqlSchemaReader();
} // namespace detail

class Inspector {
public:
    explicit Inspector(Engine& engine);
    ~Inspector();
    Inspector(const Inspector&) = delete;
    Inspector& operator=(const Inspector&) = delete;

    // Schemas holding user tables (PostgreSQL: not pg_catalog and information_schema; SQLite:
    // "main" and attached databases).
    QStringList schemaNames();
    // The schema unqualified names resolve to ("public", "main").
    QString defaultSchema();
    // Tables and views of a schema (default: the default schema), sorted by name.
    QStringList tableNames(const QString& schema = {});
    QStringList viewNames(const QString& schema = {});
    // Everything about one table or view. ArgumentError when there is no such relation.
    ReflectedTable table(const QString& name, const QString& schema = {});

private:
    QString schemaOrDefault(const QString& schema);

    Engine& m_engine;
    std::unique_ptr<detail::SchemaReader> m_reader;
};

} // namespace orm
