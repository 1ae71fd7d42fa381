#pragma once
// SqlStatementDelegate paints a cell of SQL on one line the way SqlHighlighter colours it in a
// document (keywords, strings, numbers, placeholders, comments), with the highlighter's own
// formats, so the table of a SQL log reads like its detail pane. A selected row keeps the
// weights and slants but takes the selection's text colour; so does a row the model colours
// itself (a failed statement in red). Long statements are elided at the end.
//
//     auto* highlighter = new orm::ui::SqlHighlighter(detail->document());
//     table->setItemDelegateForColumn(orm::ui::SqlLogModel::StatementColumn,
//                                     new orm::ui::SqlStatementDelegate(highlighter, table));

#include <QPointer>
#include <QStyledItemDelegate>
#include <QTextLayout>

namespace orm::ui {

class SqlHighlighter;

class SqlStatementDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // The formats come from `highlighter` (its tokenFormat()s), read at each paint.
    explicit SqlStatementDelegate(const SqlHighlighter* highlighter, QObject* parent = nullptr);

    // The formats painted over the text of `index` (its Qt::DisplayRole) when not selected.
    QList<QTextLayout::FormatRange> formatRanges(const QModelIndex& index) const;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    QPointer<const SqlHighlighter> m_highlighter;
};

} // namespace orm::ui
