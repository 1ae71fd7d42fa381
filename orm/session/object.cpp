#include "orm/session/object.h"

#include "orm/session/session.h"

namespace orm {

QVariant Object::value(const QString& attribute) const
{
    const int index = d->mapper().property(attribute).index;
    d->prepareRead();
    return d->currentValue(index);
}

void Object::setValue(const QString& attribute, const QVariant& value) const
{
    if (Session* session = d->session()) {
        session->setValue(*this, attribute, value);
        return;
    }
    d->mapper().set(d->object(), d->mapper().property(attribute).index, value);
}

} // namespace orm
