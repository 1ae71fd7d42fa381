#pragma once
// reflect() adds the tables and views of a live database to a MetaData, as SQLAlchemy's
// MetaData.reflect(engine) does, so that expressions, mappers and automap can use them.
//
//     orm::MetaData metadata;
//     orm::ReflectionReport report = orm::reflect(engine, metadata);
//     for (const QString& warning : report.warnings)
//         qWarning() << warning; // e.g. a foreign key to a table that does not exist

#include <QString>
#include <QStringList>

namespace orm {

class Engine;
class MetaData;

struct ReflectOptions {
    QString schema;    // empty: the default schema; its tables get no schema in the MetaData
    QStringList only;  // empty: every table (and view)
    bool views = true; // views too, marked Table::isView()
};

struct ReflectionReport {
    QStringList tables; // added to the MetaData, in the database's order (by name)
    QStringList views;
    // What was left out and why: foreign keys to missing tables, tables already in the MetaData.
    QStringList warnings;
};

// Reads the schema and adds one Table per table and view. Throws DatabaseError when the database
// cannot be read (not a database, locked), ArgumentError for an `only` name that does not exist.
ReflectionReport reflect(Engine& engine, MetaData& metadata, const ReflectOptions& options = {});

} // namespace orm
