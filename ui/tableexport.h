#pragma once
// Getting rows out of a table view: the whole filtered, sorted table as a CSV file, and the
// selected cells as text for a spreadsheet or as INSERT statements for a SQL console. All of it
// is text for a person (a file, the clipboard); none of it is ever executed by QtOrm.
//
//     QFile file(path);
//     if (file.open(QIODevice::WriteOnly) && !orm::ui::exportCsv(model, file, &error)) ...
//     clipboard->setText(orm::ui::cellsAsText(view->selectionModel()->selectedIndexes()));

#include <QModelIndexList>
#include <QString>

class QIODevice;

namespace orm::ui {

class EntityTableModel;

// Writes every row of the model to `device` (open for writing) as CSV (RFC 4180: comma
// separated, CRLF line ends, fields with commas, quotes or line breaks in double quotes, quotes
// doubled), UTF-8, with a header row of column names. The rows are those the view shows: the
// rows of the model's query with its filters and sort order, read again a page at a time (so a
// table of any size fits in memory, and the pages the view holds stay as they are), with edits
// not committed yet, then the new rows. The model's mapped columns are written (not the labels
// of its reference columns: their foreign keys are columns already). Values are plain text:
// numbers unrounded, true/false, ISO dates ("2024-01-02 03:04:05"), blobs in hex, NULL as an
// empty field. False, with `error` set, when the database or the device fails.
bool exportCsv(EntityTableModel& model, QIODevice& device, QString* error = nullptr);

// The cells as spreadsheet paste text, for any model: one line per row and one tab-separated
// field per column that has a selected cell, in row and column order, with the text of each
// cell's Qt::DisplayRole (values written as by exportCsv()); a field with a tab, a line break or
// a quote is quoted as in CSV. Cells not selected, and NULL, are empty fields.
QString cellsAsText(const QModelIndexList& cells);

// The rows of the cells as INSERT statements in the dialect of the model's database, one line
// each (unless a value holds a line break), in row order:
//     INSERT INTO users (id, name) VALUES (1, 'ed');
// Identifiers are quoted where the dialect needs it, values are literals (Dialect::literal); a
// new row leaves out a key the database generates. Throws orm::Error when a row's values cannot
// be loaded.
QString rowsAsSqlInsert(EntityTableModel& model, const QModelIndexList& cells);

} // namespace orm::ui
