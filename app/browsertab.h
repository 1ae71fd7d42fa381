#pragma once
// BrowserTab is one tab of the browser's middle area: the rows of a Location (a whole table, or
// the rows one object is related to) in a QTableView with a filter line under each column
// header (FilterHeader) and sorting by a click on a header (ascending, descending, then the
// table's order again), over an EntityTableModel of the open Session. Related rows are a query
// too (withParent), so they filter, sort and export like a table.

#include "app/navigationhistory.h"

#include <QWidget>

class QTableView;

namespace orm {
class Mapper;
class Session;
namespace ui {
class EntityTableModel;
}
} // namespace orm

namespace browser {

class FilterHeader;

class BrowserTab : public QWidget {
    Q_OBJECT
public:
    // Throws orm::Error when the rows cannot be queried (a relationship the parent lacks).
    BrowserTab(orm::Session& session, const orm::Mapper& mapper, const Location& location,
               QWidget* parent = nullptr);
    ~BrowserTab() override;

    const Location& location() const { return m_location; }
    const orm::Mapper& mapper() const { return *m_mapper; }
    QTableView* view() const { return m_view; }
    orm::ui::EntityTableModel* model() const { return m_model; }
    FilterHeader* filterHeader() const { return m_header; }
    // The tab's label: the table, or "addresses of User(id=5)".
    QString title() const;

    // The object of the current row (null without one).
    orm::Object currentObject() const;
    // Makes the row showing `object` current and selected; false when the tab does not show it.
    bool selectObject(const orm::Object& object);
    // The rows in sight, 0-based and inclusive; {-1, -1} when no row is.
    std::pair<int, int> visibleRows() const;

signals:
    void currentObjectChanged(const orm::Object& object);
    // The rows in sight or the row count changed.
    void rowsInSightChanged();

private:
    const orm::Mapper* m_mapper;
    Location m_location;
    QTableView* m_view;
    FilterHeader* m_header;
    orm::ui::EntityTableModel* m_model;
};

} // namespace browser
