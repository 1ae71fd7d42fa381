#pragma once
// SchemaTree shows the schema of the open database: a "Tables" and a "Views" group, and under
// each table its columns (type, PK, FK, NOT NULL), its keys (primary key, foreign keys and
// their targets, unique constraints, indexes) and the relationships of its mapped class (kind
// and target). Activating a table (double-click, Return) or selecting one says which, so that
// the browser can show its rows.
//
//     auto* tree = new browser::SchemaTree;
//     tree->setSchema(registry.metadata(), mappers);
//     connect(tree, &browser::SchemaTree::tableActivated, this, &Window::openTable);

#include <QList>
#include <QTreeView>

class QStandardItem;
class QStandardItemModel;

namespace orm {
class Mapper;
class MetaData;
class Relationship;
class Table;
} // namespace orm

namespace browser {

class SchemaTree : public QTreeView {
    Q_OBJECT
public:
    // What an item of the tree stands for (KindRole).
    enum class Kind { Group, Table, View, Column, Folder, Key, Relationship };
    Q_ENUM(Kind)
    enum Role {
        KindRole = Qt::UserRole + 1, // the item's Kind, as an int
        TableRole,                   // the name of the table (or view) the item belongs to
        TargetRole,                  // foreign keys and relationships: the table they lead to
    };

    explicit SchemaTree(QWidget* parent = nullptr);
    ~SchemaTree() override;

    // Shows the tables and views of `metadata`; the relationships come from the mappers of
    // those tables. The tree does not keep references to either.
    void setSchema(const orm::MetaData& metadata, const QList<const orm::Mapper*>& mappers);
    void clear();

    // The table (or view) of the current item, or an empty string.
    QString currentTable() const;
    // Makes the table's item current and visible; does not emit tableActivated(). False when
    // there is no such table.
    bool selectTable(const QString& name);

    QStandardItemModel* schemaModel() const { return m_model; }
    // The item of a table or view, or nullptr.
    QStandardItem* tableItem(const QString& name) const;

signals:
    // The user activated a table (or an item under it), or selected a table's item.
    void tableActivated(const QString& table);

private:
    void addTable(QStandardItem* group, const orm::Table& table,
                  const QList<const orm::Mapper*>& mappers);
    void addKeys(QStandardItem* tableItem, const orm::Table& table);
    void addRelationships(QStandardItem* tableItem, const orm::Table& table,
                          const QList<const orm::Mapper*>& mappers);
    void onCurrentChanged(const QModelIndex& current);

    QStandardItemModel* m_model;
    bool m_selecting = false; // selectTable() at work: no signal
};

} // namespace browser
