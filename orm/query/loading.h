#pragma once
// Loader options: how a query fills relationships of the objects it loads. Lazy (the
// default) loads a relationship on first access with one SELECT per object; selectin loads it
// for all the query's objects at once with a second SELECT ... WHERE key IN (...), in chunks of
// at most 500 keys. Options chain along a path:
//
//     session.query<User>()
//         .options(orm::selectinLoad(&User::orders).selectinLoad(&Order::items))
//         .all();

#include "orm/mapping/mapping.h"
#include "orm/mapping/relationship.h"

#include <utility>
#include <vector>

namespace orm {

// One path of relationships, each with its strategy (Loading is declared with Relationship,
// whose mapping names the default).
class LoadOption {
public:
    LoadOption() = default;
    LoadOption(const Relationship& relationship, Loading strategy)
    {
        m_path.emplace_back(&relationship, strategy);
    }

    // The next relationship along the path, from the class the previous one leads to.
    template <class T, class M>
    LoadOption then(M T::*member, Loading strategy) const
    {
        return then(mapper<T>().relationshipForMember(typeid(member), &member, sizeof member),
                    strategy);
    }
    template <class T, class M>
    LoadOption selectinLoad(M T::*member) const
    {
        return then(member, Loading::Selectin);
    }
    template <class T, class M>
    LoadOption joinedLoad(M T::*member) const
    {
        return then(member, Loading::Joined);
    }
    template <class T, class M>
    LoadOption subqueryLoad(M T::*member) const
    {
        return then(member, Loading::Subquery);
    }
    template <class T, class M>
    LoadOption lazyLoad(M T::*member) const
    {
        return then(member, Loading::Lazy);
    }
    LoadOption then(const Relationship& relationship, Loading strategy) const;

    const std::vector<std::pair<const Relationship*, Loading>>& path() const { return m_path; }

private:
    std::vector<std::pair<const Relationship*, Loading>> m_path;
};

// The option for one member: orm::load(&User::orders, Loading::Selectin); the named helpers
// below read better at the call site.
template <class T, class M>
LoadOption load(M T::*member, Loading strategy)
{
    return LoadOption(mapper<T>().relationshipForMember(typeid(member), &member, sizeof member),
                      strategy);
}

template <class T, class M>
LoadOption selectinLoad(M T::*member)
{
    return load(member, Loading::Selectin);
}
template <class T, class M>
LoadOption joinedLoad(M T::*member)
{
    return load(member, Loading::Joined);
}
template <class T, class M>
LoadOption subqueryLoad(M T::*member)
{
    return load(member, Loading::Subquery);
}
template <class T, class M>
LoadOption immediateLoad(M T::*member)
{
    return load(member, Loading::Immediate);
}
template <class T, class M>
LoadOption raiseLoad(M T::*member)
{
    return load(member, Loading::Raise);
}
template <class T, class M>
LoadOption noLoad(M T::*member)
{
    return load(member, Loading::NoLoad);
}
template <class T, class M>
LoadOption lazyLoad(M T::*member)
{
    return load(member, Loading::Lazy);
}

} // namespace orm
