#include "orm/query/entity.h"

#include "orm/errors.h"
#include "orm/sql/nodes.h"

namespace orm {

Entity::Entity(const Expr& expr) : m_expr(expr)
{
    if (!expr.isValid())
        throw ArgumentError(QStringLiteral("an empty expression was given as a query column"));
}

Entity::Entity(const AliasedEntity& aliased) : m_mapper(&aliased.mapper()), m_from(aliased.from())
{}

Entity Entity::of(const Mapper& mapper)
{
    Entity e;
    e.m_mapper = &mapper;
    e.m_from = From(mapper.table());
    return e;
}

std::vector<Expr> Entity::columns() const
{
    if (!m_mapper)
        return {m_expr};
    std::vector<Expr> out;
    out.reserve(size_t(m_mapper->propertyCount()));
    const bool ownTable = dynamic_cast<const sql::TableNode*>(m_from.shared().get()) != nullptr;
    for (const auto& property : m_mapper->properties())
        out.push_back(ownTable ? Expr(*property->column) : m_from.c(property->column->name()));
    return out;
}

QString Entity::name() const
{
    if (m_mapper) {
        const bool ownTable = dynamic_cast<const sql::TableNode*>(m_from.shared().get()) != nullptr;
        return ownTable || m_from.name().isEmpty() ? m_mapper->className() : m_from.name();
    }
    if (auto* label = dynamic_cast<const sql::LabelNode*>(m_expr.node()))
        return label->name;
    if (auto* column = dynamic_cast<const sql::ColumnNode*>(m_expr.node()))
        return column->name;
    return {};
}

} // namespace orm
