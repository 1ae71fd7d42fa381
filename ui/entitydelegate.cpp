#include "ui/entitydelegate.h"

#include "orm/errors.h"
#include "ui/foreignkeypicker.h"
#include "ui/objecttablemodel.h"
#include "ui/sqlliteral.h"

#include <QAction>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QStyle>
#include <QTimeEdit>

namespace orm::ui {

namespace {

const char* const NullProperty = "qtorm_null";         // the editor's value is NULL
const char* const NullableProperty = "qtorm_nullable"; // the editor may be set to NULL

// Date editors show NULL as their minimum, a day nobody edits, with this text.
const QDateTime NullDateTime(QDate(100, 1, 1), QTime(0, 0));

bool isNull(const QVariant& value)
{
    return !value.isValid() || value.isNull();
}

} // namespace

EntityDelegate::EntityDelegate(Session& session, QObject* parent)
    : QStyledItemDelegate(parent), m_session(&session)
{}

EntityDelegate::ColumnInfo EntityDelegate::info(const QModelIndex& index) const
{
    ColumnInfo info;
    info.model = qobject_cast<const ObjectTableModel*>(index.model());
    if (!info.model)
        return info;
    const Table& table = info.model->mapper().table();
    if (const int p = info.model->propertyAt(index.column()); p >= 0) {
        info.column = info.model->mapper().property(p).column;
        info.nullable = info.column->isNullable();
        for (const ForeignKeyConstraint& fk : table.foreignKeys()) {
            if (fk.columns != QStringList{info.column->name()})
                continue;
            info.target = fk.referredTable(*table.metadata());
            if (info.target)
                info.targetKey = &info.target->column(fk.targetColumns.value(0));
        }
        return info;
    }
    const Relationship* relationship = info.model->relationshipAt(index.column());
    if (relationship && relationship->direction() == RelationshipDirection::ManyToOne &&
        relationship->pairs().size() == 1) {
        info.relationship = relationship;
        info.target = &relationship->target().table();
        info.targetKey = relationship->pairs().front().second;
        info.nullable = relationship->pairs().front().first->isNullable();
    }
    return info;
}

bool EntityDelegate::isLongText(const Column& column)
{
    return column.type().kind() == TypeKind::Text ||
           (column.type().kind() == TypeKind::String && column.type().length() > 255);
}

// ---- drawing ------------------------------------------------------------------------------------

void EntityDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const ColumnInfo column = info(index);
    if (!column.column && !column.relationship)
        return;
    const QVariant value = index.data(Qt::EditRole);
    if (column.column && column.column->type().kind() == TypeKind::Boolean) {
        option->features |= QStyleOptionViewItem::HasCheckIndicator;
        option->checkState = isNull(value)    ? Qt::PartiallyChecked
                             : value.toBool() ? Qt::Checked
                                              : Qt::Unchecked;
        option->text.clear();
        return;
    }
    if (isNull(value)) {
        // A new row's generated key is not NULL: it is not known yet.
        if (column.column && column.column->isPrimaryKey())
            return;
        option->text = tr("NULL");
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text,
                                 option->palette.color(QPalette::Disabled, QPalette::Text));
        return;
    }
    // Dates and times as their editors write them, the same in every locale.
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        option->text = tr("%1 blob").arg(byteSize(value.toByteArray().size()));
        break;
    case QMetaType::QDate:
        option->text = value.toDate().toString(Qt::ISODate);
        break;
    case QMetaType::QTime:
        option->text = value.toTime().toString(QStringLiteral("HH:mm:ss"));
        break;
    case QMetaType::QDateTime:
        option->text = value.toDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        break;
    default:
        break;
    }
}

bool EntityDelegate::editorEvent(QEvent* event, QAbstractItemModel* model,
                                 const QStyleOptionViewItem& option, const QModelIndex& index)
{
    // Booleans have no editor: a click or Space toggles them (NULL becomes true).
    const ColumnInfo column = info(index);
    if (!column.column || column.column->type().kind() != TypeKind::Boolean ||
        !(index.flags() & Qt::ItemIsEditable))
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    bool toggle = false;
    switch (event->type()) {
    case QEvent::MouseButtonRelease:
        toggle = static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton &&
                 option.rect.contains(static_cast<QMouseEvent*>(event)->position().toPoint());
        break;
    case QEvent::MouseButtonDblClick:
        return true; // no editor to open
    case QEvent::KeyPress: {
        const int key = static_cast<QKeyEvent*>(event)->key();
        toggle = key == Qt::Key_Space || key == Qt::Key_Select;
        break;
    }
    default:
        break;
    }
    if (!toggle)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const QVariant value = index.data(Qt::EditRole);
    model->setData(index, isNull(value) || !value.toBool(), Qt::EditRole);
    return true;
}

// ---- editing ------------------------------------------------------------------------------------

QWidget* EntityDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                      const QModelIndex& index) const
{
    const ColumnInfo column = info(index);
    if (!column.model || !m_session)
        return QStyledItemDelegate::createEditor(parent, option, index);
    QWidget* editor = nullptr;
    if (column.target && column.targetKey) {
        auto* picker = new ForeignKeyPicker(*m_session, *column.target, *column.targetKey, parent);
        picker->setLimit(m_pickerLimit);
        picker->setSearchDelay(m_pickerDelay);
        auto* self = const_cast<EntityDelegate*>(this);
        connect(picker, &ForeignKeyPicker::activated, self, [self, picker] {
            emit self->commitData(picker);
            emit self->closeEditor(picker, QAbstractItemDelegate::NoHint);
        });
        editor = picker;
    } else if (!column.column) {
        return nullptr; // a relationship this delegate cannot pick for
    } else {
        switch (column.column->type().kind()) {
        case TypeKind::Boolean:
        case TypeKind::LargeBinary:
            return nullptr; // toggled in place; bytes are not text
        case TypeKind::Date:
        case TypeKind::Time:
        case TypeKind::DateTime: {
            const TypeKind kind = column.column->type().kind();
            QDateTimeEdit* edit = kind == TypeKind::Date   ? new QDateEdit(parent)
                                  : kind == TypeKind::Time ? new QTimeEdit(parent)
                                                           : new QDateTimeEdit(parent);
            if (kind == TypeKind::DateTime)
                edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            else if (kind == TypeKind::Date)
                edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
            else
                edit->setDisplayFormat(QStringLiteral("HH:mm:ss"));
            edit->setCalendarPopup(kind != TypeKind::Time);
            if (column.nullable && kind == TypeKind::Time) {
                // A time has no value below midnight to stand for NULL: the minimum reads NULL
                // only while the editor is NULL, and any change of time makes it a time again
                // (so midnight can be entered).
                connect(edit, &QDateTimeEdit::timeChanged, edit, [edit](QTime time) {
                    if (time != edit->minimumTime())
                        edit->setSpecialValueText(QString());
                });
            } else if (column.nullable) {
                // The minimum stands for NULL and reads so.
                edit->setMinimumDateTime(NullDateTime);
                edit->setSpecialValueText(tr("NULL"));
            }
            editor = edit;
            break;
        }
        default:
            if (isLongText(*column.column)) {
                auto* text = new QPlainTextEdit(parent);
                connect(text, &QPlainTextEdit::textChanged, text, [text] {
                    if (!text->toPlainText().isEmpty())
                        text->setProperty(NullProperty, false);
                });
                editor = text;
            } else {
                auto* line = new QLineEdit(parent);
                line->setFrame(false);
                connect(line, &QLineEdit::textEdited, line,
                        [line] { line->setProperty(NullProperty, false); });
                editor = line;
            }
        }
    }
    editor->setProperty(NullableProperty, column.nullable);
    if (auto* line = qobject_cast<QLineEdit*>(editor); line && column.nullable) {
        QAction* setNull =
            line->addAction(line->style()->standardIcon(QStyle::SP_LineEditClearButton),
                            QLineEdit::TrailingPosition);
        setNull->setToolTip(tr("Set NULL (Ctrl+Delete)"));
        connect(setNull, &QAction::triggered, line, [line] { setEditorNull(line, true); });
    }
    editor->setAutoFillBackground(true);
    return editor;
}

void EntityDelegate::setEditorNull(QWidget* editor, bool null)
{
    if (auto* edit = qobject_cast<QDateTimeEdit*>(editor)) {
        if (null && editor->property(NullableProperty).toBool()) {
            edit->setSpecialValueText(tr("NULL"));
            edit->setDateTime(edit->minimumDateTime());
        }
        return;
    }
    if (null) {
        if (auto* picker = qobject_cast<ForeignKeyPicker*>(editor))
            picker->setKey(QVariant(), QString());
        else if (auto* line = qobject_cast<QLineEdit*>(editor))
            line->clear();
        else if (auto* text = qobject_cast<QPlainTextEdit*>(editor))
            text->clear();
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor))
        line->setPlaceholderText(null ? tr("NULL") : QString());
    else if (auto* text = qobject_cast<QPlainTextEdit*>(editor))
        text->setPlaceholderText(null ? tr("NULL") : QString());
    editor->setProperty(NullProperty, null);
}

bool EntityDelegate::isEditorNull(const QWidget* editor)
{
    if (auto* edit = qobject_cast<const QDateTimeEdit*>(editor))
        return !edit->specialValueText().isEmpty() && edit->dateTime() == edit->minimumDateTime();
    if (auto* picker = qobject_cast<const ForeignKeyPicker*>(editor))
        return !picker->key().isValid();
    return editor->property(NullProperty).toBool();
}

void EntityDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    const ColumnInfo column = info(index);
    const QVariant value = index.data(Qt::EditRole);
    if (auto* picker = qobject_cast<ForeignKeyPicker*>(editor)) {
        if (column.relationship) {
            const Object owner = index.data(ObjectTableModel::ObjectRole).value<Object>();
            const QString localName = column.model->mapper()
                                          .property(column.model->mapper().indexOf(
                                              column.relationship->pairs().front().first))
                                          .name;
            const QVariant key = owner ? owner.value(localName) : QVariant();
            picker->setKey(isNull(key) ? QVariant() : key, index.data(Qt::DisplayRole).toString());
        } else {
            picker->setKey(isNull(value) ? QVariant() : value,
                           isNull(value) ? QString() : value.toString());
        }
        if (isNull(value))
            picker->setPlaceholderText(tr("NULL"));
        return;
    }
    if (auto* edit = qobject_cast<QDateTimeEdit*>(editor)) {
        if (isNull(value)) {
            if (editor->property(NullableProperty).toBool())
                setEditorNull(edit, true);
            else
                edit->setDateTime(QDateTime::currentDateTime());
        } else if (value.typeId() == QMetaType::QDate) {
            edit->setDate(value.toDate());
        } else if (value.typeId() == QMetaType::QTime) {
            edit->setSpecialValueText(QString()); // a time, midnight included
            edit->setTime(value.toTime());
        } else {
            edit->setDateTime(value.toDateTime());
        }
        return;
    }
    if (auto* text = qobject_cast<QPlainTextEdit*>(editor)) {
        text->setPlainText(value.toString());
        setEditorNull(text, isNull(value));
        return;
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->setText(isNull(value) ? QString() : value.toString());
        setEditorNull(line, isNull(value) && column.nullable);
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void EntityDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                  const QModelIndex& index) const
{
    const ColumnInfo column = info(index);
    const bool null = editor->property(NullableProperty).toBool() && isEditorNull(editor);
    if (auto* picker = qobject_cast<ForeignKeyPicker*>(editor)) {
        if (!column.relationship) {
            model->setData(index, null ? QVariant() : picker->key(), Qt::EditRole);
            return;
        }
        Object target;
        if (!null && m_session) {
            try {
                target = m_session->get(column.relationship->target(), {picker->key()});
            } catch (const Error& error) {
                emit const_cast<ObjectTableModel*>(column.model)->errorOccurred(error.message());
                return;
            }
        }
        model->setData(index, QVariant::fromValue(target), Qt::EditRole);
        return;
    }
    if (null) {
        model->setData(index, QVariant(), Qt::EditRole);
        return;
    }
    if (auto* edit = qobject_cast<QDateTimeEdit*>(editor)) {
        const TypeKind kind = column.column ? column.column->type().kind() : TypeKind::DateTime;
        model->setData(index,
                       kind == TypeKind::Date   ? QVariant(edit->date())
                       : kind == TypeKind::Time ? QVariant(edit->time())
                                                : QVariant(edit->dateTime()),
                       Qt::EditRole);
        return;
    }
    if (auto* text = qobject_cast<QPlainTextEdit*>(editor)) {
        model->setData(index, text->toPlainText(), Qt::EditRole);
        return;
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        model->setData(index, line->text(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

bool EntityDelegate::eventFilter(QObject* object, QEvent* event)
{
    auto* editor = qobject_cast<QWidget*>(object);
    if (editor && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool control = key->modifiers() & Qt::ControlModifier;
        if (control && key->key() == Qt::Key_Delete &&
            editor->property(NullableProperty).toBool()) {
            setEditorNull(editor, true);
            return true;
        }
        if (control && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            qobject_cast<QPlainTextEdit*>(editor)) {
            emit commitData(editor);
            emit closeEditor(editor, QAbstractItemDelegate::SubmitModelCache);
            return true;
        }
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

} // namespace orm::ui
