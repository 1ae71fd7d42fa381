#pragma once
// SqlHighlighter colours SQL in a QTextDocument (a QPlainTextEdit, a QTextEdit): keywords in
// bold blue, string literals, quoted identifiers, numbers, bound-value placeholders (?, $1,
// :name) and comments. It scans the text itself, so a keyword inside a string or a quoted
// identifier ("order items") is not taken for one; strings and /* */ comments may span lines.
// formatRanges() gives the same formats for one line of text outside a document, to paint it
// elsewhere (SqlStatementDelegate paints the SQL log's table cells with it).
//
//     new orm::ui::SqlHighlighter(plainTextEdit->document());

#include <QList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <QTextLayout>

namespace orm::ui {

class SqlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum class Token { Keyword, String, QuotedIdentifier, Number, Placeholder, Comment };

    // What a line leaves open for the next one.
    enum LineState { Normal = 0, InString, InQuotedIdentifier, InBlockComment };
    struct TokenRange {
        int start = 0;
        int length = 0;
        Token token = Token::Keyword;
    };

    explicit SqlHighlighter(QTextDocument* document);

    QTextCharFormat tokenFormat(Token token) const;
    void setTokenFormat(Token token, const QTextCharFormat& format);

    // The tokens of one line, in order. `state` says what the line before left open (Normal
    // for a line on its own); it becomes what this line leaves open.
    static QList<TokenRange> tokens(const QString& line, LineState* state);
    // The formats tokenFormat() gives the tokens of `line`, read on its own.
    QList<QTextLayout::FormatRange> formatRanges(const QString& line) const;

    // Whether `word` (any case) is one of the SQL keywords highlighted.
    static bool isKeyword(const QString& word);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_formats[6];
};

} // namespace orm::ui
