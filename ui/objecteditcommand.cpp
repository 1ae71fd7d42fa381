#include "ui/objecteditcommand.h"

namespace orm::ui {

ObjectEditCommand::ObjectEditCommand(const QString& text, std::function<void()> redo,
                                     std::function<void()> undo)
    : m_redo(std::move(redo)), m_undo(std::move(undo))
{
    setText(text);
}

void ObjectEditCommand::redo()
{
    if (m_done) {
        m_done = false;
        return;
    }
    m_redo();
}

void ObjectEditCommand::undo()
{
    m_undo();
}

} // namespace orm::ui
