#include "orm/mapping/relationship.h"

#include "orm/errors.h"
#include "orm/mapping/mapper.h"
#include "orm/sql/metadata.h"

#include <QRegularExpression>

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
        fail(QStringLiteral(
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

void Relationship::fail(const QString& message) const
{
    m_configured = false; // the next use fails the same way
    throw ArgumentError(message);
}

void Relationship::checkCascade() const
{
    // A child of a one-to-many has one parent, so it is an orphan once that one lets it go. The
    // object a many-to-one (or many-to-many) leads to may be shared by many: delete-orphan only
    // makes sense there when each may have one parent at a time, which singleParent() enforces.
    if (!m_cascade.deleteOrphan || m_singleParent ||
        m_direction == RelationshipDirection::OneToMany)
        return;
    const QString direction = m_direction == RelationshipDirection::ManyToOne
                                  ? QStringLiteral("many-to-one")
                                  : QStringLiteral("many-to-many");
    fail(QStringLiteral("For %1 relationship %2, delete-orphan cascade is normally configured "
                        "only on the \"one\" side of a one-to-many relationship, not on the "
                        "\"many\" side of a many-to-one or many-to-many relationship. To allow "
                        "a %3 object to be referred to by only a single %4 object at a time via "
                        "the %2 relationship, which lets delete-orphan cascade take place in this "
                        "direction, set singleParent() (SQLAlchemy's single_parent=True).")
             .arg(direction, describe(), m_target->className(), m_parent->className()));
}

void Relationship::configure() const
{
    if (m_configured)
        return;
    const Mapper& target = m_resolveTarget();
    if (m_secondary && !m_primaryJoin.isEmpty())
        fail(QStringLiteral("relationship %1: primaryJoin together with secondary is not "
                            "supported; name this side's columns of %2 with foreignKeys({...})")
                 .arg(describe(), m_secondary->fullName()));
    if (m_secondary)
        configureSecondary(target);
    else if (!m_primaryJoin.isEmpty())
        configurePrimaryJoin(target);
    else
        configureForeignKeys(target);
    m_target = &target;
    m_configured = true;
    finishConfiguration(target);
    checkCascade();
}

void Relationship::configureForeignKeys(const Mapper& target) const
{
    const Table& local = m_parent->table();
    const Table& remote = target.table();
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
        fail(QStringLiteral("Could not determine join condition between parent/child tables on "
                            "relationship %1 - there are no foreign keys linking %2 and %3.")
                 .arg(describe(), local.fullName(), remote.fullName()));
    if (candidates.size() > 1) {
        const Table& holder = manyToOne ? local : remote;
        QStringList paths;
        for (const ForeignKeyConstraint* fk : candidates)
            paths << holder.fullName() + u'.' + fk->columns.join(QStringLiteral(", "));
        fail(QStringLiteral("Could not determine join condition between parent/child tables on "
                            "relationship %1 - there are multiple foreign key paths linking the "
                            "tables (%2). Specify the 'foreignKeys' option of %1, naming the "
                            "columns to follow (foreignKeys({\"%3\"})), or its 'primaryJoin' "
                            "option with the join condition.")
                 .arg(describe(), paths.join(QStringLiteral("; ")),
                      candidates.front()->columns.join(QStringLiteral("\", \""))));
    }
    const ForeignKeyConstraint& fk = *candidates.front();
    m_pairs.clear();
    for (qsizetype i = 0; i < fk.columns.size(); ++i) {
        if (manyToOne)
            m_pairs.emplace_back(&local.column(fk.columns[i]), &remote.column(fk.targetColumns[i]));
        else
            m_pairs.emplace_back(&local.column(fk.targetColumns[i]), &remote.column(fk.columns[i]));
    }
    m_direction = manyToOne ? RelationshipDirection::ManyToOne : RelationshipDirection::OneToMany;
}

std::vector<std::pair<const Column*, const Column*>>
Relationship::primaryJoinColumns(const Table& local, const Table& remote) const
{
    // "a.x == b.y AND a.z == b.w": equalities of qualified column names, in any order of sides.
    const MetaData& metadata = *local.metadata();
    const auto resolve = [&](const QString& name) -> const Column* {
        const QStringList parts = name.trimmed().split(u'.');
        if (parts.size() < 2 || parts.size() > 3)
            return nullptr;
        const Table* table = parts.size() == 3 ? metadata.findTable(parts[1], parts[0])
                                               : metadata.findTable(parts[0]);
        return table ? table->findColumn(parts.last()) : nullptr;
    };
    std::vector<std::pair<const Column*, const Column*>> out;
    // (AND in any case or &&; == or SQL's =.)
    static const QRegularExpression conjunction(QStringLiteral("\\s+AND\\s+|\\s*&&\\s*"),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression equals(QStringLiteral("==?"));
    for (const QString& term : m_primaryJoin.split(conjunction, Qt::SkipEmptyParts)) {
        const QStringList sides = term.split(equals);
        const Column* a = sides.size() == 2 ? resolve(sides[0]) : nullptr;
        const Column* b = sides.size() == 2 ? resolve(sides[1]) : nullptr;
        if (a && b && a->table() != &local && b->table() == &local)
            std::swap(a, b);
        if (!a || !b || a->table() != &local || b->table() != &remote)
            fail(QStringLiteral("primaryJoin of relationship %1: \"%2\" is not an equality "
                                "between a column of %3 and one of %4 (\"table.column == "
                                "table.column\", several joined by AND)")
                     .arg(describe(), term.trimmed(), local.fullName(), remote.fullName()));
        out.emplace_back(a, b);
    }
    if (out.empty())
        fail(QStringLiteral("primaryJoin of relationship %1 is empty").arg(describe()));
    return out;
}

bool Relationship::isForeignSide(const Column& column, const Column& other) const
{
    const Table& table = *column.table();
    if (!m_foreignKeys.isEmpty())
        return m_foreignKeys.contains(column.name()) ||
               m_foreignKeys.contains(table.fullName() + u'.' + column.name());
    for (const ForeignKeyConstraint& fk : table.foreignKeys()) {
        const qsizetype i = fk.columns.indexOf(column.name());
        if (i >= 0 && fk.referredTable(*table.metadata()) == other.table() &&
            fk.targetColumns.value(i) == other.name())
            return true;
    }
    return false;
}

void Relationship::configurePrimaryJoin(const Mapper& target) const
{
    // The condition gives the pairs; the foreign side of each pair gives the direction: the
    // local table holding the foreign key columns makes a many-to-one.
    const Table& local = m_parent->table();
    const Table& remote = target.table();
    auto columns = primaryJoinColumns(local, remote);
    int localForeign = 0;
    int remoteForeign = 0;
    for (auto& [l, r] : columns) {
        bool lf = isForeignSide(*l, *r);
        bool rf = isForeignSide(*r, *l);
        // Self-referential: both columns are of this table; a Reference is the side holding the
        // foreign key (local), a Collection the referenced side.
        if (&local == &remote && lf != rf && lf == m_uselist) {
            std::swap(l, r);
            std::swap(lf, rf);
        }
        if (lf && !rf)
            ++localForeign;
        else if (rf && !lf)
            ++remoteForeign;
    }
    const int n = int(columns.size());
    if (!(localForeign == n && remoteForeign == 0) && !(remoteForeign == n && localForeign == 0))
        fail(QStringLiteral("Could not locate any relevant foreign key columns for primary join "
                            "condition '%1' on relationship %2. Ensure that each column of one "
                            "side refers to the other with a foreign key, or name the foreign "
                            "columns with the 'foreignKeys' option (as table.column where both "
                            "tables have the name).")
                 .arg(m_primaryJoin, describe()));
    const bool manyToOne = localForeign == n;
    if (manyToOne && m_uselist)
        fail(QStringLiteral("primaryJoin '%1' makes relationship %2 many-to-one (its table holds "
                            "the foreign key), which needs a Reference member")
                 .arg(m_primaryJoin, describe()));
    m_pairs = columns; // (local, remote) as pairs() documents for both directions
    m_direction = manyToOne ? RelationshipDirection::ManyToOne : RelationshipDirection::OneToMany;
}

} // namespace orm
