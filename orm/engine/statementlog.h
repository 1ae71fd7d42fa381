#pragma once
// StatementLog records every statement an Engine sends: text, bound values, duration, rows,
// origin and error. Entries arrive as a Qt signal, stay in a bounded ring buffer, and are
// written to the "qtorm.sql" logging category when echo is on (create_engine(echo=True)).

#include <QDateTime>
#include <QList>
#include <QLoggingCategory>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcQtOrmSql)

namespace orm {

// Why a statement was sent; lets a log viewer tell a lazy load from a flush.
enum class Origin {
    Query,
    Flush,
    Autoflush,
    LazyLoad,
    EagerLoad,
    Ddl,
    Transaction,
    Reflection,
    UserSql,
    Internal
};

QString originName(Origin origin);

struct LogEntry {
    quint64 id = 0;
    qint64 startedAtMs =
        0; // milliseconds since the epoch: a clock read, no QDateTime per statement
    QDateTime startedAt() const { return QDateTime::fromMSecsSinceEpoch(startedAtMs, Qt::UTC); }
    QString sql;
    QVariantList params;
    qint64 durationNs = 0;
    qint64 rows = -1; // rows affected, or rows returned once the result is read; -1 unknown
    Origin origin = Origin::Query;
    QString error;
    QString connection;
    bool isSelect = false;
};

// The bound values in the form the log and error messages show them: ('ed', 12, NULL).
QString formatParams(const QVariantList& params);

class StatementLog : public QObject {
    Q_OBJECT
public:
    explicit StatementLog(QObject* parent = nullptr);

    void setCapacity(int capacity);
    int capacity() const;
    void setEcho(bool on);
    bool echo() const;

    QList<LogEntry> entries() const;
    // How many statements were ever recorded; tests diff it around an action.
    quint64 totalCount() const;
    void clear();

    // Called by the Engine's execute chokepoint.
    quint64 record(LogEntry entry);
    void setRows(quint64 id, qint64 rows);

signals:
    void statementExecuted(const orm::LogEntry& entry);
    void entryUpdated(const orm::LogEntry& entry);
    void cleared();

private:
    mutable QMutex m_mutex;
    // A ring of at most m_capacity entries, oldest at m_oldest once full: recording a statement
    // reuses a slot instead of allocating.
    std::vector<LogEntry> m_ring;
    size_t m_oldest = 0;
    std::vector<LogEntry> orderedEntries() const;
    int m_capacity = 1000;
    quint64 m_nextId = 1;
    bool m_echo = false;
};

} // namespace orm

Q_DECLARE_METATYPE(orm::LogEntry)
