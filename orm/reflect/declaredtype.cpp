#include "orm/reflect/declaredtype.h"

#include <QRegularExpression>

namespace orm {

namespace {

// The numbers in parentheses: "NUMERIC(10, 2)" -> {10, 2}.
QList<int> typeArguments(const QString& declared)
{
    static const QRegularExpression numbers(QStringLiteral("\\d+"));
    QList<int> out;
    const qsizetype open = declared.indexOf(u'(');
    if (open < 0)
        return out;
    for (auto it = numbers.globalMatch(declared.mid(open)); it.hasNext();)
        out << it.next().captured().toInt();
    return out;
}

} // namespace

SqlType typeFromDeclaration(const QString& declared)
{
    const QString name = declared.trimmed().toUpper();
    if (name.isEmpty())
        return SqlType(); // SQLite without a declared type: stored values pass through
    const QList<int> args = typeArguments(name);
    const auto has = [&](const char* word) { return name.contains(QLatin1String(word)); };
    const auto starts = [&](const char* word) { return name.startsWith(QLatin1String(word)); };

    // Specific names first: "INTERVAL" contains INT, "POINT" contains INT, "TIMESTAMP" TIME.
    if (starts("INTERVAL") || starts("POINT"))
        return Text();
    if (has("BIGINT") || name == u"INT8" || starts("BIGSERIAL") || name == u"SERIAL8")
        return BigInteger();
    if (has("INT") || starts("SERIAL") || starts("SMALLSERIAL"))
        return Integer();
    if (starts("BOOL"))
        return Boolean();
    if (has("TIMESTAMP") || starts("DATETIME"))
        return DateTime(has("WITH TIME ZONE") || starts("TIMESTAMPTZ"));
    if (starts("DATE"))
        return Date();
    if (starts("TIME"))
        return Time();
    if (starts("UUID"))
        return Uuid();
    if (starts("JSON"))
        return Json();
    if (has("CHAR") || has("CLOB") || has("TEXT") || starts("CITEXT"))
        return args.isEmpty() ? (has("CHAR") ? String() : Text()) : String(args.front());
    if (has("BLOB") || starts("BYTEA") || has("BINARY"))
        return LargeBinary();
    if (has("REAL") || has("FLOA") || has("DOUB"))
        return Float();
    if (starts("NUMERIC") || starts("DECIMAL"))
        return Numeric(args.value(0), args.value(1));
    return Text();
}

} // namespace orm
