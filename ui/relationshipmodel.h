#pragma once
// RelationshipModel shows the objects one object is related to through one relationship: the
// children in a collection, or the single object of a reference (zero or one row), for
// master-detail views. Columns, roles and editing are those of every ObjectTableModel; new rows
// are added to the relationship (and so to the Session), removed rows are marked for deletion.
// Rows that were deleted go at the next flush; rows added in code show up after refresh().
//
//     orm::ui::RelationshipModel addresses(session,
//     *orm::mapper<User>().relationship("addresses")); connect(usersView->selectionModel(),
//     &QItemSelectionModel::currentRowChanged, ...
//             addresses.setParentObject(users.objectAt(current.row())));

#include "ui/objecttablemodel.h"

namespace orm::ui {

class RelationshipModel : public ObjectTableModel {
    Q_OBJECT
public:
    RelationshipModel(Session& session, const Relationship& relationship,
                      QObject* parent = nullptr);
    // The objects `owner` is related to through its relationship called `relationship`.
    RelationshipModel(Session& session, const Object& owner, const QString& relationship,
                      QObject* parent = nullptr);

    const Relationship& relationship() const { return *m_relationship; }
    // Shows the related objects of `owner` (an object of relationship().parent()); a null
    // Object shows nothing.
    void setParentObject(const Object& owner);
    Object parentObject() const { return m_owner; }
    // Reads the relationship again: objects it gained are appended, objects it lost go.
    void refresh();

    Object objectAt(int row) const override;
    int rowOf(const Object& object) const override;
    int rowCount(const QModelIndex& parent = {}) const override;

protected:
    void insertNewObjects(int row, const QList<Object>& objects) override;
    void takeNewObjects(const QList<Object>& objects) override;
    void sessionFlushed() override;
    void sessionCommitted() override;
    void sessionRolledBack() override;

private:
    QList<Object> related() const;
    void removeRow(int row);

    const Relationship* m_relationship;
    Object m_owner;
    QList<Object> m_rows;
};

} // namespace orm::ui
