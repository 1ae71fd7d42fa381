#pragma once
// Handles to mapped objects. Object is the type-erased handle the Session, Query and UI use;
// Ptr<T> is the typed one user code holds. Both share ownership: an object outlives its
// Session for as long as a handle to it exists (it is then detached).
//
//     orm::Ptr<User> ed = orm::make<User>({.name = "ed", .fullname = "Ed Jones"});
//     session.add(ed);
//     ed->nickname = "eddie";        // writes go through -> so the Session knows to diff ed
//     qDebug() << ed.get()->name;    // get() reads without marking the object

#include "orm/mapping/mapping.h"
#include "orm/mapping/record.h"
#include "orm/session/instancestate.h"

#include <QMetaType>
#include <memory>

namespace orm {

class Object {
public:
    Object() = default;
    explicit Object(std::shared_ptr<InstanceState> state) : d(std::move(state)) {}

    bool isNull() const { return !d; }
    explicit operator bool() const { return bool(d); }
    InstanceState& state() const { return *d; }
    const std::shared_ptr<InstanceState>& shared() const { return d; }
    const Mapper& mapper() const { return d->mapper(); }
    ObjectState status() const { return d->state(); }

    // Attribute access by name for code that does not know the class (the UI, Records).
    // value() loads expired attributes; setValue() goes through the Session when there is one,
    // so the change is signalled live.
    QVariant value(const QString& attribute) const;
    void setValue(const QString& attribute, const QVariant& value) const;

    friend bool operator==(const Object& a, const Object& b) { return a.d == b.d; }
    friend size_t qHash(const Object& o, size_t seed = 0) { return ::qHash(o.d.get(), seed); }

protected:
    std::shared_ptr<InstanceState> d;
};

template <class T>
class Ptr : public Object {
public:
    Ptr() = default;
    explicit Ptr(std::shared_ptr<InstanceState> state) : Object(std::move(state)) {}
    // From an untyped handle; the classes must match (ArgumentError otherwise).
    static Ptr cast(const Object& object);

    // Access for writing: expired attributes are loaded first and the Session will diff the object.
    T* operator->() const
    {
        d->prepareWrite();
        return object();
    }
    T& operator*() const { return *operator->(); }
    // Access for reading only.
    const T* get() const
    {
        d->prepareRead();
        return object();
    }

private:
    T* object() const { return static_cast<T*>(d->object()); }
};

// A new transient object of a mapped class.
template <class T>
Ptr<T> make(T value = T())
{
    auto state = std::make_shared<Box<T>>(mapper<T>(), std::move(value));
    state->linkInitialRelationships();
    return Ptr<T>(std::move(state));
}

template <class T>
Ptr<T> Ptr<T>::cast(const Object& object)
{
    // A dynamic mapper's objects are Records.
    if (object && (object.mapper().type() ? *object.mapper().type() != typeid(T)
                                          : !std::is_same_v<T, Record>))
        detail::throwWrongClass(object.mapper(), typeid(T));
    return Ptr<T>(object.shared());
}

} // namespace orm

Q_DECLARE_METATYPE(orm::Object)
// A handle is a shared pointer, which holds no pointer to itself: lists of handles (the
// collections a load fills) grow by moving their memory instead of copying every handle.
Q_DECLARE_TYPEINFO(orm::Object, Q_RELOCATABLE_TYPE);
