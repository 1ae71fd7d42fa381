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

void Digest::add(const User& user)
{
    // splitmix64's finalizer after each field, so that no two differences cancel out in the sum.
    const auto mix = [](quint64 h, quint64 v) {
        quint64 z = h ^ (v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2));
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    };
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

} // namespace bench
