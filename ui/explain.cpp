#include "ui/explain.h"

#include "orm/engine/transaction.h"
#include "orm/errors.h"
#include "orm/sql/dialect.h"

#include <QCoreApplication>
#include <QMap>
#include <atomic>

namespace orm::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("orm::ui::Explain", text);
}

// What explainQueryPlan() needs to know about a statement's text: its first word and whether
// it is one statement; string literals, quoted identifiers and comments are skipped over.
struct StatementText {
    QString firstWord; // lower case; empty when there is none
    QString sql;       // without a final semicolon
    bool single = true;
};

StatementText readStatement(const QString& sql)
{
    StatementText out;
    qsizetype end = -1; // the first top-level semicolon
    const qsizetype n = sql.size();
    const auto isWordChar = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    for (qsizetype i = 0; i < n;) {
        const QChar c = sql[i];
        const QChar next = i + 1 < n ? sql[i + 1] : QChar();
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && next == u'-') {
            while (i < n && sql[i] != u'\n')
                ++i;
        } else if (c == u'/' && next == u'*') {
            int depth = 0; // PostgreSQL nests block comments
            do {
                if (sql[i] == u'/' && i + 1 < n && sql[i + 1] == u'*')
                    ++depth, i += 2;
                else if (sql[i] == u'*' && i + 1 < n && sql[i + 1] == u'/')
                    --depth, i += 2;
                else
                    ++i;
            } while (i < n && depth > 0);
        } else if (c == u'\'' || c == u'"') {
            // E'...' strings of PostgreSQL escape with backslashes.
            const bool backslashes =
                c == u'\'' && i > 0 && (sql[i - 1] == u'E' || sql[i - 1] == u'e');
            for (++i; i < n; ++i) {
                if (backslashes && sql[i] == u'\\') {
                    ++i;
                } else if (sql[i] == c) {
                    if (i + 1 < n && sql[i + 1] == c)
                        ++i; // a doubled quote
                    else
                        break;
                }
            }
            ++i;
        } else if (c == u'$' && !next.isDigit()) {
            // A PostgreSQL dollar-quoted string: $tag$ ... $tag$ (not a $1 placeholder).
            qsizetype j = i + 1;
            while (j < n && isWordChar(sql[j]))
                ++j;
            if (j < n && sql[j] == u'$') {
                const QString tag = sql.mid(i, j - i + 1);
                const qsizetype close = sql.indexOf(tag, j + 1);
                i = close < 0 ? n : close + tag.size();
            } else {
                i = j;
            }
        } else if (c == u';') {
            if (end < 0)
                end = i;
            ++i;
        } else {
            if (end >= 0) {
                out.single = false; // something after the first statement
                break;
            }
            if (isWordChar(c)) {
                const qsizetype start = i;
                while (i < n && isWordChar(sql[i]))
                    ++i;
                if (out.firstWord.isEmpty())
                    out.firstWord = sql.mid(start, i - start).toLower();
            } else {
                ++i;
            }
        }
    }
    out.sql = end < 0 ? sql : sql.left(end);
    return out;
}

// SQLite's plan rows (id, parent, detail) drawn as the sqlite3 shell draws them.
QString sqliteTree(Result& result)
{
    QMap<qint64, QList<std::pair<qint64, QString>>> children; // by parent, in row order
    while (result.next())
        children[result.value(1).toLongLong()].append(
            {result.value(0).toLongLong(), result.value(3).toString()});
    QStringList lines{QStringLiteral("QUERY PLAN")};
    const auto draw = [&](const auto& self, qint64 parent, const QString& indent) -> void {
        const QList<std::pair<qint64, QString>> rows = children.value(parent);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const bool last = i == rows.size() - 1;
            lines << indent + (last ? QStringLiteral("`--") : QStringLiteral("|--")) +
                         rows[i].second;
            if (rows[i].first != parent) // a row is never its own child; guards the recursion
                self(self, rows[i].first,
                     indent + (last ? QStringLiteral("   ") : QStringLiteral("|  ")));
        }
    };
    draw(draw, 0, QString());
    return lines.join(u'\n');
}

QString planLines(Result& result)
{
    QStringList lines;
    while (result.next())
        lines << result.value(0).toString();
    return lines.join(u'\n');
}

// PostgreSQL cannot EXPLAIN a statement with parameters sent through Qt's driver (it PREPAREs
// every statement with values, and EXPLAIN cannot be prepared). So the statement is PREPAREd
// under a name of ours, the values are bound as parameters of set_config() into settings of a
// transaction, and EXPLAIN EXECUTE passes them on from there, cast to the parameter types the
// server inferred: the values never become SQL text.
QString explainPostgres(Connection& conn, const QString& sql, const QVariantList& values)
{
    if (values.isEmpty()) {
        Result plan = conn.exec(QStringLiteral("EXPLAIN ") + sql, {}, Origin::UserSql);
        return planLines(plan);
    }
    static std::atomic<int> serial = 0;
    const QString name = QStringLiteral("qtorm_explain_%1").arg(++serial);
    const auto setting = [](qsizetype i) { return QStringLiteral("qtorm.explain_%1").arg(i + 1); };

    QString text;
    bool prepared = false;
    try {
        Transaction transaction = conn.begin(); // rolled back: the settings end with it
        conn.exec(QStringLiteral("PREPARE ") + name + QStringLiteral(" AS ") + sql, {},
                  Origin::UserSql);
        prepared = true;

        Result types =
            conn.exec(QStringLiteral("SELECT p.t::text FROM pg_catalog.pg_prepared_statements s, "
                                     "unnest(s.parameter_types) WITH ORDINALITY AS p(t, n) "
                                     "WHERE s.name = $1 ORDER BY p.n"),
                      {name}, Origin::Internal);
        QStringList typeNames;
        while (types.next())
            typeNames << types.value(0).toString();

        QStringList setters;
        QVariantList bound;
        QStringList arguments;
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (values[i].isNull()) {
                arguments << QStringLiteral("NULL");
                continue;
            }
            bound << values[i];
            setters << QStringLiteral("set_config('%1', $%2::text, true)")
                           .arg(setting(i))
                           .arg(bound.size());
            // Type names as the server writes them (regtype output), quoted where needed.
            arguments << QStringLiteral("current_setting('%1')").arg(setting(i)) +
                             (i < typeNames.size() ? QStringLiteral("::") + typeNames[i]
                                                   : QString());
        }
        if (!setters.isEmpty())
            conn.exec(QStringLiteral("SELECT ") + setters.join(QStringLiteral(", ")), bound,
                      Origin::Internal)
                .close();
        Result plan = conn.exec(QStringLiteral("EXPLAIN EXECUTE %1(%2)")
                                    .arg(name, arguments.join(QStringLiteral(", "))),
                                {}, Origin::UserSql);
        text = planLines(plan);
    } catch (const Error&) {
        if (prepared) {
            try {
                conn.exec(QStringLiteral("DEALLOCATE ") + name, {}, Origin::Internal);
            } catch (const Error&) {
                // The connection is gone, and the statement with it.
            }
        }
        throw;
    }
    // Prepared statements outlive transactions.
    conn.exec(QStringLiteral("DEALLOCATE ") + name, {}, Origin::Internal);
    return text;
}

} // namespace

QString explainQueryPlan(Engine& engine, const LogEntry& entry)
{
    const StatementText statement = readStatement(entry.sql);
    if ((statement.firstWord != u"select" && statement.firstWord != u"with") || !statement.single)
        throw InvalidRequestError(tr("Only SELECT statements can be explained"));

    // The values as they were bound: the log keeps them as given.
    const Dialect& dialect = engine.dialect();
    QVariantList values;
    for (const QVariant& value : entry.params)
        values << dialect.toDatabase(value, SqlType());

    Connection conn = engine.connect();
    if (dialect.name() == u"sqlite") {
        Result plan = conn.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + statement.sql, values,
                                Origin::UserSql);
        return sqliteTree(plan);
    }
    return explainPostgres(conn, statement.sql, values);
}

} // namespace orm::ui
