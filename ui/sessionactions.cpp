#include "ui/sessionactions.h"

#include "orm/errors.h"
#include "ui/displaynames.h"
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
    emit aboutToCommit();
    try {
        m_session->commit();
        return true;
    } catch (const Error& error) {
        // The Session kept every change: the user fixes the object named and commits again.
        const QList<Object> objects = m_session->failedObjects();
        updateActions();
        emit commitFailed(error.message(), objects);
        if (m_messageParent)
            showFailure(error, objects);
        return false;
    }
}

void SessionActions::showFailure(const Error& error, const QList<Object>& objects)
{
    // Window-modal but without a loop of its own: commit() returns, and the window behind
    // stays as it was. A box of an earlier failure goes: this one says what is wrong now.
    if (m_messageBox)
        m_messageBox->close();
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Commit failed"),
                                tr("The database refused the changes. Nothing was lost: correct "
                                   "them and commit again, or roll back."),
                                QMessageBox::Ok, m_messageParent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText); // a database message may contain '<'

    // What the user acts on: the database's own words and the objects, readable. The
    // statement, its values and the objects' keys are for whoever debugs it.
    const auto* database = dynamic_cast<const DatabaseError*>(&error);
    const QString reason = database && !database->driverMessage().trimmed().isEmpty()
                               ? database->driverMessage().trimmed()
                               : error.message();
    QStringList readable;
    QStringList technical;
    for (const Object& o : objects) {
        readable << objectDisplayName(o);
        technical << o.state().describe();
    }
    QString informative = reason;
    if (!readable.isEmpty())
        informative += QStringLiteral("\n\n") +
                       (readable.size() == 1 ? tr("Object refused: %1") : tr("Objects refused: %1"))
                           .arg(readable.join(QStringLiteral(", ")));
    box->setInformativeText(informative);
    QString details = error.message();
    if (!technical.isEmpty())
        details +=
            QStringLiteral("\n") + tr("Objects: %1").arg(technical.join(QStringLiteral(", ")));
    box->setDetailedText(details);
    m_messageBox = box;
    box->open();
}

void SessionActions::rollback()
{
    // Session::rollback() does not throw: a lost connection has rolled back by itself.
    if (m_session)
        m_session->rollback();
}

} // namespace orm::ui
