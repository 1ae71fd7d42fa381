#pragma once
// SqlLogModel shows an Engine's StatementLog as a table, one row per statement, and follows
// it live: new statements are appended as they run, the Rows cell fills in once a SELECT has
// been read, and the oldest rows go when the log's capacity is reached. Failed statements are
// shown in red. Pair it with SqlLogFilterModel and SqlLogView.
//
//     orm::ui::SqlLogModel model(&engine.log());
//     tableView->setModel(&model);

#include "orm/engine/statementlog.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

namespace orm::ui {

class SqlLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        OriginColumn,
        DurationColumn,
        RowsColumn,
        StatementColumn,
        ParametersColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role {
        EntryRole = Qt::UserRole + 1, // the whole orm::LogEntry
        OriginRole,                   // the orm::Origin, as an int
        HasErrorRole,                 // bool
    };

    explicit SqlLogModel(QObject* parent = nullptr);
    explicit SqlLogModel(StatementLog* log, QObject* parent = nullptr);

    // Shows `log` (its current entries, then every new one); nullptr shows nothing. The log
    // must outlive the model or be destroyed first, which empties the model.
    void setLog(StatementLog* log);
    StatementLog* log() const;

    LogEntry entry(int row) const;
    // The row of the entry with that id, or -1.
    int rowOf(quint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

public slots:
    // Clears the log (every view of it empties).
    void clear();

private:
    void append(const LogEntry& entry);
    void update(const LogEntry& entry);
    void reset();
    void trimToCapacity();

    QPointer<StatementLog> m_log;
    QList<LogEntry> m_entries; // ordered by id
    quint64 m_loadedUpTo = 0;  // entries up to this id came with the initial snapshot
};

} // namespace orm::ui
