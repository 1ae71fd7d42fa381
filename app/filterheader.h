#pragma once
// FilterHeader is the horizontal header of a table of orm::ui::EntityTableModel rows with a
// filter line under each column label, as in DB Browser for SQLite. What the user types becomes
// the column's EntityTableModel::Filter (SQL with bound values), a moment after the last key
// or at once on Return; an empty line removes the column's filter:
//
//     ed           contains "ed" (text columns; other columns: equals)
//     =ed  <>ed  !=ed            equals, not equals
//     >5  >=5  <5  <=5           comparisons
//     10..20                     between, both ends included
//     NULL  NOT NULL  !NULL      is (not) NULL
//
// A filter that does not fit the column (">abc" on an integer) turns its line red with the
// reason in the tooltip and leaves that column unfiltered.
//
//     auto* header = new browser::FilterHeader(tableView); // becomes the view's header
//     tableView->setModel(entityTableModel);

#include "ui/entitytablemodel.h"

#include <QHeaderView>
#include <QList>
#include <optional>

class QLineEdit;
class QTableView;
class QTimer;

namespace browser {

class FilterHeader : public QHeaderView {
    Q_OBJECT
public:
    // Becomes `view`'s horizontal header.
    explicit FilterHeader(QTableView* view);
    ~FilterHeader() override;

    // The filter `text` stands for; std::nullopt for an empty text (no filter) or one that
    // cannot be read (`error`, when given, then says why; it is cleared otherwise). Values are
    // left as text: the model converts them to the column's type.
    static std::optional<orm::ui::EntityTableModel::Filter> parseFilter(const QString& text,
                                                                        QString* error);
    // The text parseFilter() reads as `filter` (a model's filters shown in the lines).
    static QString filterText(const orm::ui::EntityTableModel::Filter& filter);

    void setModel(QAbstractItemModel* model) override;
    // The filter line of a column (logical index), or nullptr. Columns that cannot be filtered
    // (relationships, models other than EntityTableModel) have a disabled line.
    QLineEdit* editor(int section) const;
    // Empties every line and removes the model's filters.
    void clearFilters();
    // How long after the last key a filter is applied (default 400 ms).
    void setDelay(int milliseconds);
    // Whether the line of `section` shows an error, and which.
    bool hasError(int section) const;
    QString errorText(int section) const;

    QSize sizeHint() const override;

signals:
    // The text of `section`'s line could not be applied; its line shows `message`.
    void filterError(int section, const QString& message);

protected:
    void updateGeometries() override;

private:
    struct Line {
        QLineEdit* edit = nullptr;
        QTimer* timer = nullptr;
        QString error;
    };

    orm::ui::EntityTableModel* entityModel() const;
    void rebuild();
    void placeEditors();
    void orderTabs();
    void apply(int section);
    void showError(int section, const QString& message);
    void clearError(int section);
    // Why `filter` does not fit `section`'s column (empty when it does); a plain text on a
    // column that is not text becomes an equality.
    QString check(int section, orm::ui::EntityTableModel::Filter& filter) const;

    QList<Line> m_lines; // by logical index
    int m_delay = 400;
    int m_editorHeight = 0;
};

} // namespace browser
