#include "side.h"

#include <QHash>

namespace bench {

User makeUser(qint64 id)
{
    // Times between 06:00 and 22:00 never fall into a daylight-saving gap, so the local
    // date-time reads back exactly as written.
    const qint64 msecs = 6 * 3600 * 1000 + (id * 7919) % (16 * 3600 * 1000);
    return {id, QStringLiteral("user%1").arg(id), QStringLiteral("User Number %1 Fullname").arg(id),
            18 + id % 60,
            QDateTime(QDate(2020, 1, 1).addDays(id % 1500),
                      QTime::fromMSecsSinceStartOfDay(int(msecs)))};
}

std::vector<User> makeUsers(qint64 count)
{
    std::vector<User> users;
    users.reserve(size_t(count));
    for (qint64 id = 1; id <= count; ++id)
        users.push_back(makeUser(id));
    return users;
}

namespace {

// splitmix64's finalizer after each field, so that no two differences cancel out in the sum.
quint64 mix(quint64 h, quint64 v)
{
    quint64 z = h ^ (v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

} // namespace

void Digest::add(const User& user)
{
    quint64 h = mix(0, quint64(user.id));
    h = mix(h, qHash(user.name));
    h = mix(h, qHash(user.fullname));
    h = mix(h, quint64(user.age));
    // An invalid date-time (a value that did not read back) must not digest like a valid one.
    h = mix(h, user.created.isValid() ? quint64(user.created.toMSecsSinceEpoch()) : 1);
    ++rows;
    sum += h;
}

Digest digestOf(const std::vector<User>& users)
{
    Digest d;
    for (const User& u : users)
        d.add(u);
    return d;
}

Families makeFamilies(qint64 parents, qint64 perParent)
{
    Families f;
    f.parents.reserve(size_t(parents));
    for (qint64 id = 1; id <= parents; ++id)
        f.parents.push_back({id, QStringLiteral("parent %1").arg(id)});
    f.children.reserve(size_t(parents * perParent));
    for (qint64 id = 1; id <= parents * perParent; ++id)
        f.children.push_back(
            {id, (id - 1) % parents + 1, QStringLiteral("child %1").arg(id), (id * 7919) % 1000});
    return f;
}

void addFamilyRow(Digest& digest, qint64 parentId, const QString& parentName, qint64 childId,
                  qint64 childParentId, const QString& childName, qint64 value)
{
    quint64 h = mix(0, quint64(parentId));
    h = mix(h, qHash(parentName));
    h = mix(h, quint64(childId));
    h = mix(h, quint64(childParentId));
    h = mix(h, qHash(childName));
    h = mix(h, quint64(value));
    ++digest.rows;
    digest.sum += h;
}

Digest digestOf(const Families& families)
{
    Digest d;
    for (const ChildRow& c : families.children) {
        const ParentRow& p = families.parents[size_t(c.parentId - 1)];
        addFamilyRow(d, p.id, p.name, c.id, c.parentId, c.name, c.value);
    }
    return d;
}

} // namespace bench
