#include "app/celldelegate.h"

#include <QKeyEvent>
#include <QWidget>

namespace browser {

CellDelegate::CellDelegate(orm::Session& session, QObject* parent)
    : orm::ui::EntityDelegate(session, parent)
{}

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
