#include "orm/reflect/reflect.h"

#include "orm/errors.h"
#include "orm/reflect/inspector.h"
#include "orm/sql/metadata.h"

#include <QSet>

namespace orm {

namespace {

// The tables and views to read: all of them, or the ones named in `only`.
QStringList relationsToRead(Inspector& inspector, const QString& schema,
                            const ReflectOptions& options, QStringList* views)
{
    QStringList tables = inspector.tableNames(schema);
    *views = options.views ? inspector.viewNames(schema) : QStringList();
    if (options.only.isEmpty())
        return tables;
    for (const QString& name : options.only) {
        if (!tables.contains(name) && !views->contains(name))
            throw ArgumentError(QStringLiteral("reflect: no table or view named \"%1\" in schema "
                                               "\"%2\"")
                                    .arg(name, schema));
    }
    const auto wanted = [&](const QString& name) { return options.only.contains(name); };
    QStringList chosenViews;
    std::copy_if(views->begin(), views->end(), std::back_inserter(chosenViews), wanted);
    *views = chosenViews;
    QStringList chosen;
    std::copy_if(tables.begin(), tables.end(), std::back_inserter(chosen), wanted);
    return chosen;
}

void addColumns(Table& table, const ReflectedTable& reflected)
{
    for (const ReflectedColumn& c : reflected.columns) {
        Column& column = table.addColumn(c.name, c.type);
        column.nullable(c.nullable);
        column.generated(c.generated);
        column.autoincrement(c.autoincrement ? Autoincrement::Yes : Autoincrement::No);
        if (!c.defaultSql.isEmpty() && !c.autoincrement)
            column.serverDefault(ServerDefault::text(c.defaultSql));
    }
    if (!reflected.primaryKey.isEmpty())
        table.primaryKey(reflected.primaryKey);
    for (const ReflectedIndex& unique : reflected.uniqueConstraints)
        table.unique(unique.columns, unique.name);
    for (const ReflectedIndex& index : reflected.indexes)
        table.index(index.name, index.columns, index.unique);
}

// Foreign keys go in once every table is there, so that each can be checked against its target.
void addForeignKeys(Table& table, const ReflectedTable& reflected, const MetaData& metadata,
                    const QString& defaultSchema, QStringList* warnings)
{
    for (const ReflectedForeignKey& fk : reflected.foreignKeys) {
        const QString schema = fk.targetSchema == defaultSchema ? QString() : fk.targetSchema;
        const Table* target = metadata.findTable(fk.targetTable, schema);
        const bool columnsKnown =
            target && !fk.targetColumns.isEmpty() &&
            std::all_of(fk.targetColumns.begin(), fk.targetColumns.end(),
                        [&](const QString& c) { return target->findColumn(c) != nullptr; });
        if (!columnsKnown) {
            warnings->append(QStringLiteral("foreign key (%1) of table %2 refers to %3(%4), "
                                            "which does not exist: skipped")
                                 .arg(fk.columns.join(QStringLiteral(", ")), table.fullName(),
                                      fk.targetTable, fk.targetColumns.join(QStringLiteral(", "))));
            continue;
        }
        ForeignKeyConstraint constraint;
        constraint.name = fk.name;
        constraint.columns = fk.columns;
        constraint.targetSchema = schema;
        constraint.targetTable = fk.targetTable;
        constraint.targetColumns = fk.targetColumns;
        constraint.onDelete = fk.onDelete;
        constraint.onUpdate = fk.onUpdate;
        table.foreignKeys().push_back(constraint);
    }
}

} // namespace

ReflectionReport reflect(Engine& engine, MetaData& metadata, const ReflectOptions& options)
{
    Inspector inspector(engine);
    const QString defaultSchema = inspector.defaultSchema();
    const QString schema = options.schema.isEmpty() ? defaultSchema : options.schema;
    const QString metadataSchema = schema == defaultSchema ? QString() : schema;

    ReflectionReport report;
    QStringList viewNames;
    const QStringList tables = relationsToRead(inspector, schema, options, &viewNames);
    const QStringList views = viewNames;
    std::vector<std::pair<Table*, ReflectedTable>> added;
    for (const QStringList* names : {&tables, &views}) {
        for (const QString& name : *names) {
            if (metadata.findTable(name, metadataSchema)) {
                report.warnings << QStringLiteral("table %1 is already in the MetaData: not "
                                                  "reflected again")
                                       .arg(name);
                continue;
            }
            ReflectedTable reflected = inspector.table(name, schema);
            Table& table = metadata.addTable(name, metadataSchema);
            table.setView(reflected.isView);
            addColumns(table, reflected);
            (reflected.isView ? report.views : report.tables) << name;
            added.emplace_back(&table, std::move(reflected));
        }
    }
    for (auto& [table, reflected] : added)
        addForeignKeys(*table, reflected, metadata, defaultSchema, &report.warnings);
    return report;
}

} // namespace orm
