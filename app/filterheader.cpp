#include "app/filterheader.h"

#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

namespace browser {

using Filter = orm::ui::EntityTableModel::Filter;

namespace {

// The operators written before a value, longest first so that ">=" is not read as ">".
struct Prefix {
    QStringView text;
    Filter::Op op;
};
constexpr Prefix Prefixes[] = {
    {u">=", Filter::GreaterOrEqual}, {u"<=", Filter::LessOrEqual}, {u"<>", Filter::NotEquals},
    {u"!=", Filter::NotEquals},      {u">", Filter::Greater},      {u"<", Filter::Less},
    {u"=", Filter::Equals},
};

QString syntaxHelp()
{
    return FilterHeader::tr("Filter: text (contains), =value, <>value, >5, >=5, <5, <=5, "
                            "10..20, NULL, NOT NULL");
}

} // namespace

FilterHeader::FilterHeader(QTableView* view) : QHeaderView(Qt::Horizontal, view)
{
    // What QTableView sets on the header it makes itself.
    setSectionsClickable(true);
    setHighlightSections(true);
    m_editorHeight = QLineEdit().sizeHint().height();
    // The labels keep the top of the header; the filter lines go in the margin below them.
    setViewportMargins(0, 0, 0, m_editorHeight);
    connect(this, &QHeaderView::sectionResized, this, &FilterHeader::placeEditors);
    connect(this, &QHeaderView::sectionMoved, this, [this] {
        placeEditors();
        orderTabs();
    });
    connect(this, &QHeaderView::sectionCountChanged, this, [this](int, int count) {
        if (count != m_lines.size())
            rebuild();
    });
    // Scrolling moves the sections (setOffset), which says nothing of its own.
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this,
            &FilterHeader::placeEditors);
    view->setHorizontalHeader(this);
    rebuild();
}

FilterHeader::~FilterHeader() = default;

std::optional<Filter> FilterHeader::parseFilter(const QString& text, QString* error)
{
    if (error)
        error->clear();
    const auto fail = [&](const QString& message) -> std::optional<Filter> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    if (t.compare(u"NULL", Qt::CaseInsensitive) == 0)
        return Filter{Filter::IsNull, {}, {}};
    static const QRegularExpression notNull(QStringLiteral("^(NOT\\s+|!\\s*)NULL$"),
                                            QRegularExpression::CaseInsensitiveOption);
    if (notNull.match(t).hasMatch())
        return Filter{Filter::IsNotNull, {}, {}};
    for (const Prefix& prefix : Prefixes) {
        if (!t.startsWith(prefix.text))
            continue;
        const QString value = t.mid(prefix.text.size()).trimmed();
        if (value.isEmpty())
            return fail(tr("“%1” needs a value after it").arg(prefix.text));
        return Filter{prefix.op, value, {}};
    }
    if (const qsizetype dots = t.indexOf(u".."); dots >= 0) {
        const QString lower = t.left(dots).trimmed();
        const QString upper = t.mid(dots + 2).trimmed();
        if (lower.isEmpty() || upper.isEmpty())
            return fail(tr("A range needs a value on both sides of “..”, as in 10..20"));
        return Filter{Filter::Between, lower, upper};
    }
    return Filter{Filter::Contains, t, {}};
}

QString FilterHeader::filterText(const Filter& filter)
{
    const QString value = filter.value.toString();
    switch (filter.op) {
    case Filter::Contains:
        return value;
    case Filter::Between:
        return value + QStringLiteral("..") + filter.upperValue.toString();
    case Filter::IsNull:
        return QStringLiteral("NULL");
    case Filter::IsNotNull:
        return QStringLiteral("NOT NULL");
    default:
        break;
    }
    for (const Prefix& prefix : Prefixes) {
        if (prefix.op == filter.op)
            return prefix.text.toString() + value;
    }
    return value;
}

void FilterHeader::setModel(QAbstractItemModel* model)
{
    if (model == this->model())
        return;
    QHeaderView::setModel(model);
    rebuild();
}

QLineEdit* FilterHeader::editor(int section) const
{
    return section >= 0 && section < m_lines.size() ? m_lines[section].edit : nullptr;
}

void FilterHeader::clearFilters()
{
    for (int section = 0; section < m_lines.size(); ++section) {
        m_lines[section].timer->stop();
        m_lines[section].edit->clear();
        clearError(section);
    }
    if (orm::ui::EntityTableModel* model = entityModel())
        model->clearFilters();
}

void FilterHeader::setDelay(int milliseconds)
{
    m_delay = milliseconds;
    for (const Line& line : std::as_const(m_lines))
        line.timer->setInterval(milliseconds);
}

bool FilterHeader::hasError(int section) const
{
    return !errorText(section).isEmpty();
}

QString FilterHeader::errorText(int section) const
{
    return section >= 0 && section < m_lines.size() ? m_lines[section].error : QString();
}

QSize FilterHeader::sizeHint() const
{
    QSize size = QHeaderView::sizeHint();
    size.rheight() += m_editorHeight;
    return size;
}

void FilterHeader::updateGeometries()
{
    QHeaderView::updateGeometries();
    placeEditors();
}

orm::ui::EntityTableModel* FilterHeader::entityModel() const
{
    return qobject_cast<orm::ui::EntityTableModel*>(model());
}

void FilterHeader::rebuild()
{
    for (const Line& line : std::as_const(m_lines))
        delete line.edit; // the timer is the line's child
    m_lines.clear();
    orm::ui::EntityTableModel* entities = entityModel();
    for (int section = 0; section < count(); ++section) {
        Line line;
        line.edit = new QLineEdit(this);
        line.edit->setPlaceholderText(tr("Filter"));
        line.edit->setClearButtonEnabled(true);
        line.edit->setToolTip(syntaxHelp());
        const QString label = model()->headerData(section, Qt::Horizontal).toString();
        line.edit->setAccessibleName(tr("Filter %1").arg(label));
        line.edit->setEnabled(entities && entities->propertyAt(section) >= 0);
        if (entities) {
            if (const std::optional<Filter> filter = entities->filter(section))
                line.edit->setText(filterText(*filter));
        }
        line.timer = new QTimer(line.edit);
        line.timer->setSingleShot(true);
        line.timer->setInterval(m_delay);
        connect(line.timer, &QTimer::timeout, this, [this, section] { apply(section); });
        connect(line.edit, &QLineEdit::textEdited, line.timer, qOverload<>(&QTimer::start));
        connect(line.edit, &QLineEdit::returnPressed, this, [this, section] { apply(section); });
        line.edit->show();
        m_lines.append(line);
    }
    placeEditors();
    orderTabs();
}

void FilterHeader::orderTabs()
{
    // Tab goes from line to line in the order the columns show, not the model's.
    QLineEdit* previous = nullptr;
    for (int visual = 0; visual < count(); ++visual) {
        QLineEdit* edit = editor(logicalIndex(visual));
        if (previous && edit)
            setTabOrder(previous, edit);
        previous = edit;
    }
}

void FilterHeader::placeEditors()
{
    const int top = viewport()->geometry().bottom() + 1;
    const int left = viewport()->x();
    for (int section = 0; section < m_lines.size(); ++section) {
        QLineEdit* edit = m_lines[section].edit;
        // Hiding a section first resizes it to nothing, then marks it hidden.
        if (isSectionHidden(section) || sectionSize(section) == 0) {
            edit->hide();
            continue;
        }
        edit->setGeometry(left + sectionViewportPosition(section), top, sectionSize(section),
                          m_editorHeight);
        edit->show();
    }
}

void FilterHeader::apply(int section)
{
    Line& line = m_lines[section];
    line.timer->stop();
    orm::ui::EntityTableModel* model = entityModel();
    if (!model || !line.edit->isEnabled())
        return;
    QString error;
    std::optional<Filter> filter = parseFilter(line.edit->text(), &error);
    if (filter && error.isEmpty())
        error = check(section, *filter);
    if (!filter || !error.isEmpty()) {
        if (error.isEmpty())
            clearError(section);
        else
            showError(section, error);
        model->clearFilter(section); // nothing to apply, or nothing that fits
        return;
    }
    const std::optional<Filter> current = model->filter(section);
    if (current && current->op == filter->op && current->value == filter->value &&
        current->upperValue == filter->upperValue) {
        clearError(section); // the same SQL again: no need to run it
        return;
    }
    // The model says why it refused a filter through its error signal.
    QString refused;
    const QMetaObject::Connection c =
        connect(model, &orm::ui::ObjectTableModel::errorOccurred, this,
                [&refused](const QString& message) { refused = message; });
    const bool ok = model->setFilter(section, *filter);
    disconnect(c);
    if (ok) {
        clearError(section);
        return;
    }
    showError(section, refused.isEmpty() ? tr("This filter does not fit the column") : refused);
    model->clearFilter(section);
}

QString FilterHeader::check(int section, Filter& filter) const
{
    const orm::ui::EntityTableModel* model = entityModel();
    const int property = model->propertyAt(section);
    if (property < 0)
        return tr("Only columns can be filtered");
    const orm::Column& column = *model->mapper().property(property).column;
    if (filter.op == Filter::Contains) {
        if (column.type().isText())
            return {};
        filter.op = Filter::Equals; // "5" on a number means the number 5
    }
    if (filter.op == Filter::IsNull || filter.op == Filter::IsNotNull)
        return {};
    // The model converts the values the same way; checking first gives the reason to show.
    QString error;
    for (const QVariant& value : {filter.value, filter.upperValue}) {
        orm::ui::ObjectTableModel::convertValue(column, value, &error);
        if (!error.isEmpty() || filter.op != Filter::Between)
            break;
    }
    return error;
}

void FilterHeader::showError(int section, const QString& message)
{
    Line& line = m_lines[section];
    line.error = message;
    QPalette palette = line.edit->palette();
    palette.setColor(QPalette::Base, QColor(0xff, 0xd0, 0xd0));
    palette.setColor(QPalette::Text, Qt::black);
    line.edit->setPalette(palette);
    line.edit->setToolTip(message);
    line.edit->setAccessibleDescription(message);
    emit filterError(section, message);
}

void FilterHeader::clearError(int section)
{
    Line& line = m_lines[section];
    if (line.error.isEmpty())
        return;
    line.error.clear();
    line.edit->setPalette(QPalette());
    line.edit->setToolTip(syntaxHelp());
    line.edit->setAccessibleDescription({});
}

} // namespace browser
