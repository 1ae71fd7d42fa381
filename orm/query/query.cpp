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

namespace {

// Whether joined loads (or containsEager) of the queried class change the query's statement.
bool joinsIntoQuery(const Mapper& mapper, const std::vector<detail::LoadNode>& options)
{
    for (const detail::LoadNode& step : detail::loadPlan(mapper, options, {})) {
        if (step.strategy == Loading::Joined)
            return true;
    }
    return false;
}

} // namespace

QList<Object> QueryBase::all() const
{
    const std::vector<detail::LoadNode> options = detail::optionTree(m_options);
    QList<Object> out;
    if (joinsIntoQuery(*m_mapper, options)) {
        out = allJoined(options);
    } else {
        // With a join of its own the query gives a parent once per joined row: uniqued.
        QSet<const InstanceState*> seen;
        Cursor c = cursor();
        while (c.next()) {
            if (m_joined.isEmpty()) {
                out << c.current();
            } else if (!seen.contains(&c.current().state())) {
                seen.insert(&c.current().state());
                out << c.current();
            }
        }
    }
    m_session->eagerLoad(out, *m_mapper, options, {}, &m_select);
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
    const std::vector<detail::LoadNode> options = detail::optionTree(m_options);
    if (joinsIntoQuery(*m_mapper, options) || !m_joined.isEmpty()) {
        const QList<Object> rows = all(); // joined rows: counted once uniqued
        if (rows.size() > 1)
            throw MultipleResultsFound(
                QStringLiteral("Multiple rows were found for %1").arg(method));
        return rows.value(0);
    }
    Cursor c = cursor();
    if (!c.next())
        return {};
    const Object found = c.current();
    if (c.next())
        throw MultipleResultsFound(QStringLiteral("Multiple rows were found for %1").arg(method));
    m_session->eagerLoad({found}, *m_mapper, options, {}, &m_select);
    return found;
}

QList<Object> QueryBase::allJoined(const std::vector<detail::LoadNode>& options) const
{
    // containsEager columns come first, as the seed shows: SELECT users.*, addresses.* FROM
    // addresses JOIN users ...
    detail::JoinBuilder contained(m_joined);
    Select query = contained.add(m_select, From(m_mapper->table()), *m_mapper, options, {}, true);
    const int rootAt = contained.offset;
    const int n = m_mapper->propertyCount();
    bool joinedLoads = false;
    for (const detail::LoadNode& step : detail::loadPlan(*m_mapper, options, {}))
        joinedLoads = joinedLoads || (step.strategy == Loading::Joined && !step.containsEager);
    // With LIMIT/OFFSET the limited query is wrapped, so the joins do not cut its rows short
    // (not with containsEager: the query's own join is what it limits).
    From parent = m_mapper->table();
    std::vector<Expr> order;
    bool reorder = false;
    if (m_limited && joinedLoads && contained.columns.empty()) {
        const From wrapped = m_select.subquery(QStringLiteral("anon_1"));
        std::vector<Expr> columns;
        for (int i = 0; i < n; ++i)
            columns.push_back(wrapped.c(m_mapper->property(i).column->name()));
        query = select(columns).selectFrom(wrapped);
        for (const Expr& term : m_orderBy) {
            if (auto t = detail::retarget(term, wrapped))
                order.push_back(*t);
        }
        parent = wrapped;
        reorder = true;
    } else {
        order = m_orderBy;
    }
    detail::JoinBuilder joined;
    joined.offset = rootAt + n;
    query = joined.add(query, parent, *m_mapper, options, {}, false);
    if (!contained.columns.empty())
        query = detail::prependColumns(query, contained.columns);
    if (!joined.columns.empty())
        query = query.addColumns(joined.columns);
    order.insert(order.end(), joined.orderBy.begin(), joined.orderBy.end());
    if (reorder || !joined.orderBy.empty())
        query = query.orderBy(order);

    std::vector<detail::JoinedLoad> loads = contained.joins;
    loads.insert(loads.end(), joined.joins.begin(), joined.joins.end());
    detail::JoinedFill fill;
    fill.populateExisting = m_populateExisting;
    QList<Object> out;
    QSet<const InstanceState*> seen;
    const std::vector<int>& parentKey = m_mapper->primaryKey();
    Result result = m_session->execute(query);
    // Rows of one parent come together (one per child): its columns are read and converted only
    // when the key changes.
    QVariantList lastKey;
    Object current;
    while (result.next()) {
        const QVariantList row = result.row();
        QVariantList key;
        for (int k : parentKey)
            key << row[rootAt + k];
        if (!current || key != lastKey) {
            current = m_session->loadValues(*m_mapper, row.mid(rootAt, n), m_populateExisting);
            lastKey = key;
        }
        if (!seen.contains(&current.state())) { // results are uniqued by identity
            seen.insert(&current.state());
            out << current;
        }
        m_session->fillJoined(current, loads, row, fill);
    }
    m_session->finishJoined(fill);
    return out;
}

QueryBase QueryBase::join(const Relationship& relationship) const
{
    return joinAlong(relationship, false);
}

QueryBase QueryBase::outerJoin(const Relationship& relationship) const
{
    return joinAlong(relationship, true);
}

QueryBase QueryBase::joinAlong(const Relationship& relationship, bool outer) const
{
    const Mapper& from = relationship.parent();
    bool reachable = &from == m_mapper;
    for (auto it = m_joined.cbegin(); it != m_joined.cend(); ++it)
        reachable = reachable || &it.key()->target() == &from;
    if (!reachable)
        throw ArgumentError(QStringLiteral("join(%1): the query has no %2 to join from")
                                .arg(relationship.describe(), from.className()));
    const Mapper& target = relationship.target();
    if (m_joined.contains(&relationship))
        return *this;
    // Tables are joined under their own names: one occurrence each.
    bool present = &target == m_mapper;
    for (auto it = m_joined.cbegin(); it != m_joined.cend(); ++it)
        present = present || &it.key()->target() == &target;
    if (present)
        throw ArgumentError(
            QStringLiteral("join(%1): %2 is already in the query (aliased joins are not "
                           "supported yet)")
                .arg(relationship.describe(), target.table().name()));
    // ON referenced column = foreign key column, as SQLAlchemy writes the relationship's join.
    QueryBase q = *this;
    auto add = [&](const From& right, const Expr& on) {
        q.m_select = outer ? q.m_select.outerJoin(right, on) : q.m_select.join(right, on);
    };
    const bool manyToOne = relationship.direction() == RelationshipDirection::ManyToOne;
    if (const Table* secondary = relationship.secondary()) {
        Expr toLink;
        for (const auto& [local, secondaryColumn] : relationship.pairs())
            toLink = toLink && (Expr(*local) == Expr(*secondaryColumn));
        add(*secondary, toLink);
        Expr toTarget;
        for (const auto& [targetColumn, secondaryColumn] : relationship.secondaryPairs())
            toTarget = toTarget && (Expr(*targetColumn) == Expr(*secondaryColumn));
        add(target.table(), toTarget);
    } else {
        Expr on;
        for (const auto& [local, remote] : relationship.pairs())
            on = on && (manyToOne ? Expr(*remote) == Expr(*local) : Expr(*local) == Expr(*remote));
        add(target.table(), on);
    }
    q.m_joined.insert(&relationship, From(target.table()));
    return q;
}

qint64 QueryBase::count() const
{
    const Select counting =
        select({func::count().label(QStringLiteral("count_1"))}).selectFrom(m_select.subquery());
    return m_session->execute(counting).scalar().toLongLong();
}

} // namespace orm
