#include "ui/sqlhighlighter.h"

#include <QColor>
#include <QFont>
#include <QSet>
#include <QTextDocument>
#include <algorithm>

namespace orm::ui {

namespace {

QTextCharFormat makeFormat(const QColor& color, bool bold = false, bool italic = false)
{
    QTextCharFormat format;
    format.setForeground(color);
    if (bold)
        format.setFontWeight(QFont::Bold);
    format.setFontItalic(italic);
    return format;
}

bool isWordStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// The end of a quoted run that starts after an opening `quote` at `from`; a doubled quote is
// an escaped one. -1 when the run continues past the end of the line.
qsizetype endOfQuoted(const QString& text, qsizetype from, QChar quote)
{
    for (qsizetype j = from; j < text.size(); ++j) {
        if (text[j] != quote)
            continue;
        if (j + 1 < text.size() && text[j + 1] == quote) {
            ++j;
            continue;
        }
        return j + 1;
    }
    return -1;
}

qsizetype endOfBlockComment(const QString& text, qsizetype from)
{
    const qsizetype end = text.indexOf(QStringLiteral("*/"), from);
    return end < 0 ? -1 : end + 2;
}

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument* document) : QSyntaxHighlighter(document)
{
    m_formats[int(Token::Keyword)] = makeFormat(QColor(0x00, 0x33, 0xb3), true);
    m_formats[int(Token::String)] = makeFormat(QColor(0x06, 0x7d, 0x17));
    m_formats[int(Token::QuotedIdentifier)] = makeFormat(QColor(0x87, 0x10, 0x94));
    m_formats[int(Token::Number)] = makeFormat(QColor(0x17, 0x80, 0x80));
    m_formats[int(Token::Placeholder)] = makeFormat(QColor(0xc7, 0x5d, 0x00), true);
    m_formats[int(Token::Comment)] = makeFormat(QColor(0x80, 0x80, 0x80), false, true);
}

QTextCharFormat SqlHighlighter::tokenFormat(Token token) const
{
    return m_formats[int(token)];
}

void SqlHighlighter::setTokenFormat(Token token, const QTextCharFormat& format)
{
    m_formats[int(token)] = format;
    rehighlight();
}

bool SqlHighlighter::isKeyword(const QString& word)
{
    static const QSet<QString> keywords = [] {
        const char* const list[] = {"ABORT",
                                    "ACTION",
                                    "ADD",
                                    "ALL",
                                    "ALTER",
                                    "ANALYZE",
                                    "AND",
                                    "ANY",
                                    "AS",
                                    "ASC",
                                    "AUTOINCREMENT",
                                    "BEGIN",
                                    "BETWEEN",
                                    "BIGINT",
                                    "BLOB",
                                    "BOOLEAN",
                                    "BY",
                                    "CASCADE",
                                    "CASE",
                                    "CAST",
                                    "CHECK",
                                    "COLLATE",
                                    "COLUMN",
                                    "COMMIT",
                                    "CONFLICT",
                                    "CONSTRAINT",
                                    "CREATE",
                                    "CROSS",
                                    "CURRENT_DATE",
                                    "CURRENT_TIME",
                                    "CURRENT_TIMESTAMP",
                                    "DATE",
                                    "DEFAULT",
                                    "DEFERRABLE",
                                    "DEFERRED",
                                    "DELETE",
                                    "DESC",
                                    "DISTINCT",
                                    "DOUBLE",
                                    "DROP",
                                    "ELSE",
                                    "END",
                                    "ESCAPE",
                                    "EXCEPT",
                                    "EXISTS",
                                    "EXPLAIN",
                                    "FALSE",
                                    "FILTER",
                                    "FIRST",
                                    "FLOAT",
                                    "FOR",
                                    "FOREIGN",
                                    "FROM",
                                    "FULL",
                                    "GROUP",
                                    "HAVING",
                                    "IF",
                                    "IGNORE",
                                    "ILIKE",
                                    "IMMEDIATE",
                                    "IN",
                                    "INDEX",
                                    "INNER",
                                    "INSERT",
                                    "INTEGER",
                                    "INTERSECT",
                                    "INTO",
                                    "IS",
                                    "ISNULL",
                                    "JOIN",
                                    "KEY",
                                    "LAST",
                                    "LATERAL",
                                    "LEFT",
                                    "LIKE",
                                    "LIMIT",
                                    "NATURAL",
                                    "NO",
                                    "NOT",
                                    "NOTNULL",
                                    "NULL",
                                    "NULLS",
                                    "NUMERIC",
                                    "OF",
                                    "OFFSET",
                                    "ON",
                                    "OR",
                                    "ORDER",
                                    "OUTER",
                                    "OVER",
                                    "PARTITION",
                                    "PRAGMA",
                                    "PRECISION",
                                    "PRIMARY",
                                    "REAL",
                                    "RECURSIVE",
                                    "REFERENCES",
                                    "RELEASE",
                                    "RENAME",
                                    "REPLACE",
                                    "RESTRICT",
                                    "RETURNING",
                                    "RIGHT",
                                    "ROLLBACK",
                                    "ROW",
                                    "SAVEPOINT",
                                    "SCHEMA",
                                    "SELECT",
                                    "SERIAL",
                                    "SET",
                                    "SMALLINT",
                                    "TABLE",
                                    "TEMPORARY",
                                    "TEXT",
                                    "THEN",
                                    "TIME",
                                    "TIMESTAMP",
                                    "TO",
                                    "TRANSACTION",
                                    "TRIGGER",
                                    "TRUE",
                                    "UNION",
                                    "UNIQUE",
                                    "UPDATE",
                                    "USING",
                                    "VACUUM",
                                    "VALUES",
                                    "VARCHAR",
                                    "VIEW",
                                    "WHEN",
                                    "WHERE",
                                    "WINDOW",
                                    "WITH",
                                    "WITHOUT"};
        QSet<QString> set;
        for (const char* keyword : list)
            set.insert(QLatin1String(keyword));
        return set;
    }();
    return keywords.contains(word.toUpper());
}

QList<SqlHighlighter::TokenRange> SqlHighlighter::tokens(const QString& text, LineState* state)
{
    QList<TokenRange> out;
    const auto mark = [&out](qsizetype from, qsizetype to, Token token) {
        out.append({int(from), int(to - from), token});
    };
    const qsizetype n = text.size();
    qsizetype i = 0;

    // A string, quoted identifier or comment left open on the previous line.
    const LineState carried = *state;
    *state = Normal;
    if (carried != Normal) {
        const Token token = carried == InString             ? Token::String
                            : carried == InQuotedIdentifier ? Token::QuotedIdentifier
                                                            : Token::Comment;
        const qsizetype end = carried == InBlockComment
                                  ? endOfBlockComment(text, 0)
                                  : endOfQuoted(text, 0, carried == InString ? u'\'' : u'"');
        if (end < 0) {
            mark(0, n, token);
            *state = carried;
            return out;
        }
        mark(0, end, token);
        i = end;
    }

    while (i < n) {
        const QChar c = text[i];
        const QChar next = i + 1 < n ? text[i + 1] : QChar();
        if (c == u'\'' || c == u'"') {
            const Token token = c == u'\'' ? Token::String : Token::QuotedIdentifier;
            const qsizetype end = endOfQuoted(text, i + 1, c);
            if (end < 0) {
                mark(i, n, token);
                *state = c == u'\'' ? InString : InQuotedIdentifier;
                return out;
            }
            mark(i, end, token);
            i = end;
        } else if (c == u'-' && next == u'-') {
            mark(i, n, Token::Comment);
            break;
        } else if (c == u'/' && next == u'*') {
            const qsizetype end = endOfBlockComment(text, i + 2);
            if (end < 0) {
                mark(i, n, Token::Comment);
                *state = InBlockComment;
                return out;
            }
            mark(i, end, Token::Comment);
            i = end;
        } else if (c == u'?') {
            mark(i, i + 1, Token::Placeholder);
            ++i;
        } else if ((c == u'$' && next.isDigit()) || (c == u':' && isWordStart(next))) {
            qsizetype end = i + 1;
            while (end < n && (c == u'$' ? text[end].isDigit() : isWordChar(text[end])))
                ++end;
            mark(i, end, Token::Placeholder);
            i = end;
        } else if (c == u':' && next == u':') {
            i += 2; // a PostgreSQL cast, not a placeholder
        } else if (c.isDigit()) {
            qsizetype end = i;
            while (end < n && (text[end].isDigit() || text[end] == u'.'))
                ++end;
            if (end < n && (text[end] == u'e' || text[end] == u'E')) {
                qsizetype exp = end + 1;
                if (exp < n && (text[exp] == u'+' || text[exp] == u'-'))
                    ++exp;
                if (exp < n && text[exp].isDigit()) {
                    end = exp;
                    while (end < n && text[end].isDigit())
                        ++end;
                }
            }
            mark(i, end, Token::Number);
            i = end;
        } else if (isWordStart(c)) {
            qsizetype end = i + 1;
            while (end < n && isWordChar(text[end]))
                ++end;
            if (isKeyword(text.mid(i, end - i)))
                mark(i, end, Token::Keyword);
            i = end;
        } else {
            ++i;
        }
    }
    return out;
}

QList<QTextLayout::FormatRange> SqlHighlighter::formatRanges(const QString& line) const
{
    LineState state = Normal;
    QList<QTextLayout::FormatRange> ranges;
    for (const TokenRange& token : tokens(line, &state))
        ranges.append({token.start, token.length, m_formats[int(token.token)]});
    return ranges;
}

void SqlHighlighter::highlightBlock(const QString& text)
{
    auto state = LineState(std::clamp(previousBlockState(), int(Normal), int(InBlockComment)));
    for (const TokenRange& token : tokens(text, &state))
        setFormat(token.start, token.length, m_formats[int(token.token)]);
    setCurrentBlockState(state);
}

} // namespace orm::ui
