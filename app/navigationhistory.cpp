#include "app/navigationhistory.h"

#include "app/appresources.h"

#include <QAction>
#include <QIcon>

namespace browser {

NavigationHistory::NavigationHistory(QObject* parent)
    : QObject(parent), m_backAction(new QAction(tr("&Back"), this)),
      m_forwardAction(new QAction(tr("&Forward"), this))
{
    qRegisterMetaType<browser::Location>();
    // The desktop's icon theme when it has the arrows, the bundled ones otherwise.
    m_backAction->setIcon(
        QIcon::fromTheme(QStringLiteral("go-previous"), themeIcon(QStringLiteral("back"))));
    m_backAction->setShortcuts(QKeySequence::Back);
    m_forwardAction->setIcon(
        QIcon::fromTheme(QStringLiteral("go-next"), themeIcon(QStringLiteral("forward"))));
    m_forwardAction->setShortcuts(QKeySequence::Forward);
    connect(m_backAction, &QAction::triggered, this, [this] { back(); });
    connect(m_forwardAction, &QAction::triggered, this, [this] { forward(); });
    update();
}

NavigationHistory::~NavigationHistory() = default;

void NavigationHistory::visit(const Location& location)
{
    if (location == m_current)
        return;
    if (!m_current.isNull())
        m_back.append(m_current);
    m_current = location;
    m_forward.clear();
    update();
}

void NavigationHistory::clear()
{
    m_back.clear();
    m_forward.clear();
    m_current = {};
    update();
}

Location NavigationHistory::back()
{
    if (!canGoBack())
        return m_current;
    m_forward.prepend(m_current);
    m_current = m_back.takeLast();
    update();
    emit navigated(m_current);
    return m_current;
}

Location NavigationHistory::forward()
{
    if (!canGoForward())
        return m_current;
    m_back.append(m_current);
    m_current = m_forward.takeFirst();
    update();
    emit navigated(m_current);
    return m_current;
}

QString NavigationHistory::describe(const Location& location)
{
    if (!location.parent)
        return location.table;
    return tr("%1 of %2").arg(location.relationship, location.parent.state().describe());
}

void NavigationHistory::update()
{
    m_backAction->setEnabled(canGoBack());
    m_forwardAction->setEnabled(canGoForward());
    m_backAction->setToolTip(canGoBack() ? tr("Back to %1").arg(describe(m_back.constLast()))
                                         : tr("Back"));
    m_forwardAction->setToolTip(
        canGoForward() ? tr("Forward to %1").arg(describe(m_forward.constFirst())) : tr("Forward"));
    emit changed();
}

} // namespace browser
