#pragma once
// EntityDelegate draws and edits the cells of EntityTableModel and RelationshipModel by the
// column's type: NULL shown greyed and in italics as "NULL", apart from an empty string; dates,
// times and timestamps edited with date/time editors; booleans as a check box toggled with a
// click or Space; long text (TEXT, or strings over 255 characters) in a multi-line editor
// (Ctrl+Return ends it); blobs shown by their size ("2.1 KiB blob"), never as bytes, and not
// edited as text; foreign key columns and many-to-one relationship columns with a
// ForeignKeyPicker that searches the referenced table as one types. In any editor of a column
// that allows NULL, Ctrl+Delete (or the editor's NULL button) makes the value NULL.
//
//     view->setModel(model);
//     view->setItemDelegate(new orm::ui::EntityDelegate(session, view));

#include "orm/session/session.h"

#include <QPointer>
#include <QStyledItemDelegate>

namespace orm::ui {

class ObjectTableModel;

class EntityDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit EntityDelegate(Session& session, QObject* parent = nullptr);

    // Rows the foreign key picker lists per search (default 20).
    void setPickerLimit(int rows) { m_pickerLimit = rows; }
    int pickerLimit() const { return m_pickerLimit; }
    // How long the picker waits after a key before it searches (default 150 ms).
    void setPickerDelay(int milliseconds) { m_pickerDelay = milliseconds; }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;
    bool eventFilter(QObject* object, QEvent* event) override;

private:
    // What a column holds, as far as drawing and editing go.
    struct ColumnInfo {
        const ObjectTableModel* model = nullptr;
        const Column* column = nullptr;             // a property column
        const Relationship* relationship = nullptr; // a many-to-one relationship column
        const Table* target = nullptr;              // a foreign key's (or relationship's) table
        const Column* targetKey = nullptr;          // the column the foreign key refers to
        bool nullable = false;
    };
    ColumnInfo info(const QModelIndex& index) const;
    static bool isLongText(const Column& column);
    static void setEditorNull(QWidget* editor, bool null);
    static bool isEditorNull(const QWidget* editor);

    QPointer<Session> m_session;
    int m_pickerLimit = 20;
    int m_pickerDelay = 150;
};

} // namespace orm::ui
