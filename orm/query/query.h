#pragma once
// Query loads mapped objects (or rows of columns and objects) through a Session. It is
// generative like Select: every method returns a new Query and leaves the original unchanged.
// QueryBase is the untyped engine (used for Records and by the UI); Query<T> gives typed
// objects, RowQuery gives Rows for column and tuple queries.
//
//     auto users = session.query<User>()
//                      .filter(orm::col(&User::name).like("%ed"))
//                      .orderBy({orm::col(&User::id).desc()})
//                      .slice(1, 3)
//                      .all();
//     for (const orm::Row& row : session.query(&User::name, orm::col(&User::fullname).label("f"))
//                                    .filterBy(&User::name, "ed").all())
//         qDebug() << row.value(0) << row.value("f");
//     auto a1 = orm::aliased<Address>(), a2 = orm::aliased<Address>();
//     session.query(&User::name, a1.col(&Address::email), a2.col(&Address::email))
//         .join(a1, &User::addresses).join(a2, &User::addresses);

#include "orm/engine/result.h"
#include "orm/mapping/mapping.h"
#include "orm/query/entity.h"
#include "orm/query/loading.h"
#include "orm/query/relationshipops.h"
#include "orm/query/row.h"
#include "orm/session/object.h"
#include "orm/sql/dml.h"
#include "orm/sql/select.h"
#include "orm/sql/statement.h"

#include <QList>
#include <memory>
#include <optional>

namespace orm {

class Session;

// How a bulk update() or remove() brings the objects already loaded into the Session in step
// with the rows it changed.
enum class Synchronize {
    // Match the loaded objects against the criteria in memory (comparisons, IN, IS NULL,
    // AND/OR/NOT, BETWEEN); InvalidRequestError for criteria it cannot evaluate.
    Evaluate,
    // SELECT the keys of the matching rows first, then update or expunge those objects.
    Fetch,
    // Leave loaded objects as they are (they may then hold stale values).
    None,
};

class QueryBase {
public:
    QueryBase(Session& session, const Mapper& mapper);
    // A query of several items: classes (possibly aliased) and column expressions.
    QueryBase(Session& session, std::vector<Entity> entities);

    QueryBase filter(const Expr& condition) const;
    // attribute == value, by attribute name of the first class queried.
    QueryBase filterBy(const QString& attribute, const Arg& value) const;
    QueryBase orderBy(const std::vector<Expr>& columns) const;
    QueryBase groupBy(const std::vector<Expr>& columns) const;
    QueryBase having(const Expr& condition) const;
    QueryBase distinct(bool on = true) const;
    QueryBase limit(qint64 count) const;
    QueryBase offset(qint64 count) const;
    // Rows start..stop-1 (Python's query[start:stop]): LIMIT stop-start OFFSET start.
    // Negative indexes are an ArgumentError.
    QueryBase slice(qint64 start, qint64 stop) const;
    // Values for the :name placeholders of text() fragments (and of fromStatement()).
    QueryBase params(const QVariantMap& values) const;
    // Runs this SQL instead of the built SELECT; result columns map onto the queried class's
    // columns by name (onto column items by position).
    QueryBase fromStatement(const TextClause& statement) const;
    // An explicit FROM object: session.query(func::count()).selectFrom(users table).
    QueryBase selectFrom(const From& from) const;
    // UNION / UNION ALL with another query of the same items. filter() after it filters the
    // union as a subquery: SELECT anon_1.* FROM (... UNION ...) AS anon_1 WHERE anon_1.name = ?.
    QueryBase unionWith(const QueryBase& other) const;
    QueryBase unionAll(const QueryBase& other) const;
    // Objects related to `parent` through `relationship` (whose target is the queried class).
    QueryBase withParent(const Object& parent, const Relationship& relationship) const;
    // Loaded rows overwrite objects already in the Session, unflushed changes included.
    QueryBase populateExisting(bool on = true) const;
    // How relationships of the loaded objects are filled (see loading.h).
    QueryBase options(const LoadOption& option) const;
    // JOIN (LEFT OUTER JOIN) the target of a relationship of a class in the query, or of a
    // class joined before, to filter on its columns or to fill the relationship from it
    // (orm::containsEager). The target table is joined under its own name, once per query.
    QueryBase join(const Relationship& relationship) const;
    QueryBase outerJoin(const Relationship& relationship) const;
    // The same into an alias of the target (several occurrences of one table).
    QueryBase join(const AliasedEntity& target, const Relationship& relationship) const;
    QueryBase outerJoin(const AliasedEntity& target, const Relationship& relationship) const;
    // JOIN `target` ON `on`.
    QueryBase join(const From& target, const Expr& on) const;
    QueryBase outerJoin(const From& target, const Expr& on) const;
    // JOIN the table of `target` along the one relationship that leads there from a class of
    // the query; InvalidRequestError when there is none or several.
    QueryBase join(const Mapper& target) const;
    QueryBase outerJoin(const Mapper& target) const;

    QList<Object> all() const;
    // The first row, or a null Object.
    Object first() const;
    // Exactly one row: NoResultFound / MultipleResultsFound otherwise.
    Object one() const;
    // One row or none: MultipleResultsFound for more.
    Object oneOrNone() const;
    // The object with this primary key (SQLAlchemy's Query.get): Session::get(), so from the
    // identity map without SQL when loaded, else a SELECT by key; null when there is no such row.
    // Only on a plain query of one class: criteria, joins, ordering, limits, loader options or
    // populateExisting could not apply to a lookup by key and are an InvalidRequestError.
    Object get(const QVariantList& primaryKey) const;
    // SELECT count(*) FROM (the query) AS anon_1, as the seed shows.
    qint64 count() const;
    // SELECT EXISTS (the query).
    bool exists() const;
    // The rows of a column or tuple query.
    QList<Row> rows() const;
    // The first column of the only row (oneOrNone() semantics); invalid without a row.
    QVariant scalar() const;
    // UPDATE (DELETE FROM) the queried class's table WHERE the query's criteria; the number of
    // rows. Only for a query of one class without joins, limits, grouping or distinct.
    // Assignments name attributes: {{"name", "ed"}, {"age", orm::col(&User::age) + 1}}.
    qint64 update(const Assignments& values, Synchronize sync = Synchronize::Evaluate) const;
    qint64 remove(Synchronize sync = Synchronize::Evaluate) const;

    // The SELECT this query sends, and the query as a derived table (anon_N without a name).
    Select statement() const;
    From subquery(const QString& name = {}) const;
    const Mapper& mapper() const;
    const std::vector<Entity>& entities() const { return m_entities; }

    // Streams objects row by row instead of materialising the whole list.
    class Cursor {
    public:
        bool next();
        const Object& current() const { return m_current; }

    private:
        friend class QueryBase;
        Cursor(Session& session, const Mapper& mapper, Result result, bool populateExisting,
               std::vector<int> columns);
        Session* m_session;
        const Mapper* m_mapper;
        std::shared_ptr<Result> m_result;
        Object m_current;
        bool m_populateExisting;
        std::vector<int> m_columns; // result column of each property; empty: in order
    };
    Cursor cursor() const;

private:
    // Executes the statement (or fromStatement) with the query's parameters.
    Result run() const;
    // For fromStatement(): the result column of each of `entity`'s columns, by name.
    std::vector<int> columnsByName(const Result& result, const Entity& entity, int at) const;
    // At most one row; MultipleResultsFound names the calling method as SQLAlchemy does.
    Object single(const QString& method) const;
    QueryBase joinAlong(const Relationship& relationship, const From& target, bool outer) const;
    QueryBase joinTo(const Mapper& target, bool outer) const;
    // This UNION as a subquery that a WHERE can be added to; criteria on the tables of the
    // united queries are then read through it (adapted()).
    QueryBase wrapped() const;
    Expr adapted(const Expr& expr) const;
    bool hasClass(const Mapper& mapper) const;
    // all() when joined loads or containsEager change the statement: parents uniqued by
    // identity, related objects filled from the joined columns.
    QList<Object> allJoined(const std::vector<detail::LoadNode>& options) const;
    // The WHERE of a bulk update/delete, after checking the query is simple enough for one.
    Expr bulkCriteria(const char* method) const;
    // The loaded objects a bulk statement with `criteria` changes (see Synchronize).
    std::vector<std::shared_ptr<InstanceState>> bulkMatches(const Expr& criteria,
                                                            Synchronize sync) const;

    Session* m_session;
    const Mapper* m_mapper = nullptr; // the first class queried; null for columns only
    std::vector<Entity> m_entities;
    Select m_select;
    Statement m_fromStatement;
    QVariantMap m_params;
    bool m_populateExisting = false;
    std::vector<LoadOption> m_options;
    std::vector<Expr> m_orderBy; // kept to order a wrapped query (joined loading with LIMIT)
    QHash<const Relationship*, From> m_joined; // Query::join targets, for containsEager
    QList<const Mapper*> m_joinedClasses;      // classes joined, aliased or not
    bool m_limited = false;
    bool m_hasJoin = false; // results are then uniqued by identity
    // After wrapped(): the FROM objects of the united queries and the subquery replacing them.
    std::vector<const sql::FromNode*> m_adaptFrom;
    From m_adaptTo;
};

// The generative methods Query<T> and RowQuery share; each returns the derived query type.
template <class Derived>
class QueryMethods {
public:
    Derived filter(const Expr& condition) const { return wrap(m_base.filter(condition)); }
    // filterBy(&User::name, "ed"): member == value.
    template <class C, class M>
    Derived filterBy(M C::*member, const Arg& value) const
    {
        return wrap(m_base.filter(col(member) == value));
    }
    Derived filterBy(const QString& attribute, const Arg& value) const
    {
        return wrap(m_base.filterBy(attribute, value));
    }
    Derived orderBy(const std::vector<Expr>& columns) const
    {
        return wrap(m_base.orderBy(columns));
    }
    Derived groupBy(const std::vector<Expr>& columns) const
    {
        return wrap(m_base.groupBy(columns));
    }
    Derived having(const Expr& condition) const { return wrap(m_base.having(condition)); }
    Derived distinct(bool on = true) const { return wrap(m_base.distinct(on)); }
    Derived limit(qint64 count) const { return wrap(m_base.limit(count)); }
    Derived offset(qint64 count) const { return wrap(m_base.offset(count)); }
    Derived slice(qint64 start, qint64 stop) const { return wrap(m_base.slice(start, stop)); }
    Derived params(const QVariantMap& values) const { return wrap(m_base.params(values)); }
    Derived fromStatement(const TextClause& statement) const
    {
        return wrap(m_base.fromStatement(statement));
    }
    Derived selectFrom(const From& from) const { return wrap(m_base.selectFrom(from)); }
    Derived unionWith(const Derived& other) const { return wrap(m_base.unionWith(other.base())); }
    Derived unionAll(const Derived& other) const { return wrap(m_base.unionAll(other.base())); }
    Derived populateExisting(bool on = true) const { return wrap(m_base.populateExisting(on)); }
    Derived options(const LoadOption& option) const { return wrap(m_base.options(option)); }

    // JOIN along a relationship of a class in the query (or joined before): &User::addresses.
    template <class C, class M>
    Derived join(M C::*member) const
    {
        return wrap(m_base.join(relationshipOf(member)));
    }
    template <class C, class M>
    Derived outerJoin(M C::*member) const
    {
        return wrap(m_base.outerJoin(relationshipOf(member)));
    }
    // JOIN along a relationship into an alias of its target: join(adalias, &User::addresses).
    template <class C, class M>
    Derived join(const AliasedEntity& target, M C::*member) const
    {
        return wrap(m_base.join(target, relationshipOf(member)));
    }
    template <class C, class M>
    Derived outerJoin(const AliasedEntity& target, M C::*member) const
    {
        return wrap(m_base.outerJoin(target, relationshipOf(member)));
    }
    // JOIN U's table, ON `on` or along the one relationship that leads to U.
    template <class U>
    Derived join(const Expr& on = {}) const
    {
        return wrap(on.isValid() ? m_base.join(From(mapper<U>().table()), on)
                                 : m_base.join(mapper<U>()));
    }
    template <class U>
    Derived outerJoin(const Expr& on = {}) const
    {
        return wrap(on.isValid() ? m_base.outerJoin(From(mapper<U>().table()), on)
                                 : m_base.outerJoin(mapper<U>()));
    }
    // JOIN an alias or a subquery ON `on`.
    Derived join(const AliasedEntity& target, const Expr& on) const
    {
        return wrap(m_base.join(target.from(), on));
    }
    Derived outerJoin(const AliasedEntity& target, const Expr& on) const
    {
        return wrap(m_base.outerJoin(target.from(), on));
    }
    Derived join(const From& target, const Expr& on) const { return wrap(m_base.join(target, on)); }
    Derived outerJoin(const From& target, const Expr& on) const
    {
        return wrap(m_base.outerJoin(target, on));
    }
    // withParent(ed, &User::addresses): ed's addresses.
    template <class C, class M>
    Derived withParent(const Object& parent, M C::*member) const
    {
        return wrap(m_base.withParent(parent, relationshipOf(member)));
    }

    qint64 count() const { return m_base.count(); }
    bool exists() const { return m_base.exists(); }
    qint64 update(const Assignments& values, Synchronize sync = Synchronize::Evaluate) const
    {
        return m_base.update(values, sync);
    }
    qint64 remove(Synchronize sync = Synchronize::Evaluate) const { return m_base.remove(sync); }
    Select statement() const { return m_base.statement(); }
    From subquery(const QString& name = {}) const { return m_base.subquery(name); }
    const QueryBase& base() const { return m_base; }

protected:
    explicit QueryMethods(QueryBase base) : m_base(std::move(base)) {}
    static Derived wrap(QueryBase base) { return Derived(std::move(base)); }
    template <class C, class M>
    static const Relationship& relationshipOf(M C::*member)
    {
        return mapper<C>().relationshipForMember(typeid(member), &member, sizeof member);
    }

    QueryBase m_base;
};

// A query of objects of one mapped class.
template <class T>
class Query : public QueryMethods<Query<T>> {
public:
    explicit Query(QueryBase base) : QueryMethods<Query<T>>(std::move(base)) {}

    QList<Ptr<T>> all() const
    {
        QList<Ptr<T>> out;
        for (const Object& o : this->m_base.all())
            out << Ptr<T>(o.shared());
        return out;
    }
    Ptr<T> first() const { return Ptr<T>(this->m_base.first().shared()); }
    Ptr<T> one() const { return Ptr<T>(this->m_base.one().shared()); }
    Ptr<T> oneOrNone() const { return Ptr<T>(this->m_base.oneOrNone().shared()); }
    // By primary key, as Session::get(): query<User>().get(5), composite keys as a list.
    Ptr<T> get(const QVariant& primaryKey) const
    {
        return Ptr<T>(this->m_base.get(QVariantList{primaryKey}).shared());
    }
    Ptr<T> get(const QVariantList& primaryKey) const
    {
        return Ptr<T>(this->m_base.get(primaryKey).shared());
    }

    // for (const orm::Ptr<User>& u : session.query<User>()) streams rows.
    class iterator {
    public:
        iterator() = default;
        explicit iterator(QueryBase::Cursor cursor) : m_cursor(std::move(cursor)) { advance(); }
        Ptr<T> operator*() const { return Ptr<T>(m_cursor->current().shared()); }
        iterator& operator++()
        {
            advance();
            return *this;
        }
        bool operator!=(const iterator& other) const
        {
            return m_cursor.has_value() != other.m_cursor.has_value();
        }

    private:
        void advance()
        {
            if (m_cursor && !m_cursor->next())
                m_cursor.reset();
        }
        std::optional<QueryBase::Cursor> m_cursor;
    };
    iterator begin() const { return iterator(this->m_base.cursor()); }
    iterator end() const { return iterator(); }
};

// A query of several items (columns, labels, aggregates, classes, aliases): one Row each.
class RowQuery : public QueryMethods<RowQuery> {
public:
    explicit RowQuery(QueryBase base) : QueryMethods<RowQuery>(std::move(base)) {}

    QList<Row> all() const { return m_base.rows(); }
    std::optional<Row> first() const;
    Row one() const;
    std::optional<Row> oneOrNone() const;
    // The first column of the only row; invalid without a row; MultipleResultsFound for more.
    QVariant scalar() const { return m_base.scalar(); }
};

} // namespace orm
