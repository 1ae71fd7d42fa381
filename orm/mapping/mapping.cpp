#include "orm/mapping/mapping.h"

#include "orm/errors.h"

#include <cxxabi.h>

namespace orm {

namespace detail {

QString className(const std::type_info& type)
{
    int status = 0;
    char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
    QString name = status == 0 ? QString::fromLatin1(demangled) : QString::fromLatin1(type.name());
    std::free(demangled);
    // Messages read better without namespaces: "User(id=1)".
    return name.section(QStringLiteral("::"), -1);
}

void throwWrongClass(const Mapper& mapper, const std::type_info& wanted)
{
    throw ArgumentError(QStringLiteral("object of class %1 is not a %2")
                            .arg(mapper.className(), className(wanted)));
}

void throwNoTable(const std::type_info& type)
{
    throw ArgumentError(
        QStringLiteral("the mapping of %1 must call table() before column()").arg(className(type)));
}

} // namespace detail

ColumnMapping& ColumnMapping::primaryKey()
{
    m_column.primaryKey(true);
    return *this;
}

ColumnMapping& ColumnMapping::type(const SqlType& type)
{
    m_column.setType(type);
    return *this;
}

ColumnMapping& ColumnMapping::nullable(bool on)
{
    m_column.nullable(on);
    return *this;
}

ColumnMapping& ColumnMapping::unique(bool on)
{
    m_column.unique(on);
    return *this;
}

ColumnMapping& ColumnMapping::index(bool on)
{
    m_column.index(on);
    return *this;
}

ColumnMapping& ColumnMapping::autoincrement(Autoincrement mode)
{
    m_column.autoincrement(mode);
    return *this;
}

ColumnMapping& ColumnMapping::defaultValue(const QVariant& value)
{
    m_column.defaultValue(value);
    return *this;
}

ColumnMapping& ColumnMapping::serverDefault(const ServerDefault& value)
{
    m_column.serverDefault(value);
    return *this;
}

ColumnMapping& ColumnMapping::references(const QString& target, ReferentialAction onDelete,
                                         ReferentialAction onUpdate)
{
    m_column.references(target, onDelete, onUpdate);
    return *this;
}

RelationshipMapping& RelationshipMapping::backPopulates(const QString& attribute)
{
    m_relationship.setBackPopulates(attribute);
    return *this;
}

RelationshipMapping& RelationshipMapping::cascade(const QString& options)
{
    m_relationship.setCascade(CascadeSet::parse(options));
    return *this;
}

RelationshipMapping& RelationshipMapping::orderBy(const std::vector<Expr>& columns)
{
    m_relationship.setOrderBy(columns);
    return *this;
}

RelationshipMapping& RelationshipMapping::orderBy(const QStringList& targetColumns)
{
    m_relationship.setOrderByNames(targetColumns);
    return *this;
}

RelationshipMapping& RelationshipMapping::foreignKeys(const QStringList& columns)
{
    m_relationship.setForeignKeys(columns);
    return *this;
}

RelationshipMapping& RelationshipMapping::primaryJoin(const QString& condition)
{
    m_relationship.setPrimaryJoin(condition);
    return *this;
}

RelationshipMapping& RelationshipMapping::secondary(const QString& table)
{
    m_relationship.setSecondary(m_relationship.parent().table().metadata()->table(table));
    return *this;
}

RelationshipMapping& RelationshipMapping::lazy(Loading loading)
{
    m_relationship.setLoading(loading);
    return *this;
}

RelationshipMapping& RelationshipMapping::selectin(bool on)
{
    m_relationship.setLoading(on ? Loading::Selectin : Loading::Lazy);
    return *this;
}

RelationshipMapping& RelationshipMapping::postUpdate(bool on)
{
    m_relationship.setPostUpdate(on);
    return *this;
}

RelationshipMapping& RelationshipMapping::passiveDeletes(bool on)
{
    m_relationship.setPassiveDeletes(on);
    return *this;
}

RelationshipMapping& RelationshipMapping::singleParent(bool on)
{
    m_relationship.setSingleParent(on);
    return *this;
}

RelationshipMapping& RelationshipMapping::joinDepth(int depth)
{
    m_relationship.setJoinDepth(depth);
    return *this;
}

ColumnMapping& ColumnMapping::version()
{
    m_mapper.setVersionProperty(m_property);
    return *this;
}

} // namespace orm
