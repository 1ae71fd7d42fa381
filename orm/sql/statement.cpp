#include "orm/sql/statement.h"

#include "orm/errors.h"
#include "orm/sql/nodes.h"

namespace orm {

using namespace sql;

namespace {

bool isNameStart(QChar c)
{
    return c.isLetter() || c == u'_';
}
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

TextClause text(const QString& sql)
{
    // Split at :name placeholders, leaving quoted text, "::" casts and "\:" alone. Placeholders
    // of the same name share one bind so that binding the name once fills every occurrence.
    auto node = std::make_shared<TextNode>();
    QHash<QString, std::shared_ptr<const BindNode>> byName;
    QString part;
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql[i];
        if (!quote.isNull()) {
            part += c;
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
            part += c;
        } else if (c == u'\\' && i + 1 < sql.size() && sql[i + 1] == u':') {
            part += u':';
            ++i;
        } else if (c == u':' && i + 1 < sql.size() && sql[i + 1] == u':') {
            part += QStringLiteral("::");
            ++i;
        } else if (c == u':' && i + 1 < sql.size() && isNameStart(sql[i + 1])) {
            qsizetype end = i + 1;
            while (end < sql.size() && isNameChar(sql[end]))
                ++end;
            const QString name = sql.mid(i + 1, end - i - 1);
            auto& bind = byName[name];
            if (!bind) {
                auto b = std::make_shared<BindNode>();
                b->name = name;
                b->hasValue = false;
                bind = b;
            }
            node->parts << part;
            node->binds.push_back(bind);
            part.clear();
            i = end - 1;
        } else {
            part += c;
        }
    }
    node->parts << part;
    return TextClause(std::move(node));
}

TextClause TextClause::bind(const QString& name, const Arg& value) const
{
    return bind(QVariantMap{{name, value.isValue() ? value.value() : QVariant()}});
}

TextClause TextClause::bind(const QVariantMap& values) const
{
    if (values.isEmpty())
        return *this;
    auto* current = static_cast<const TextNode*>(m_node.get());
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!parameterNames().contains(it.key()))
            throw ArgumentError(QStringLiteral("the SQL text has no parameter :%1").arg(it.key()));
    }
    auto node = std::make_shared<TextNode>(*current);
    QHash<const BindNode*, std::shared_ptr<const BindNode>> replaced;
    for (auto& bind : node->binds) {
        if (!values.contains(bind->name))
            continue;
        auto& replacement = replaced[bind.get()];
        if (!replacement) {
            auto b = std::make_shared<BindNode>(*bind);
            b->value = values.value(bind->name);
            b->valueType = typeOfValue(b->value);
            b->hasValue = true;
            replacement = b;
        }
        bind = replacement;
    }
    return TextClause(std::move(node));
}

QStringList TextClause::parameterNames() const
{
    QStringList names;
    for (const auto& bind : static_cast<const TextNode*>(m_node.get())->binds) {
        if (!names.contains(bind->name))
            names << bind->name;
    }
    return names;
}

TextClause::operator Expr() const
{
    return Expr(m_node);
}

} // namespace orm
