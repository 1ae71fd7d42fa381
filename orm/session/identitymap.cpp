#include "orm/session/identitymap.h"

#include "orm/mapping/mapper.h"
#include "orm/session/instancestate.h"

#include <QUuid>

namespace orm {

size_t qHash(const IdentityKey& key, size_t seed)
{
    size_t h = ::qHash(key.mapper, seed);
    for (const QVariant& v : key.values) {
        switch (v.typeId()) {
        case QMetaType::LongLong:
            h ^= ::qHash(v.toLongLong(), seed) + 0x9e3779b9 + (h << 6) + (h >> 2);
            break;
        case QMetaType::QUuid:
            h ^= ::qHash(v.toUuid(), seed) + 0x9e3779b9 + (h << 6) + (h >> 2);
            break;
        default:
            h ^= ::qHash(v.toString(), seed) + 0x9e3779b9 + (h << 6) + (h >> 2);
        }
    }
    return h;
}

QVariantList normalizedKey(const Mapper& mapper, const QVariantList& values)
{
    QVariantList out;
    const std::vector<int>& pk = mapper.primaryKey();
    for (qsizetype i = 0; i < values.size() && i < qsizetype(pk.size()); ++i) {
        const QMetaType type = mapper.property(pk[size_t(i)]).column->type().metaType();
        QVariant v = values[i];
        if (type.isValid() && v.metaType() != type)
            v.convert(type);
        out << v;
    }
    return out;
}

std::shared_ptr<InstanceState> IdentityMap::find(const IdentityKey& key) const
{
    if (isIntegerKey(key)) {
        const auto it = m_integerKeys.constFind({key.mapper, key.values.front().toLongLong()});
        return it == m_integerKeys.constEnd() ? nullptr : it->lock();
    }
    const auto it = m_map.constFind(key);
    return it == m_map.constEnd() ? nullptr : it->lock();
}

void IdentityMap::insert(const IdentityKey& key, const std::shared_ptr<InstanceState>& state)
{
    slot(key) = state;
}

namespace {

// Erases the entry at `key` when it is dead or refers to `state`.
template <class Map, class Key>
void removeIfSame(Map& map, const Key& key, const InstanceState* state)
{
    const auto it = map.find(key);
    if (it == map.end())
        return;
    const auto live = it->lock();
    if (!live || live.get() == state)
        map.erase(it);
}

// Moves the live objects of `map` to `out` and drops its dead entries.
template <class Map>
void collectLive(Map& map, std::vector<std::shared_ptr<InstanceState>>& out)
{
    for (auto it = map.begin(); it != map.end();) {
        if (auto live = it->lock()) {
            out.push_back(std::move(live));
            ++it;
        } else {
            it = map.erase(it);
        }
    }
}

} // namespace

void IdentityMap::remove(const IdentityKey& key, const InstanceState* state)
{
    if (isIntegerKey(key))
        removeIfSame(m_integerKeys, IntegerKey{key.mapper, key.values.front().toLongLong()}, state);
    else
        removeIfSame(m_map, key, state);
}

std::vector<std::shared_ptr<InstanceState>> IdentityMap::all()
{
    std::vector<std::shared_ptr<InstanceState>> out;
    out.reserve(size_t(size()));
    collectLive(m_integerKeys, out);
    collectLive(m_map, out);
    return out;
}

} // namespace orm
