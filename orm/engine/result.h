#pragma once
// Result is the outcome of one statement: rows to iterate (forward only, converted to the
// types of the selected columns) or the number of rows affected. It keeps its connection
// checked out until it is destroyed or read to the end.

#include "orm/engine/statementlog.h"

#include <QList>
#include <QStringList>
#include <QVariant>
#include <memory>
#include <optional>
#include <vector>

class QSqlQuery;

namespace orm {

class Dialect;
class SqlType;

namespace sql {
struct CompiledStatement;
}
namespace detail {
struct ConnectionState;
}

class Result {
public:
    Result() = default;
    Result(std::shared_ptr<detail::ConnectionState> connection, std::shared_ptr<QSqlQuery> query,
           std::shared_ptr<const sql::CompiledStatement> compiled, quint64 logId, bool returnsRows,
           qint64 rowsAffected);
    Result(Result&&) noexcept;
    Result& operator=(Result&&) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result();

    bool returnsRows() const;
    QStringList columns() const;
    // Moves to the next row; false at the end (the result is then closed).
    bool next();
    QVariant value(int column) const;
    QVariant value(const QString& column) const;
    QVariantList row() const;
    // Columns [from, from + count) of the current row, converted like value(): the part of a
    // joined row that belongs to one object.
    QVariantList values(int from, int count) const;
    // An integer column's value without making it a QVariant first (for keys compared row by
    // row); nullopt when it is NULL or not a number.
    std::optional<qint64> integer(int column) const;
    // The remaining rows.
    QList<QVariantList> all();
    // The first column of the first row, or an invalid QVariant when there is no row.
    QVariant scalar();
    qint64 rowsAffected() const;
    // The rowid of the last INSERT on SQLite (read it before running another statement);
    // invalid on PostgreSQL, where RETURNING gives keys.
    QVariant lastInsertId() const;
    // Releases the driver's cursor; called automatically at the end of the rows.
    void close();

private:
    // Whether a driver value is already in its column's Qt type: most values (integers, text)
    // arrive so and are handed over as they are, inline; the others take the dialect's
    // conversion (convertSlowly).
    bool passesThrough(int column, const QVariant& raw) const
    {
        return m_unconverted && raw.metaType() == (*m_unconverted)[size_t(column)] && !raw.isNull();
    }
    QVariant convertSlowly(int column, QVariant&& raw) const;
    void checkColumn(int column) const
    {
        if (column < 0 || column >= m_columnCount)
            throwNoColumn(column);
    }
    [[noreturn]] void throwNoColumn(int column) const;

    std::shared_ptr<detail::ConnectionState> m_connection; // declared first: outlives the query
    std::shared_ptr<QSqlQuery> m_query;
    std::shared_ptr<const sql::CompiledStatement> m_compiled;
    quint64 m_logId = 0;
    qint64 m_fetched = 0;
    qint64 m_rowsAffected = -1;
    mutable QStringList m_columns; // names, read from the driver on first use
    int m_columnCount = 0;
    // The compiled SELECT's per-column types needing no conversion (kept alive by m_compiled);
    // null for textual SQL, whose columns have no declared types.
    const std::vector<QMetaType>* m_unconverted = nullptr;
    bool m_closed = true;
    bool m_returnsRows = false;
};

} // namespace orm
