#pragma once
// Accessor reads and writes one mapped attribute of an object, whatever kind of object it is:
// a member of a compiled C++ class, or a slot of a dynamic Record. The Session, the unit of
// work and the Query only ever go through this interface.

#include "orm/mapping/memberconvert.h"

#include <QByteArray>
#include <QVariant>
#include <cstring>
#include <typeinfo>

namespace orm {

class Accessor {
public:
    virtual ~Accessor() = default;
    virtual QVariant get(const void* object) const = 0;
    virtual void set(void* object, const QVariant& value) const = 0;
    // Whether the attribute still holds `value` (NULL matches NULL only). The flush asks this
    // of every attribute of every object it might update.
    virtual bool holds(const void* object, const QVariant& value) const
    {
        const QVariant now = get(object);
        return now.isValid() == value.isValid() && (!now.isValid() || now == value);
    }
    // For compiled classes: whether this accessor is for the given member pointer (type and bytes).
    virtual bool isMember(const std::type_info&, const void*, size_t) const { return false; }
};

template <class T, class M>
class MemberAccessor final : public Accessor {
public:
    explicit MemberAccessor(M T::*member) : m_member(member) {}
    QVariant get(const void* object) const override
    {
        return memberToVariant(static_cast<const T*>(object)->*m_member);
    }
    void set(void* object, const QVariant& value) const override
    {
        static_cast<T*>(object)->*m_member = memberFromVariant<M>(value);
    }
    bool holds(const void* object, const QVariant& value) const override
    {
        // Compared as the member's own type: no QVariant made, no meta-type dispatch.
        const M& member = static_cast<const T*>(object)->*m_member;
        if constexpr (isOptionalMember<M>) {
            if (!member || !value.isValid())
                return !member && !value.isValid();
            return *member == memberFromVariant<typename M::value_type>(value);
        } else if constexpr (std::is_same_v<M, QVariant>) {
            return member.isValid() == value.isValid() && (!member.isValid() || member == value);
        } else {
            // A NULL loaded into a plain member (a column mapped nullable()) gave it what NULL
            // reads as, the type's default value: still holding that is no change.
            return member == memberFromVariant<M>(value);
        }
    }
    bool isMember(const std::type_info& type, const void* bytes, size_t size) const override
    {
        // Data member pointers of one type compare equal exactly when their representations do.
        return type == typeid(M T::*) && size == sizeof m_member &&
               std::memcmp(bytes, &m_member, size) == 0;
    }

private:
    M T::*m_member;
};

} // namespace orm
