#pragma once
// Query loads mapped objects through a Session. It is generative like Select: every method
// returns a new Query. QueryBase is the untyped engine (used for Records and by the UI);
// Query<T> gives typed results.
//
//     auto users = session.query<User>()
//                      .filter(orm::col(&User::name).like("%ed"))
//                      .orderBy({orm::col(&User::id).desc()})
//                      .all();

#include "orm/engine/result.h"
#include "orm/mapping/mapping.h"
#include "orm/query/loading.h"
#include "orm/session/object.h"
#include "orm/sql/select.h"

#include <QList>
#include <memory>

namespace orm {

class Session;

// The column of a mapped member, for criteria: orm::col(&User::name) == "ed".
template <class T, class M>
Expr col(M T::*member)
{
    return Expr(*mapper<T>().propertyForMember(typeid(member), &member, sizeof member).column);
}

class QueryBase {
public:
    QueryBase(Session& session, const Mapper& mapper);

    QueryBase filter(const Expr& condition) const;
    // attribute == value, by attribute name.
    QueryBase filterBy(const QString& attribute, const Arg& value) const;
    QueryBase orderBy(const std::vector<Expr>& columns) const;
    QueryBase limit(qint64 count) const;
    QueryBase offset(qint64 count) const;
    // Loaded rows overwrite objects already in the Session, unflushed changes included.
    QueryBase populateExisting(bool on = true) const;
    // How relationships of the loaded objects are filled (see loading.h).
    QueryBase options(const LoadOption& option) const;
    // JOIN (LEFT OUTER JOIN) the target of a relationship of the queried class, or of a class
    // joined before, to filter on its columns or to fill the relationship from it
    // (orm::containsEager). The target table is joined under its own name, once per query.
    QueryBase join(const Relationship& relationship) const;
    QueryBase outerJoin(const Relationship& relationship) const;

    QList<Object> all() const;
    // The first row, or a null Object.
    Object first() const;
    // Exactly one row: NoResultFound / MultipleResultsFound otherwise.
    Object one() const;
    // One row or none: MultipleResultsFound for more.
    Object oneOrNone() const;
    // SELECT count(*) FROM (the query) AS anon_1, as the seed shows.
    qint64 count() const;
    // The SELECT this query sends.
    Select statement() const;
    const Mapper& mapper() const { return *m_mapper; }

    // Streams objects row by row instead of materialising the whole list.
    class Cursor {
    public:
        bool next();
        const Object& current() const { return m_current; }

    private:
        friend class QueryBase;
        Cursor(Session& session, const Mapper& mapper, Result result, bool populateExisting);
        Session* m_session;
        const Mapper* m_mapper;
        std::shared_ptr<Result> m_result;
        Object m_current;
        bool m_populateExisting;
    };
    Cursor cursor() const;

private:
    // At most one row; MultipleResultsFound names the calling method as SQLAlchemy does.
    Object single(const QString& method) const;
    QueryBase joinAlong(const Relationship& relationship, bool outer) const;
    // all() when joined loads or containsEager change the statement: parents uniqued by
    // identity, related objects filled from the joined columns.
    QList<Object> allJoined(const std::vector<detail::LoadNode>& options) const;

    Session* m_session;
    const Mapper* m_mapper;
    Select m_select;
    bool m_populateExisting = false;
    std::vector<LoadOption> m_options;
    std::vector<Expr> m_orderBy; // kept to order a wrapped query (joined loading with LIMIT)
    QHash<const Relationship*, From> m_joined; // Query::join targets, for containsEager
    bool m_limited = false;
};

template <class T>
class Query {
public:
    explicit Query(QueryBase base) : m_base(std::move(base)) {}

    Query filter(const Expr& condition) const { return Query(m_base.filter(condition)); }
    template <class M>
    Query filterBy(M T::*member, const Arg& value) const
    {
        return Query(m_base.filter(col(member) == value));
    }
    Query filterBy(const QString& attribute, const Arg& value) const
    {
        return Query(m_base.filterBy(attribute, value));
    }
    Query orderBy(const std::vector<Expr>& columns) const { return Query(m_base.orderBy(columns)); }
    Query limit(qint64 count) const { return Query(m_base.limit(count)); }
    Query offset(qint64 count) const { return Query(m_base.offset(count)); }
    Query populateExisting(bool on = true) const { return Query(m_base.populateExisting(on)); }
    Query options(const LoadOption& option) const { return Query(m_base.options(option)); }
    // JOIN along a relationship of T (or of a class joined before): &User::addresses.
    template <class C, class M>
    Query join(M C::*member) const
    {
        return Query(m_base.join(relationshipOf(member)));
    }
    template <class C, class M>
    Query outerJoin(M C::*member) const
    {
        return Query(m_base.outerJoin(relationshipOf(member)));
    }

    QList<Ptr<T>> all() const
    {
        QList<Ptr<T>> out;
        for (const Object& o : m_base.all())
            out << Ptr<T>(o.shared());
        return out;
    }
    Ptr<T> first() const { return Ptr<T>(m_base.first().shared()); }
    Ptr<T> one() const { return Ptr<T>(m_base.one().shared()); }
    Ptr<T> oneOrNone() const { return Ptr<T>(m_base.oneOrNone().shared()); }
    qint64 count() const { return m_base.count(); }
    Select statement() const { return m_base.statement(); }
    const QueryBase& base() const { return m_base; }

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
    iterator begin() const { return iterator(m_base.cursor()); }
    iterator end() const { return iterator(); }

private:
    template <class C, class M>
    static const Relationship& relationshipOf(M C::*member)
    {
        return mapper<C>().relationshipForMember(typeid(member), &member, sizeof member);
    }

    QueryBase m_base;
};

} // namespace orm
