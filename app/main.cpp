// qtorm-browser: QtOrm Browser's entry point.
//
//   qtorm-browser                     the bundled sample database (created on first run)
//   qtorm-browser FILE.db             an SQLite file
//   qtorm-browser URL                 sqlite:///file.db, postgresql://user@host/dbname
//   qtorm-browser --screenshot F.png  saves a picture of the window once shown, says what it
//                                     shows on stdout, then quits

#include "app/appresources.h"
#include "app/mainwindow.h"
#include "app/sampledatabase.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "qtorm-browser: %s\n", message.toLocal8Bit().constData());
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("QtOrm Browser"));
    // Desktops match the window to the installed .desktop file (and its icon) by this name.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.qtorm.Browser"));
    QApplication::setOrganizationName(QStringLiteral("QtOrm"));
    QApplication::setApplicationVersion(QStringLiteral(QTORM_VERSION_STRING));
    QApplication::setWindowIcon(browser::appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Browse and edit the tables of a SQLite or PostgreSQL "
                                            "database and watch the SQL sent to it."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("database"),
        QCoreApplication::translate("main",
                                    "An SQLite file or a database URL (sqlite:///file.db, "
                                    "postgresql://user@host/dbname). Without it, the bundled "
                                    "sample database opens."),
        QStringLiteral("[database]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate(
            "main", "Save a picture of the main window to <file> once it is shown, then quit."),
        QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() > 1) {
        printError(QCoreApplication::translate("main", "expected at most one database, got %1")
                       .arg(arguments.size()));
        return 2;
    }

    browser::MainWindow window;
    // No window yet: a database that cannot be opened is reported on stderr, not in a dialog.
    window.setErrorDialogsEnabled(false);
    const bool opened = arguments.isEmpty()
                            ? window.openSample(browser::SampleDatabase::defaultPath())
                            : window.openDatabase(arguments.first());
    if (!opened) {
        printError(window.lastError());
        return 1;
    }
    window.setErrorDialogsEnabled(!parser.isSet(screenshot));
    window.show();

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // Let the window be laid out and painted once before grabbing it, and the layouts
        // asked for by the last status bar texts be done.
        QTimer::singleShot(500, &window, [&window, file] {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            const bool saved = window.grab().save(file);
            if (saved) {
                // What the picture shows, for scripts (and tests) that took it.
                const QString shown = QCoreApplication::translate("main", "%1: %2, table %3")
                                          .arg(file, window.windowTitle(), window.currentTable());
                std::printf("%s\n", shown.toLocal8Bit().constData());
            } else {
                printError(QCoreApplication::translate("main", "cannot save the screenshot to %1")
                               .arg(file));
            }
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
