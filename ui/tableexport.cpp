#include "ui/tableexport.h"

#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/sql/column.h"
#include "orm/sql/dialect.h"
#include "orm/sql/table.h"
#include "ui/entitytablemodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QUuid>
#include <map>
#include <set>

namespace orm::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("orm::ui::TableExport", text);
}

// A value as plain text for a file or the clipboard: ISO dates, numbers without grouping or
// rounding, JSON as compact JSON, blobs as hex; NULL as empty text.
QString plainText(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return QString();
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime: {
        const QTime t = value.toTime();
        return t.toString(t.msec() ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
    }
    case QMetaType::QDateTime: {
        // A space between date and time: what spreadsheets and databases read as a date-time.
        // A date-time with a time zone is written in UTC with its offset, as QtOrm stores it.
        const QDateTime dt = value.toDateTime();
        const bool aware = dt.timeSpec() != Qt::LocalTime;
        const QDateTime shown = aware ? dt.toUTC() : dt;
        return shown.toString(shown.time().msec() ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                                  : QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
               (aware ? QStringLiteral("+00:00") : QString());
    }
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toHex());
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::QJsonValue: {
        const QJsonValue json = value.toJsonValue();
        // QJsonDocument writes only objects and arrays: a scalar is written inside an array.
        const QByteArray wrapped = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    default:
        return value.toString();
    }
}

// `text` as one field: in double quotes, quotes doubled, when it holds a separator, a quote or
// a line break (RFC 4180; spreadsheets read tab-separated text the same way).
QString field(const QString& text, QChar separator)
{
    const bool quote = text.contains(separator) || text.contains(u'"') || text.contains(u'\n') ||
                       text.contains(u'\r');
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(u'"', QStringLiteral("\"\""));
    return u'"' + escaped + u'"';
}

// Whether `property` is a key the database generates, unknown until the INSERT of a new row.
bool isUnknownKey(const Object& object, int property)
{
    const Mapper& mapper = object.mapper();
    return object.status() == ObjectState::Pending && mapper.hasGeneratedKey() &&
           mapper.primaryKey() == std::vector<int>{property};
}

// The value a row shows for a property: an unknown key is empty, not 0.
QVariant shownValue(const Object& object, int property)
{
    if (isUnknownKey(object, property))
        return {};
    return object.value(object.mapper().property(property).name);
}

// The model's columns that show a mapped column, in the view's order.
QList<int> propertyColumns(const EntityTableModel& model)
{
    QList<int> properties;
    for (int column = 0; column < model.columnCount(); ++column) {
        if (const int p = model.propertyAt(column); p >= 0)
            properties << p;
    }
    return properties;
}

QString tableName(const Dialect& dialect, const Table& table)
{
    const QString name = dialect.quoteIdentifier(table.name());
    return table.schema().isEmpty() ? name : dialect.quoteIdentifier(table.schema()) + u'.' + name;
}

} // namespace

bool exportCsv(EntityTableModel& model, QIODevice& device, QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (!device.isWritable())
        return fail(tr("The file is not open for writing."));

    const Mapper& mapper = model.mapper();
    const QList<int> properties = propertyColumns(model);
    const auto writeLine = [&](const QStringList& fields) {
        const QByteArray line = (fields.join(u',') + QStringLiteral("\r\n")).toUtf8();
        return device.write(line) == line.size();
    };
    const auto writeObject = [&](const Object& object) {
        QStringList fields;
        for (int p : properties)
            fields << field(plainText(shownValue(object, p)), u',');
        return writeLine(fields);
    };
    const auto writeFailed = [&] {
        return fail(tr("Could not write the file: %1").arg(device.errorString()));
    };

    QStringList header;
    for (int p : properties)
        header << field(mapper.property(p).column->name(), u',');
    if (!writeLine(header))
        return writeFailed();

    // The model's own query, read again a page at a time: the whole table without holding it
    // in memory (unchanged objects nobody holds leave the identity map) and without disturbing
    // the pages the view has loaded. Like the view, it must not write the user's edits.
    Session::NoAutoflush noAutoflush(model.session());
    const QueryBase query = model.currentQuery();
    const int pageSize = model.pageSize();
    try {
        for (qint64 offset = 0;; offset += pageSize) {
            const QList<Object> page = query.offset(offset).limit(pageSize).all();
            for (const Object& object : page) {
                if (!writeObject(object))
                    return writeFailed();
            }
            if (page.size() < pageSize)
                break;
        }
        for (const Object& object : model.newObjects()) {
            if (object.status() == ObjectState::Pending && !writeObject(object))
                return writeFailed();
        }
    } catch (const Error& e) {
        return fail(e.message());
    }
    return true;
}

QString cellsAsText(const QModelIndexList& cells)
{
    std::map<std::pair<int, int>, QModelIndex> byPosition;
    std::set<int> rows;
    std::set<int> columns;
    for (const QModelIndex& cell : cells) {
        if (!cell.isValid())
            continue;
        byPosition[{cell.row(), cell.column()}] = cell;
        rows.insert(cell.row());
        columns.insert(cell.column());
    }
    QStringList lines;
    for (int row : rows) {
        QStringList fields;
        for (int column : columns) {
            const auto it = byPosition.find({row, column});
            fields << (it == byPosition.end()
                           ? QString()
                           : field(plainText(it->second.data(Qt::DisplayRole)), u'\t'));
        }
        lines << fields.join(u'\t');
    }
    return lines.join(u'\n');
}

QString rowsAsSqlInsert(EntityTableModel& model, const QModelIndexList& cells)
{
    std::set<int> rows;
    for (const QModelIndex& cell : cells) {
        if (cell.isValid() && cell.model() == &model)
            rows.insert(cell.row());
    }
    const Dialect& dialect = model.session().engine().dialect();
    const QList<int> properties = propertyColumns(model);
    QString out;
    Session::NoAutoflush noAutoflush(model.session());
    for (int row : rows) {
        const Object object = model.objectAt(row);
        if (!object)
            continue;
        // One INSERT per table the columns come from (more than one with joined inheritance),
        // in the order their columns first appear.
        std::vector<const Table*> tables;
        std::map<const Table*, std::pair<QStringList, QStringList>> columnsAndValues;
        for (int p : properties) {
            const Column& column = *object.mapper().property(p).column;
            if (isUnknownKey(object, p))
                continue; // the database generates it
            const Table* table = column.table();
            if (!columnsAndValues.contains(table))
                tables.push_back(table);
            auto& [names, values] = columnsAndValues[table];
            names << dialect.quoteIdentifier(column.name());
            values << dialect.literal(shownValue(object, p), column.type());
        }
        for (const Table* table : tables) {
            const auto& [names, values] = columnsAndValues[table];
            out += QStringLiteral("INSERT INTO %1 (%2) VALUES (%3);\n")
                       .arg(tableName(dialect, *table), names.join(QStringLiteral(", ")),
                            values.join(QStringLiteral(", ")));
        }
    }
    return out;
}

} // namespace orm::ui
