#pragma once
// ObjectEditCommand is one undoable edit made through an ObjectTableModel (a cell, inserted
// rows, removed rows, a reverted row) on a QUndoStack. The edit has already been made when
// the command is pushed, so the stack's first redo() does nothing: a failing edit is refused
// before it ever reaches the stack.

#include <QUndoCommand>
#include <functional>

namespace orm::ui {

class ObjectEditCommand : public QUndoCommand {
public:
    ObjectEditCommand(const QString& text, std::function<void()> redo, std::function<void()> undo);

    void redo() override;
    void undo() override;

private:
    std::function<void()> m_redo;
    std::function<void()> m_undo;
    bool m_done = true; // made before push(): the push's redo() is skipped
};

} // namespace orm::ui
