#include "app/appresources.h"

// Q_INIT_RESOURCE declares the registration function in the enclosing namespace: call it from
// the global one.
static void registerBundledResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace browser {

void initAppResources()
{
    static const bool registered = (registerBundledResources(), true);
    Q_UNUSED(registered);
}

QIcon appIcon()
{
    initAppResources();
    return QIcon(QString::fromUtf16(AppIconPath));
}

QIcon themeIcon(const QString& name)
{
    initAppResources();
    return QIcon(QStringLiteral(":/qtorm/icons/%1.svg").arg(name));
}

} // namespace browser
