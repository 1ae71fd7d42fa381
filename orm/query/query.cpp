#include "orm/query/query.h"

#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/session.h"
#include "orm/sql/nodes.h"

#include <optional>

namespace orm {

QueryBase::QueryBase(Session& session, const Mapper& mapper)
    : m_session(&session), m_mapper(&mapper)
{
    // Every mapped column, in property order, so a row maps onto an object by position.
    std::vector<Expr> columns;
    columns.reserve(size_t(mapper.propertyCount()));
    for (int i = 0; i < mapper.propertyCount(); ++i)
        columns.emplace_back(*mapper.property(i).column);
    m_select = select(columns);
}

QueryBase QueryBase::filter(const Expr& condition) const
{
    QueryBase q = *this;
    q.m_select = m_select.where(condition);
    return q;
}

QueryBase QueryBase::filterBy(const QString& attribute, const Arg& value) const
{
    return filter(Expr(*m_mapper->property(attribute).column) == value);
}

QueryBase QueryBase::orderBy(const std::vector<Expr>& columns) const
{
    QueryBase q = *this;
    q.m_select = m_select.orderBy(columns);
    q.m_orderBy = columns;
    return q;
}

QueryBase QueryBase::limit(qint64 count) const
{
    QueryBase q = *this;
    q.m_select = m_select.limit(count);
    q.m_limited = true;
    return q;
}

QueryBase QueryBase::offset(qint64 count) const
{
    QueryBase q = *this;
    q.m_select = m_select.offset(count);
    q.m_limited = true;
    return q;
}

QueryBase QueryBase::populateExisting(bool on) const
{
    QueryBase q = *this;
    q.m_populateExisting = on;
    return q;
}

QueryBase QueryBase::options(const LoadOption& option) const
{
    if (!option.path().empty() && &option.path().front().first->parent() != m_mapper)
        throw ArgumentError(
            QStringLiteral("loader option for %1 given to a query of %2")
                .arg(option.path().front().first->describe(), m_mapper->className()));
    QueryBase q = *this;
    q.m_options.push_back(option);
    return q;
}

Select QueryBase::statement() const
{
    return m_select;
}

QueryBase::Cursor QueryBase::cursor() const
{
    return Cursor(*m_session, *m_mapper, m_session->execute(m_select), m_populateExisting);
}

QueryBase::Cursor::Cursor(Session& session, const Mapper& mapper, Result result,
                          bool populateExisting)
    : m_session(&session), m_mapper(&mapper), m_result(std::make_shared<Result>(std::move(result))),
      m_populateExisting(populateExisting)
{}

bool QueryBase::Cursor::next()
{
    if (!m_result->next()) {
        m_current = Object();
        return false;
    }
    m_current = m_session->loadRow(*m_mapper, *m_result, m_populateExisting);
    return true;
}

QList<Object> QueryBase::all() const
{
    QList<Object> out;
    // A joined option on a relationship of the queried class changes the statement itself.
    std::vector<LoadOption> rest;
    const Relationship* joined = nullptr;
    for (const LoadOption& option : m_options) {
        const auto& [relationship, strategy] = option.path().front();
        if (!joined && strategy == Loading::Joined &&
            relationship->direction() != RelationshipDirection::ManyToMany) {
            joined = relationship;
            // The rest of the path starts from what the join loaded.
            if (option.path().size() > 1) {
                LoadOption tail(*relationship, Loading::Lazy);
                for (size_t i = 1; i < option.path().size(); ++i)
                    tail = tail.then(*option.path()[i].first, option.path()[i].second);
                rest.push_back(tail);
            }
            continue;
        }
        rest.push_back(option);
    }
    if (joined) {
        out = allJoined(*joined);
    } else {
        Cursor c = cursor();
        while (c.next())
            out << c.current();
    }
    // Subquery loading from the queried class re-runs this query inside its second SELECT.
    for (LoadOption& option : rest) {
        const auto& [relationship, strategy] = option.path().front();
        if (strategy != Loading::Subquery ||
            relationship->direction() != RelationshipDirection::OneToMany)
            continue;
        loadSubquery(out, *relationship);
        LoadOption tail(*relationship, Loading::Lazy);
        for (size_t i = 1; i < option.path().size(); ++i)
            tail = tail.then(*option.path()[i].first, option.path()[i].second);
        option = tail;
    }
    m_session->eagerLoad(out, rest);
    return out;
}

Object QueryBase::first() const
{
    const QList<Object> rows = limit(1).all();
    return rows.isEmpty() ? Object() : rows.front();
}

Object QueryBase::one() const
{
    const Object found = single(QStringLiteral("one()"));
    if (!found)
        throw NoResultFound(QStringLiteral("No row was found for one()"));
    return found;
}

Object QueryBase::oneOrNone() const
{
    return single(QStringLiteral("one_or_none()"));
}

Object QueryBase::single(const QString& method) const
{
    Cursor c = cursor();
    if (!c.next())
        return {};
    const Object found = c.current();
    if (c.next())
        throw MultipleResultsFound(QStringLiteral("Multiple rows were found for %1").arg(method));
    m_session->eagerLoad({found}, m_options);
    return found;
}

namespace {

// An ORDER BY term on a column, re-targeted at the same column of another FROM object.
std::optional<Expr> retarget(const Expr& term, const From& from)
{
    const auto* column = dynamic_cast<const sql::ColumnNode*>(term.node());
    if (column)
        return from.c(column->name);
    if (const auto* unary = dynamic_cast<const sql::UnaryNode*>(term.node())) {
        const auto* inner = dynamic_cast<const sql::ColumnNode*>(unary->operand.get());
        if (inner && unary->op == sql::UnaryOperator::Desc)
            return from.c(inner->name).desc();
        if (inner && unary->op == sql::UnaryOperator::Asc)
            return from.c(inner->name).asc();
    }
    return std::nullopt;
}

} // namespace

QList<Object> QueryBase::allJoined(const Relationship& relationship) const
{
    const Mapper& target = relationship.target();
    const From alias = target.table().alias(target.table().name() + QStringLiteral("_1"));
    // With LIMIT/OFFSET the limited query is wrapped, so the join does not cut its rows short.
    Select query = m_select;
    std::optional<From> wrapped;
    std::vector<Expr> order;
    if (m_limited) {
        wrapped = m_select.subquery(QStringLiteral("anon_1"));
        std::vector<Expr> columns;
        for (int i = 0; i < m_mapper->propertyCount(); ++i)
            columns.push_back(wrapped->c(m_mapper->property(i).column->name()));
        query = select(columns).selectFrom(*wrapped);
        for (const Expr& term : m_orderBy) {
            if (auto t = retarget(term, *wrapped))
                order.push_back(*t);
        }
    } else {
        order = m_orderBy;
    }
    Expr on;
    for (const auto& [local, remote] : relationship.pairs()) {
        const Expr parentSide = wrapped ? wrapped->c(local->name()) : Expr(*local);
        on = on && (parentSide == alias.c(remote->name()));
    }
    std::vector<Expr> childColumns;
    for (int i = 0; i < target.propertyCount(); ++i)
        childColumns.push_back(alias.c(target.property(i).column->name()));
    query = query.addColumns(childColumns).outerJoin(alias, on);
    for (const Expr& term : relationship.orderBy()) {
        if (auto t = retarget(term, alias))
            order.push_back(*t);
    }
    if (!order.empty())
        query = query.orderBy(order);

    QList<Object> out;
    QSet<const InstanceState*> seen;
    const int n = m_mapper->propertyCount();
    const int m = target.propertyCount();
    Result result = m_session->execute(query);
    // Rows of one parent come together (one per child): its columns are read and converted only
    // when the key changes.
    QVariantList lastKey;
    Object parent;
    const std::vector<int>& parentKey = m_mapper->primaryKey();
    while (result.next()) {
        QVariantList key;
        for (int k : parentKey)
            key << result.value(k);
        if (!parent || key != lastKey) {
            QVariantList parentRow;
            parentRow.reserve(n);
            for (int i = 0; i < n; ++i)
                parentRow << result.value(i);
            parent = m_session->loadValues(*m_mapper, parentRow, m_populateExisting);
            lastKey = key;
        }
        RelationshipSlot& slot = relationship.slot(parent.state().object());
        auto* collection = dynamic_cast<CollectionSlot*>(&slot);
        if (!seen.contains(&parent.state())) { // results are uniqued by identity
            seen.insert(&parent.state());
            out << parent;
            if (collection) {
                collection->m_items.clear();
                collection->clearHistory();
                collection->m_loaded = true;
            } else {
                static_cast<ReferenceSlot&>(slot).setDirect(Object());
            }
        }
        bool present = false;
        for (int k : target.primaryKey())
            present = present || result.value(n + k).isValid();
        if (!present)
            continue; // the outer join found no related row
        QVariantList childRow;
        childRow.reserve(m);
        for (int i = 0; i < m; ++i)
            childRow << result.value(n + i);
        const Object child = m_session->loadValues(target, childRow, false);
        if (collection && !collection->m_items.contains(child))
            collection->m_items << child;
        else if (!collection)
            static_cast<ReferenceSlot&>(slot).setDirect(child);
    }
    // Children point back at their parent weakly, as after any collection load.
    for (const Object& p : out) {
        RelationshipSlot& slot = relationship.slot(p.state().object());
        if (auto* collection = dynamic_cast<CollectionSlot*>(&slot))
            m_session->fillLoaded(p, relationship, collection->m_items);
        else if (const Object child = static_cast<ReferenceSlot&>(slot).target())
            m_session->fillLoaded(p, relationship, {child});
    }
    return out;
}

void QueryBase::loadSubquery(const QList<Object>& parents, const Relationship& relationship) const
{
    // SELECT addresses..., anon_1.id FROM (the query) AS anon_1 JOIN addresses ON anon_1.id =
    // addresses.user_id ORDER BY anon_1.id, addresses.id
    if (parents.isEmpty())
        return;
    const Mapper& target = relationship.target();
    const From original = m_select.subquery(QStringLiteral("anon_1"));
    std::vector<Expr> columns;
    for (int i = 0; i < target.propertyCount(); ++i)
        columns.emplace_back(*target.property(i).column);
    Expr on;
    std::vector<Expr> order;
    for (const auto& [local, remote] : relationship.pairs()) {
        columns.push_back(original.c(local->name()));
        on = on && (original.c(local->name()) == Expr(*remote));
        order.push_back(original.c(local->name()));
    }
    order.insert(order.end(), relationship.orderBy().begin(), relationship.orderBy().end());
    const Select query =
        select(columns).selectFrom(original.join(target.table(), on)).orderBy(order);
    QHash<QString, QList<Object>> found;
    const int n = target.propertyCount();
    Result result = m_session->execute(query, {}, Origin::EagerLoad);
    while (result.next()) {
        const QVariantList row = result.row();
        const Object child = m_session->loadValues(target, row.mid(0, n), false);
        QStringList key;
        for (qsizetype i = n; i < row.size(); ++i)
            key << row[i].toString();
        found[key.join(u'|')] << child;
    }
    for (const Object& parent : parents) {
        RelationshipSlot& slot = relationship.slot(parent.state().object());
        if (slot.isLoaded())
            continue;
        QStringList key;
        for (const auto& [local, remote] : relationship.pairs())
            key << parent.state().currentValue(parent.mapper().indexOf(local)).toString();
        m_session->fillLoaded(parent, relationship, found.value(key.join(u'|')));
    }
}

qint64 QueryBase::count() const
{
    const Select counting =
        select({func::count().label(QStringLiteral("count_1"))}).selectFrom(m_select.subquery());
    return m_session->execute(counting).scalar().toLongLong();
}

} // namespace orm
