#pragma once
// Box<T> is an InstanceState with its object in the same allocation, so one shared pointer
// owns both and the object's address never changes.

#include "orm/session/instancestate.h"

#include <utility>

namespace orm {

template <class T>
class Box final : public InstanceState {
public:
    template <class... Args>
    explicit Box(const Mapper& mapper, Args&&... args)
        : InstanceState(mapper, nullptr), m_value(std::forward<Args>(args)...)
    {
        setObject(&m_value);
        bindRelationships();
    }

private:
    T m_value;
};

} // namespace orm
