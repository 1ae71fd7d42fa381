#pragma once
// IdentityMap holds at most one object per (mapper, primary key) for a Session. It refers to
// objects weakly, as SQLAlchemy's does: an unmodified object nobody holds any more is dropped,
// so loading many rows does not pin them in memory. Objects with unflushed changes are kept
// alive by the Session's own lists instead.

#include <QHash>
#include <QVariantList>
#include <algorithm>
#include <memory>
#include <vector>

namespace orm {

class InstanceState;
class Mapper;

struct IdentityKey {
    const Mapper* mapper = nullptr;
    QVariantList values;
    friend bool operator==(const IdentityKey& a, const IdentityKey& b)
    {
        return a.mapper == b.mapper && a.values == b.values;
    }
};
size_t qHash(const IdentityKey& key, size_t seed = 0);

// Primary key values in the canonical Qt type of their column, so 1 (int) finds 1 (qlonglong).
QVariantList normalizedKey(const Mapper& mapper, const QVariantList& values);

class IdentityMap {
public:
    // The live object with this key, or null.
    std::shared_ptr<InstanceState> find(const IdentityKey& key) const;
    // The same for a key of one integer, without building a key list.
    std::shared_ptr<InstanceState> find(const Mapper* mapper, qint64 key) const
    {
        const auto it = m_integerKeys.constFind({mapper, key});
        return it == m_integerKeys.constEnd() ? nullptr : it->lock();
    }
    void insert(const IdentityKey& key, const std::shared_ptr<InstanceState>& state);
    // The entry for `key`, created empty when absent: find-or-insert with one hash probe.
    std::weak_ptr<InstanceState>& slot(const IdentityKey& key)
    {
        return isIntegerKey(key) ? slot(key.mapper, key.values.front().toLongLong()) : m_map[key];
    }
    // The same for a key of one integer.
    std::weak_ptr<InstanceState>& slot(const Mapper* mapper, qint64 key)
    {
        // Grown four-fold ahead of need: loading many rows rehashes less often.
        if (m_integerKeys.size() >= m_integerKeys.capacity())
            m_integerKeys.reserve(std::max<qsizetype>(64, 4 * m_integerKeys.size()));
        return m_integerKeys[{mapper, key}];
    }
    // Removes the entry when it still refers to `state`.
    void remove(const IdentityKey& key, const InstanceState* state);
    // Every live object; dead entries are dropped on the way.
    std::vector<std::shared_ptr<InstanceState>> all();
    void clear()
    {
        m_map.clear();
        m_integerKeys.clear();
    }
    qsizetype size() const { return m_map.size() + m_integerKeys.size(); }

private:
    // Most tables have one integer key: those entries skip hashing and comparing QVariant lists.
    using IntegerKey = std::pair<const Mapper*, qint64>;
    static bool isIntegerKey(const IdentityKey& key)
    {
        return key.values.size() == 1 && key.values.front().typeId() == QMetaType::LongLong;
    }

    QHash<IdentityKey, std::weak_ptr<InstanceState>> m_map;
    QHash<IntegerKey, std::weak_ptr<InstanceState>> m_integerKeys;
};

} // namespace orm
