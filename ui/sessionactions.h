#pragma once
// SessionActions gives a window the Commit, Rollback, Undo and Redo actions of one Session,
// with the standard shortcuts (Commit on QKeySequence::Save, Undo and Redo on the platform's
// keys), each enabled only when it can act: Commit and Rollback while the Session has changes,
// Undo and Redo while the undo stack has edits to walk. Models given to track() record their
// edits, row inserts and row deletions on that stack. A failed commit keeps every edit; it
// emits commitFailed() with the database's message and the objects of the failing statement,
// and, when a widget was given with setMessageParent(), shows them in a window-modal message
// box over it (opened with QMessageBox::open(): commit() does not wait for it). Commit and
// rollback clear the undo stack: what they settled cannot be undone.
//
//     auto* actions = new orm::ui::SessionActions(session, window);
//     actions->track(usersModel);
//     toolBar->addActions(actions->actions());

#include "orm/session/session.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMessageBox;
class QUndoStack;
class QWidget;

namespace orm {
class Error;
}

namespace orm::ui {

class ObjectTableModel;

class SessionActions : public QObject {
    Q_OBJECT
public:
    explicit SessionActions(Session& session, QObject* parent = nullptr);
    ~SessionActions() override;

    Session& session() const { return *m_session; }
    QAction* commitAction() const { return m_commit; }
    QAction* rollbackAction() const { return m_rollback; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    // Commit, Rollback, Undo, Redo.
    QList<QAction*> actions() const;
    QUndoStack* undoStack() const { return m_stack; }

    // The model's edits go on undoStack().
    void track(ObjectTableModel* model);
    // Where a failed commit's message box appears; without one only commitFailed() tells. The
    // box says the database's message and names the objects refused; the statement and its
    // values are in its details.
    void setMessageParent(QWidget* widget) { m_messageParent = widget; }

    // Whether a commit would write something: new, deleted or modified objects, or changes
    // flushed in the open transaction. Attributes written directly on objects (not through
    // Session::setValue or a model) are seen at the next signal or updateActions().
    bool hasChanges() const;

public slots:
    // False when the commit failed; nothing is lost then, the edits can be fixed and committed.
    bool commit();
    void rollback();
    // Re-evaluates the enabled states now (they follow the Session's signals on their own).
    void updateActions();

signals:
    // Commit is starting, nothing flushed yet: views hand the value of an open cell editor to
    // their model here, so that the commit includes what is being typed.
    void aboutToCommit();
    void commitFailed(const QString& message, const QList<orm::Object>& objects);

private:
    void scheduleUpdate();
    void showFailure(const Error& error, const QList<Object>& objects);

    QPointer<Session> m_session;
    QUndoStack* m_stack;
    QAction* m_commit;
    QAction* m_rollback;
    QAction* m_undo;
    QAction* m_redo;
    QPointer<QWidget> m_messageParent;
    QPointer<QMessageBox> m_messageBox; // the failure shown now
    bool m_flushedChanges = false;      // a flush wrote in the open transaction
    bool m_updateQueued = false;
};

} // namespace orm::ui
