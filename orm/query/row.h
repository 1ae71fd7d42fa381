#pragma once
// Row is one result of a column or tuple query: a value per SELECT item, an Object for a mapped
// class (a null Object when an outer join found no row for it).
//
//     for (const orm::Row& row : session.query(&User::name, &User::fullname).all())
//         qDebug() << row.value(0) << row.value("fullname");
//     auto [user, address] = std::pair(row.get<User>(0), row.get<Address>(1));

#include "orm/session/object.h"

#include <QStringList>
#include <QVariantList>
#include <memory>

namespace orm {

class Row {
public:
    Row() = default;
    Row(std::shared_ptr<const QStringList> names, QVariantList values)
        : m_names(std::move(names)), m_values(std::move(values))
    {}

    int size() const { return int(m_values.size()); }
    // The value of item i; a mapped class's item holds an orm::Object.
    QVariant value(int i) const { return m_values.value(i); }
    // By the item's name: a label, a column's name, a class's or alias's name.
    // InvalidRequestError when no item has that name.
    QVariant value(const QString& name) const;
    Object object(int i) const { return m_values.value(i).value<Object>(); }
    template <class T>
    Ptr<T> get(int i) const
    {
        return Ptr<T>::cast(object(i));
    }
    QStringList names() const { return m_names ? *m_names : QStringList(); }
    const QVariantList& values() const { return m_values; }

private:
    std::shared_ptr<const QStringList> m_names; // shared by every row of a result
    QVariantList m_values;
};

} // namespace orm
