#pragma once
// Table-level constraints and indexes. They name columns by name so that a foreign key can be
// declared before the table it points at exists; MetaData resolves the names when needed.

#include "orm/sql/column.h"
#include "orm/sql/expression.h"

#include <QString>
#include <QStringList>

namespace orm {

class MetaData;

class ForeignKeyConstraint {
public:
    QString name; // empty: the database picks one
    QStringList columns;
    QString targetSchema;
    QString targetTable;
    QStringList targetColumns;
    ReferentialAction onDelete = ReferentialAction::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;
    // Created by ALTER TABLE after all tables exist; set by createAll for cycles between tables.
    bool useAlter = false;

    // The referenced table, or nullptr when it is not (yet) part of the MetaData.
    const Table* referredTable(const MetaData& metadata) const;
};

class UniqueConstraint {
public:
    QString name;
    QStringList columns;
};

class CheckConstraint {
public:
    QString name;
    Expr condition; // compiled with literal values inlined, as DDL cannot take parameters
    QString sql;    // or a SQL fragment written by the schema's author
};

class Index {
public:
    QString name;
    QStringList columns;
    bool unique = false;
};

QString referentialActionSql(ReferentialAction action);
// The constraint's name, or PostgreSQL's default for it (<table>_<columns>_fkey), so a foreign
// key added by ALTER TABLE can be dropped by name later.
QString foreignKeyName(const Table& table, int number);

} // namespace orm
