#include "orm/reflect/automap.h"

#include "orm/errors.h"
#include "orm/sql/metadata.h"

#include <QHash>
#include <QSet>
#include <algorithm>

namespace orm {

namespace {

// The foreign keys of a table worth a relationship: those whose target is in the MetaData,
// each once (a database may hold the same constraint twice), ordered by their columns so the
// names do not depend on the order the database lists them in.
std::vector<const ForeignKeyConstraint*> foreignKeysOf(const Table& table)
{
    std::vector<const ForeignKeyConstraint*> out;
    for (const ForeignKeyConstraint& fk : table.foreignKeys()) {
        if (!fk.referredTable(*table.metadata()))
            continue;
        const bool repeated = std::any_of(out.begin(), out.end(), [&](const auto* other) {
            return other->columns == fk.columns && other->targetSchema == fk.targetSchema &&
                   other->targetTable == fk.targetTable && other->targetColumns == fk.targetColumns;
        });
        if (!repeated)
            out.push_back(&fk);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
        return std::tie(a->columns, a->targetTable) < std::tie(b->columns, b->targetTable);
    });
    return out;
}

const Table& targetOf(const Table& table, const ForeignKeyConstraint& fk)
{
    return *fk.referredTable(*table.metadata());
}

// Two foreign keys whose columns are all of the table's columns and its whole primary key (if
// it has one): the table only links rows of two others.
bool isLinkTable(const Table& table)
{
    if (table.isView())
        return false;
    const std::vector<const ForeignKeyConstraint*> fks = foreignKeysOf(table);
    if (fks.size() != 2)
        return false;
    QSet<QString> keyColumns;
    for (const ForeignKeyConstraint* fk : fks)
        keyColumns.unite(QSet<QString>(fk->columns.begin(), fk->columns.end()));
    QSet<QString> columns;
    for (const Column* c : table.columns())
        columns.insert(c->name());
    QSet<QString> primaryKey;
    for (const Column* c : table.primaryKeyColumns())
        primaryKey.insert(c->name());
    return keyColumns == columns && (primaryKey.isEmpty() || primaryKey == columns);
}

// "artist_id" -> "artist", "item id" -> "item", "ArtistId" -> "Artist"; other names unchanged.
QString withoutIdSuffix(const QString& column)
{
    const qsizetype n = column.size();
    if (n > 3 && column.endsWith(QLatin1String("id"), Qt::CaseInsensitive)) {
        const QChar separator = column.at(n - 3);
        if (separator == u'_' || separator == u' ' || separator == u'-')
            return column.left(n - 3);
    }
    if (n > 2 && (column.endsWith(QLatin1String("Id")) || column.endsWith(QLatin1String("ID")))) {
        const QChar before = column.at(n - 3);
        if (before.isLower() || before.isDigit())
            return column.left(n - 2);
    }
    return column;
}

int foreignKeyCount(const Table& from, const Table& to)
{
    const std::vector<const ForeignKeyConstraint*> fks = foreignKeysOf(from);
    return int(std::count_if(fks.begin(), fks.end(), [&](const ForeignKeyConstraint* fk) {
        return &targetOf(from, *fk) == &to;
    }));
}

// What a foreign key says about the row holding it: "artist" for albums.artist_id.
QString roleOf(const Table& table, const ForeignKeyConstraint& fk)
{
    if (fk.columns.size() == 1)
        return withoutIdSuffix(fk.columns.front());
    const Table& target = targetOf(table, fk);
    if (foreignKeyCount(table, target) == 1)
        return target.name();
    QStringList parts;
    for (const QString& column : fk.columns)
        parts << withoutIdSuffix(column);
    return parts.join(u'_');
}

// `base`, or with `suffix` (and a number) when a column or relationship of the class has it.
QString uniqueName(const Mapper& mapper, const QString& base, const QString& suffix)
{
    const auto taken = [&](const QString& name) {
        return mapper.indexOf(name) >= 0 || mapper.relationship(name) != nullptr;
    };
    if (!taken(base))
        return base;
    QString name = base + suffix;
    for (int i = 2; taken(name); ++i)
        name = base + suffix + QString::number(i);
    return name;
}

QString classNameOf(const Table& table)
{
    return table.schema().isEmpty() ? table.name() : table.schema() + u'.' + table.name();
}

bool allNotNull(const Table& table, const QStringList& columns)
{
    return std::all_of(columns.begin(), columns.end(),
                       [&](const QString& c) { return !table.column(c).isNullable(); });
}

// The mapping of one automap() call.
class Automapper {
public:
    Automapper(Registry& registry, MetaData& metadata, const AutomapOptions& options,
               AutomapResult& result)
        : m_registry(registry), m_metadata(metadata), m_options(options), m_result(result)
    {}

    void run()
    {
        std::vector<Table*> linkTables;
        for (const Table* constTable : m_metadata.tables()) {
            Table& table = m_metadata.table(constTable->name(), constTable->schema());
            if (const Mapper* existing = mapperOfTable(table)) {
                m_earlier.insert(&table, existing);
                continue;
            }
            if (m_options.manyToMany && isLinkTable(table)) {
                linkTables.push_back(&table);
                m_result.linkTables << table.fullName();
                continue;
            }
            mapClass(table);
        }
        // Many-to-ones first: a class's own foreign keys name them, whatever other tables do.
        std::vector<std::pair<const Table*, const ForeignKeyConstraint*>> references;
        for (Mapper* mapper : m_result.mappers) {
            for (const ForeignKeyConstraint* fk : foreignKeysOf(mapper->table()))
                references.emplace_back(&mapper->table(), fk);
        }
        std::vector<Relationship*> manyToOnes;
        for (const auto& [table, fk] : references)
            manyToOnes.push_back(mapManyToOne(*table, *fk));
        for (size_t i = 0; i < references.size(); ++i)
            mapOneToMany(*references[i].first, *references[i].second, manyToOnes[i]);
        for (Table* link : linkTables)
            mapLinkTable(*link, linkTables);
        if (m_options.loading != Loading::Lazy) {
            for (Mapper* mapper : m_result.mappers) {
                for (const auto& relationship : mapper->relationships())
                    relationship->setLoading(m_options.loading);
            }
        }
    }

private:
    const Mapper* mapperOfTable(const Table& table) const
    {
        for (const Mapper* mapper : m_registry.mappers()) {
            if (&mapper->table() == &table)
                return mapper;
        }
        return nullptr;
    }

    // The class of a table: one this call mapped, or one the registry had before.
    const Mapper* mapperOf(const Table& table) const
    {
        const Mapper* mapper = m_ours.value(&table);
        return mapper ? mapper : m_earlier.value(&table);
    }

    void mapClass(Table& table)
    {
        QString name = classNameOf(table);
        for (int i = 2; m_registry.find(name); ++i)
            name = classNameOf(table) + u'_' + QString::number(i);
        Mapper& mapper = m_registry.mapTable(table, name);
        if (table.isView())
            mapper.setReadOnly(QStringLiteral("view %1 is read-only").arg(table.fullName()));
        else if (table.primaryKeyColumns().empty())
            mapper.setReadOnly(QStringLiteral("table %1 has no primary key, so its rows cannot "
                                              "be told apart; it is read-only")
                                   .arg(table.fullName()));
        if (!m_options.versionColumn.isEmpty() && !mapper.isReadOnly()) {
            const int version = mapper.indexOf(m_options.versionColumn);
            if (version >= 0 && mapper.property(version).column->type().isInteger())
                mapper.setVersionProperty(version);
            else if (version >= 0)
                m_result.warnings << QStringLiteral("column %1.%2 is not an integer: not used "
                                                    "as the version counter")
                                         .arg(table.fullName(), m_options.versionColumn);
        }
        m_ours.insert(&table, &mapper);
        m_result.mappers.push_back(&mapper);
    }

    Relationship* mapManyToOne(const Table& table, const ForeignKeyConstraint& fk)
    {
        Mapper* mapper = m_ours.value(&table);
        const Mapper* target = mapperOf(targetOf(table, fk));
        if (!target) {
            m_result.warnings << QStringLiteral("foreign key (%1) of %2 refers to %3, which is "
                                                "not mapped as a class: no relationship")
                                     .arg(fk.columns.join(QStringLiteral(", ")), table.fullName(),
                                          targetOf(table, fk).fullName());
            return nullptr;
        }
        const QString name = uniqueName(*mapper, roleOf(table, fk), QStringLiteral("_ref"));
        Relationship& r = m_registry.mapRelationship(*mapper, name, *target, false);
        r.setForeignKeys(fk.columns);
        return &r;
    }

    void mapOneToMany(const Table& table, const ForeignKeyConstraint& fk, Relationship* manyToOne)
    {
        if (!manyToOne)
            return;
        const Table& targetTable = targetOf(table, fk);
        // Records of a class mapped before may exist already: they cannot get another slot.
        Mapper* target = m_ours.value(&targetTable);
        if (!target) {
            m_result.warnings << QStringLiteral("%1 was mapped before: it gets no collection "
                                                "for the foreign key (%2) of %3")
                                     .arg(mapperOf(targetTable)->className(),
                                          fk.columns.join(QStringLiteral(", ")), table.fullName());
            return;
        }
        const bool ambiguous = &table == &targetTable || foreignKeyCount(table, targetTable) > 1;
        const QString base =
            ambiguous ? table.name() + QStringLiteral("_by_") + roleOf(table, fk) : table.name();
        const QString name = uniqueName(*target, base, QStringLiteral("_collection"));
        Relationship& r = m_registry.mapRelationship(*target, name, manyToOne->parent(), true);
        r.setForeignKeys(fk.columns);
        r.setBackPopulates(manyToOne->name());
        manyToOne->setBackPopulates(name);
        if (!m_options.cascadesFromForeignKeys)
            return;
        const bool notNull = allNotNull(table, fk.columns);
        if (notNull)
            r.setCascade(CascadeSet::parse(QStringLiteral("all, delete-orphan")));
        if ((notNull && fk.onDelete == ReferentialAction::Cascade) ||
            (!notNull && fk.onDelete == ReferentialAction::SetNull))
            r.setPassiveDeletes(true);
    }

    void mapLinkTable(const Table& link, const std::vector<Table*>& linkTables)
    {
        const std::vector<const ForeignKeyConstraint*> fks = foreignKeysOf(link);
        const ForeignKeyConstraint& a = *fks[0];
        const ForeignKeyConstraint& b = *fks[1];
        const Table& tableA = targetOf(link, a);
        const Table& tableB = targetOf(link, b);
        Mapper* mapperA = m_ours.value(&tableA);
        Mapper* mapperB = m_ours.value(&tableB);
        if (!mapperA || !mapperB) {
            m_result.warnings << QStringLiteral("link table %1 joins %2 and %3, which are not "
                                                "both mapped by this automap: no relationship")
                                     .arg(link.fullName(), tableA.fullName(), tableB.fullName());
            return;
        }
        // Several link tables between the same two tables are told apart by their names.
        const auto links = [&](const Table* other) {
            const std::vector<const ForeignKeyConstraint*> o = foreignKeysOf(*other);
            QSet<const Table*> pair{&targetOf(*other, *o[0]), &targetOf(*other, *o[1])};
            return pair == QSet<const Table*>{&tableA, &tableB};
        };
        const bool several = std::count_if(linkTables.begin(), linkTables.end(), links) > 1;
        const auto baseName = [&](const Table& other, const ForeignKeyConstraint& mine) {
            if (&tableA == &tableB)
                return other.name() + QStringLiteral("_by_") + roleOf(link, mine);
            return several ? other.name() + QStringLiteral("_via_") + link.name() : other.name();
        };
        const QString nameA =
            uniqueName(*mapperA, baseName(tableB, a), QStringLiteral("_collection"));
        Relationship& fromA = m_registry.mapRelationship(*mapperA, nameA, *mapperB, true);
        const QString nameB =
            uniqueName(*mapperB, baseName(tableA, b), QStringLiteral("_collection"));
        Relationship& fromB = m_registry.mapRelationship(*mapperB, nameB, *mapperA, true);
        fromA.setSecondary(link);
        fromA.setForeignKeys(a.columns); // this side's columns of the link table
        fromA.setBackPopulates(nameB);
        fromB.setSecondary(link);
        fromB.setForeignKeys(b.columns);
        fromB.setBackPopulates(nameA);
    }

    Registry& m_registry;
    MetaData& m_metadata;
    const AutomapOptions& m_options;
    AutomapResult& m_result;
    QHash<const Table*, Mapper*> m_ours; // mapped by this call: no Records yet
    QHash<const Table*, const Mapper*> m_earlier;
};

} // namespace

Mapper& AutomapResult::mapper(const QString& className) const
{
    for (Mapper* m : mappers) {
        if (m->className() == className)
            return *m;
    }
    throw ArgumentError(QStringLiteral("automap mapped no class named \"%1\"").arg(className));
}

Relationship& AutomapResult::relationship(const QString& className, const QString& name) const
{
    const Mapper& m = mapper(className);
    for (const auto& r : m.relationships()) {
        if (r->name() == name)
            return *r;
    }
    throw ArgumentError(QStringLiteral("%1 has no relationship \"%2\"").arg(className, name));
}

AutomapResult automap(Engine& engine, Registry& registry, const AutomapOptions& options)
{
    const ReflectionReport report = reflect(engine, registry.metadata(), options.reflect);
    AutomapResult result = automap(registry, registry.metadata(), options);
    result.report = report;
    result.warnings = report.warnings + result.warnings;
    return result;
}

AutomapResult automap(Registry& registry, MetaData& metadata, const AutomapOptions& options)
{
    AutomapResult result;
    Automapper(registry, metadata, options, result).run();
    return result;
}

} // namespace orm
