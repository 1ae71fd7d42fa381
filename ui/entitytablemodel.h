#pragma once
// EntityTableModel shows the rows of a Query of one mapped class as a table, for tables of any
// size: rows are loaded a page at a time (LIMIT/OFFSET) when a view asks for them, only a few
// pages stay in memory (pages holding changes are kept), and the exact row count is computed
// in the background on a connection of its own (synchronously for SQLite in memory, which is
// one database per connection), the row count growing to it when it arrives. Sorting runs on
// the server (ORDER BY the column, then the primary key for a stable order) and per-column
// filters become Query criteria with bound parameters. Edits, new rows (shown after the rows of
// the query until the flush) and deleted rows go through the Session (see ObjectTableModel).
// After a commit the model keeps its rows: views keep their selection and scroll position.
//
//     orm::ui::EntityTableModel model(session, orm::mapper<User>());
//     model.setFilter(model.columnOf("name"), {orm::ui::EntityTableModel::Filter::Contains, "ed"});
//     model.sort(model.columnOf("fullname"), Qt::DescendingOrder);
//     tableView->setModel(&model);

#include "orm/query/query.h"
#include "ui/objecttablemodel.h"

#include <QHash>
#include <QMap>
#include <map>
#include <memory>
#include <optional>

class QThread;

namespace orm::ui {

class EntityTableModel : public ObjectTableModel {
    Q_OBJECT
public:
    // A condition on one column. Values are converted to the column's type first.
    struct Filter {
        enum Op {
            Contains, // text columns, case-insensitive
            Equals,
            NotEquals,
            Less,
            LessOrEqual,
            Greater,
            GreaterOrEqual,
            Between, // value <= column <= upperValue
            IsNull,
            IsNotNull,
        };
        Op op = Equals;
        QVariant value;
        QVariant upperValue;
    };

    // Every row of the mapper's table.
    EntityTableModel(Session& session, const Mapper& mapper, QObject* parent = nullptr);
    // The rows `query` finds (without LIMIT/OFFSET or ORDER BY: the model pages and orders).
    EntityTableModel(Session& session, const QueryBase& query, QObject* parent = nullptr);
    ~EntityTableModel() override;

    // Rows per page (default 256) and how many pages stay in memory (default 8).
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    void setMaxCachedPages(int pages);
    int maxCachedPages() const { return m_maxPages; }
    int cachedPageCount() const { return int(m_pages.size()); }
    // Whether the row count is computed on another thread (default: yes, except for SQLite in
    // memory). Takes effect at the next select().
    void setCountInBackground(bool on);

    // The exact number of rows of the query, once known; -1 before.
    qint64 totalRowCount() const { return m_countKnown ? m_count : -1; }
    bool isRowCountKnown() const { return m_countKnown; }

    // Sorting and filters run the query again (a model reset); new rows stay.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // False (and errorOccurred()) when the column cannot be filtered that way or the value does
    // not fit the column.
    bool setFilter(int column, const Filter& filter);
    void clearFilter(int column);
    void clearFilters();
    std::optional<Filter> filter(int column) const;
    // The query the rows come from: the base query with the filters and the ordering.
    QueryBase currentQuery() const;
    // The new rows, shown after the rows of the query until they are flushed.
    const QList<Object>& newObjects() const { return m_new; }

    // Runs the query again from the first row.
    void select();

    Object objectAt(int row) const override;
    int rowOf(const Object& object) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    // The exact row count arrived (rowCount() has grown or shrunk to it, plus the new rows).
    void rowCountKnown(qint64 count);

protected:
    void insertNewObjects(int row, const QList<Object>& objects) override;
    void takeNewObjects(const QList<Object>& objects) override;
    Object loadedObjectAt(int row) const override;
    void sessionFlushed() override;
    void sessionCommitted() override;
    void sessionRolledBack() override;
    void sessionObjectAdded(const Object& object) override;

private:
    struct CountResult;

    QueryBase filteredQuery() const;
    std::vector<Expr> ordering() const;
    std::optional<Expr> condition(int column, const Filter& filter, QString* error) const;
    // Loads page `index` unless it is in memory; false when loading failed.
    bool ensurePage(int index) const;
    QList<Object> loadPage(int index) const;
    void evictPages(int keep) const;
    bool holdsChanges(int page) const;
    void dropPages();
    // Row `row` left the query's rows: the rows after it move up, in memory too.
    void forgetRow(int row);
    void startCount();
    void countArrived(qint64 count);
    void resizeDatabaseRows(qint64 rows);

    QueryBase m_base;
    QMap<int, Filter> m_filters; // by column: the same filters give the same SQL
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_pageSize = 256;
    int m_maxPages = 8;
    bool m_countInBackground = true;

    int m_databaseRows = 0; // rows of the query shown (fetched so far, or the exact count)
    bool m_countKnown = false;
    qint64 m_count = 0;
    bool m_endReached = false; // fetchMore() met the last row
    quint64 m_generation = 0;  // a count that arrives for an older query is ignored
    QList<Object> m_new;       // new rows, after the rows of the query

    // No fetchMore() from a slot of modelReset or rowsInserted (QAbstractItemModelTester's,
    // a view's): rows inserted while others are being inserted would be out of order.
    bool m_changingRows = false;

    // Rows in memory by row number. Pages are the unit of loading and release; rows move
    // when rows before them leave (a flushed DELETE), so a page may lose its last rows, which
    // reloads it when they are asked for.
    mutable std::map<int, Object> m_loaded;
    mutable std::map<int, quint64> m_pages;          // loaded pages, by when last used
    mutable QHash<const InstanceState*, int> m_rows; // the rows of the objects in m_loaded
    mutable quint64 m_clock = 0;
    mutable QSet<int> m_failedPages; // not tried again until the next select()
};

} // namespace orm::ui
