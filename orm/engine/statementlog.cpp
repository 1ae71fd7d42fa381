#include "orm/engine/statementlog.h"

#include "orm/sql/types.h"

#include <QByteArray>
#include <QDate>
#include <QMetaMethod>
#include <QMutexLocker>
#include <QUuid>

Q_LOGGING_CATEGORY(lcQtOrmSql, "qtorm.sql")

namespace orm {

QString originName(Origin origin)
{
    switch (origin) {
    case Origin::Query:
        return QStringLiteral("query");
    case Origin::Flush:
        return QStringLiteral("flush");
    case Origin::Autoflush:
        return QStringLiteral("autoflush");
    case Origin::LazyLoad:
        return QStringLiteral("lazy load");
    case Origin::EagerLoad:
        return QStringLiteral("eager load");
    case Origin::Ddl:
        return QStringLiteral("DDL");
    case Origin::Transaction:
        return QStringLiteral("transaction");
    case Origin::Reflection:
        return QStringLiteral("reflection");
    case Origin::UserSql:
        return QStringLiteral("user SQL");
    case Origin::Internal:
        return QStringLiteral("internal");
    }
    return {};
}

namespace {

QString formatValue(const QVariant& v)
{
    constexpr qsizetype MaxShown = 80;
    if (!v.isValid() || v.isNull())
        return QStringLiteral("NULL");
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    if (isNumber(v))
        return v.toString();
    switch (v.typeId()) {
    case QMetaType::QByteArray: {
        const QByteArray bytes = v.toByteArray();
        if (bytes.size() > MaxShown / 2)
            return QStringLiteral("<%1 bytes>").arg(bytes.size());
        return QStringLiteral("x'") + QString::fromLatin1(bytes.toHex()) + u'\'';
    }
    default: {
        QString text = v.typeId() == QMetaType::QUuid ? v.toUuid().toString(QUuid::WithoutBraces)
                                                      : v.toString();
        if (text.size() > MaxShown)
            text = text.left(MaxShown) + QStringLiteral("... (%1 characters)").arg(text.size());
        return u'\'' + text.replace(u'\'', QStringLiteral("''")) + u'\'';
    }
    }
}

} // namespace

QString formatParams(const QVariantList& params)
{
    QStringList parts;
    for (const QVariant& v : params)
        parts << formatValue(v);
    return u'(' + parts.join(QStringLiteral(", ")) +
           (params.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

StatementLog::StatementLog(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<orm::LogEntry>();
}

void StatementLog::setCapacity(int capacity)
{
    QMutexLocker lock(&m_mutex);
    m_capacity = std::max(1, capacity);
    std::vector<LogEntry> kept = orderedEntries();
    if (int(kept.size()) > m_capacity)
        kept.erase(kept.begin(), kept.end() - m_capacity);
    m_ring = std::move(kept);
    m_oldest = 0;
}

int StatementLog::capacity() const
{
    QMutexLocker lock(&m_mutex);
    return m_capacity;
}

void StatementLog::setEcho(bool on)
{
    QMutexLocker lock(&m_mutex);
    m_echo = on;
}

bool StatementLog::echo() const
{
    QMutexLocker lock(&m_mutex);
    return m_echo;
}

std::vector<LogEntry> StatementLog::orderedEntries() const
{
    std::vector<LogEntry> out;
    out.reserve(m_ring.size());
    out.insert(out.end(), m_ring.begin() + qsizetype(m_oldest), m_ring.end());
    out.insert(out.end(), m_ring.begin(), m_ring.begin() + qsizetype(m_oldest));
    return out;
}

QList<LogEntry> StatementLog::entries() const
{
    QMutexLocker lock(&m_mutex);
    const std::vector<LogEntry> ordered = orderedEntries();
    return QList<LogEntry>(ordered.begin(), ordered.end());
}

quint64 StatementLog::totalCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_nextId - 1;
}

void StatementLog::clear()
{
    {
        QMutexLocker lock(&m_mutex);
        m_ring.clear();
        m_oldest = 0;
    }
    emit cleared();
}

quint64 StatementLog::record(LogEntry entry)
{
    // Every statement passes here: copies and signal arguments only when someone looks.
    static const QMetaMethod executedSignal =
        QMetaMethod::fromSignal(&StatementLog::statementExecuted);
    const bool notify = isSignalConnected(executedSignal);
    bool echo = false;
    quint64 id = 0;
    {
        QMutexLocker lock(&m_mutex);
        id = entry.id = m_nextId++;
        echo = m_echo;
        LogEntry* slot = nullptr;
        if (int(m_ring.size()) < m_capacity) {
            slot = &m_ring.emplace_back();
        } else {
            slot = &m_ring[m_oldest];
            m_oldest = (m_oldest + 1) % m_ring.size();
        }
        if (notify || echo)
            *slot = entry;
        else
            *slot = std::move(entry);
    }
    if (echo) {
        // The seed tutorial's echo format: the statement, then its parameters.
        qCInfo(lcQtOrmSql).noquote() << entry.sql;
        if (!entry.error.isEmpty())
            qCInfo(lcQtOrmSql).noquote() << formatParams(entry.params) << "ERROR:" << entry.error;
        else
            qCInfo(lcQtOrmSql).noquote() << formatParams(entry.params);
    }
    if (notify)
        emit statementExecuted(entry);
    return id;
}

void StatementLog::setRows(quint64 id, qint64 rows)
{
    LogEntry updated;
    {
        QMutexLocker lock(&m_mutex);
        // Entries are in id order; the one being finished is almost always near the back.
        LogEntry* found = nullptr;
        for (size_t back = 1; back <= m_ring.size() && !found; ++back) {
            LogEntry& e = m_ring[(m_oldest + m_ring.size() - back) % m_ring.size()];
            if (e.id == id)
                found = &e;
        }
        if (!found)
            return;
        found->rows = rows;
        updated = *found;
    }
    emit entryUpdated(updated);
}

} // namespace orm
