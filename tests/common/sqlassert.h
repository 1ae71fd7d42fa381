#pragma once
// What the ORM suites share for asserting on the SQL an Engine sent and on the rows it left:
// expected SQL in each dialect's spelling, a watch over the statement log, whole-text comparison
// of statements, and the fixtures that start a test from empty tables and read rows back.

#include "orm/orm.h"

#include <QDebug>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QVariant>

namespace orm {
// Readable QCOMPARE failures for object states (QTest finds it by argument-dependent lookup).
char* toString(ObjectState state);
} // namespace orm

namespace qtorm::test {

// The MetaData of the global Registry: the tables of every class mapped so far.
orm::MetaData& metadata();

// Drops and creates every table of metadata(), so that a test starts from empty tables.
void resetSchema(orm::Engine& engine);

// Whether the engine talks to PostgreSQL (the other backend being SQLite).
bool isPostgres(const orm::Engine& engine);

// Expected SQL written with ? placeholders, in the dialect's spelling ($1, $2 on PostgreSQL).
QString q(const orm::Engine& engine, const QString& sql);

// How a single-row INSERT with a generated key ends: SQLite reads lastInsertId (nothing),
// PostgreSQL uses " RETURNING id".
QString returningSingle(const orm::Engine& engine);

// An expected single-row INSERT with a generated key: q(sql) followed by returningSingle().
QString insertSql(const orm::Engine& engine, const QString& sql);

// The values with every NULL, whatever its type, as an invalid QVariant (comparable to QVariant()).
QVariantList nullsAsInvalid(QVariantList values);

// Committed rows as a separate connection sees them (on SQLite in memory the one connection of
// the thread), ordered by the first `orderColumns` columns; NULL as QVariant().
QList<QVariantList> dbRows(orm::Engine& engine, const orm::Table& table, const QStringList& columns,
                           int orderColumns = 1);

// Whether two lists hold the same objects, in any order.
bool sameObjects(QList<orm::Object> a, QList<orm::Object> b);

// The emails of a collection's (or a list's) objects, in its order, read through get().
template <class Objects>
QStringList emails(const Objects& objects)
{
    QStringList out;
    for (const auto& a : objects)
        out << a.get()->email;
    return out;
}

// The statements an Engine sent since the watch was (re)set, without the Internal ones a SQLite
// connection sends when it is opened.
class LogWatch {
public:
    explicit LogWatch(const orm::Engine& engine);
    // Starts watching afresh from the statements sent so far.
    void reset();
    // The log entries sent since the mark.
    QList<orm::LogEntry> entries() const;
    // Their SQL text.
    QStringList sql() const;
    // Their bound values, NULL of any type as an invalid QVariant.
    QList<QVariantList> params() const;
    // Their origins.
    QList<orm::Origin> origins() const;

private:
    const orm::Engine& m_engine;
    quint64 m_mark = 0;
};

// QCOMPARE_SQL's operands as statement lists: a list as it is, one statement as a list of one.
inline QStringList sqlStatements(const QStringList& statements)
{
    return statements;
}
inline QStringList sqlStatements(const QString& statement)
{
    return QStringList{statement};
}

// Prints both sequences of statements whole (QCOMPARE cuts long text short).
void printSqlMismatch(const QStringList& actual, const QStringList& expected);

} // namespace qtorm::test

// Compares statements (a QStringList, or one QString) as whole text: on a mismatch both sides are
// printed in full before QCOMPARE fails.
#define QCOMPARE_SQL(actual, expected)                                                             \
    do {                                                                                           \
        const QStringList actual_ = qtorm::test::sqlStatements(actual);                            \
        const QStringList expected_ = qtorm::test::sqlStatements(expected);                        \
        if (actual_ != expected_)                                                                  \
            qtorm::test::printSqlMismatch(actual_, expected_);                                     \
        QCOMPARE(actual_, expected_);                                                              \
    } while (false)
