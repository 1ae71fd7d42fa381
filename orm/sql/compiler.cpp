#include "orm/sql/compiler.h"

#include "orm/errors.h"
#include "orm/sql/dialect.h"
#include "orm/sql/metadata.h"
#include "orm/sql/table.h"

#include <algorithm>

namespace orm::sql {

namespace {

// Operator precedence, loosest first; operands that bind less tightly get parentheses.
enum Precedence {
    PrecOr = 1,
    PrecAnd,
    PrecNot,
    PrecComparison,
    PrecConcat,
    PrecAdditive,
    PrecMultiplicative,
    PrecNegate,
    PrecAtom
};

int precedenceOf(const Node& node)
{
    if (auto* list = dynamic_cast<const ListNode*>(&node)) {
        if (list->items.size() <= 1)
            return list->items.empty() ? PrecAtom : precedenceOf(*list->items.front());
        return list->kind == ListNode::Or    ? PrecOr
               : list->kind == ListNode::And ? PrecAnd
                                             : PrecAtom;
    }
    if (auto* b = dynamic_cast<const BinaryNode*>(&node)) {
        switch (b->op) {
        case Operator::Add:
        case Operator::Sub:
            return PrecAdditive;
        case Operator::Mul:
        case Operator::Div:
            return PrecMultiplicative;
        case Operator::Concat:
            return PrecConcat;
        default:
            return PrecComparison;
        }
    }
    if (auto* u = dynamic_cast<const UnaryNode*>(&node)) {
        switch (u->op) {
        case UnaryOperator::Not:
            return PrecNot;
        case UnaryOperator::Negate:
            return PrecNegate;
        case UnaryOperator::Exists:
            return PrecAtom;
        default:
            return PrecComparison;
        }
    }
    if (dynamic_cast<const BetweenNode*>(&node))
        return PrecComparison;
    // Outside a columns clause a label is written as its expression (or bare name).
    if (auto* label = dynamic_cast<const LabelNode*>(&node))
        return precedenceOf(*label->expr);
    return PrecAtom;
}

QString binaryOperatorSql(Operator op)
{
    switch (op) {
    case Operator::Eq:
        return QStringLiteral(" = ");
    case Operator::Ne:
        return QStringLiteral(" != ");
    case Operator::Lt:
        return QStringLiteral(" < ");
    case Operator::Le:
        return QStringLiteral(" <= ");
    case Operator::Gt:
        return QStringLiteral(" > ");
    case Operator::Ge:
        return QStringLiteral(" >= ");
    case Operator::Add:
        return QStringLiteral(" + ");
    case Operator::Sub:
        return QStringLiteral(" - ");
    case Operator::Mul:
        return QStringLiteral(" * ");
    case Operator::Div:
        return QStringLiteral(" / ");
    case Operator::Concat:
        return QStringLiteral(" || ");
    case Operator::Like:
        return QStringLiteral(" LIKE ");
    case Operator::NotLike:
        return QStringLiteral(" NOT LIKE ");
    case Operator::ILike:
        return QStringLiteral(" ILIKE ");
    case Operator::NotILike:
        return QStringLiteral(" NOT ILIKE ");
    case Operator::In:
        return QStringLiteral(" IN ");
    case Operator::NotIn:
        return QStringLiteral(" NOT IN ");
    case Operator::Is:
        return QStringLiteral(" IS ");
    case Operator::IsNot:
        return QStringLiteral(" IS NOT ");
    case Operator::Match:
        return QStringLiteral(" MATCH ");
    }
    return {};
}

bool isLike(Operator op)
{
    return op == Operator::Like || op == Operator::NotLike || op == Operator::ILike ||
           op == Operator::NotILike;
}

} // namespace

void collectFroms(const Node& node, std::vector<FromPtr>& out)
{
    if (auto* column = dynamic_cast<const ColumnNode*>(&node)) {
        if (column->from && std::find(out.begin(), out.end(), column->from) == out.end())
            out.push_back(column->from);
        return;
    }
    std::vector<const Node*> children;
    node.children(children);
    for (const Node* child : children)
        collectFroms(*child, out);
}

bool fromCovers(const FromNode& from, const FromNode& target)
{
    if (&from == &target)
        return true;
    if (auto* join = dynamic_cast<const JoinNode*>(&from))
        return fromCovers(*join->left, target) || fromCovers(*join->right, target);
    return false;
}

Compiler::Compiler(const Dialect& dialect) : m_dialect(dialect) {}

Compiler::~Compiler() = default;

CompiledStatement Compiler::compile(const Node& root, const std::vector<const BindNode*>& keyBinds)
{
    m_out.clear();
    m_placeholders.clear();
    m_result = CompiledStatement();
    root.accept(*this);
    m_result.sql = m_out;
    for (const SqlType& type : m_result.columnTypes)
        m_result.unconvertedTypes.push_back(m_dialect.unconvertedType(type));
    QHash<const BindNode*, int> slotOf;
    for (int i = int(keyBinds.size()) - 1; i >= 0; --i)
        slotOf.insert(keyBinds[i], i);
    for (const BindNode* bind : m_placeholders) {
        const auto it = slotOf.constFind(bind);
        Q_ASSERT(it != slotOf.constEnd());
        m_result.bindSlots.push_back(it.value());
    }
    return m_result;
}

QString Compiler::compileLiteral(const Node& expr)
{
    const QString saved = m_out;
    const bool savedLiteral = m_literalBinds;
    const bool savedQualify = m_qualifyColumns;
    m_out.clear();
    m_literalBinds = true;
    m_qualifyColumns = false;
    expr.accept(*this);
    QString text = m_out;
    m_out = saved;
    m_literalBinds = savedLiteral;
    m_qualifyColumns = savedQualify;
    return text;
}

QString Compiler::quote(const QString& identifier) const
{
    return m_dialect.quoteIdentifier(identifier);
}

QString Compiler::tableName(const Table& table) const
{
    return table.schema().isEmpty() ? quote(table.name())
                                    : quote(table.schema()) + u'.' + quote(table.name());
}

QString Compiler::anonymousName(const Node& node, const QString& given)
{
    if (!given.isEmpty())
        return given;
    auto it = m_anonNames.find(&node);
    if (it == m_anonNames.end()) {
        // As SQLAlchemy numbers them, in order of first use: an alias of a table after the
        // table (addresses_1, addresses_2), anything else anon_1, anon_2; one count per prefix.
        auto* alias = dynamic_cast<const AliasNode*>(&node);
        const Table* table = alias ? alias->table() : nullptr;
        const QString prefix = table ? table->name() : QStringLiteral("anon");
        it = m_anonNames.insert(&node, prefix + u'_' + QString::number(++m_anonCounters[prefix]));
    }
    return it.value();
}

QString Compiler::qualifierOf(const FromNode& from)
{
    if (auto* table = dynamic_cast<const TableNode*>(&from))
        return tableName(*table->table);
    if (auto* alias = dynamic_cast<const AliasNode*>(&from))
        return quote(anonymousName(*alias, alias->name));
    return {};
}

// ---- FROM objects ------------------------------------------------------------------------

void Compiler::visitTable(const TableNode& node)
{
    write(tableName(*node.table));
}

void Compiler::visitAlias(const AliasNode& node)
{
    if (const Table* table = node.table()) {
        write(tableName(*table));
    } else {
        // A derived table does not correlate to the statement around it.
        const auto saved = std::exchange(m_enclosingFroms, {});
        write(u"(");
        node.target->accept(*this);
        write(u")");
        m_enclosingFroms = saved;
    }
    write(QStringLiteral(" AS ") + quote(anonymousName(node, node.name)));
}

void Compiler::visitJoin(const JoinNode& node)
{
    node.left->accept(*this);
    write(node.outer ? QStringLiteral(" LEFT OUTER JOIN ") : QStringLiteral(" JOIN "));
    const bool nestedJoin = dynamic_cast<const JoinNode*>(node.right.get()) != nullptr;
    if (nestedJoin)
        write(u"(");
    node.right->accept(*this);
    if (nestedJoin)
        write(u")");
    write(QStringLiteral(" ON "));
    node.on->accept(*this);
}

// ---- expressions ---------------------------------------------------------------------------

void Compiler::visitColumn(const ColumnNode& node)
{
    if (m_qualifyColumns && node.from) {
        const QString qualifier = qualifierOf(*node.from);
        if (!qualifier.isEmpty())
            write(qualifier + u'.');
    }
    write(quote(node.name));
}

void Compiler::visitBind(const BindNode& node)
{
    if (m_literalBinds) {
        // Written as the value would be bound, so a CHECK compares like with like.
        write(m_dialect.renderLiteral(m_dialect.toDatabase(node.value, node.valueType)));
        return;
    }
    m_placeholders.push_back(&node);
    write(m_dialect.placeholder(int(m_placeholders.size())));
}

void Compiler::visitNull(const NullNode&)
{
    write(u"NULL");
}

void Compiler::visitStar(const StarNode&)
{
    write(u"*");
}

void Compiler::writeOperand(const Node& child, int outer, bool rightSide)
{
    const int inner = precedenceOf(child);
    bool parens = inner < outer;
    // Operators are left-associative, so an equal-precedence right operand keeps its grouping
    // only in parentheses: a - (b - c), a / (b * c). Comparisons do not chain at all
    // (PostgreSQL makes them non-associative): (a > b) = c.
    if (inner == outer && (rightSide || outer == PrecComparison))
        parens = true;
    // || binds tighter than + - * / in SQLite but looser in PostgreSQL: group explicitly.
    if (outer == PrecConcat && (inner == PrecAdditive || inner == PrecMultiplicative))
        parens = true;
    if (parens)
        write(u"(");
    child.accept(*this);
    if (parens)
        write(u")");
}

void Compiler::writeList(const std::vector<NodePtr>& items, const QString& separator)
{
    bool first = true;
    for (const NodePtr& item : items) {
        if (!first)
            write(separator);
        first = false;
        item->accept(*this);
    }
}

void Compiler::visitBinary(const BinaryNode& node)
{
    if (isLike(node.op)) {
        writeLike(node);
        return;
    }
    if (node.op == Operator::Match) {
        writeMatch(node);
        return;
    }
    const bool isIn = node.op == Operator::In || node.op == Operator::NotIn;
    if (isIn) {
        // An empty IN list is valid in no SQL dialect; its truth value is known.
        if (auto* list = dynamic_cast<const ListNode*>(node.right.get());
            list && list->items.empty()) {
            write(node.op == Operator::In ? QStringLiteral("1 != 1") : QStringLiteral("1 = 1"));
            return;
        }
    }
    const int prec = precedenceOf(node);
    writeOperand(*node.left, prec);
    write(binaryOperatorSql(node.op));
    if (isIn)
        node.right->accept(*this); // a parenthesised list or subquery
    else
        writeOperand(*node.right, prec, true);
}

void Compiler::writeLike(const BinaryNode& node)
{
    writeOperand(*node.left, PrecComparison);
    write(binaryOperatorSql(node.op));
    writeOperand(*node.right, PrecComparison, true);
    if (!node.escape.isNull())
        write(QStringLiteral(" ESCAPE ") + m_dialect.renderLiteral(QString(node.escape)));
}

void Compiler::writeMatch(const BinaryNode& node)
{
    writeOperand(*node.left, PrecComparison);
    write(binaryOperatorSql(node.op));
    writeOperand(*node.right, PrecComparison, true);
}

void Compiler::visitUnary(const UnaryNode& node)
{
    const Node& operand = *node.operand;
    switch (node.op) {
    case UnaryOperator::Not: {
        write(u"NOT ");
        const bool parens = precedenceOf(operand) != PrecAtom;
        if (parens)
            write(u"(");
        operand.accept(*this);
        if (parens)
            write(u")");
        break;
    }
    case UnaryOperator::Negate:
        write(u"-");
        writeOperand(operand, PrecNegate, true); // -(-x), never --x (a comment)
        break;
    case UnaryOperator::IsNull:
        writeOperand(operand, PrecComparison);
        write(u" IS NULL");
        break;
    case UnaryOperator::IsNotNull:
        writeOperand(operand, PrecComparison);
        write(u" IS NOT NULL");
        break;
    case UnaryOperator::Exists:
        write(u"EXISTS ");
        operand.accept(*this);
        break;
    case UnaryOperator::Asc:
        operand.accept(*this);
        write(u" ASC");
        break;
    case UnaryOperator::Desc:
        operand.accept(*this);
        write(u" DESC");
        break;
    case UnaryOperator::NullsFirst:
        operand.accept(*this);
        write(u" NULLS FIRST");
        break;
    case UnaryOperator::NullsLast:
        operand.accept(*this);
        write(u" NULLS LAST");
        break;
    }
}

void Compiler::visitList(const ListNode& node)
{
    if (node.kind == ListNode::Tuple) {
        write(u"(");
        writeList(node.items);
        write(u")");
        return;
    }
    const int prec = precedenceOf(node);
    const QString separator =
        node.kind == ListNode::And ? QStringLiteral(" AND ") : QStringLiteral(" OR ");
    bool first = true;
    for (const NodePtr& item : node.items) {
        if (!first)
            write(separator);
        first = false;
        writeOperand(*item, prec);
    }
}

void Compiler::visitBetween(const BetweenNode& node)
{
    writeOperand(*node.expr, PrecComparison);
    write(node.negate ? QStringLiteral(" NOT BETWEEN ") : QStringLiteral(" BETWEEN "));
    writeOperand(*node.low, PrecComparison, true);
    write(u" AND ");
    writeOperand(*node.high, PrecComparison, true);
}

QString Compiler::functionName(const FunctionNode& node) const
{
    return node.name;
}

void Compiler::visitFunction(const FunctionNode& node)
{
    write(functionName(node));
    write(u"(");
    writeList(node.args);
    write(u")");
}

void Compiler::visitCase(const CaseNode& node)
{
    write(u"CASE");
    for (const auto& [condition, value] : node.whens) {
        write(u" WHEN ");
        condition->accept(*this);
        write(u" THEN ");
        value->accept(*this);
    }
    if (node.otherwise) {
        write(u" ELSE ");
        node.otherwise->accept(*this);
    }
    write(u" END");
}

void Compiler::visitCast(const CastNode& node)
{
    write(u"CAST(");
    node.expr->accept(*this);
    write(QStringLiteral(" AS ") + m_dialect.typeName(node.target) + u')');
}

void Compiler::visitLabel(const LabelNode& node)
{
    // "expr AS name" belongs to a columns clause only (writeColumns). Elsewhere a label is its
    // expression, except in an ORDER BY that can name the result column it labels.
    if (std::find(m_orderByLabels.begin(), m_orderByLabels.end(), &node) != m_orderByLabels.end())
        write(quote(node.name));
    else
        node.expr->accept(*this);
}

void Compiler::writeColumns(const std::vector<NodePtr>& columns)
{
    bool first = true;
    for (const NodePtr& column : columns) {
        if (!first)
            write(u", ");
        first = false;
        if (auto* label = dynamic_cast<const LabelNode*>(column.get())) {
            writeOperand(*label->expr, PrecAtom - 1);
            write(QStringLiteral(" AS ") + quote(label->name));
        } else {
            column->accept(*this);
        }
    }
}

void Compiler::writeOrderBy(const std::vector<NodePtr>& orderBy,
                            const std::vector<NodePtr>& columns)
{
    auto saved = std::exchange(m_orderByLabels, {});
    for (const NodePtr& column : columns) {
        if (dynamic_cast<const LabelNode*>(column.get()))
            m_orderByLabels.push_back(column.get());
    }
    write(u"\nORDER BY ");
    writeList(orderBy);
    m_orderByLabels = std::move(saved);
}

void Compiler::visitScalarSelect(const ScalarSelectNode& node)
{
    write(u"(");
    node.select->accept(*this);
    write(u")");
}

void Compiler::visitText(const TextNode& node)
{
    for (qsizetype i = 0; i < node.parts.size(); ++i) {
        write(node.parts[i]);
        if (i < qsizetype(node.binds.size()))
            node.binds[i]->accept(*this);
    }
}

// ---- statements ----------------------------------------------------------------------------

std::vector<const FromNode*> Compiler::fromObjects(const SelectNode& node) const
{
    std::vector<const FromNode*> out;
    for (const FromPtr& from : node.froms)
        out.push_back(from.get());
    std::vector<FromPtr> referenced;
    for (const NodePtr& column : node.columns)
        collectFroms(*column, referenced);
    if (node.where)
        collectFroms(*node.where, referenced);
    for (const NodePtr& g : node.groupBy)
        collectFroms(*g, referenced);
    if (node.having)
        collectFroms(*node.having, referenced);
    for (const NodePtr& o : node.orderBy)
        collectFroms(*o, referenced);
    std::vector<const FromNode*> correlated;
    for (const FromPtr& shared : referenced) {
        const FromNode* from = shared.get();
        const auto covers = [from](const FromNode* f) { return fromCovers(*f, *from); };
        if (std::any_of(out.begin(), out.end(), covers))
            continue;
        if (std::any_of(m_enclosingFroms.begin(), m_enclosingFroms.end(), covers))
            correlated.push_back(from);
        else
            out.push_back(from);
    }
    // A subquery that would correlate everything away (SELECT x FROM <nothing>) keeps its tables.
    if (out.empty())
        out = correlated;
    return out;
}

void Compiler::visitSelect(const SelectNode& node)
{
    const bool topLevel = m_out.isEmpty() && m_enclosingFroms.empty();
    if (topLevel) {
        m_result.columnNames = node.columnNames();
        m_result.columnTypes = node.columnTypes();
    }
    const std::vector<const FromNode*> froms = fromObjects(node);

    write(node.distinct ? QStringLiteral("SELECT DISTINCT ") : QStringLiteral("SELECT "));
    const size_t enclosingSize = m_enclosingFroms.size();
    m_enclosingFroms.insert(m_enclosingFroms.end(), froms.begin(), froms.end());
    writeColumns(node.columns);
    if (!froms.empty()) {
        write(u"\nFROM ");
        bool first = true;
        for (const FromNode* from : froms) {
            if (!first)
                write(u", ");
            first = false;
            from->accept(*this);
        }
    }
    if (node.where) {
        write(u"\nWHERE ");
        node.where->accept(*this);
    }
    if (!node.groupBy.empty()) {
        write(u"\nGROUP BY ");
        writeList(node.groupBy);
    }
    if (node.having) {
        write(u"\nHAVING ");
        node.having->accept(*this);
    }
    if (!node.orderBy.empty())
        writeOrderBy(node.orderBy, node.columns);
    writeLimitOffset(node);
    m_enclosingFroms.resize(enclosingSize);
}

void Compiler::visitCompoundSelect(const CompoundSelectNode& node)
{
    if (m_out.isEmpty() && m_enclosingFroms.empty()) {
        m_result.columnNames = node.columnNames();
        m_result.columnTypes = node.columnTypes();
    }
    for (size_t i = 0; i < node.selects.size(); ++i) {
        const SelectBaseNode& select = *node.selects[i];
        if (i > 0)
            write(node.all ? QStringLiteral("\nUNION ALL\n") : QStringLiteral("\nUNION\n"));
        // A member with its own ORDER BY/LIMIT/OFFSET, or a compound that is not the leftmost
        // member (UNION groups to the left), needs grouping. SQLite takes no parentheses around
        // a member, so it becomes a derived table, which both databases accept.
        const bool wrap = !select.orderBy.empty() || select.limit || select.offset ||
                          (i > 0 && dynamic_cast<const CompoundSelectNode*>(&select));
        if (wrap) {
            const auto saved = std::exchange(m_enclosingFroms, {});
            write(u"SELECT * FROM (");
            select.accept(*this);
            write(QStringLiteral(") AS ") + quote(anonymousName(select, {})));
            m_enclosingFroms = saved;
        } else {
            select.accept(*this);
        }
    }
    if (!node.orderBy.empty()) {
        // The ORDER BY of a compound names result columns, which carry no table qualifier.
        const bool saved = std::exchange(m_qualifyColumns, false);
        auto* first = dynamic_cast<const SelectNode*>(node.selects.front().get());
        writeOrderBy(node.orderBy, first ? first->columns : std::vector<NodePtr>());
        m_qualifyColumns = saved;
    }
    writeLimitOffset(node);
}

void Compiler::writeLimitOffset(const SelectBaseNode& node)
{
    if (node.limit) {
        write(u"\nLIMIT ");
        node.limit->accept(*this);
    }
    if (node.offset) {
        write(node.limit ? QStringLiteral(" OFFSET ") : QStringLiteral("\nOFFSET "));
        node.offset->accept(*this);
    }
}

void Compiler::writeReturning(const DmlNode& node)
{
    if (node.returning.empty())
        return;
    if (!m_dialect.supportsReturning())
        throw ArgumentError(QStringLiteral("%1 does not support RETURNING").arg(m_dialect.name()));
    const bool saved = std::exchange(m_qualifyColumns, false);
    write(u" RETURNING ");
    writeColumns(node.returning);
    m_qualifyColumns = saved;
    for (const NodePtr& r : node.returning) {
        auto* column = dynamic_cast<const ColumnNode*>(r.get());
        auto* label = dynamic_cast<const LabelNode*>(r.get());
        m_result.columnNames << (label ? label->name : column ? column->name : QString());
        m_result.columnTypes.push_back(r->type());
    }
}

void Compiler::visitInsert(const InsertNode& node)
{
    write(QStringLiteral("INSERT INTO ") + tableName(*node.table));
    if (node.columns.isEmpty() && !node.fromSelect) {
        write(u" DEFAULT VALUES");
        writeReturning(node);
        return;
    }
    write(u" (");
    QStringList quoted;
    for (const QString& c : node.columns)
        quoted << quote(c);
    write(quoted.join(u", "));
    write(u")");
    if (node.fromSelect) {
        write(u" ");
        node.fromSelect->accept(*this);
    } else {
        write(u" VALUES ");
        bool firstRow = true;
        for (const auto& row : node.rows) {
            if (!firstRow)
                write(u", ");
            firstRow = false;
            write(u"(");
            writeList(row);
            write(u")");
        }
    }
    writeReturning(node);
}

void Compiler::visitUpdate(const UpdateNode& node)
{
    if (node.assignments.empty())
        throw ArgumentError(QStringLiteral("UPDATE of %1 sets no columns; call set() or values()")
                                .arg(node.table->fullName()));
    write(QStringLiteral("UPDATE ") + tableName(*node.table) + QStringLiteral(" SET "));
    // Subqueries in SET and WHERE correlate to the table being updated.
    const auto saved = std::exchange(m_enclosingFroms, {node.table->node().get()});
    bool first = true;
    for (const auto& [column, value] : node.assignments) {
        if (!first)
            write(u", ");
        first = false;
        write(quote(column) + u'=');
        value->accept(*this);
    }
    if (node.where) {
        write(u" WHERE ");
        node.where->accept(*this);
    }
    m_enclosingFroms = saved;
    writeReturning(node);
}

void Compiler::visitDelete(const DeleteNode& node)
{
    write(QStringLiteral("DELETE FROM ") + tableName(*node.table));
    if (node.where) {
        // Subqueries in WHERE correlate to the table rows are deleted from.
        const auto saved = std::exchange(m_enclosingFroms, {node.table->node().get()});
        write(u" WHERE ");
        node.where->accept(*this);
        m_enclosingFroms = saved;
    }
    writeReturning(node);
}

// ---- DDL -------------------------------------------------------------------------------------

namespace {

QString quotedList(const Dialect& dialect, const QStringList& names)
{
    QStringList out;
    for (const QString& n : names)
        out << dialect.quoteIdentifier(n);
    return out.join(u", ");
}

} // namespace

void Compiler::writeForeignKey(const Table& table, int number, bool named)
{
    const ForeignKeyConstraint& fk = table.foreignKeys()[size_t(number)];
    if (named || !fk.name.isEmpty())
        write(QStringLiteral("CONSTRAINT ") + quote(foreignKeyName(table, number)) + u' ');
    write(QStringLiteral("FOREIGN KEY(") + quotedList(m_dialect, fk.columns) +
          QStringLiteral(") REFERENCES "));
    if (!fk.targetSchema.isEmpty())
        write(quote(fk.targetSchema) + u'.');
    write(quote(fk.targetTable) + QStringLiteral(" (") + quotedList(m_dialect, fk.targetColumns) +
          u')');
    if (fk.onDelete != ReferentialAction::NoAction)
        write(QStringLiteral(" ON DELETE ") + referentialActionSql(fk.onDelete));
    if (fk.onUpdate != ReferentialAction::NoAction)
        write(QStringLiteral(" ON UPDATE ") + referentialActionSql(fk.onUpdate));
}

void Compiler::writeCreateTable(const Table& table, const std::vector<int>& deferredForeignKeys)
{
    write(QStringLiteral("CREATE TABLE ") + tableName(table) + QStringLiteral(" ("));
    QString sep = QStringLiteral("\n    ");
    const QString next = QStringLiteral(",\n    ");
    for (const Column* column : table.columns()) {
        write(sep);
        sep = next;
        write(quote(column->name()) + u' ' + m_dialect.columnType(*column));
        const ServerDefault& def = column->serverDefaultValue();
        if (!def.sql.isEmpty())
            write(QStringLiteral(" DEFAULT ") + def.sql);
        else if (def.value.isValid())
            write(QStringLiteral(" DEFAULT ") +
                  m_dialect.renderLiteral(m_dialect.toDatabase(def.value, column->type())));
        if (!column->isNullable())
            write(u" NOT NULL");
    }
    QStringList pk;
    for (const Column* column : table.primaryKeyColumns())
        pk << column->name();
    if (!pk.isEmpty()) {
        write(sep + QStringLiteral("PRIMARY KEY (") + quotedList(m_dialect, pk) + u')');
    }
    for (const Column* column : table.columns()) {
        if (column->isUnique() && !column->isIndexed())
            write(sep + QStringLiteral("UNIQUE (") + quote(column->name()) + u')');
    }
    for (const UniqueConstraint& u : table.uniqueConstraints()) {
        write(sep);
        if (!u.name.isEmpty())
            write(QStringLiteral("CONSTRAINT ") + quote(u.name) + u' ');
        write(QStringLiteral("UNIQUE (") + quotedList(m_dialect, u.columns) + u')');
    }
    for (const CheckConstraint& check : table.checkConstraints()) {
        write(sep);
        if (!check.name.isEmpty())
            write(QStringLiteral("CONSTRAINT ") + quote(check.name) + u' ');
        write(QStringLiteral("CHECK (") +
              (check.condition.isValid() ? compileLiteral(*check.condition.node()) : check.sql) +
              u')');
    }
    const auto& fks = table.foreignKeys();
    for (int i = 0; i < int(fks.size()); ++i) {
        const bool deferred = fks[size_t(i)].useAlter ||
                              std::find(deferredForeignKeys.begin(), deferredForeignKeys.end(),
                                        i) != deferredForeignKeys.end();
        if (deferred && m_dialect.supportsAlterForeignKey())
            continue;
        write(sep);
        writeForeignKey(table, i, false);
    }
    write(u"\n)");
}

void Compiler::visitDdl(const DdlNode& node)
{
    m_result.isDdl = true;
    const Table& table = *node.table;
    if ((node.kind == DdlNode::AddForeignKey || node.kind == DdlNode::DropForeignKey) &&
        !m_dialect.supportsAlterForeignKey())
        throw ArgumentError(
            QStringLiteral("%1 cannot add or drop a foreign key of an existing table; "
                           "it is created with its table")
                .arg(m_dialect.name()));
    switch (node.kind) {
    case DdlNode::CreateTable:
        writeCreateTable(table, node.deferredForeignKeys);
        break;
    case DdlNode::DropTable:
        write(QStringLiteral("DROP TABLE ") +
              (node.ifExists ? QStringLiteral("IF EXISTS ") : QString()) + tableName(table));
        break;
    case DdlNode::CreateIndex: {
        const Index index = table.indexes()[size_t(node.index)];
        write(QStringLiteral("CREATE ") + (index.unique ? QStringLiteral("UNIQUE ") : QString()) +
              QStringLiteral("INDEX ") + quote(index.name) + QStringLiteral(" ON ") +
              tableName(table) + QStringLiteral(" (") + quotedList(m_dialect, index.columns) +
              u')');
        break;
    }
    case DdlNode::DropIndex: {
        const Index index = table.indexes()[size_t(node.index)];
        write(QStringLiteral("DROP INDEX ") +
              (table.schema().isEmpty() ? QString() : quote(table.schema()) + u'.') +
              quote(index.name));
        break;
    }
    case DdlNode::AddForeignKey:
        write(QStringLiteral("ALTER TABLE ") + tableName(table) + QStringLiteral(" ADD "));
        writeForeignKey(table, node.index, true);
        break;
    case DdlNode::DropForeignKey:
        write(QStringLiteral("ALTER TABLE ") + tableName(table) +
              QStringLiteral(" DROP CONSTRAINT ") + quote(foreignKeyName(table, node.index)));
        break;
    }
}

} // namespace orm::sql
