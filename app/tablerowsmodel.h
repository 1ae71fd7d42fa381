#pragma once
// TableRowsModel is the browser's read-only view of one table: the first RowLimit rows of
// SELECT * FROM <table>, with the result's column names as headers and NULL shown greyed.

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>
#include <QVariantList>

namespace orm {
class Connection;
}

namespace browser {

class TableRowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int RowLimit = 1000;

    explicit TableRowsModel(QObject* parent = nullptr);

    // Reads the first RowLimit rows of `table` (the name is quoted as the dialect requires).
    // Throws orm::Error and leaves the model as it was when the table cannot be read.
    void load(orm::Connection& connection, const QString& table);
    void clear();

    QString table() const { return m_table; }
    QStringList columnNames() const { return m_columns; }
    // Whether the table has more rows than were loaded.
    bool isTruncated() const { return m_truncated; }
    // The value as read, NULL being an invalid QVariant (also Qt::EditRole).
    QVariant value(int row, int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    QString m_table;
    QStringList m_columns;
    QList<QVariantList> m_rows;
    bool m_truncated = false;
};

} // namespace browser
