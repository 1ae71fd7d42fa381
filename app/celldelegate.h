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

namespace browser {

class CellDelegate : public orm::ui::EntityDelegate {
    Q_OBJECT
public:
    explicit CellDelegate(orm::Session& session, QObject* parent = nullptr);

protected:
    bool eventFilter(QObject* object, QEvent* event) override;
};

} // namespace browser
