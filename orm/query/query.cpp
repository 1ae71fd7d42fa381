#include "orm/query/query.h"

#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/query/evaluator.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/session.h"
#include "orm/sql/compiler.h"
#include "orm/sql/dialect.h"
#include "orm/sql/nodes.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>
#include <numeric>
#include <optional>

namespace orm {

namespace {

// `node` with the columns of the FROM objects in `replaced` read through `to` instead: the
// criteria of a query that was wrapped as a subquery (users.name -> anon_1.name). Nested
// SELECTs are left as they are.
sql::NodePtr adapt(const sql::NodePtr& node, const std::vector<const sql::FromNode*>& replaced,
                   const From& to)
{
    using namespace sql;
    if (!node)
        return node;
    auto again = [&](const NodePtr& child) { return adapt(child, replaced, to); };
    if (auto* column = dynamic_cast<const ColumnNode*>(node.get())) {
        const bool moved =
            std::find(replaced.begin(), replaced.end(), column->from.get()) != replaced.end();
        return moved ? to.c(column->name).shared() : node;
    }
    if (auto* binary = dynamic_cast<const BinaryNode*>(node.get())) {
        auto copy = std::make_shared<BinaryNode>(*binary);
        copy->left = again(binary->left);
        copy->right = again(binary->right);
        return copy;
    }
    if (auto* unary = dynamic_cast<const UnaryNode*>(node.get())) {
        auto copy = std::make_shared<UnaryNode>(*unary);
        copy->operand = again(unary->operand);
        return copy;
    }
    if (auto* list = dynamic_cast<const ListNode*>(node.get())) {
        auto copy = std::make_shared<ListNode>(*list);
        for (NodePtr& item : copy->items)
            item = again(item);
        return copy;
    }
    if (auto* between = dynamic_cast<const BetweenNode*>(node.get())) {
        auto copy = std::make_shared<BetweenNode>(*between);
        copy->expr = again(between->expr);
        copy->low = again(between->low);
        copy->high = again(between->high);
        return copy;
    }
    if (auto* function = dynamic_cast<const FunctionNode*>(node.get())) {
        auto copy = std::make_shared<FunctionNode>(*function);
        for (NodePtr& arg : copy->args)
            arg = again(arg);
        return copy;
    }
    if (auto* label = dynamic_cast<const LabelNode*>(node.get())) {
        auto copy = std::make_shared<LabelNode>(*label);
        copy->expr = again(label->expr);
        return copy;
    }
    if (auto* cast = dynamic_cast<const CastNode*>(node.get())) {
        auto copy = std::make_shared<CastNode>(*cast);
        copy->expr = again(cast->expr);
        return copy;
    }
    if (auto* caseNode = dynamic_cast<const CaseNode*>(node.get())) {
        auto copy = std::make_shared<CaseNode>(*caseNode);
        for (auto& [condition, value] : copy->whens) {
            condition = again(condition);
            value = again(value);
        }
        copy->otherwise = again(caseNode->otherwise);
        return copy;
    }
    return node;
}

} // namespace

QueryBase::QueryBase(Session& session, const Mapper& mapper)
    : QueryBase(session, std::vector<Entity>{Entity::of(mapper)})
{}

QueryBase::QueryBase(Session& session, std::vector<Entity> entities)
    : m_session(&session), m_entities(std::move(entities))
{
    if (m_entities.empty())
        throw ArgumentError(QStringLiteral("a query needs at least one entity or column"));
    // Every item's columns in order (a class's in property order), so a row maps onto objects
    // and values by position.
    std::vector<Expr> columns;
    for (const Entity& e : m_entities) {
        if (e.mapper() && !m_mapper)
            m_mapper = e.mapper();
        const std::vector<Expr> own = e.columns();
        columns.insert(columns.end(), own.begin(), own.end());
    }
    m_select = select(columns);
}

const Mapper& QueryBase::mapper() const
{
    if (!m_mapper)
        throw InvalidRequestError(
            QStringLiteral("this query selects columns only; it has no mapped class"));
    return *m_mapper;
}

QueryBase QueryBase::filter(const Expr& condition) const
{
    // A UNION has no WHERE: it is filtered as a subquery, as SQLAlchemy does.
    QueryBase q = m_select.isCompound() ? wrapped() : *this;
    q.m_select = q.m_select.where(q.adapted(condition));
    return q;
}

QueryBase QueryBase::wrapped() const
{
    // SELECT anon_1.id, anon_1.name, ... FROM (SELECT ... UNION SELECT ...) AS anon_1
    const From sub = m_select.subquery();
    const QStringList names = m_select.columnNames();
    if (QSet<QString>(names.begin(), names.end()).size() != names.size())
        throw InvalidRequestError(
            QStringLiteral("this UNION has several result columns of one name (%1); it cannot be "
                           "filtered as a subquery")
                .arg(names.join(QStringLiteral(", "))));
    QueryBase q = *this;
    q.m_entities.clear();
    std::vector<Expr> columns;
    for (const Entity& e : m_entities) {
        if (e.mapper()) {
            q.m_adaptFrom.push_back(e.from().shared().get());
            q.m_entities.emplace_back(AliasedEntity(*e.mapper(), sub));
        } else {
            std::vector<sql::FromPtr> froms;
            sql::collectFroms(*e.expr().node(), froms);
            for (const sql::FromPtr& from : froms)
                q.m_adaptFrom.push_back(from.get());
            q.m_entities.emplace_back(Expr(adapt(e.expr().shared(), q.m_adaptFrom, sub)));
        }
        const std::vector<Expr> own = q.m_entities.back().columns();
        columns.insert(columns.end(), own.begin(), own.end());
    }
    q.m_adaptTo = sub;
    q.m_select = select(columns).selectFrom(sub);
    q.m_orderBy.clear();
    return q;
}

Expr QueryBase::adapted(const Expr& expr) const
{
    if (!m_adaptTo.isValid() || !expr.isValid())
        return expr;
    return Expr(adapt(expr.shared(), m_adaptFrom, m_adaptTo));
}

QueryBase QueryBase::filterBy(const QString& attribute, const Arg& value) const
{
    return filter(Expr(*mapper().property(attribute).column) == value);
}

QueryBase QueryBase::orderBy(const std::vector<Expr>& columns) const
{
    QueryBase q = *this;
    std::vector<Expr> terms;
    for (const Expr& column : columns)
        terms.push_back(adapted(column));
    q.m_select = m_select.orderBy(terms);
    q.m_orderBy = terms;
    return q;
}

QueryBase QueryBase::groupBy(const std::vector<Expr>& columns) const
{
    QueryBase q = *this;
    q.m_select = m_select.groupBy(columns);
    return q;
}

QueryBase QueryBase::having(const Expr& condition) const
{
    QueryBase q = *this;
    q.m_select = m_select.having(condition);
    return q;
}

QueryBase QueryBase::distinct(bool on) const
{
    QueryBase q = *this;
    q.m_select = m_select.distinct(on);
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

QueryBase QueryBase::slice(qint64 start, qint64 stop) const
{
    // Python counts negative indexes from the end, which SQL cannot express without a count.
    if (start < 0 || stop < 0)
        throw ArgumentError(QStringLiteral("slice(%1, %2): negative indexes are not supported")
                                .arg(start)
                                .arg(stop));
    return limit(std::max<qint64>(stop - start, 0)).offset(start);
}

QueryBase QueryBase::params(const QVariantMap& values) const
{
    QueryBase q = *this;
    q.m_params.insert(values);
    return q;
}

QueryBase QueryBase::fromStatement(const TextClause& statement) const
{
    QueryBase q = *this;
    q.m_fromStatement = statement;
    return q;
}

QueryBase QueryBase::selectFrom(const From& from) const
{
    QueryBase q = *this;
    q.m_select = m_select.selectFrom(from);
    return q;
}

QueryBase QueryBase::unionWith(const QueryBase& other) const
{
    QueryBase q = *this;
    q.m_select = m_select.unionWith(other.m_select);
    q.m_params.insert(other.m_params);
    return q;
}

QueryBase QueryBase::unionAll(const QueryBase& other) const
{
    QueryBase q = *this;
    q.m_select = m_select.unionAll(other.m_select);
    q.m_params.insert(other.m_params);
    return q;
}

QueryBase QueryBase::withParent(const Object& parent, const Relationship& relationship) const
{
    if (!hasClass(relationship.target()))
        throw InvalidRequestError(
            QStringLiteral("withParent(%1): the query does not select %2")
                .arg(relationship.describe(), relationship.target().className()));
    return filter(detail::relatedTo(relationship, parent));
}

QueryBase QueryBase::populateExisting(bool on) const
{
    QueryBase q = *this;
    q.m_populateExisting = on;
    return q;
}

QueryBase QueryBase::options(const LoadOption& option) const
{
    // An option starts from a class the query selects (any of them, aliased or not).
    bool selected = option.path().empty();
    for (const Entity& e : m_entities)
        selected = selected || e.mapper() == &option.path().front().first->parent();
    if (!selected)
        throw ArgumentError(
            QStringLiteral("loader option for %1 given to a query that does not select %2")
                .arg(option.path().front().first->describe(),
                     option.path().front().first->parent().className()));
    QueryBase q = *this;
    q.m_options.push_back(option);
    return q;
}

Select QueryBase::statement() const
{
    return m_select;
}

From QueryBase::subquery(const QString& name) const
{
    return m_select.subquery(name);
}

Result QueryBase::run() const
{
    return m_session->execute(m_fromStatement.isValid() ? m_fromStatement : Statement(m_select),
                              m_params);
}

std::vector<int> QueryBase::columnsByName(const Result& result, const Entity& entity, int at) const
{
    const QStringList names = result.columns();
    std::vector<int> out;
    if (!entity.mapper()) {
        // A column item takes the result column of its name (the seed's query(User.id,
        // User.name) from "SELECT name, id ..."); an expression without one, its position.
        const QString name = entity.name();
        const auto byName = std::find_if(names.begin(), names.end(), [&](const QString& n) {
            return !name.isEmpty() && n.compare(name, Qt::CaseInsensitive) == 0;
        });
        if (byName != names.end())
            out.push_back(int(byName - names.begin()));
        else
            out.push_back(at < names.size() ? at : -1);
        return out;
    }
    for (const auto& property : entity.mapper()->properties()) {
        const QString& wanted = property->column->name();
        qsizetype i = 0;
        while (i < names.size() && names[i].compare(wanted, Qt::CaseInsensitive) != 0)
            ++i;
        if (i == names.size())
            throw InvalidRequestError(
                QStringLiteral("fromStatement(): the result has no column \"%1\" for %2.%3")
                    .arg(wanted, entity.mapper()->className(), property->name));
        out.push_back(int(i));
    }
    return out;
}

QueryBase::Cursor QueryBase::cursor() const
{
    Result result = run();
    std::vector<int> columns;
    if (m_fromStatement.isValid())
        columns = columnsByName(result, m_entities.front(), 0);
    return Cursor(*m_session, mapper(), std::move(result), m_populateExisting, std::move(columns));
}

QueryBase::Cursor::Cursor(Session& session, const Mapper& mapper, Result result,
                          bool populateExisting, std::vector<int> columns)
    : m_session(&session), m_mapper(&mapper), m_result(std::make_shared<Result>(std::move(result))),
      m_populateExisting(populateExisting), m_columns(std::move(columns))
{}

bool QueryBase::Cursor::next()
{
    if (!m_result->next()) {
        m_current = Object();
        return false;
    }
    if (m_columns.empty()) {
        m_current = m_session->loadRow(*m_mapper, *m_result, m_populateExisting);
    } else {
        // Textual SQL has no declared column types: values take the mapped columns' types, so
        // keys find the identity map's objects.
        const Dialect& dialect = m_session->engine().dialect();
        QVariantList row;
        for (size_t k = 0; k < m_columns.size(); ++k)
            row << dialect.fromDatabase(m_result->value(m_columns[k]),
                                        m_mapper->property(int(k)).column->type());
        m_current = m_session->loadValues(*m_mapper, row, m_populateExisting);
    }
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
    if (!m_fromStatement.isValid() && joinsIntoQuery(mapper(), options)) {
        out = allJoined(options);
    } else {
        // With a join of its own the query gives an object once per joined row: uniqued.
        QSet<const InstanceState*> seen;
        Cursor c = cursor();
        while (c.next()) {
            if (!m_hasJoin) {
                out << c.current();
            } else if (!seen.contains(&c.current().state())) {
                seen.insert(&c.current().state());
                out << c.current();
            }
        }
    }
    m_session->eagerLoad(out, *m_mapper, options, {},
                         m_fromStatement.isValid() ? nullptr : &m_select);
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
    if (joinsIntoQuery(mapper(), options) || m_hasJoin) {
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
    m_session->eagerLoad({found}, *m_mapper, options, {},
                         m_fromStatement.isValid() ? nullptr : &m_select);
    return found;
}

QList<Object> QueryBase::allJoined(const std::vector<detail::LoadNode>& options) const
{
    // containsEager columns come first, as the seed shows: SELECT users.*, addresses.* FROM
    // addresses JOIN users ...
    detail::JoinBuilder contained(m_joined);
    // The queried class's columns come from its table, or from its alias or subquery.
    const From root = m_entities.front().from();
    Select query = contained.add(m_select, root, *m_mapper, options, {}, true);
    const int rootAt = contained.offset;
    const int n = m_mapper->propertyCount();
    bool joinedLoads = false;
    for (const detail::LoadNode& step : detail::loadPlan(*m_mapper, options, {}))
        joinedLoads = joinedLoads || (step.strategy == Loading::Joined && !step.containsEager);
    // With LIMIT/OFFSET the limited query is wrapped, so the joins do not cut its rows short
    // (not with containsEager: the query's own join is what it limits).
    From parent = root;
    std::vector<Expr> order;
    bool reorder = false;
    if (m_limited && joinedLoads && contained.columns.empty()) {
        const From wrapped = m_select.subquery();
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
    Result result = m_session->execute(query, m_params);
    // Rows of one parent come together (one per child): its columns are read and converted only
    // when the key changes. A key of one integer column, the usual case, is compared as a number.
    const TypeKind keyKind = parentKey.size() == 1
                                 ? m_mapper->property(parentKey.front()).column->type().kind()
                                 : TypeKind::Null;
    const bool integerKey = keyKind == TypeKind::Integer || keyKind == TypeKind::BigInteger;
    std::optional<qint64> lastId;
    QVariantList key;
    QVariantList lastKey;
    Object current;
    while (result.next()) {
        bool sameParent = false;
        if (integerKey) {
            const std::optional<qint64> id = result.integer(rootAt + parentKey.front());
            sameParent = current && id && id == lastId;
            lastId = id;
        } else {
            key.clear();
            for (int k : parentKey)
                key << result.value(rootAt + k);
            sameParent = current && key == lastKey;
            std::swap(key, lastKey);
        }
        if (!sameParent) {
            current =
                m_session->loadValues(*m_mapper, result.values(rootAt, n), m_populateExisting);
            if (!seen.contains(&current.state())) { // results are uniqued by identity
                seen.insert(&current.state());
                out << current;
            }
        }
        m_session->fillJoined(current, loads, result, fill);
    }
    m_session->finishJoined(fill);
    return out;
}

QList<Row> QueryBase::rows() const
{
    const std::vector<detail::LoadNode> options = detail::optionTree(m_options);
    // Where each item's columns are in the result row (for a textual statement: by name, which
    // needs the result).
    std::vector<int> starts;
    int width = 0;
    for (const Entity& e : m_entities) {
        starts.push_back(width);
        width += e.mapper() ? e.mapper()->propertyCount() : 1;
    }
    // Joined loads of the selected classes add their LEFT OUTER JOINs and columns after the
    // items' columns; each class is filled from its own.
    Select statement = m_select;
    std::vector<std::vector<detail::JoinedLoad>> joinedOf(m_entities.size());
    bool joinedLoads = false;
    if (!m_fromStatement.isValid()) {
        std::vector<Expr> added;
        std::vector<Expr> order = m_orderBy;
        int offset = width;
        for (size_t i = 0; i < m_entities.size(); ++i) {
            const Entity& e = m_entities[i];
            if (!e.mapper())
                continue;
            detail::JoinBuilder joins;
            joins.offset = offset;
            statement = joins.add(statement, e.from(), *e.mapper(), options, {}, false);
            added.insert(added.end(), joins.columns.begin(), joins.columns.end());
            order.insert(order.end(), joins.orderBy.begin(), joins.orderBy.end());
            offset = joins.offset;
            joinedLoads = joinedLoads || !joins.joins.empty();
            joinedOf[i] = std::move(joins.joins);
        }
        if (joinedLoads) {
            statement = statement.addColumns(added).orderBy(order);
        }
    }
    Result result = m_session->execute(
        m_fromStatement.isValid() ? Statement(m_fromStatement) : Statement(statement), m_params);
    std::vector<std::vector<int>> columns;
    auto names = std::make_shared<QStringList>();
    for (size_t i = 0; i < m_entities.size(); ++i) {
        const Entity& e = m_entities[i];
        if (m_fromStatement.isValid()) {
            columns.push_back(columnsByName(result, e, starts[i]));
        } else {
            std::vector<int> own(size_t(e.mapper() ? e.mapper()->propertyCount() : 1));
            std::iota(own.begin(), own.end(), starts[i]);
            columns.push_back(std::move(own));
        }
        *names << e.name();
    }
    // Textual SQL has no declared column types: values take the items' types.
    const Dialect& dialect = m_session->engine().dialect();
    auto typed = [&](const QVariant& value, const SqlType& type) {
        return m_fromStatement.isValid() ? dialect.fromDatabase(value, type) : value;
    };
    QList<Row> out;
    detail::JoinedFill fill;
    fill.populateExisting = m_populateExisting;
    QSet<QByteArray> seenRows; // joined loads repeat a row once per related row: uniqued
    std::vector<QList<Object>> loaded(m_entities.size()); // each class's objects, once each
    std::vector<QSet<const InstanceState*>> loadedStates(m_entities.size());
    while (result.next()) {
        const QVariantList row = result.row();
        QVariantList values;
        QByteArray identity;
        QDataStream identityStream(&identity, QIODevice::WriteOnly);
        for (size_t i = 0; i < m_entities.size(); ++i) {
            const Mapper* m = m_entities[i].mapper();
            if (!m) {
                values << typed(row.value(columns[i].front()), m_entities[i].expr().type());
                if (joinedLoads)
                    identityStream << values.back();
                continue;
            }
            QVariantList own;
            for (size_t k = 0; k < columns[i].size(); ++k)
                own << typed(row.value(columns[i][k]), m->property(int(k)).column->type());
            // An outer join that found nothing for this class: no object.
            bool noKey = true;
            for (int k : m->primaryKey())
                noKey = noKey && own[k].isNull();
            const Object object =
                noKey ? Object() : m_session->loadValues(*m, own, m_populateExisting);
            if (object) {
                if (!joinedOf[i].empty())
                    m_session->fillJoined(object, joinedOf[i], result, fill);
                if (!loadedStates[i].contains(&object.state())) {
                    loadedStates[i].insert(&object.state());
                    loaded[i] << object;
                }
            }
            if (joinedLoads)
                identityStream << quintptr(object ? &object.state() : nullptr);
            values << QVariant::fromValue(object);
        }
        if (joinedLoads) {
            if (seenRows.contains(identity))
                continue;
            seenRows.insert(identity);
        }
        out << Row(names, values);
    }
    m_session->finishJoined(fill);
    // The other loader options (and eager strategies of the mapping), class by class.
    for (size_t i = 0; i < m_entities.size(); ++i) {
        if (const Mapper* m = m_entities[i].mapper())
            m_session->eagerLoad(loaded[i], *m, options, {});
    }
    return out;
}

QVariant QueryBase::scalar() const
{
    const QList<Row> found = rows();
    if (found.size() > 1)
        throw MultipleResultsFound(QStringLiteral("Multiple rows were found for scalar()"));
    return found.isEmpty() ? QVariant() : found.front().value(0);
}

bool QueryBase::hasClass(const Mapper& mapper) const
{
    for (const Entity& e : m_entities) {
        if (e.mapper() == &mapper)
            return true;
        // A column of the class's table brings the table into the query too.
        std::vector<sql::FromPtr> froms;
        if (!e.mapper())
            sql::collectFroms(*e.expr().node(), froms);
        for (const sql::FromPtr& from : froms) {
            auto* table = dynamic_cast<const sql::TableNode*>(from.get());
            if (table && table->table == &mapper.table())
                return true;
        }
    }
    return m_joinedClasses.contains(&mapper);
}

QueryBase QueryBase::join(const Relationship& relationship) const
{
    return joinAlong(relationship, relationship.target().table(), false);
}

QueryBase QueryBase::outerJoin(const Relationship& relationship) const
{
    return joinAlong(relationship, relationship.target().table(), true);
}

QueryBase QueryBase::join(const AliasedEntity& target, const Relationship& relationship) const
{
    return joinAlong(relationship, target.from(), false);
}

QueryBase QueryBase::outerJoin(const AliasedEntity& target, const Relationship& relationship) const
{
    return joinAlong(relationship, target.from(), true);
}

QueryBase QueryBase::join(const From& target, const Expr& on) const
{
    QueryBase q = *this;
    q.m_select = m_select.join(target, on);
    q.m_hasJoin = true;
    return q;
}

QueryBase QueryBase::outerJoin(const From& target, const Expr& on) const
{
    QueryBase q = *this;
    q.m_select = m_select.outerJoin(target, on);
    q.m_hasJoin = true;
    return q;
}

QueryBase QueryBase::join(const Mapper& target) const
{
    return joinTo(target, false);
}

QueryBase QueryBase::outerJoin(const Mapper& target) const
{
    return joinTo(target, true);
}

QueryBase QueryBase::joinTo(const Mapper& target, bool outer) const
{
    // The relationships that lead from a class of the query to `target`.
    std::vector<const Relationship*> paths;
    QList<const Mapper*> classes = m_joinedClasses;
    for (const Entity& e : m_entities) {
        if (e.mapper() && !classes.contains(e.mapper()))
            classes << e.mapper();
    }
    for (const Mapper* m : classes) {
        for (const auto& r : m->relationships()) {
            if (&r->target() == &target)
                paths.push_back(r.get());
        }
    }
    if (paths.empty())
        throw InvalidRequestError(
            QStringLiteral("Don't know how to join to %1: no relationship leads there from the "
                           "query; give an ON clause")
                .arg(target.className()));
    if (paths.size() > 1)
        throw InvalidRequestError(
            QStringLiteral("Can't determine which relationship to join to %1 along (%2 and %3); "
                           "name the relationship or give an ON clause")
                .arg(target.className(), paths[0]->describe(), paths[1]->describe()));
    return joinAlong(*paths.front(), target.table(), outer);
}

QueryBase QueryBase::joinAlong(const Relationship& relationship, const From& target,
                               bool outer) const
{
    const Mapper& from = relationship.parent();
    if (!hasClass(from))
        throw ArgumentError(QStringLiteral("join(%1): the query has no %2 to join from")
                                .arg(relationship.describe(), from.className()));
    const Mapper& targetClass = relationship.target();
    const bool aliased = dynamic_cast<const sql::TableNode*>(target.shared().get()) == nullptr;
    if (!aliased) {
        if (m_joined.contains(&relationship))
            return *this;
        // Tables are joined under their own names: one occurrence each; aliases give more.
        // The queried class's table is in the FROM clause already, unless an explicit FROM
        // object replaces it: query(User, Address).selectFrom(Address).join(User).
        bool present = &targetClass == m_mapper;
        if (auto* node = dynamic_cast<const sql::SelectNode*>(m_select.node());
            node && !node->froms.empty()) {
            present = false;
            for (const sql::FromPtr& from : node->froms)
                present = present || sql::fromCovers(*from, *targetClass.table().node());
        }
        for (auto it = m_joined.cbegin(); it != m_joined.cend(); ++it)
            present = present || &it.key()->target() == &targetClass;
        if (present)
            throw ArgumentError(QStringLiteral("join(%1): %2 is already in the query; join an "
                                               "orm::aliased<%3>() instead")
                                    .arg(relationship.describe(), targetClass.table().name(),
                                         targetClass.className()));
    }
    // The target side's columns as seen through `target` (its table, an alias or a subquery).
    auto onTarget = [&](const Column* column) {
        return aliased ? target.c(column->name()) : Expr(*column);
    };
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
            toTarget = toTarget && (onTarget(targetColumn) == Expr(*secondaryColumn));
        add(target, toTarget);
    } else {
        Expr on;
        for (const auto& [local, remote] : relationship.pairs())
            on = on &&
                 (manyToOne ? onTarget(remote) == Expr(*local) : Expr(*local) == onTarget(remote));
        add(target, on);
    }
    if (!aliased)
        q.m_joined.insert(&relationship, target);
    q.m_joinedClasses << &targetClass;
    q.m_hasJoin = true;
    return q;
}

qint64 QueryBase::count() const
{
    if (m_fromStatement.isValid())
        throw InvalidRequestError(QStringLiteral("count() is not available with fromStatement()"));
    const Select counting =
        select({func::count().label(QStringLiteral("count_1"))}).selectFrom(m_select.subquery());
    return m_session->execute(counting, m_params).scalar().toLongLong();
}

bool QueryBase::exists() const
{
    if (m_fromStatement.isValid())
        throw InvalidRequestError(QStringLiteral("exists() is not available with fromStatement()"));
    const Select asking = select({orm::exists(m_select).label(QStringLiteral("anon_1"))});
    const QVariant found = m_session->execute(asking, m_params).scalar();
    return found.toBool();
}

Object QueryBase::get(const QVariantList& primaryKey) const
{
    const Expr criteria = bulkCriteria("get()");
    const auto* node = static_cast<const sql::SelectNode*>(m_select.node());
    if (criteria.isValid() || !node->orderBy.empty())
        throw InvalidRequestError(
            QStringLiteral("get(): the query must not have criteria or ORDER BY"));
    if (!m_options.empty() || m_populateExisting)
        throw InvalidRequestError(
            QStringLiteral("get(): the query must not have loader options or populateExisting"));
    return m_session->get(*m_mapper, primaryKey);
}

// ---- bulk update and delete ----------------------------------------------------------------

Expr QueryBase::bulkCriteria(const char* method) const
{
    auto fail = [&](const QString& why) {
        throw InvalidRequestError(QStringLiteral("%1: %2").arg(QLatin1String(method), why));
    };
    auto* node = dynamic_cast<const sql::SelectNode*>(m_select.node());
    if (!node || m_fromStatement.isValid())
        fail(QStringLiteral("not available on a UNION or a textual statement"));
    if (m_entities.size() != 1 || !m_mapper ||
        !dynamic_cast<const sql::TableNode*>(m_entities.front().from().shared().get()))
        fail(QStringLiteral("the query must select one mapped class on its own table"));
    if (m_hasJoin || !node->froms.empty())
        fail(QStringLiteral("the query must not have joins or other FROM objects"));
    if (node->limit || node->offset || !node->groupBy.empty() || node->distinct)
        fail(QStringLiteral("the query must not have LIMIT, OFFSET, GROUP BY or DISTINCT"));
    return Expr(node->where);
}

std::vector<std::shared_ptr<InstanceState>> QueryBase::bulkMatches(const Expr& criteria,
                                                                   Synchronize sync) const
{
    std::vector<std::shared_ptr<InstanceState>> out;
    if (sync == Synchronize::None)
        return out;
    if (sync == Synchronize::Fetch) {
        // The keys of the rows the statement will change, read before it changes them.
        std::vector<Expr> key;
        for (int k : m_mapper->primaryKey())
            key.emplace_back(*m_mapper->property(k).column);
        Select keys = select(key);
        if (criteria.isValid())
            keys = keys.where(criteria);
        Result result = m_session->execute(keys, m_params);
        while (result.next()) {
            const IdentityKey identity{m_mapper, normalizedKey(*m_mapper, result.row())};
            if (auto state = m_session->m_identity.find(identity))
                out.push_back(std::move(state));
        }
        return out;
    }
    const detail::CriteriaEvaluator evaluator(*m_mapper, m_params);
    evaluator.check(criteria.node()); // before any SQL: unsupported criteria fail up front
    for (const std::shared_ptr<InstanceState>& state : m_session->m_identity.all()) {
        // Objects with expired attributes are not evaluated (that would load them); update()
        // expires what it assigns on them instead.
        if (&state->mapper() == m_mapper &&
            (state->hasExpired() || evaluator.matches(criteria.node(), *state)))
            out.push_back(state);
    }
    return out;
}

qint64 QueryBase::update(const Assignments& values, Synchronize sync) const
{
    const Expr criteria = bulkCriteria("update()");
    if (values.empty())
        throw ArgumentError(QStringLiteral("update(): no values given"));
    Assignments columns;
    std::vector<int> properties;
    for (const auto& [attribute, value] : values) {
        const int index = m_mapper->indexOf(attribute);
        if (index < 0)
            throw ArgumentError(QStringLiteral("update(): %1 has no attribute \"%2\"")
                                    .arg(m_mapper->className(), attribute));
        properties.push_back(index);
        columns.emplace_back(m_mapper->property(index).column->name(), value);
    }
    m_session->autoflush();
    const auto matched = bulkMatches(criteria, sync);
    Update statement = orm::update(m_mapper->table()).values(columns);
    if (criteria.isValid())
        statement = statement.where(criteria);
    const qint64 changed = m_session->execute(statement, m_params).rowsAffected();
    for (const std::shared_ptr<InstanceState>& state : matched) {
        std::vector<int> expire;
        for (size_t i = 0; i < properties.size(); ++i) {
            const int p = properties[i];
            // Plain values are written into the object as loaded; an expression's result is
            // known only to the database, so the attribute is loaded again on next access.
            if (!values[i].second.isValue() || state->hasExpired()) {
                expire.push_back(p);
                continue;
            }
            m_mapper->set(state->object(), p, values[i].second.value());
            if (state->m_committed.size() > p)
                state->m_committed[p] = m_mapper->get(state->object(), p);
            // Views of the object (the UI's models) follow it like any other change.
            emit m_session->objectChanged(Object(state), m_mapper->property(p).name);
        }
        if (!expire.empty())
            m_session->expireState(*state, expire);
    }
    return changed;
}

qint64 QueryBase::remove(Synchronize sync) const
{
    const Expr criteria = bulkCriteria("remove()");
    m_session->autoflush();
    const auto matched = bulkMatches(criteria, sync);
    Delete statement = deleteFrom(m_mapper->table());
    if (criteria.isValid())
        statement = statement.where(criteria);
    const qint64 removed = m_session->execute(statement, m_params).rowsAffected();
    // The rows are gone: their objects leave the Session (SQLAlchemy's deleted, then detached).
    for (const std::shared_ptr<InstanceState>& state : matched) {
        if (sync == Synchronize::Evaluate && state->hasExpired())
            continue; // not evaluated: it may not have matched
        m_session->expunge(Object(state));
    }
    return removed;
}

// ---- RowQuery ------------------------------------------------------------------------------

std::optional<Row> RowQuery::first() const
{
    const QList<Row> found = m_base.limit(1).rows();
    if (found.isEmpty())
        return std::nullopt;
    return found.front();
}

std::optional<Row> RowQuery::oneOrNone() const
{
    const QList<Row> found = m_base.rows();
    if (found.size() > 1)
        throw MultipleResultsFound(QStringLiteral("Multiple rows were found for one_or_none()"));
    if (found.isEmpty())
        return std::nullopt;
    return found.front();
}

Row RowQuery::one() const
{
    const QList<Row> found = m_base.rows();
    if (found.size() > 1)
        throw MultipleResultsFound(QStringLiteral("Multiple rows were found for one()"));
    if (found.isEmpty())
        throw NoResultFound(QStringLiteral("No row was found for one()"));
    return found.front();
}

} // namespace orm
