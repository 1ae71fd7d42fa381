#include "app/schematree.h"

#include "app/appresources.h"
#include "app/relationshipkind.h"
#include "orm/errors.h"
#include "orm/mapping/mapper.h"
#include "orm/sql/metadata.h"

#include <QApplication>
#include <QHeaderView>
#include <QSet>
#include <QStandardItemModel>
#include <QStyle>
#include <algorithm>

namespace browser {

namespace {

QString columnList(const QStringList& columns)
{
    return u'(' + columns.join(QStringLiteral(", ")) + u')';
}

QIcon styleIcon(QStyle::StandardPixmap pixmap)
{
    return QApplication::style()->standardIcon(pixmap);
}

} // namespace

SchemaTree::SchemaTree(QWidget* parent) : QTreeView(parent), m_model(new QStandardItemModel(this))
{
    setModel(m_model);
    setEditTriggers(NoEditTriggers);
    setSelectionMode(SingleSelection);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setAccessibleName(tr("Database schema"));
    header()->setStretchLastSection(true);
    clear();
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });
    // Names under a table are only measured once they show.
    connect(this, &QTreeView::expanded, this, [this] { resizeColumnToContents(0); });
    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QString table = index.data(TableRole).toString();
        if (!table.isEmpty())
            emit tableActivated(table);
    });
}

SchemaTree::~SchemaTree() = default;

void SchemaTree::clear()
{
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("Details")});
}

void SchemaTree::setSchema(const orm::MetaData& metadata, const QList<const orm::Mapper*>& mappers)
{
    clear();
    std::vector<const orm::Table*> tables = metadata.tables();
    std::sort(tables.begin(), tables.end(), [](const orm::Table* a, const orm::Table* b) {
        return QString::compare(a->fullName(), b->fullName(), Qt::CaseInsensitive) < 0;
    });
    const auto group = [this](const QString& name, qsizetype count) {
        auto* item = new QStandardItem(styleIcon(QStyle::SP_DirIcon), name);
        item->setData(int(Kind::Group), KindRole);
        auto* details = new QStandardItem(QString::number(count));
        details->setData(int(Kind::Group), KindRole);
        m_model->appendRow({item, details});
        return item;
    };
    const auto views = std::count_if(tables.begin(), tables.end(),
                                     [](const orm::Table* t) { return t->isView(); });
    QStandardItem* tablesGroup = group(tr("Tables"), qsizetype(tables.size()) - views);
    QStandardItem* viewsGroup = group(tr("Views"), views);
    for (const orm::Table* table : tables)
        addTable(table->isView() ? viewsGroup : tablesGroup, *table, mappers);
    expand(tablesGroup->index());
    expand(viewsGroup->index());
    resizeColumnToContents(0);
}

QString SchemaTree::currentTable() const
{
    return currentIndex().data(TableRole).toString();
}

bool SchemaTree::selectTable(const QString& name)
{
    QStandardItem* item = tableItem(name);
    if (!item)
        return false;
    m_selecting = true;
    expand(item->parent()->index());
    setCurrentIndex(item->index());
    scrollTo(item->index());
    m_selecting = false;
    return true;
}

QStandardItem* SchemaTree::tableItem(const QString& name) const
{
    for (int g = 0; g < m_model->rowCount(); ++g) {
        const QStandardItem* group = m_model->item(g);
        for (int row = 0; row < group->rowCount(); ++row) {
            if (group->child(row)->data(TableRole).toString() == name)
                return group->child(row);
        }
    }
    return nullptr;
}

// One row of the tree: the name, and details in the second column. Both say what they stand
// for and which table they belong to, so that activating either opens the table.
static QList<QStandardItem*> schemaRow(SchemaTree::Kind kind, const QString& table,
                                       const QString& name, const QString& details)
{
    auto* nameItem = new QStandardItem(name);
    auto* detailsItem = new QStandardItem(details);
    for (QStandardItem* item : {nameItem, detailsItem}) {
        item->setData(int(kind), SchemaTree::KindRole);
        item->setData(table, SchemaTree::TableRole);
        item->setToolTip(details.isEmpty() ? name : name + QStringLiteral(": ") + details);
    }
    nameItem->setAccessibleText(nameItem->toolTip());
    return {nameItem, detailsItem};
}

void SchemaTree::addTable(QStandardItem* group, const orm::Table& table,
                          const QList<const orm::Mapper*>& mappers)
{
    const QString name = table.fullName();
    const Kind kind = table.isView() ? Kind::View : Kind::Table;
    const std::vector<const orm::Column*> columns = table.columns();
    const QList<QStandardItem*> row =
        schemaRow(kind, name, name,
                  columns.size() == 1 ? tr("1 column") : tr("%1 columns").arg(columns.size()));
    row[0]->setIcon(table.isView() ? styleIcon(QStyle::SP_FileDialogContentsView)
                                   : themeIcon(QStringLiteral("table")));
    group->appendRow(row);
    QStandardItem* item = row[0];

    // Which columns refer to which table, to mark them FK.
    QHash<QString, QString> references;
    for (const orm::ForeignKeyConstraint& fk : table.foreignKeys()) {
        for (qsizetype i = 0; i < fk.columns.size(); ++i)
            references.insert(fk.columns[i], fk.targetTable + u'.' + fk.targetColumns.value(i));
    }
    // Columns that are unique on their own, however the schema says so.
    QSet<QString> unique;
    for (const orm::UniqueConstraint& constraint : table.uniqueConstraints()) {
        if (constraint.columns.size() == 1)
            unique.insert(constraint.columns.first());
    }
    for (const orm::Index& index : table.indexes()) {
        if (index.unique && index.columns.size() == 1)
            unique.insert(index.columns.first());
    }
    for (const orm::Column* column : columns) {
        QStringList details{column->type().displayName()};
        if (column->isPrimaryKey())
            details << tr("PK");
        if (const auto it = references.constFind(column->name()); it != references.cend())
            details << tr("FK → %1").arg(*it);
        if (!column->isNullable() && !column->isPrimaryKey())
            details << tr("NOT NULL");
        if ((column->isUnique() || unique.contains(column->name())) && !column->isPrimaryKey())
            details << tr("UNIQUE");
        item->appendRow(
            schemaRow(Kind::Column, name, column->name(), details.join(QStringLiteral(" · "))));
    }
    if (!table.isView())
        addKeys(item, table);
    addRelationships(item, table, mappers);
}

void SchemaTree::addKeys(QStandardItem* tableItem, const orm::Table& table)
{
    const QString name = table.fullName();
    QList<QList<QStandardItem*>> keys;
    QStringList primaryKey;
    for (const orm::Column* column : table.primaryKeyColumns())
        primaryKey << column->name();
    if (!primaryKey.isEmpty())
        keys << schemaRow(Kind::Key, name, tr("Primary key"), columnList(primaryKey));
    for (const orm::ForeignKeyConstraint& fk : table.foreignKeys()) {
        const QString target =
            fk.targetSchema.isEmpty() ? fk.targetTable : fk.targetSchema + u'.' + fk.targetTable;
        QString details =
            tr("%1 → %2 %3").arg(columnList(fk.columns), target, columnList(fk.targetColumns));
        if (fk.onDelete != orm::ReferentialAction::NoAction)
            details += tr(" · ON DELETE %1").arg(orm::referentialActionSql(fk.onDelete));
        if (fk.onUpdate != orm::ReferentialAction::NoAction)
            details += tr(" · ON UPDATE %1").arg(orm::referentialActionSql(fk.onUpdate));
        QList<QStandardItem*> row =
            schemaRow(Kind::Key, name, fk.name.isEmpty() ? tr("Foreign key") : fk.name, details);
        row[0]->setData(target, TargetRole);
        keys << row;
    }
    for (const orm::UniqueConstraint& unique : table.uniqueConstraints()) {
        keys << schemaRow(Kind::Key, name, unique.name.isEmpty() ? tr("Unique") : unique.name,
                          columnList(unique.columns));
    }
    for (const orm::Index& index : table.indexes()) {
        keys << schemaRow(Kind::Key, name, index.name,
                          index.unique ? tr("unique index %1").arg(columnList(index.columns))
                                       : tr("index %1").arg(columnList(index.columns)));
    }
    if (keys.isEmpty())
        return;
    const QList<QStandardItem*> folder =
        schemaRow(Kind::Folder, name, tr("Keys"), QString::number(keys.size()));
    folder[0]->setIcon(styleIcon(QStyle::SP_DirIcon));
    for (const QList<QStandardItem*>& key : keys)
        folder[0]->appendRow(key);
    tableItem->appendRow(folder);
}

void SchemaTree::addRelationships(QStandardItem* tableItem, const orm::Table& table,
                                  const QList<const orm::Mapper*>& mappers)
{
    const QString name = table.fullName();
    QList<const orm::Mapper*> own;
    for (const orm::Mapper* mapper : mappers) {
        if (&mapper->table() == &table)
            own << mapper;
    }
    QList<QList<QStandardItem*>> rows;
    for (const orm::Mapper* mapper : own) {
        for (const std::unique_ptr<orm::Relationship>& relationship : mapper->relationships()) {
            // Several classes on one table (inheritance): say whose relationship it is.
            const QString label = own.size() > 1 ? mapper->className() + u'.' + relationship->name()
                                                 : relationship->name();
            QString details;
            QString target;
            try {
                target = relationship->target().table().fullName();
                details = tr("%1 → %2").arg(relationshipKindName(*relationship),
                                            relationship->target().className());
                if (const orm::Table* secondary = relationship->secondary())
                    details += tr(" via %1").arg(secondary->fullName());
            } catch (const orm::Error& error) {
                // A mapping that cannot be configured still shows, with the reason.
                details = tr("cannot be configured: %1").arg(error.message());
            }
            QList<QStandardItem*> row = schemaRow(Kind::Relationship, name, label, details);
            row[0]->setData(target, TargetRole);
            rows << row;
        }
    }
    if (rows.isEmpty())
        return;
    const QList<QStandardItem*> folder =
        schemaRow(Kind::Folder, name, tr("Relationships"), QString::number(rows.size()));
    folder[0]->setIcon(styleIcon(QStyle::SP_DirIcon));
    for (const QList<QStandardItem*>& row : rows)
        folder[0]->appendRow(row);
    tableItem->appendRow(folder);
}

void SchemaTree::onCurrentChanged(const QModelIndex& current)
{
    if (m_selecting)
        return;
    const auto kind = Kind(current.data(KindRole).toInt());
    if (current.isValid() && (kind == Kind::Table || kind == Kind::View))
        emit tableActivated(current.data(TableRole).toString());
}

} // namespace browser
