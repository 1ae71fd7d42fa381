#include "app/tablerowsmodel.h"

#include "orm/orm.h"

#include <QColor>
#include <QFont>

namespace browser {

namespace {

bool isNull(const QVariant& value)
{
    return !value.isValid() || value.isNull();
}

constexpr qsizetype LongText = 80;

} // namespace

TableRowsModel::TableRowsModel(QObject* parent) : QAbstractTableModel(parent) {}

void TableRowsModel::load(orm::Connection& connection, const QString& table)
{
    // The name is an identifier, never a value: quoted by the dialect, not pasted raw. One
    // row more than shown tells whether there are more.
    const orm::TextClause query = orm::text(QStringLiteral("SELECT * FROM %1 LIMIT :limit")
                                                .arg(connection.dialect().quoteIdentifier(table)))
                                      .bind(QStringLiteral("limit"), RowLimit + 1);
    orm::Result result = connection.execute(query, {}, orm::Origin::Query);
    const QStringList columns = result.columns();
    QList<QVariantList> rows;
    bool truncated = false;
    while (result.next()) {
        if (rows.size() == RowLimit) {
            truncated = true;
            break;
        }
        rows << result.row();
    }
    result.close();

    beginResetModel();
    m_table = table;
    m_columns = columns;
    m_rows = std::move(rows);
    m_truncated = truncated;
    endResetModel();
}

void TableRowsModel::clear()
{
    beginResetModel();
    m_table.clear();
    m_columns.clear();
    m_rows.clear();
    m_truncated = false;
    endResetModel();
}

QVariant TableRowsModel::value(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_columns.size())
        return {};
    return m_rows.at(row).value(column);
}

int TableRowsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TableRowsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant TableRowsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant value = this->value(index.row(), index.column());
    const bool null = isNull(value);
    switch (role) {
    case Qt::DisplayRole:
        if (null)
            return tr("NULL");
        if (value.typeId() == QMetaType::QByteArray)
            return tr("<%1 bytes>").arg(value.toByteArray().size());
        if (value.typeId() == QMetaType::QString) {
            const QString text = value.toString();
            const qsizetype newline = text.indexOf(u'\n');
            return newline < 0 ? text : text.left(newline) + QStringLiteral(" …");
        }
        return value;
    case Qt::EditRole:
        return value;
    case Qt::ToolTipRole:
        if (value.typeId() == QMetaType::QString &&
            (value.toString().size() > LongText || value.toString().contains(u'\n')))
            return value.toString();
        return {};
    case Qt::ForegroundRole:
        return null ? QVariant(QColor(Qt::gray)) : QVariant();
    case Qt::FontRole:
        if (null) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return orm::isNumber(value) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    }
    return {};
}

QVariant TableRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 &&
        section < m_columns.size())
        return m_columns.at(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags TableRowsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

} // namespace browser
