#include "orm/sql/nodes.h"

#include "orm/sql/column.h"
#include "orm/sql/compiler.h"
#include "orm/sql/table.h"

#include <algorithm>

namespace orm::sql {

void CacheKey::add(const QString& text)
{
    add(qint64(text.size()));
    bytes.append(reinterpret_cast<const char*>(text.constData()),
                 text.size() * qsizetype(sizeof(QChar)));
}

void CacheKey::add(const SqlType& type)
{
    add(qint64(type.kind()) << 48 | qint64(type.length()) << 24 | qint64(type.precision()) << 8 |
        type.scale());
    add(type.timezone() ? 'z' : 'n');
}

qint64 CacheKey::anonymousId(const void* alias)
{
    const auto it = std::find(m_anonymous.begin(), m_anonymous.end(), alias);
    if (it != m_anonymous.end())
        return it - m_anonymous.begin();
    m_anonymous.push_back(alias);
    return qint64(m_anonymous.size()) - 1;
}

namespace {

void addAll(CacheKey& key, const std::vector<NodePtr>& nodes)
{
    key.add(qint64(nodes.size()));
    for (const NodePtr& n : nodes)
        n->appendKey(key);
}

void addOptional(CacheKey& key, const NodePtr& node)
{
    if (node)
        node->appendKey(key);
    else
        key.add('-');
}

void addTable(CacheKey& key, const Table* table)
{
    key.add(table->schema());
    key.add(table->name());
}

void pushAll(std::vector<const Node*>& out, const std::vector<NodePtr>& nodes)
{
    for (const NodePtr& n : nodes)
        out.push_back(n.get());
}

} // namespace

// ---- FROM objects --------------------------------------------------------------------------

void TableNode::accept(Compiler& c) const
{
    c.visitTable(*this);
}
void TableNode::appendKey(CacheKey& key) const
{
    key.add('T');
    addTable(key, table);
}

const Table* AliasNode::table() const
{
    auto* t = dynamic_cast<const TableNode*>(target.get());
    return t ? t->table : nullptr;
}

const SelectBaseNode* AliasNode::select() const
{
    return dynamic_cast<const SelectBaseNode*>(target.get());
}

void AliasNode::accept(Compiler& c) const
{
    c.visitAlias(*this);
}
void AliasNode::appendKey(CacheKey& key) const
{
    key.add('A');
    key.add(name);
    // Anonymous aliases are told apart by identity within one statement.
    if (name.isEmpty())
        key.add(key.anonymousId(this));
    target->appendKey(key);
}

void JoinNode::accept(Compiler& c) const
{
    c.visitJoin(*this);
}
void JoinNode::appendKey(CacheKey& key) const
{
    key.add(outer ? 'L' : 'J');
    left->appendKey(key);
    right->appendKey(key);
    on->appendKey(key);
}

// ---- expressions ---------------------------------------------------------------------------

void ColumnNode::accept(Compiler& c) const
{
    c.visitColumn(*this);
}
void ColumnNode::appendKey(CacheKey& key) const
{
    key.add('c');
    key.add(name);
    if (auto* alias = dynamic_cast<const AliasNode*>(from.get()); alias && alias->name.isEmpty())
        key.add(key.anonymousId(alias));
    else if (alias)
        key.add(alias->name);
    else if (auto* table = dynamic_cast<const TableNode*>(from.get()))
        addTable(key, table->table);
}

void BindNode::accept(Compiler& c) const
{
    c.visitBind(*this);
}
void BindNode::appendKey(CacheKey& key) const
{
    key.add('?');
    key.addBind(this);
}

void NullNode::accept(Compiler& c) const
{
    c.visitNull(*this);
}
void StarNode::accept(Compiler& c) const
{
    c.visitStar(*this);
}

void BinaryNode::accept(Compiler& c) const
{
    c.visitBinary(*this);
}
void BinaryNode::appendKey(CacheKey& key) const
{
    key.add('B');
    key.add(qint64(op));
    key.add(qint64(escape.unicode()));
    left->appendKey(key);
    right->appendKey(key);
}
void BinaryNode::children(std::vector<const Node*>& out) const
{
    out.push_back(left.get());
    out.push_back(right.get());
}

void UnaryNode::accept(Compiler& c) const
{
    c.visitUnary(*this);
}
void UnaryNode::appendKey(CacheKey& key) const
{
    key.add('U');
    key.add(qint64(op));
    operand->appendKey(key);
}
SqlType UnaryNode::type() const
{
    switch (op) {
    case UnaryOperator::Negate:
    case UnaryOperator::Asc:
    case UnaryOperator::Desc:
    case UnaryOperator::NullsFirst:
    case UnaryOperator::NullsLast:
        return operand->type();
    default:
        return SqlType::boolean();
    }
}
void UnaryNode::children(std::vector<const Node*>& out) const
{
    out.push_back(operand.get());
}

void ListNode::accept(Compiler& c) const
{
    c.visitList(*this);
}
void ListNode::appendKey(CacheKey& key) const
{
    key.add('(');
    key.add(qint64(kind));
    addAll(key, items);
}
SqlType ListNode::type() const
{
    return kind == Tuple ? SqlType() : SqlType::boolean();
}
void ListNode::children(std::vector<const Node*>& out) const
{
    pushAll(out, items);
}

void BetweenNode::accept(Compiler& c) const
{
    c.visitBetween(*this);
}
void BetweenNode::appendKey(CacheKey& key) const
{
    key.add(negate ? 'b' : 'W');
    expr->appendKey(key);
    low->appendKey(key);
    high->appendKey(key);
}
void BetweenNode::children(std::vector<const Node*>& out) const
{
    out.insert(out.end(), {expr.get(), low.get(), high.get()});
}

void FunctionNode::accept(Compiler& c) const
{
    c.visitFunction(*this);
}
void FunctionNode::appendKey(CacheKey& key) const
{
    key.add('F');
    key.add(name);
    addAll(key, args);
}
void FunctionNode::children(std::vector<const Node*>& out) const
{
    pushAll(out, args);
}

void CaseNode::accept(Compiler& c) const
{
    c.visitCase(*this);
}
void CaseNode::appendKey(CacheKey& key) const
{
    key.add('C');
    key.add(qint64(whens.size()));
    for (const auto& [condition, value] : whens) {
        condition->appendKey(key);
        value->appendKey(key);
    }
    addOptional(key, otherwise);
}
SqlType CaseNode::type() const
{
    for (const auto& when : whens) {
        if (!when.second->type().isNull())
            return when.second->type();
    }
    return otherwise ? otherwise->type() : SqlType();
}
void CaseNode::children(std::vector<const Node*>& out) const
{
    for (const auto& [condition, value] : whens)
        out.insert(out.end(), {condition.get(), value.get()});
    if (otherwise)
        out.push_back(otherwise.get());
}

void CastNode::accept(Compiler& c) const
{
    c.visitCast(*this);
}
void CastNode::appendKey(CacheKey& key) const
{
    key.add('X');
    key.add(target);
    expr->appendKey(key);
}
void CastNode::children(std::vector<const Node*>& out) const
{
    out.push_back(expr.get());
}

void LabelNode::accept(Compiler& c) const
{
    c.visitLabel(*this);
}
void LabelNode::appendKey(CacheKey& key) const
{
    key.add('l');
    key.add(name);
    expr->appendKey(key);
}
void LabelNode::children(std::vector<const Node*>& out) const
{
    out.push_back(expr.get());
}

void ScalarSelectNode::accept(Compiler& c) const
{
    c.visitScalarSelect(*this);
}
void ScalarSelectNode::appendKey(CacheKey& key) const
{
    key.add('S');
    select->appendKey(key);
}
SqlType ScalarSelectNode::type() const
{
    const auto types = select->columnTypes();
    return types.empty() ? SqlType() : types.front();
}

void TextNode::accept(Compiler& c) const
{
    c.visitText(*this);
}
void TextNode::appendKey(CacheKey& key) const
{
    key.add('t');
    for (const QString& part : parts)
        key.add(part);
    for (const auto& bind : binds)
        bind->appendKey(key);
}

// ---- statements ----------------------------------------------------------------------------

namespace {

QString outputName(const Node& node)
{
    if (auto* label = dynamic_cast<const LabelNode*>(&node))
        return label->name;
    if (auto* column = dynamic_cast<const ColumnNode*>(&node))
        return column->name;
    return {};
}

} // namespace

void SelectNode::accept(Compiler& c) const
{
    c.visitSelect(*this);
}
void SelectNode::appendKey(CacheKey& key) const
{
    key.add(distinct ? 'D' : 'Q');
    addAll(key, columns);
    key.add(qint64(froms.size()));
    for (const FromPtr& f : froms)
        f->appendKey(key);
    addOptional(key, where);
    addAll(key, groupBy);
    addOptional(key, having);
    addAll(key, orderBy);
    addOptional(key, limit);
    addOptional(key, offset);
    // The FROM objects the expressions bring in are part of the shape too: a column key names
    // its alias or derived table only by name, and a derived table has binds of its own.
    std::vector<FromPtr> referenced;
    for (const NodePtr& c : columns)
        collectFroms(*c, referenced);
    if (where)
        collectFroms(*where, referenced);
    for (const NodePtr& g : groupBy)
        collectFroms(*g, referenced);
    if (having)
        collectFroms(*having, referenced);
    for (const NodePtr& o : orderBy)
        collectFroms(*o, referenced);
    key.add(qint64(referenced.size()));
    for (const FromPtr& f : referenced)
        f->appendKey(key);
}
QStringList SelectNode::columnNames() const
{
    QStringList names;
    for (const NodePtr& c : columns)
        names << outputName(*c);
    return names;
}
std::vector<SqlType> SelectNode::columnTypes() const
{
    std::vector<SqlType> types;
    for (const NodePtr& c : columns)
        types.push_back(c->type());
    return types;
}

void CompoundSelectNode::accept(Compiler& c) const
{
    c.visitCompoundSelect(*this);
}
void CompoundSelectNode::appendKey(CacheKey& key) const
{
    key.add(all ? 'V' : 'u');
    key.add(qint64(selects.size()));
    for (const auto& s : selects)
        s->appendKey(key);
    addAll(key, orderBy);
    addOptional(key, limit);
    addOptional(key, offset);
}

void InsertNode::accept(Compiler& c) const
{
    c.visitInsert(*this);
}
void InsertNode::appendKey(CacheKey& key) const
{
    key.add('I');
    addTable(key, table);
    key.add(columns.join(u','));
    key.add(qint64(rows.size()));
    for (const auto& row : rows)
        addAll(key, row);
    if (fromSelect)
        fromSelect->appendKey(key);
    addAll(key, returning);
}

void UpdateNode::accept(Compiler& c) const
{
    c.visitUpdate(*this);
}
void UpdateNode::appendKey(CacheKey& key) const
{
    key.add('P');
    addTable(key, table);
    key.add(qint64(assignments.size()));
    for (const auto& [column, value] : assignments) {
        key.add(column);
        value->appendKey(key);
    }
    addOptional(key, where);
    addAll(key, returning);
}

void DeleteNode::accept(Compiler& c) const
{
    c.visitDelete(*this);
}
void DeleteNode::appendKey(CacheKey& key) const
{
    key.add('R');
    addTable(key, table);
    addOptional(key, where);
    addAll(key, returning);
}

void DdlNode::accept(Compiler& c) const
{
    c.visitDdl(*this);
}

} // namespace orm::sql
