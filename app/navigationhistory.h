#pragma once
// NavigationHistory is the browser's back/forward list, as in a web browser: each Location is a
// table, or the rows one object is related to through one relationship. Visiting a place drops
// the forward list; Back and Forward walk the list and say where to go with navigated().
//
//     browser::NavigationHistory history;
//     toolBar->addAction(history.backAction());
//     connect(&history, &browser::NavigationHistory::navigated, this, &Window::show);
//     history.visit({QStringLiteral("users")});

#include "orm/session/object.h"

#include <QList>
#include <QObject>
#include <QString>

class QAction;

namespace browser {

// A place the browser shows: the whole table (parent null), or the rows `parent` is related to
// through its relationship `relationship` (`table` then being the related rows' table).
struct Location {
    QString table;
    orm::Object parent;
    QString relationship;

    bool isNull() const { return table.isEmpty() && !parent; }
    friend bool operator==(const Location&, const Location&) = default;
};

class NavigationHistory : public QObject {
    Q_OBJECT
public:
    explicit NavigationHistory(QObject* parent = nullptr);
    ~NavigationHistory() override;

    // Goes to `location`: the current place joins the back list and the forward list is
    // dropped. Visiting the current place again changes nothing. Does not emit navigated().
    void visit(const Location& location);
    // Forgets every place (another database was opened).
    void clear();

    bool canGoBack() const { return !m_back.isEmpty(); }
    bool canGoForward() const { return !m_forward.isEmpty(); }
    // Steps back (forward) and emits navigated(); without a place to go, the current place is
    // returned and nothing happens.
    Location back();
    Location forward();
    // Where the browser is now; a null Location before the first visit.
    Location current() const { return m_current; }
    QList<Location> backList() const { return m_back; }
    QList<Location> forwardList() const { return m_forward; }

    // Actions for a toolbar or menu (shortcuts QKeySequence::Back and Forward), enabled only
    // when there is somewhere to go; their tooltips name the place.
    QAction* backAction() const { return m_backAction; }
    QAction* forwardAction() const { return m_forwardAction; }

    // "users", or "addresses of users(id=5)", for tooltips and titles.
    static QString describe(const Location& location);

signals:
    // back() or forward() moved to `location` (also through the actions).
    void navigated(const browser::Location& location);
    // The lists changed (visit, back, forward, clear).
    void changed();

private:
    void update();

    QList<Location> m_back; // the most recent place last
    QList<Location> m_forward;
    Location m_current;
    QAction* m_backAction;
    QAction* m_forwardAction;
};

} // namespace browser

Q_DECLARE_METATYPE(browser::Location)
