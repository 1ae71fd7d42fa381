#pragma once
// SqlHighlighter colours SQL in a QTextDocument (a QPlainTextEdit, a QTextEdit): keywords in
// bold blue, string literals, quoted identifiers, numbers, bound-value placeholders (?, $1,
// :name) and comments. It scans the text itself, so a keyword inside a string or a quoted
// identifier ("order items") is not taken for one; strings and /* */ comments may span lines.
//
//     new orm::ui::SqlHighlighter(plainTextEdit->document());

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace orm::ui {

class SqlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum class Token { Keyword, String, QuotedIdentifier, Number, Placeholder, Comment };

    explicit SqlHighlighter(QTextDocument* document);

    QTextCharFormat tokenFormat(Token token) const;
    void setTokenFormat(Token token, const QTextCharFormat& format);

    // Whether `word` (any case) is one of the SQL keywords highlighted.
    static bool isKeyword(const QString& word);

protected:
    void highlightBlock(const QString& text) override;

private:
    enum BlockState { Normal = 0, InString, InQuotedIdentifier, InBlockComment };

    QTextCharFormat m_formats[6];
};

} // namespace orm::ui
