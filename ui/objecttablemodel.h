#pragma once
// ObjectTableModel is what EntityTableModel and RelationshipModel share: rows that are mapped
// objects of one Mapper, one column per mapped column attribute and then one per relationship
// to a single object (shown by a readable label of the target: its first text column, or
// "Class #id"). Edits go through the Session after the value was checked and converted to the
// column's type (a bad value is refused with editRefused(), nothing stored). Roles tell new,
// deleted (struck out until the flush) and modified rows and cells apart, with the committed
// value in a modified cell's tooltip. The model follows the Session's signals, so a change made
// in code or in another view of the same object shows up at once. With an undo stack
// (SessionActions::undoStack()) every edit, insert, removal and revert is undoable.

#include "orm/session/session.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QUndoStack>
#include <functional>
#include <vector>

namespace orm::ui {

class ObjectTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        ObjectRole = Qt::UserRole + 1, // the row's orm::Object
        RowStateRole,                  // the row's RowState, as an int
        ModifiedRole,                  // bool: the cell differs from its committed value
        CommittedValueRole, // the cell's value as last loaded from or flushed to the database
        ColumnTypeRole,     // header: the column's type ("VARCHAR(50)")
        AttributeRole,      // header: the attribute or relationship name
    };
    enum class RowState { Clean, New, Modified, Deleted };
    Q_ENUM(RowState)

    ~ObjectTableModel() override;

    Session& session() const { return *m_session; }
    const Mapper& mapper() const { return *m_mapper; }

    // The object in `row` (loading it when needed); a null Object outside the rows.
    virtual Object objectAt(int row) const = 0;
    // The row showing `object`, or -1 (also when the model does not hold it in memory).
    virtual int rowOf(const Object& object) const = 0;
    RowState rowState(int row) const;

    // Property columns come first, then the relationship columns.
    int propertyAt(int column) const;
    const Relationship* relationshipAt(int column) const;
    // The column of an attribute or relationship name, or -1.
    int columnOf(const QString& name) const;

    // Edits are recorded on `stack` (nullptr: not recorded). The stack must outlive the model
    // or be unset first.
    void setUndoStack(QUndoStack* stack);
    QUndoStack* undoStack() const { return m_undoStack; }

    // Puts a row back as it was: modified attributes get their committed values again, a row
    // marked for deletion is kept, a new row goes. Undoable.
    Q_INVOKABLE bool revertRow(int row);

    // `value` converted to what `column` holds; an invalid QVariant (NULL) for an empty value.
    // On a value that does not fit (not a number, a date, too long, NULL in a NOT NULL column)
    // the result is invalid and `error` says why.
    static QVariant convertValue(const Column& column, const QVariant& value, QString* error);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // New (pending) objects; see the subclasses for where the rows go.
    bool insertRows(int row, int count, const QModelIndex& parent = {}) override;
    // New rows go; other rows are marked for deletion and struck out until the flush.
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

signals:
    // setData() refused a value; nothing was changed.
    void editRefused(const QModelIndex& index, const QString& message);
    // Loading or an edit failed in the database or the Session; the message is the error's.
    void errorOccurred(const QString& message);

protected:
    ObjectTableModel(Session& session, const Mapper& mapper, QObject* parent);

    // Shows new (transient) objects from `row` on and puts them in the Session (or the
    // relationship). Throws orm::Error when they cannot be.
    virtual void insertNewObjects(int row, const QList<Object>& objects) = 0;
    // Takes new objects out of the rows and the Session again.
    virtual void takeNewObjects(const QList<Object>& objects) = 0;
    // The object in `row` when it is in memory; never sends SQL.
    virtual Object loadedObjectAt(int row) const { return objectAt(row); }

    // Session events the subclasses follow.
    virtual void sessionFlushed() {}
    virtual void sessionCommitted() {}
    virtual void sessionRolledBack() {}
    virtual void sessionObjectAdded(const Object&) {}

    // dataChanged for every cell of the row, and its vertical header.
    void rowChanged(int row);
    void allRowsChanged();
    // Runs `action`; an orm::Error becomes errorOccurred(). False when it threw.
    bool guarded(const std::function<void()>& action);
    // errorOccurred() once control is back in the event loop (safe from data()).
    void reportLater(const QString& message) const;
    // Records an edit made already (see ObjectEditCommand); without a stack it is just done.
    void record(const QString& text, std::function<void()> redo, std::function<void()> undo);
    // The text the target of a relationship column shows.
    static QString labelOf(const Object& target);

private:
    bool setReference(const QModelIndex& index, const Relationship& relationship,
                      const QVariant& value, int role);
    QVariant propertyData(const Object& object, int property, int role) const;
    QVariant relationshipData(const Object& object, const Relationship& relationship,
                              int role) const;
    QVariant rowStyle(RowState state, int role) const;
    RowState stateOf(const Object& object) const;
    void followSession();
    void onObjectChanged(const Object& object);
    void onObjectExpired(const Object& object);

    QPointer<Session> m_session;
    const Mapper* m_mapper;
    std::vector<const Relationship*> m_relationships; // the relationship columns, to one object
    QPointer<QUndoStack> m_undoStack;
    mutable QString m_queuedError; // reported once control is back in the event loop
    QList<Object> m_expired;       // rows to refresh once control is back in the event loop
};

} // namespace orm::ui
