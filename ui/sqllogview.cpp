#include "ui/sqllogview.h"

#include "ui/displaynames.h"
#include "ui/sqlhighlighter.h"
#include "ui/sqlliteral.h"
#include "ui/sqllogfiltermodel.h"
#include "ui/sqllogmodel.h"
#include "ui/sqlstatementdelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>

#include <QCheckBox>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace orm::ui {

namespace {

constexpr Origin MenuOrigins[] = {
    Origin::Query, Origin::Flush,       Origin::Autoflush,  Origin::LazyLoad, Origin::EagerLoad,
    Origin::Ddl,   Origin::Transaction, Origin::Reflection, Origin::UserSql,  Origin::Internal};

// Each line of `text` as a SQL comment line.
QString commented(const QString& text)
{
    QStringList lines = text.split(u'\n');
    for (QString& line : lines)
        line.prepend(QStringLiteral("-- "));
    return lines.join(u'\n');
}

} // namespace

SqlLogView::SqlLogView(QWidget* parent) : QWidget(parent)
{
    buildUi();
}

SqlLogView::SqlLogView(StatementLog* log, QWidget* parent) : QWidget(parent)
{
    buildUi();
    setLog(log);
}

void SqlLogView::setLog(StatementLog* log)
{
    m_model->setLog(log);
    m_table->scrollToBottom();
}

StatementLog* SqlLogView::log() const
{
    return m_model->log();
}

void SqlLogView::buildUi()
{
    m_model = new SqlLogModel(this);
    m_filter = new SqlLogFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setPlaceholderText(tr("Filter statements…"));
    m_filterEdit->setAccessibleName(tr("Filter statements"));
    m_filterEdit->setToolTip(
        tr("Show only statements whose SQL, parameters or error contain this text"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &SqlLogFilterModel::setText);

    m_originButton = new QToolButton(this);
    m_originButton->setText(tr("Origins"));
    m_originButton->setAccessibleName(tr("Filter by origin"));
    m_originButton->setToolTip(
        tr("Show only statements sent for some purposes (queries, flushes, lazy loads, …)"));
    m_originButton->setPopupMode(QToolButton::InstantPopup);
    m_originMenu = buildOriginMenu();
    m_originButton->setMenu(m_originMenu);

    m_errorsOnly = new QCheckBox(tr("Errors only"), this);
    m_errorsOnly->setAccessibleName(tr("Show only failed statements"));
    connect(m_errorsOnly, &QCheckBox::toggled, m_filter, &SqlLogFilterModel::setErrorsOnly);

    m_clearButton = new QPushButton(tr("Clear"), this);
    m_clearButton->setAccessibleName(tr("Clear SQL log"));
    m_clearButton->setToolTip(tr("Remove every statement from the log"));
    connect(m_clearButton, &QPushButton::clicked, m_model, &SqlLogModel::clear);

    m_clearAction = new QAction(tr("Clear"), this);
    m_clearAction->setToolTip(m_clearButton->toolTip());
    connect(m_clearAction, &QAction::triggered, m_model, &SqlLogModel::clear);
    m_copyAction = new QAction(tr("Copy Statement"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the selected statement to the clipboard"));
    connect(m_copyAction, &QAction::triggered, this, [this] {
        if (const QString text = currentText(); !text.isEmpty())
            QApplication::clipboard()->setText(text);
    });
    m_saveAction = new QAction(tr("Save…"), this);
    m_saveAction->setToolTip(tr("Save the statements shown to an SQL file"));
    connect(m_saveAction, &QAction::triggered, this, &SqlLogView::saveWithDialog);
    m_inlineAction = new QAction(tr("Inline values"), this);
    m_inlineAction->setCheckable(true);
    m_inlineAction->setToolTip(
        tr("Show the values inside the SQL, for copying (statements always run with bound "
           "parameters)"));
    connect(m_inlineAction, &QAction::toggled, this, [this] {
        m_current = LogEntry{}; // shown again in the other form
        showCurrent();
    });
    addActions({m_copyAction, m_saveAction, m_inlineAction, m_clearAction});

    const auto toolButton = [this](QAction* action) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        return button;
    };

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_originButton);
    bar->addWidget(m_errorsOnly);
    bar->addStretch();
    bar->addWidget(toolButton(m_inlineAction));
    bar->addWidget(toolButton(m_copyAction));
    bar->addWidget(toolButton(m_saveAction));
    bar->addWidget(m_clearButton);

    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setAccessibleName(tr("N+1 query hint"));
    m_hint->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; "
                                         "padding: 3px; border: 1px solid #ffe69c; }"));
    m_hint->hide();

    m_table = new QTableView(this);
    m_table->setAccessibleName(tr("Executed SQL statements"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    // Wide enough for the header and a typical value, whichever is wider.
    const QFontMetrics cellMetrics = m_table->fontMetrics();
    const QFontMetrics headerMetrics = header->fontMetrics();
    const auto fit = [&](int column, const QString& sample) {
        const int title =
            headerMetrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString());
        header->resizeSection(column, std::max(title, cellMetrics.horizontalAdvance(sample)) + 20);
    };
    fit(SqlLogModel::TimeColumn, QStringLiteral("00:00:00.000"));
    fit(SqlLogModel::OriginColumn, originDisplayName(Origin::Transaction));
    fit(SqlLogModel::DurationColumn, QStringLiteral("00000.000"));
    fit(SqlLogModel::RowsColumn, QStringLiteral("000000"));
    header->resizeSection(SqlLogModel::StatementColumn, 60 * cellMetrics.averageCharWidth());
    header->resizeSection(SqlLogModel::ParametersColumn, 24 * cellMetrics.averageCharWidth());

    m_detail = new QPlainTextEdit(this);
    m_detail->setReadOnly(true);
    m_detail->setAccessibleName(tr("Selected statement"));
    m_detail->setPlaceholderText(tr("Select a statement to see it in full"));
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_highlighter = new SqlHighlighter(m_detail->document());
    // The table's statements in the detail pane's colours.
    m_statementDelegate = new SqlStatementDelegate(m_highlighter, m_table);
    m_table->setItemDelegateForColumn(SqlLogModel::StatementColumn, m_statementDelegate);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_hint);
    layout->addWidget(splitter, 1);

    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { scanForRepeats(first, last); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        resetRepeats();
        scanForRepeats(0, m_model->rowCount() - 1);
    });

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SqlLogView::showCurrent);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &SqlLogView::showCurrent);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &SqlLogView::showCurrent);
    connect(m_filter, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                const int row = m_table->currentIndex().row();
                if (row >= topLeft.row() && row <= bottomRight.row())
                    showCurrent();
            });
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &SqlLogView::rowsAboutToBeInserted);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &SqlLogView::rowsInserted);
}

QMenu* SqlLogView::buildOriginMenu()
{
    auto* menu = new QMenu(this);
    QAction* all = menu->addAction(tr("All origins"));
    connect(all, &QAction::triggered, this, [this] {
        for (QAction* action : m_originMenu->actions())
            action->setChecked(action->isCheckable());
        applyOriginMenu();
    });
    menu->addSeparator();
    for (Origin origin : MenuOrigins) {
        QAction* action = menu->addAction(originDisplayName(origin));
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(int(origin));
        connect(action, &QAction::toggled, this, [this, action](bool on) {
            if (!on && m_filter->origins().size() == 1 &&
                m_filter->acceptsOrigin(Origin(action->data().toInt()))) {
                action->setChecked(true); // at least one origin stays shown
                return;
            }
            applyOriginMenu();
        });
    }
    return menu;
}

void SqlLogView::applyOriginMenu()
{
    QList<Origin> shown;
    bool everything = true;
    for (QAction* action : m_originMenu->actions()) {
        if (!action->isCheckable())
            continue;
        if (action->isChecked())
            shown << Origin(action->data().toInt());
        else
            everything = false;
    }
    m_filter->setOrigins(everything ? QList<Origin>() : shown);
    m_originButton->setText(everything ? tr("Origins") : tr("Origins (%1)").arg(shown.size()));
}

void SqlLogView::showCurrent()
{
    const QModelIndex index = m_table->currentIndex();
    const LogEntry entry =
        index.isValid() ? index.data(SqlLogModel::EntryRole).value<LogEntry>() : LogEntry{};
    const bool changed = entry.id != m_current.id;
    m_current = entry;
    const QString text = entry.id == 0 ? QString() : detailText(entry, m_inlineAction->isChecked());
    if (text != m_detail->toPlainText())
        m_detail->setPlainText(text);
    if (changed)
        emit currentEntryChanged(entry);
}

QString SqlLogView::detailText(const LogEntry& entry)
{
    return detailText(entry, false);
}

QString SqlLogView::detailText(const LogEntry& entry, bool inlineValues)
{
    return (inlineValues ? inlineParameters(entry.sql, entry.params) : entry.sql).trimmed() +
           u'\n' + detailComments(entry);
}

QString SqlLogView::detailComments(const LogEntry& entry)
{
    QStringList lines;
    if (!entry.params.isEmpty())
        lines << commented(tr("parameters: %1").arg(formatParams(entry.params)));
    QStringList facts;
    facts << originDisplayName(entry.origin)
          << tr("%1 ms").arg(QString::number(double(entry.durationNs) / 1e6, 'f', 3));
    if (entry.rows >= 0)
        facts << (entry.rows == 1 ? tr("1 row") : tr("%1 rows").arg(entry.rows));
    facts << entry.startedAt().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    if (!entry.connection.isEmpty())
        facts << tr("connection %1").arg(entry.connection);
    lines << commented(facts.join(QStringLiteral(" · ")));
    if (!entry.error.isEmpty())
        lines << commented(tr("error: %1").arg(entry.error));
    return lines.join(u'\n');
}

void SqlLogView::rowsAboutToBeInserted()
{
    if (m_scrollPending)
        return; // already following; rows of the same burst are handled together
    const QScrollBar* bar = m_table->verticalScrollBar();
    m_followTail = bar->value() >= bar->maximum();
}

void SqlLogView::rowsInserted()
{
    if (!m_followTail || m_scrollPending)
        return;
    // Statements come in bursts; scroll once the burst is over instead of once per row.
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        m_table->scrollToBottom();
    });
}

QString SqlLogView::currentText() const
{
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid())
        return {};
    const LogEntry entry = index.data(SqlLogModel::EntryRole).value<LogEntry>();
    return m_inlineAction->isChecked() ? inlineParameters(entry.sql, entry.params).trimmed()
                                       : entry.sql.trimmed();
}

bool SqlLogView::saveToFile(const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        m_error = file.errorString();
        return false;
    }
    QString script;
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const LogEntry entry =
            m_filter->index(row, 0).data(SqlLogModel::EntryRole).value<LogEntry>();
        const QString sql =
            m_inlineAction->isChecked() ? inlineParameters(entry.sql, entry.params) : entry.sql;
        // The comments first, so that each statement ends the block it belongs to.
        script += detailComments(entry) + u'\n' + sql.trimmed() + QStringLiteral(";\n\n");
    }
    file.write(script.toUtf8());
    if (!file.commit()) {
        m_error = file.errorString();
        return false;
    }
    m_error.clear();
    return true;
}

void SqlLogView::saveWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save SQL Log"), QString(),
                                                      tr("SQL files (*.sql);;All files (*)"));
    if (!path.isEmpty() && !saveToFile(path))
        QMessageBox::warning(this, tr("Save SQL Log"),
                             tr("Could not save %1: %2").arg(path, m_error));
}

void SqlLogView::resetRepeats()
{
    m_runSql.clear();
    m_runLength = 0;
    m_hint->hide();
    m_hint->clear();
}

void SqlLogView::scanForRepeats(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const LogEntry entry = m_model->entry(row);
        if (entry.origin == Origin::Transaction)
            continue; // a BEGIN between two loads does not break the run
        if (entry.origin != Origin::LazyLoad) {
            m_runSql.clear();
            m_runLength = 0;
            continue;
        }
        if (entry.sql == m_runSql) {
            ++m_runLength;
        } else {
            m_runSql = entry.sql;
            m_runLength = 1;
        }
        if (m_runLength >= m_threshold) {
            m_hint->setText(tr("N+1: the same lazy load ran %1 times — consider selectinLoad")
                                .arg(m_runLength));
            m_hint->setToolTip(m_runSql.trimmed());
            m_hint->show();
        }
    }
}

} // namespace orm::ui
