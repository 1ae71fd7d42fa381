#include "ui/foreignkeypicker.h"

#include "orm/errors.h"
#include "orm/sql/select.h"

#include <QKeyEvent>
#include <QListWidget>
#include <QTimer>

namespace orm::ui {

namespace {

const Column& labelFor(const Table& table, const Column& key)
{
    for (const Column* column : table.columns()) {
        if (column != &key && !column->isPrimaryKey() && column->type().isText())
            return *column;
    }
    return key;
}

QString escapeLike(QString text)
{
    text.replace(u'/', QStringLiteral("//"));
    text.replace(u'%', QStringLiteral("/%"));
    text.replace(u'_', QStringLiteral("/_"));
    return text;
}

} // namespace

ForeignKeyPicker::ForeignKeyPicker(Session& session, const Table& target, const Column& keyColumn,
                                   QWidget* parent)
    : QLineEdit(parent), m_session(&session), m_target(&target), m_keyColumn(&keyColumn),
      m_label(&labelFor(target, keyColumn)), m_list(new QListWidget(this)),
      m_delay(new QTimer(this))
{
    setPlaceholderText(tr("Type to search %1").arg(target.name()));
    // A tool window, not a popup: it takes no keyboard grab, so typing stays in the line edit.
    m_list->setWindowFlags(Qt::ToolTip | Qt::FramelessWindowHint);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setUniformItemSizes(true);
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        choose(m_list->row(item));
        emit activated(m_key);
    });
    m_delay->setSingleShot(true);
    m_delay->setInterval(150);
    connect(m_delay, &QTimer::timeout, this, [this] { search(text()); });
    connect(this, &QLineEdit::textEdited, m_delay, qOverload<>(&QTimer::start));
}

ForeignKeyPicker::~ForeignKeyPicker() = default;

void ForeignKeyPicker::setSearchDelay(int milliseconds)
{
    m_delay->setInterval(milliseconds);
}

void ForeignKeyPicker::setKey(const QVariant& key, const QString& label)
{
    m_key = key;
    setText(label);
}

int ForeignKeyPicker::resultCount() const
{
    return m_list->count();
}

void ForeignKeyPicker::search(const QString& text)
{
    m_delay->stop();
    m_list->clear();
    if (!m_session)
        return;
    const Expr key(*m_keyColumn);
    const Expr label(*m_label);
    Select query = select({key, label});
    const QString typed = text.trimmed();
    if (!typed.isEmpty()) {
        Expr matches = label.ilike(u'%' + escapeLike(typed) + u'%', u'/');
        bool isNumber = false;
        const qlonglong number = typed.toLongLong(&isNumber);
        if (isNumber && m_keyColumn->type().isInteger())
            matches = matches || key == number;
        query = query.where(matches);
    }
    query = query.orderBy({label, key}).limit(m_limit);
    try {
        // Looking rows up never writes the user's pending edits.
        Session::NoAutoflush noAutoflush(*m_session);
        Result rows = m_session->execute(query);
        while (rows.next()) {
            const QVariant value = rows.value(0);
            const QString shown = rows.value(1).toString();
            auto* item = new QListWidgetItem(
                m_label == m_keyColumn ? shown : tr("%1 (#%2)").arg(shown, value.toString()));
            item->setData(Qt::UserRole, value);
            item->setData(Qt::UserRole + 1, shown);
            m_list->addItem(item);
        }
    } catch (const Error& error) {
        emit errorOccurred(error.message());
        return;
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    showList();
}

void ForeignKeyPicker::choose(int row)
{
    QListWidgetItem* item = m_list->item(row);
    if (!item)
        return;
    setKey(item->data(Qt::UserRole), item->data(Qt::UserRole + 1).toString());
    m_list->hide();
}

void ForeignKeyPicker::showList()
{
    if (m_list->count() == 0) {
        m_list->hide();
        return;
    }
    placeList();
    m_list->show();
}

void ForeignKeyPicker::placeList()
{
    const int rows = std::min(m_list->count(), 10);
    const int rowHeight = std::max(m_list->sizeHintForRow(0), fontMetrics().height());
    m_list->setGeometry(QRect(mapToGlobal(QPoint(0, height())),
                              QSize(std::max(width(), 200), rows * rowHeight + 4)));
}

void ForeignKeyPicker::keyPressEvent(QKeyEvent* event)
{
    const bool listShown = m_list->isVisible() && m_list->count() > 0;
    switch (event->key()) {
    case Qt::Key_Down:
    case Qt::Key_Up:
        if (!listShown) {
            search(text());
        } else {
            const int step = event->key() == Qt::Key_Down ? 1 : -1;
            m_list->setCurrentRow(std::clamp(m_list->currentRow() + step, 0, m_list->count() - 1));
        }
        event->accept();
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        // A search still waiting runs first, so that Return right after typing picks its first row.
        if (m_delay->isActive())
            search(text());
        if (m_list->isVisible() && m_list->currentRow() >= 0)
            choose(m_list->currentRow());
        else if (text().trimmed().isEmpty())
            m_key = QVariant(); // emptied: no row
        break;
    case Qt::Key_Escape:
        m_list->hide();
        break;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

void ForeignKeyPicker::focusOutEvent(QFocusEvent* event)
{
    m_list->hide();
    QLineEdit::focusOutEvent(event);
}

void ForeignKeyPicker::moveEvent(QMoveEvent* event)
{
    if (m_list->isVisible())
        placeList();
    QLineEdit::moveEvent(event);
}

void ForeignKeyPicker::resizeEvent(QResizeEvent* event)
{
    if (m_list->isVisible())
        placeList();
    QLineEdit::resizeEvent(event);
}

} // namespace orm::ui
