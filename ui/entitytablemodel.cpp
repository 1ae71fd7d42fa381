#include "ui/entitytablemodel.h"

#include "orm/engine/engine.h"
#include "orm/errors.h"

#include <QThread>
#include <algorithm>
#include <climits>

namespace orm::ui {

namespace {

// LIKE pattern text that matches itself: the escape character is '/'.
QString escapeLike(QString text)
{
    text.replace(u'/', QStringLiteral("//"));
    text.replace(u'%', QStringLiteral("/%"));
    text.replace(u'_', QStringLiteral("/_"));
    return text;
}

} // namespace

struct EntityTableModel::CountResult {
    qint64 count = -1;
    QString error;
};

EntityTableModel::EntityTableModel(Session& session, const Mapper& mapper, QObject* parent)
    : EntityTableModel(session, session.query(mapper), parent)
{}

EntityTableModel::EntityTableModel(Session& session, const QueryBase& query, QObject* parent)
    : ObjectTableModel(session, query.mapper(), parent), m_base(query)
{
    // SQLite in memory is one database per connection: another thread would count an empty one.
    m_countInBackground = !session.engine().url().isMemory();
    select();
}

EntityTableModel::~EntityTableModel()
{
    // A count still running uses the Engine and its statement: let it end first.
    for (QThread* thread : findChildren<QThread*>(Qt::FindDirectChildrenOnly))
        thread->wait();
}

void EntityTableModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
    dropPages();
}

void EntityTableModel::setMaxCachedPages(int pages)
{
    m_maxPages = std::max(1, pages);
    evictPages(-1);
}

void EntityTableModel::setCountInBackground(bool on)
{
    m_countInBackground = on && !session().engine().url().isMemory();
}

// ---- the query ------------------------------------------------------------------------------

std::optional<Expr> EntityTableModel::condition(int column, const Filter& filter,
                                                QString* error) const
{
    const int p = propertyAt(column);
    if (p < 0) {
        *error = tr("Only columns of %1 can be filtered").arg(mapper().className());
        return std::nullopt;
    }
    const Column& c = *mapper().property(p).column;
    const Expr e(c);
    const auto bound = [&](const QVariant& value) -> std::optional<QVariant> {
        const QVariant converted = convertValue(c, value, error);
        if (error->isEmpty() && !converted.isValid())
            *error = tr("The filter on %1 needs a value").arg(c.name());
        return error->isEmpty() ? std::optional<QVariant>(converted) : std::nullopt;
    };
    if (filter.op == Filter::IsNull)
        return e.isNull();
    if (filter.op == Filter::IsNotNull)
        return e.isNotNull();
    if (filter.op == Filter::Contains) {
        if (!c.type().isText()) {
            *error = tr("%1 is not a text column").arg(c.name());
            return std::nullopt;
        }
        return e.ilike(u'%' + escapeLike(filter.value.toString()) + u'%', u'/');
    }
    const std::optional<QVariant> value = bound(filter.value);
    if (!value)
        return std::nullopt;
    switch (filter.op) {
    case Filter::Equals:
        return e == *value;
    case Filter::NotEquals:
        return e != *value;
    case Filter::Less:
        return e < *value;
    case Filter::LessOrEqual:
        return e <= *value;
    case Filter::Greater:
        return e > *value;
    case Filter::GreaterOrEqual:
        return e >= *value;
    case Filter::Between:
        if (const std::optional<QVariant> upper = bound(filter.upperValue))
            return e.between(*value, *upper);
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

QueryBase EntityTableModel::filteredQuery() const
{
    QueryBase query = m_base;
    for (auto it = m_filters.cbegin(); it != m_filters.cend(); ++it) {
        QString error;
        if (const std::optional<Expr> c = condition(it.key(), it.value(), &error))
            query = query.filter(*c);
    }
    return query;
}

std::vector<Expr> EntityTableModel::ordering() const
{
    std::vector<Expr> terms;
    std::vector<const Column*> sorted;
    if (const int p = propertyAt(m_sortColumn); p >= 0) {
        sorted.push_back(mapper().property(p).column);
    } else if (const Relationship* relationship = relationshipAt(m_sortColumn)) {
        // A reference sorts by its foreign key: the label is in another table.
        for (const auto& [local, remote] : relationship->pairs())
            sorted.push_back(local);
    }
    for (const Column* column : sorted)
        terms.push_back(m_sortOrder == Qt::AscendingOrder ? Expr(*column).asc()
                                                          : Expr(*column).desc());
    // The primary key last: OFFSET pages need one stable order.
    for (int p : mapper().primaryKey()) {
        const Column* column = mapper().property(p).column;
        if (std::find(sorted.begin(), sorted.end(), column) == sorted.end())
            terms.emplace_back(*column);
    }
    return terms;
}

QueryBase EntityTableModel::currentQuery() const
{
    QueryBase query = filteredQuery().orderBy(ordering());
    // The labels of a page's references come with one SELECT per relationship, not one per row.
    for (int column = mapper().propertyCount(); column < columnCount(); ++column)
        query = query.options(LoadOption(*relationshipAt(column), Loading::Selectin));
    return query;
}

void EntityTableModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column >= 0 && column < columnCount() ? column : -1;
    m_sortOrder = order;
    select();
}

bool EntityTableModel::setFilter(int column, const Filter& filter)
{
    QString error;
    if (!condition(column, filter, &error)) {
        emit errorOccurred(error);
        return false;
    }
    m_filters.insert(column, filter);
    select();
    return true;
}

void EntityTableModel::clearFilter(int column)
{
    if (m_filters.remove(column))
        select();
}

void EntityTableModel::clearFilters()
{
    if (m_filters.isEmpty())
        return;
    m_filters.clear();
    select();
}

std::optional<EntityTableModel::Filter> EntityTableModel::filter(int column) const
{
    if (const auto it = m_filters.constFind(column); it != m_filters.cend())
        return *it;
    return std::nullopt;
}

// ---- rows -----------------------------------------------------------------------------------

void EntityTableModel::select()
{
    m_changingRows = true;
    beginResetModel();
    dropPages();
    m_databaseRows = 0;
    m_countKnown = false;
    m_count = 0;
    m_endReached = false;
    m_new.removeIf([](const Object& o) { return o.status() != ObjectState::Pending; });
    ++m_generation;
    if (m_countInBackground) {
        startCount();
    } else {
        try {
            Session::NoAutoflush noAutoflush(session());
            m_count = filteredQuery().count();
            m_countKnown = true;
            m_databaseRows = int(std::min<qint64>(m_count, INT_MAX / 2));
        } catch (const Error& error) {
            m_endReached = true;
            reportLater(error.message());
        }
    }
    endResetModel();
    m_changingRows = false;
    if (m_countKnown)
        emit rowCountKnown(m_count);
}

void EntityTableModel::startCount()
{
    // Compiled here, run there: the statement is immutable and the dialect's cache is shared
    // safely; the other thread gets its own connection from the Engine.
    const Select statement = orm::select({func::count().label(QStringLiteral("count_1"))})
                                 .selectFrom(filteredQuery().statement().subquery());
    auto result = std::make_shared<CountResult>();
    Engine* engine = &session().engine();
    QThread* thread = QThread::create([engine, statement, result] {
        try {
            result->count = engine->execute(statement).scalar().toLongLong();
        } catch (const Error& error) {
            result->error = error.message();
        }
    });
    thread->setParent(this);
    const quint64 generation = m_generation;
    connect(thread, &QThread::finished, this, [this, thread, result, generation] {
        thread->deleteLater();
        if (generation != m_generation)
            return; // the query changed since
        if (!result->error.isEmpty())
            emit errorOccurred(result->error);
        else
            countArrived(result->count);
    });
    thread->start();
}

void EntityTableModel::countArrived(qint64 count)
{
    m_countKnown = true;
    m_count = count;
    resizeDatabaseRows(count);
    emit rowCountKnown(count);
}

void EntityTableModel::resizeDatabaseRows(qint64 rows)
{
    const int target = int(std::min<qint64>(rows, INT_MAX / 2));
    if (target > m_databaseRows) {
        m_changingRows = true;
        beginInsertRows({}, m_databaseRows, target - 1);
        m_databaseRows = target;
        endInsertRows();
        m_changingRows = false;
    } else if (target < m_databaseRows) {
        beginRemoveRows({}, target, m_databaseRows - 1);
        for (auto it = m_loaded.lower_bound(target); it != m_loaded.end();) {
            m_rows.remove(&it->second.state());
            it = m_loaded.erase(it);
        }
        m_databaseRows = target;
        endRemoveRows();
    }
}

int EntityTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_databaseRows + int(m_new.size());
}

bool EntityTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_countKnown && !m_endReached && !m_changingRows;
}

void EntityTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const int index = m_databaseRows / m_pageSize;
    m_pages.erase(index); // a partial last page: read it again
    if (!ensurePage(index)) {
        m_endReached = true;
        return;
    }
    const auto end = m_loaded.lower_bound((index + 1) * m_pageSize);
    const int size = end == m_loaded.begin() ? 0 : std::prev(end)->first + 1 - index * m_pageSize;
    if (size < m_pageSize)
        m_endReached = true;
    const int added = index * m_pageSize + std::max(size, 0) - m_databaseRows;
    if (added > 0) {
        m_changingRows = true;
        beginInsertRows({}, m_databaseRows, m_databaseRows + added - 1);
        m_databaseRows += added;
        endInsertRows();
        m_changingRows = false;
    }
}

Object EntityTableModel::objectAt(int row) const
{
    if (row < 0)
        return {};
    if (row < m_databaseRows) {
        if (const auto it = m_loaded.find(row); it != m_loaded.end()) {
            if (const auto page = m_pages.find(row / m_pageSize); page != m_pages.end())
                page->second = ++m_clock;
            return it->second;
        }
        // Not in memory, or the page lost this row when rows before it left: (re)load it.
        m_pages.erase(row / m_pageSize);
        if (!ensurePage(row / m_pageSize))
            return {};
        const auto it = m_loaded.find(row);
        return it != m_loaded.end() ? it->second : Object();
    }
    return m_new.value(row - m_databaseRows);
}

Object EntityTableModel::loadedObjectAt(int row) const
{
    if (row < 0)
        return {};
    if (row < m_databaseRows) {
        const auto it = m_loaded.find(row);
        return it != m_loaded.end() ? it->second : Object();
    }
    return m_new.value(row - m_databaseRows);
}

int EntityTableModel::rowOf(const Object& object) const
{
    if (!object)
        return -1;
    if (const auto it = m_rows.constFind(&object.state()); it != m_rows.cend())
        return *it;
    const qsizetype i = m_new.indexOf(object);
    return i >= 0 ? m_databaseRows + int(i) : -1;
}

// ---- pages ----------------------------------------------------------------------------------

bool EntityTableModel::ensurePage(int index) const
{
    if (const auto it = m_pages.find(index); it != m_pages.end()) {
        it->second = ++m_clock;
        return true;
    }
    if (m_failedPages.contains(index))
        return false;
    QList<Object> objects;
    try {
        objects = loadPage(index);
    } catch (const Error& error) {
        m_failedPages.insert(index); // not tried again for every cell of the page
        reportLater(error.message());
        return false;
    }
    const int first = index * m_pageSize;
    for (int row = first; row < first + m_pageSize; ++row) {
        if (const auto it = m_loaded.find(row); it != m_loaded.end()) {
            m_rows.remove(&it->second.state());
            m_loaded.erase(it);
        }
    }
    for (qsizetype i = 0; i < objects.size(); ++i) {
        m_loaded[first + int(i)] = objects[i];
        m_rows.insert(&objects[i].state(), first + int(i));
    }
    m_pages[index] = ++m_clock;
    evictPages(index);
    return true;
}

QList<Object> EntityTableModel::loadPage(int index) const
{
    // Scrolling must not write the user's edits: no autoflush before a page.
    Session::NoAutoflush noAutoflush(session());
    return currentQuery().offset(qint64(index) * m_pageSize).limit(m_pageSize).all();
}

bool EntityTableModel::holdsChanges(int page) const
{
    const auto end = m_loaded.lower_bound((page + 1) * m_pageSize);
    for (auto it = m_loaded.lower_bound(page * m_pageSize); it != end; ++it) {
        const Object& o = it->second;
        if (o.status() != ObjectState::Persistent || session().isMarkedDeleted(o) ||
            !o.state().changedProperties().empty())
            return true;
    }
    return false;
}

void EntityTableModel::evictPages(int keep) const
{
    // Least recently used first; a page with changes stays until they are flushed.
    while (int(m_pages.size()) > m_maxPages) {
        auto victim = m_pages.end();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it->first != keep && (victim == m_pages.end() || it->second < victim->second) &&
                !holdsChanges(it->first))
                victim = it;
        }
        if (victim == m_pages.end())
            return;
        const auto end = m_loaded.lower_bound((victim->first + 1) * m_pageSize);
        for (auto it = m_loaded.lower_bound(victim->first * m_pageSize); it != end;) {
            m_rows.remove(&it->second.state());
            it = m_loaded.erase(it);
        }
        m_pages.erase(victim);
    }
}

void EntityTableModel::dropPages()
{
    m_loaded.clear();
    m_pages.clear();
    m_rows.clear();
    m_failedPages.clear();
}

void EntityTableModel::forgetRow(int row)
{
    std::map<int, Object> moved;
    m_rows.clear();
    for (auto& [r, o] : m_loaded) {
        if (r == row)
            continue;
        const int now = r > row ? r - 1 : r;
        m_rows.insert(&o.state(), now);
        moved.emplace(now, std::move(o));
    }
    m_loaded = std::move(moved);
}

// ---- new rows and the Session ------------------------------------------------------------------

void EntityTableModel::insertNewObjects(int row, const QList<Object>& objects)
{
    // New rows live after the query's rows until they are flushed.
    const int first = std::clamp(row - m_databaseRows, 0, int(m_new.size()));
    beginInsertRows({}, m_databaseRows + first, m_databaseRows + first + int(objects.size()) - 1);
    for (qsizetype i = 0; i < objects.size(); ++i)
        m_new.insert(first + i, objects[i]);
    endInsertRows();
    try {
        for (const Object& o : objects) {
            if (!session().contains(o))
                session().add(o);
        }
    } catch (const Error&) {
        takeNewObjects(objects);
        throw;
    }
}

void EntityTableModel::takeNewObjects(const QList<Object>& objects)
{
    for (const Object& o : objects) {
        if (const qsizetype i = m_new.indexOf(o); i >= 0) {
            beginRemoveRows({}, m_databaseRows + int(i), m_databaseRows + int(i));
            m_new.removeAt(i);
            endRemoveRows();
        }
        if (o.status() == ObjectState::Pending && session().contains(o))
            session().expunge(o);
    }
}

void EntityTableModel::sessionObjectAdded(const Object& object)
{
    // An object added in code or in another view shows up as a new row here too.
    if (&object.mapper() != &mapper() || object.status() != ObjectState::Pending ||
        m_new.contains(object))
        return;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_new.append(object);
    endInsertRows();
}

void EntityTableModel::sessionFlushed()
{
    // Rows whose DELETE was flushed leave the query's rows.
    QList<int> gone;
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        if (it.key()->state() == ObjectState::Deleted)
            gone << it.value();
    }
    std::sort(gone.begin(), gone.end(), std::greater<>());
    for (int row : gone) {
        beginRemoveRows({}, row, row);
        forgetRow(row);
        --m_databaseRows;
        m_count -= m_countKnown ? 1 : 0;
        endRemoveRows();
    }
    // Inserted new rows are rows of the query now: they join them, after the last one (where
    // an order by key puts them too).
    for (qsizetype i = 0; i < m_new.size();) {
        const Object o = m_new[i];
        const int row = m_databaseRows + int(i);
        if (o.status() == ObjectState::Pending) {
            ++i;
        } else if (o.status() == ObjectState::Persistent) {
            const bool move = i > 0;
            if (move)
                beginMoveRows({}, row, row, {}, m_databaseRows);
            m_new.removeAt(i);
            m_loaded[m_databaseRows] = o;
            m_rows.insert(&o.state(), m_databaseRows);
            ++m_databaseRows;
            m_count += m_countKnown ? 1 : 0;
            if (move)
                endMoveRows();
        } else {
            beginRemoveRows({}, row, row);
            m_new.removeAt(i);
            endRemoveRows();
        }
    }
}

void EntityTableModel::sessionCommitted()
{
    // Every object expired: reloading a page refreshes its rows with one SELECT, where reading
    // the expired objects one by one would send one per row.
    dropPages();
    allRowsChanged();
    // Others may have changed the table meanwhile.
    ++m_generation;
    if (m_countInBackground) {
        startCount();
        return;
    }
    try {
        Session::NoAutoflush noAutoflush(session());
        countArrived(filteredQuery().count());
    } catch (const Error& error) {
        emit errorOccurred(error.message());
    }
}

void EntityTableModel::sessionRolledBack()
{
    for (qsizetype i = m_new.size() - 1; i >= 0; --i) {
        if (m_new[i].status() == ObjectState::Pending)
            continue;
        beginRemoveRows({}, m_databaseRows + int(i), m_databaseRows + int(i));
        m_new.removeAt(i);
        endRemoveRows();
    }
    sessionCommitted(); // the same: expired objects, and rows flushed before may be back or gone
}

} // namespace orm::ui
