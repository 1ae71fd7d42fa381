#include "app/celldelegate.h"

#include <QAbstractItemView>
#include <QKeyEvent>
#include <QWidget>

namespace browser {

CellDelegate::CellDelegate(orm::Session& session, QObject* parent)
    : orm::ui::EntityDelegate(session, parent)
{}

void CellDelegate::finishEditing(QAbstractItemView* view)
{
    auto* delegate = qobject_cast<CellDelegate*>(view->itemDelegate());
    QWidget* editor = view->indexWidget(view->currentIndex());
    if (!delegate || !editor)
        return;
    emit delegate->commitData(editor);
    emit delegate->closeEditor(editor, QAbstractItemDelegate::NoHint);
}

bool CellDelegate::eventFilter(QObject* object, QEvent* event)
{
    // The view installs the delegate on each editor it opens. A shortcut is offered to the
    // focused editor (ShortcutOverride) before it triggers its action: the moment to commit
    // the editor's value, while the Save shortcut still goes on to Commit.
    if (event->type() == QEvent::ShortcutOverride &&
        static_cast<QKeyEvent*>(event)->matches(QKeySequence::Save)) {
        if (auto* editor = qobject_cast<QWidget*>(object)) {
            emit commitData(editor);
            emit closeEditor(editor, QAbstractItemDelegate::NoHint);
        }
        return false;
    }
    return orm::ui::EntityDelegate::eventFilter(object, event);
}

} // namespace browser
