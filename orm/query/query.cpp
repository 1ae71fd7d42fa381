#include "orm/query/query.h"

#include "orm/errors.h"
#include "orm/session/session.h"

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
    return q;
}

QueryBase QueryBase::limit(qint64 count) const
{
    QueryBase q = *this;
    q.m_select = m_select.limit(count);
    return q;
}

QueryBase QueryBase::offset(qint64 count) const
{
    QueryBase q = *this;
    q.m_select = m_select.offset(count);
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
    Cursor c = cursor();
    while (c.next())
        out << c.current();
    m_session->eagerLoad(out, m_options);
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

qint64 QueryBase::count() const
{
    const Select counting =
        select({func::count().label(QStringLiteral("count_1"))}).selectFrom(m_select.subquery());
    return m_session->execute(counting).scalar().toLongLong();
}

} // namespace orm
