#pragma once
// SQL text for people to read and copy, never to run: a bound value written as an SQL literal
// ('O''Brien', NULL, 42, X'00ff'), and a statement with its parameters replaced by them.
// Statements the ORM runs always bind their values; these are for the SQL log and the pending
// changes, where a reader wants to paste one statement into a console.

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

namespace orm::ui {

// `value` as an SQL literal: NULL, numbers as they are, booleans TRUE/FALSE, text, dates and
// times quoted with quotes doubled, bytes as X'hex'.
QString sqlLiteral(const QVariant& value);

// `sql` with each parameter marker (? in order, or PostgreSQL's $1, $2 ...) replaced by the
// literal of its value; markers inside quoted text, quoted names and comments are left alone,
// as are markers without a value.
QString inlineParameters(const QString& sql, const QVariantList& values);
// The same with the text of each parameter given (literals, or placeholders of one's own).
QString inlineParameters(const QString& sql, const QStringList& literals);

// A blob's size for people: "512 bytes", "2.1 KiB", "3.0 MiB".
QString byteSize(qint64 bytes);

} // namespace orm::ui
