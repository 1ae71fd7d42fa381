#pragma once
// Registry keeps the mappers of a program and the MetaData their tables live in, like
// SQLAlchemy's declarative registry. Compiled classes are mapped on first use; dynamic
// mappers (reflected tables) are added by name.

#include "orm/mapping/mapper.h"
#include "orm/sql/metadata.h"

#include <QHash>
#include <QMutex>
#include <functional>
#include <map>
#include <memory>
#include <typeindex>

namespace orm {

class Registry {
public:
    Registry();
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;
    ~Registry();

    // The registry that orm::mapper<T>() and orm::make<T>() use.
    static Registry& global();

    MetaData& metadata() { return m_metadata; }
    const MetaData& metadata() const { return m_metadata; }

    // The mapper of a compiled class, built by `build` the first time.
    const Mapper& mapperFor(const std::type_info& type,
                            const std::function<std::unique_ptr<Mapper>(Registry&)>& build);
    // A dynamic mapper over an existing table of this registry's MetaData: every column becomes
    // an attribute of a Record. ArgumentError when the name is taken.
    Mapper& mapTable(Table& table, const QString& className = {});
    // A relationship of a dynamic mapper of this registry (Records) to another mapper: a
    // Collection slot (`collection`) or a Reference slot in each Record of `parent`.
    // The direction and join come from the foreign keys, as for compiled classes; set options
    // (back-populates, cascade, foreign keys, secondary) on the result. Map every relationship
    // of a class before its first Record is made: a Record has the slots of its mapper's
    // relationships at that time. ArgumentError when `parent` is not a dynamic mapper of this
    // registry or the name is taken.
    Relationship& mapRelationship(Mapper& parent, const QString& name, const Mapper& target,
                                  bool collection);
    // A mapper by class name (compiled ones once used), or nullptr.
    const Mapper* find(const QString& className) const;
    std::vector<const Mapper*> mappers() const;

private:
    MetaData m_metadata;
    mutable QRecursiveMutex m_mutex;
    std::map<std::type_index, std::unique_ptr<Mapper>> m_compiled;
    std::vector<std::unique_ptr<Mapper>> m_dynamic;
};

} // namespace orm
