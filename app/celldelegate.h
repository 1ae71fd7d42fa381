#pragma once
// CellDelegate is how the browser's tables draw and edit cells (orm::ui::EntityDelegate), plus
// one thing a person expects: pressing Save (Ctrl+S) while a cell editor is open first hands
// the typed value to the model and closes the editor, so that the Commit the shortcut triggers
// writes it too (and is enabled by it when it was the first edit).
//
//     auto* delegate = new browser::CellDelegate(session, view);
//     view->setItemDelegate(delegate);
//     connect(delegate, &QAbstractItemDelegate::commitData, actions,
//             &orm::ui::SessionActions::updateActions);

#include "ui/entitydelegate.h"

class QAbstractItemView;

namespace browser {

class CellDelegate : public orm::ui::EntityDelegate {
    Q_OBJECT
public:
    explicit CellDelegate(orm::Session& session, QObject* parent = nullptr);

    // Hands the value of `view`'s open editor (if any) to the model and closes the editor:
    // what Commit does first, however it is triggered (shortcut, toolbar, menu).
    static void finishEditing(QAbstractItemView* view);

protected:
    bool eventFilter(QObject* object, QEvent* event) override;
};

} // namespace browser
