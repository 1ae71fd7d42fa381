#include "ui/sqlstatementdelegate.h"

#include "ui/sqlhighlighter.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QTextOption>

namespace orm::ui {

SqlStatementDelegate::SqlStatementDelegate(const SqlHighlighter* highlighter, QObject* parent)
    : QStyledItemDelegate(parent), m_highlighter(highlighter)
{}

QList<QTextLayout::FormatRange> SqlStatementDelegate::formatRanges(const QModelIndex& index) const
{
    if (!m_highlighter)
        return {};
    return m_highlighter->formatRanges(index.data(Qt::DisplayRole).toString());
}

void SqlStatementDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    const QStyle* style = widget ? widget->style() : QApplication::style();
    // The style draws the background, selection and focus; the text is ours.
    const QString text = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    rect.adjust(margin, 0, -margin, 0);
    const QString shown = opt.fontMetrics.elidedText(text, opt.textElideMode, rect.width());

    // Colours would clash with the selection and hide the model's own (an error's red).
    const bool selected = opt.state & QStyle::State_Selected;
    const bool ownColour = index.data(Qt::ForegroundRole).isValid();
    QList<QTextLayout::FormatRange> formats = formatRanges(index);
    for (QTextLayout::FormatRange& range : formats) {
        if (selected || ownColour)
            range.format.clearForeground();
    }

    QTextLayout layout(shown, opt.font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    layout.setTextOption(textOption);
    layout.setFormats(formats);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    if (line.isValid())
        line.setLineWidth(rect.width());
    layout.endLayout();

    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setClipRect(rect);
    painter->setPen(
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    const qreal height = line.isValid() ? line.height() : 0;
    layout.draw(painter, QPointF(rect.left(), rect.top() + (rect.height() - height) / 2));
    painter->restore();
}

} // namespace orm::ui
