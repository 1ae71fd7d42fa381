#include "ui/sessionactions.h"

#include "orm/errors.h"
#include "ui/objecttablemodel.h"

#include <QAction>
#include <QMessageBox>
#include <QUndoStack>

namespace orm::ui {

SessionActions::SessionActions(Session& session, QObject* parent)
    : QObject(parent), m_session(&session), m_stack(new QUndoStack(this))
{
    m_commit = new QAction(tr("&Commit"), this);
    m_commit->setShortcut(QKeySequence::Save);
    m_commit->setToolTip(tr("Write every change to the database"));
    connect(m_commit, &QAction::triggered, this, [this] { commit(); });

    m_rollback = new QAction(tr("&Rollback"), this);
    m_rollback->setToolTip(tr("Discard every change not committed yet"));
    connect(m_rollback, &QAction::triggered, this, &SessionActions::rollback);

    m_undo = m_stack->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcuts(QKeySequence::Undo);
    m_redo = m_stack->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcuts(QKeySequence::Redo);

    // Edits come in bursts (a paste, a script): the enabled states are worked out once after.
    connect(m_session, &Session::objectAdded, this, &SessionActions::scheduleUpdate);
    connect(m_session, &Session::objectChanged, this, &SessionActions::scheduleUpdate);
    connect(m_session, &Session::objectDeleted, this, &SessionActions::scheduleUpdate);
    connect(m_session, &Session::flushed, this, [this] {
        m_flushedChanges = true;
        scheduleUpdate();
    });
    // A commit or rollback made in code settles the edits as well.
    const auto settled = [this] {
        m_flushedChanges = false;
        m_stack->clear();
        updateActions();
    };
    connect(m_session, &Session::committed, this, settled);
    connect(m_session, &Session::rolledBack, this, settled);
    connect(m_stack, &QUndoStack::indexChanged, this, &SessionActions::scheduleUpdate);
    updateActions();
}

SessionActions::~SessionActions() = default;

QList<QAction*> SessionActions::actions() const
{
    return {m_commit, m_rollback, m_undo, m_redo};
}

void SessionActions::track(ObjectTableModel* model)
{
    model->setUndoStack(m_stack);
}

bool SessionActions::hasChanges() const
{
    if (!m_session)
        return false;
    return m_flushedChanges || !m_session->newObjects().isEmpty() ||
           !m_session->deletedObjects().isEmpty() || !m_session->dirtyObjects().isEmpty();
}

void SessionActions::scheduleUpdate()
{
    if (m_updateQueued)
        return;
    m_updateQueued = true;
    QMetaObject::invokeMethod(this, &SessionActions::updateActions, Qt::QueuedConnection);
}

void SessionActions::updateActions()
{
    m_updateQueued = false;
    const bool changes = hasChanges();
    m_commit->setEnabled(changes);
    m_rollback->setEnabled(changes);
}

bool SessionActions::commit()
{
    if (!m_session)
        return false;
    try {
        m_session->commit();
        return true;
    } catch (const Error& error) {
        // The Session kept every change: the user fixes the object named and commits again.
        const QList<Object> objects = m_session->failedObjects();
        updateActions();
        emit commitFailed(error.message(), objects);
        if (m_messageParent) {
            QStringList names;
            for (const Object& o : objects)
                names << o.state().describe();
            QMessageBox box(QMessageBox::Warning, tr("Commit failed"),
                            tr("The database refused the changes. Nothing was lost: correct "
                               "them and commit again, or roll back."),
                            QMessageBox::Ok, m_messageParent);
            box.setInformativeText(names.isEmpty()
                                       ? QString()
                                       : tr("Object: %1").arg(names.join(QStringLiteral(", "))));
            box.setDetailedText(error.message());
            box.exec();
        }
        return false;
    }
}

void SessionActions::rollback()
{
    // Session::rollback() does not throw: a lost connection has rolled back by itself.
    if (m_session)
        m_session->rollback();
}

} // namespace orm::ui
