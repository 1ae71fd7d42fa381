#include "app/browsertab.h"

#include "app/filterheader.h"
#include "orm/session/session.h"
#include "ui/entitytablemodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <functional>

namespace browser {

namespace {

constexpr int MaxColumnWidth = 320;

// The rows of `location`: the whole table, or what its parent is related to.
orm::QueryBase queryOf(orm::Session& session, const orm::Mapper& mapper, const Location& location)
{
    orm::QueryBase query = session.query(mapper);
    if (!location.parent)
        return query;
    return query.withParent(location.parent,
                            location.parent.mapper().relationshipNamed(location.relationship));
}

// Emits a signal when the viewport's size changes: more or fewer rows come into sight.
class ResizeWatcher : public QObject {
public:
    ResizeWatcher(QWidget* watched, std::function<void()> onResize)
        : QObject(watched), m_onResize(std::move(onResize))
    {
        watched->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Resize)
            m_onResize();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onResize;
};

} // namespace

BrowserTab::BrowserTab(orm::Session& session, const orm::Mapper& mapper, const Location& location,
                       QWidget* parent)
    : QWidget(parent), m_mapper(&mapper), m_location(location)
{
    m_model = new orm::ui::EntityTableModel(session, queryOf(session, mapper, location), this);

    m_view = new QTableView;
    m_view->setAccessibleName(tr("Rows of %1").arg(title()));
    m_header = new FilterHeader(m_view);
    m_view->setModel(m_model);
    // Sorting by a click on a header. No indicator until then: the rows come in the table's
    // order (QTableView::setSortingEnabled() would sort by the first column at once, running
    // the query a second time).
    m_header->setSortIndicator(-1, Qt::AscendingOrder);
    m_header->setSortIndicatorShown(true);
    // A third click on the sorted column goes back to the table's order (its primary key), as
    // in DB Browser for SQLite: ascending, descending, unsorted.
    m_header->setSortIndicatorClearable(true);
    connect(m_header, &QHeaderView::sortIndicatorChanged, m_model,
            [this](int column, Qt::SortOrder order) { m_model->sort(column, order); });
    m_header->setSectionsClickable(true);
    m_header->setHighlightSections(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab moves on to the next pane, arrows move in the table
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setFocusProxy(m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                emit currentObjectChanged(current.isValid() ? m_model->objectAt(current.row())
                                                            : orm::Object());
            });
    const auto inSight = [this] { emit rowsInSightChanged(); };
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, inSight);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, inSight);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, inSight);
    connect(m_model, &QAbstractItemModel::modelReset, this, inSight);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, inSight);
    new ResizeWatcher(m_view->viewport(), inSight);

    // The first page now: the tab can be read before it is painted, and the columns fit it.
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    m_view->resizeColumnsToContents();
    for (int column = 0; column < m_model->columnCount(); ++column) {
        if (m_view->columnWidth(column) > MaxColumnWidth)
            m_view->setColumnWidth(column, MaxColumnWidth);
    }
}

BrowserTab::~BrowserTab() = default;

QString BrowserTab::title() const
{
    return NavigationHistory::describe(m_location);
}

orm::Object BrowserTab::currentObject() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->objectAt(current.row()) : orm::Object();
}

bool BrowserTab::selectObject(const orm::Object& object)
{
    const int row = m_model->rowOf(object);
    if (row < 0)
        return false;
    const int column = std::max(0, m_view->currentIndex().column());
    const QModelIndex index = m_model->index(row, column);
    m_view->setCurrentIndex(index);
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

std::pair<int, int> BrowserTab::visibleRows() const
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return {-1, -1};
    const int first = m_view->rowAt(0);
    if (first < 0)
        return {-1, -1};
    int last = m_view->rowAt(m_view->viewport()->height() - 1);
    if (last < 0)
        last = rows - 1;
    return {first, last};
}

} // namespace browser
