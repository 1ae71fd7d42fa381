#include "orm/mapping/relationship.h"

#include "orm/errors.h"
#include "orm/mapping/mapper.h"
#include "orm/sql/metadata.h"

namespace orm {

namespace {

// Foreign keys of `from` that refer to `to`, restricted to the named columns when given.
std::vector<const ForeignKeyConstraint*> foreignKeysBetween(const Table& from, const Table& to,
                                                            const QStringList& only)
{
    std::vector<const ForeignKeyConstraint*> out;
    for (const ForeignKeyConstraint& fk : from.foreignKeys()) {
        if (fk.referredTable(*from.metadata()) != &to)
            continue;
        const bool named = std::all_of(fk.columns.begin(), fk.columns.end(),
                                       [&](const QString& c) { return only.contains(c); });
        if (only.isEmpty() || named)
            out.push_back(&fk);
    }
    return out;
}

} // namespace

Relationship::Relationship(const Mapper& parent, const QString& name, int index, bool uselist,
                           std::function<const Mapper&()> target,
                           std::unique_ptr<RelationshipAccessor> accessor)
    : m_parent(&parent), m_name(name), m_index(index), m_uselist(uselist),
      m_resolveTarget(std::move(target)), m_accessor(std::move(accessor))
{}

QString Relationship::describe() const
{
    return m_parent->className() + u'.' + m_name;
}

const Mapper& Relationship::target() const
{
    configure();
    return *m_target;
}

RelationshipDirection Relationship::direction() const
{
    configure();
    return m_direction;
}

const std::vector<std::pair<const Column*, const Column*>>& Relationship::pairs() const
{
    configure();
    return m_pairs;
}

const std::vector<std::pair<const Column*, const Column*>>& Relationship::secondaryPairs() const
{
    configure();
    return m_secondaryPairs;
}

const Relationship* Relationship::reverse() const
{
    configure();
    return m_reverse;
}

void Relationship::configureSecondary(const Mapper& target) const
{
    // One foreign key of the association table refers to each side. With both to the same
    // table (self-referential), foreignKeys() names the secondary column(s) of this side; else
    // the first foreign key is this side's.
    const Table& local = m_parent->table();
    const Table& remote = target.table();
    std::vector<const ForeignKeyConstraint*> toLocal =
        foreignKeysBetween(*m_secondary, local, m_foreignKeys);
    std::vector<const ForeignKeyConstraint*> toRemote =
        foreignKeysBetween(*m_secondary, remote, {});
    if (&local == &remote && !toLocal.empty()) {
        const ForeignKeyConstraint* mine = toLocal.front();
        toLocal.assign(1, mine);
        std::erase(toRemote, mine);
    }
    if (toLocal.size() != 1 || toRemote.size() != 1)
        throw ArgumentError(
            QStringLiteral(
                "Could not determine join condition for many-to-many relationship %1: the "
                "association table %2 needs exactly one foreign key to %3 and one to %4 "
                "(name this side's with foreignKeys({...}))")
                .arg(describe(), m_secondary->fullName(), local.fullName(), remote.fullName()));
    m_pairs.clear();
    m_secondaryPairs.clear();
    for (qsizetype i = 0; i < toLocal.front()->columns.size(); ++i)
        m_pairs.emplace_back(&local.column(toLocal.front()->targetColumns[i]),
                             &m_secondary->column(toLocal.front()->columns[i]));
    for (qsizetype i = 0; i < toRemote.front()->columns.size(); ++i)
        m_secondaryPairs.emplace_back(&remote.column(toRemote.front()->targetColumns[i]),
                                      &m_secondary->column(toRemote.front()->columns[i]));
    m_direction = RelationshipDirection::ManyToMany;
    m_target = &target;
    m_configured = true;
    finishConfiguration(target);
}

void Relationship::finishConfiguration(const Mapper& target) const
{
    if (!m_orderByNames.isEmpty()) {
        std::vector<Expr> order;
        for (const QString& spec : m_orderByNames) {
            const QStringList parts = spec.split(u' ', Qt::SkipEmptyParts);
            const Expr column(target.table().column(parts.value(0)));
            order.push_back(
                parts.value(1).compare(u"desc", Qt::CaseInsensitive) == 0 ? column.desc() : column);
        }
        m_orderBy = order;
    }
    if (m_backPopulates.isEmpty())
        return;
    m_reverse = target.relationship(m_backPopulates);
    if (!m_reverse) {
        m_configured = false; // the next use fails the same way
        throw ArgumentError(
            QStringLiteral("relationship %1 back-populates %2.%3, which is not a relationship")
                .arg(describe(), target.className(), m_backPopulates));
    }
}

void Relationship::configure() const
{
    if (m_configured)
        return;
    const Mapper& target = m_resolveTarget();
    const Table& local = m_parent->table();
    const Table& remote = target.table();
    if (m_secondary) {
        configureSecondary(target);
        return;
    }
    // A reference (scalar) is many-to-one when this table holds the foreign key, else a
    // one-to-one seen from the referenced side; a collection is one-to-many.
    std::vector<const ForeignKeyConstraint*> candidates;
    bool manyToOne = false;
    if (!m_uselist) {
        candidates = foreignKeysBetween(local, remote, m_foreignKeys);
        manyToOne = !candidates.empty();
    }
    if (candidates.empty())
        candidates = foreignKeysBetween(remote, local, m_foreignKeys);
    if (candidates.empty())
        throw ArgumentError(
            QStringLiteral("Could not determine join condition between parent/child tables on "
                           "relationship %1 - there are no foreign keys linking %2 and %3.")
                .arg(describe(), local.fullName(), remote.fullName()));
    if (candidates.size() > 1)
        throw ArgumentError(
            QStringLiteral("Could not determine join condition between parent/child tables on "
                           "relationship %1 - there are multiple foreign key paths linking the "
                           "tables. Name the columns with foreignKeys({...}).")
                .arg(describe()));
    const ForeignKeyConstraint& fk = *candidates.front();
    m_pairs.clear();
    for (qsizetype i = 0; i < fk.columns.size(); ++i) {
        if (manyToOne)
            m_pairs.emplace_back(&local.column(fk.columns[i]), &remote.column(fk.targetColumns[i]));
        else
            m_pairs.emplace_back(&local.column(fk.targetColumns[i]), &remote.column(fk.columns[i]));
    }
    m_direction = manyToOne ? RelationshipDirection::ManyToOne : RelationshipDirection::OneToMany;
    m_target = &target;
    m_configured = true;
    finishConfiguration(target);
}

} // namespace orm
