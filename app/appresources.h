#pragma once
// The files bundled into QtOrm Browser (resources/resources.qrc): the sample database script
// the application icon and the toolbar icons. They live in a static library, so they are registered
// explicitly.

#include <QIcon>
#include <QString>

namespace browser {

// Registers the bundled files; safe to call any number of times.
void initAppResources();

// Resource paths of the bundled files.
inline constexpr auto SampleScriptPath = u":/qtorm/sample.sql";
inline constexpr auto AppIconPath = u":/qtorm/icons/qtorm.svg";

// The application icon (empty when Qt cannot read SVG: the qt6-svg image plugin is missing).
QIcon appIcon();
// A toolbar icon of resources/icons by its file's base name: "commit", "row-add", ...
QIcon themeIcon(const QString& name);

} // namespace browser
