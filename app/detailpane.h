#pragma once
// DetailPane shows the object of the selected row: its column values as a two-column list, and
// its relationships, each with its kind and what it holds (the related object, the number of
// rows of a loaded collection, or "…" when that would need a query). Showing an object sends no
// SQL for what is loaded already and never loads a relationship; activating a relationship
// (double-click, Return, or the Open button) asks the browser to show the related rows.
//
//     auto* pane = new browser::DetailPane;
//     pane->setObject(&session, model->objectAt(row));
//     connect(pane, &browser::DetailPane::openRelated, this, &Window::showRelated);

#include "orm/session/object.h"

#include <QPointer>
#include <QWidget>

class QAbstractButton;
class QAbstractItemView;
class QLabel;
class QModelIndex;
class QStandardItemModel;
class QTimer;
class QTreeView;

namespace orm {
class Relationship;
class Session;
} // namespace orm

namespace browser {

class DetailPane : public QWidget {
    Q_OBJECT
public:
    enum Role {
        RelationshipRole = Qt::UserRole + 1, // relationship rows: the relationship's name
        ValueRole, // value rows: the value as loaded (invalid for NULL and for not loaded)
    };

    explicit DetailPane(QWidget* parent = nullptr);
    ~DetailPane() override;

    // Shows `object` (of `session`); a null object is clear(). The pane follows the Session's
    // changes to it until another object is set.
    void setObject(orm::Session* session, const orm::Object& object);
    void clear();
    orm::Object object() const { return m_object; }

    // The list of values (attribute, value) and the list of relationships (name, kind,
    // related), and the button opening the current relationship.
    QAbstractItemView* valuesView() const;
    QAbstractItemView* relationshipView() const;
    QAbstractButton* openButton() const;
    // The text at the top: the row's table and key, and what happened to it since it was read
    // ("users 1", "users 1 — modified", "users — new", "users 3 — marked for deletion").
    QString title() const;

    // Asks for the relationship of the current row of relationshipView() to be opened.
    void openCurrentRelationship();

signals:
    // Show the rows `object` is related to through `relationship`.
    void openRelated(const orm::Object& object, const QString& relationship);

private:
    void refresh();
    QString titleOf(const orm::Object& object) const;
    void scheduleRefresh();
    void showValues();
    void showRelationships();
    // What a relationship holds, from memory only.
    QString relatedText(const orm::Relationship& relationship) const;
    void updateButton();

    QPointer<orm::Session> m_session;
    orm::Object m_object;
    QList<QMetaObject::Connection> m_connections;
    QLabel* m_title;
    QStandardItemModel* m_values;
    QStandardItemModel* m_relationships;
    QTreeView* m_valuesView;
    QTreeView* m_relationshipsView;
    QAbstractButton* m_openButton;
    QTimer* m_refreshTimer; // changes arrive in bursts (a flush): one refresh for them all
};

} // namespace browser
