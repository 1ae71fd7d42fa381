#include "orm/mapping/registry.h"

#include "orm/errors.h"
#include "orm/mapping/record.h"
#include "orm/session/box.h"

#include <algorithm>

namespace orm {

Registry::Registry() = default;
Registry::~Registry() = default;

Registry& Registry::global()
{
    static Registry registry;
    return registry;
}

const Mapper& Registry::mapperFor(const std::type_info& type,
                                  const std::function<std::unique_ptr<Mapper>(Registry&)>& build)
{
    // Recursive: mapping one class may need the mapper of another (relationships).
    QMutexLocker lock(&m_mutex);
    auto it = m_compiled.find(std::type_index(type));
    if (it != m_compiled.end())
        return *it->second;
    std::unique_ptr<Mapper> mapper = build(*this);
    const Mapper& result = *mapper;
    m_compiled.emplace(std::type_index(type), std::move(mapper));
    return result;
}

Mapper& Registry::mapTable(Table& table, const QString& className)
{
    QMutexLocker lock(&m_mutex);
    const QString name = className.isEmpty() ? table.name() : className;
    if (find(name))
        throw ArgumentError(QStringLiteral("a class named %1 is already mapped").arg(name));
    auto create = [](const Mapper& mapper) -> std::shared_ptr<InstanceState> {
        return std::make_shared<Box<Record>>(mapper, mapper);
    };
    auto mapper = std::make_unique<Mapper>(name, table, create);
    int index = 0;
    for (const Column* column : table.columns())
        mapper->addProperty(column->name(), *column, std::make_unique<RecordAccessor>(index++));
    m_dynamic.push_back(std::move(mapper));
    return *m_dynamic.back();
}

Relationship& Registry::mapRelationship(Mapper& parent, const QString& name, const Mapper& target,
                                        bool collection)
{
    QMutexLocker lock(&m_mutex);
    const bool ours = std::any_of(m_dynamic.begin(), m_dynamic.end(),
                                  [&](const auto& mapper) { return mapper.get() == &parent; });
    if (!ours)
        throw ArgumentError(QStringLiteral("relationship %1.%2: %1 is not a dynamic mapper "
                                           "(Records) of this registry")
                                .arg(parent.className(), name));
    const Mapper* targetMapper = &target;
    const int index = int(parent.relationships().size());
    auto relationship = std::make_unique<Relationship>(
        parent, name, index, collection,
        [targetMapper]() -> const Mapper& { return *targetMapper; },
        std::make_unique<RecordRelationshipAccessor>(index));
    return parent.addRelationship(std::move(relationship));
}

const Mapper* Registry::find(const QString& className) const
{
    QMutexLocker lock(&m_mutex);
    for (const auto& [type, mapper] : m_compiled) {
        if (mapper->className() == className)
            return mapper.get();
    }
    for (const auto& mapper : m_dynamic) {
        if (mapper->className() == className)
            return mapper.get();
    }
    return nullptr;
}

std::vector<const Mapper*> Registry::mappers() const
{
    QMutexLocker lock(&m_mutex);
    std::vector<const Mapper*> out;
    for (const auto& [type, mapper] : m_compiled)
        out.push_back(mapper.get());
    for (const auto& mapper : m_dynamic)
        out.push_back(mapper.get());
    return out;
}

} // namespace orm
