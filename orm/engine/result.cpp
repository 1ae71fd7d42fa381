#include "orm/engine/result.h"

#include "orm/engine/connectionstate_p.h"
#include "orm/errors.h"

#include <QSqlRecord>

namespace orm {

Result::Result(std::shared_ptr<detail::ConnectionState> connection,
               std::shared_ptr<QSqlQuery> query,
               std::shared_ptr<const sql::CompiledStatement> compiled, quint64 logId,
               bool returnsRows, qint64 rowsAffected)
    : m_connection(std::move(connection)), m_query(std::move(query)),
      m_compiled(std::move(compiled)), m_logId(logId), m_returnsRows(returnsRows)
{
    if (m_returnsRows) {
        // A compiled SELECT knows its width; asking the driver builds a whole QSqlRecord.
        m_columnCount = m_compiled && !m_compiled->columnTypes.empty()
                            ? int(m_compiled->columnTypes.size())
                            : m_query->record().count();
        if (m_compiled && size_t(m_columnCount) == m_compiled->columnTypes.size())
            m_unconverted = &m_compiled->unconvertedTypes;
        m_closed = false;
    } else {
        m_rowsAffected = rowsAffected;
        m_query->finish();
    }
}

Result::Result(Result&& other) noexcept
{
    *this = std::move(other);
}

Result& Result::operator=(Result&& other) noexcept
{
    if (this != &other) {
        close();
        m_connection = std::move(other.m_connection);
        m_query = std::move(other.m_query);
        m_compiled = std::move(other.m_compiled);
        m_logId = other.m_logId;
        m_fetched = other.m_fetched;
        m_rowsAffected = other.m_rowsAffected;
        m_columns = std::move(other.m_columns);
        m_columnCount = other.m_columnCount;
        m_unconverted = std::exchange(other.m_unconverted, nullptr);
        m_closed = std::exchange(other.m_closed, true);
        m_returnsRows = other.m_returnsRows;
    }
    return *this;
}

Result::~Result()
{
    close();
}

bool Result::returnsRows() const
{
    return m_returnsRows;
}

QStringList Result::columns() const
{
    if (m_columns.isEmpty() && m_columnCount > 0) {
        const QSqlRecord record = m_query->record();
        for (int i = 0; i < record.count(); ++i)
            m_columns << record.fieldName(i);
    }
    return m_columns;
}

bool Result::next()
{
    if (m_closed)
        return false;
    if (m_query->next()) {
        ++m_fetched;
        return true;
    }
    // Only a result read to the end knows how many rows the query returned.
    m_connection->core->log.setRows(m_logId, m_fetched);
    close();
    return false;
}

QVariant Result::convertSlowly(int column, QVariant&& raw) const
{
    if (!m_unconverted) {
        // Textual SQL: no declared types; NULL is still an invalid QVariant everywhere.
        return raw.isNull() ? QVariant() : std::move(raw);
    }
    return m_connection->dialect().fromDatabase(raw, m_compiled->columnTypes[size_t(column)]);
}

void Result::throwNoColumn(int column) const
{
    throw ArgumentError(
        QStringLiteral("result has no column %1 (it has %2)").arg(column).arg(m_columnCount));
}

QVariant Result::value(int column) const
{
    checkColumn(column);
    QVariant raw = m_query->value(column);
    if (passesThrough(column, raw))
        return raw;
    return convertSlowly(column, std::move(raw));
}

std::optional<qint64> Result::integer(int column) const
{
    checkColumn(column);
    const QVariant raw = m_query->value(column);
    if (raw.isNull())
        return std::nullopt;
    // SQLite's integers and PostgreSQL's BIGINT are qlonglong already.
    if (raw.metaType() == QMetaType::fromType<qlonglong>())
        return raw.value<qlonglong>();
    bool ok = false;
    const qint64 value = raw.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QVariant Result::value(const QString& column) const
{
    const qsizetype i = columns().indexOf(column);
    if (i < 0)
        throw ArgumentError(QStringLiteral("result has no column named \"%1\"; it has %2")
                                .arg(column, columns().join(u", ")));
    return value(int(i));
}

QVariantList Result::row() const
{
    return values(0, m_columnCount);
}

QVariantList Result::values(int from, int count) const
{
    if (from < 0 || count < 0 || from + count > m_columnCount)
        throwNoColumn(from < 0 ? from : from + count - 1);
    QVariantList out(count);
    QVariant* slot = out.data();
    for (int i = 0; i < count; ++i) {
        QVariant raw = m_query->value(from + i);
        if (passesThrough(from + i, raw))
            slot[i].swap(raw); // taken over as it is: no temporary to destroy
        else
            slot[i] = convertSlowly(from + i, std::move(raw));
    }
    return out;
}

QList<QVariantList> Result::all()
{
    QList<QVariantList> rows;
    while (next())
        rows << row();
    return rows;
}

QVariant Result::scalar()
{
    const QVariant v = next() ? value(0) : QVariant();
    close();
    return v;
}

qint64 Result::rowsAffected() const
{
    return m_rowsAffected;
}
QVariant Result::lastInsertId() const
{
    // Read on demand (most statements are not INSERTs). SQLite's rowid is a free read of the
    // connection; Qt's PostgreSQL driver would run SELECT lastval(), which fails (and aborts the
    // transaction) when no sequence was used: RETURNING gives keys there.
    if (m_returnsRows || !m_query || !m_connection->dialect().readsLastInsertId())
        return {};
    return m_query->lastInsertId();
}

void Result::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_query)
        m_query->finish();
}

} // namespace orm
