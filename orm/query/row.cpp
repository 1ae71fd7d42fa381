#include "orm/query/row.h"

#include "orm/errors.h"

namespace orm {

QVariant Row::value(const QString& name) const
{
    const qsizetype i = m_names ? m_names->indexOf(name) : -1;
    if (i < 0)
        throw InvalidRequestError(QStringLiteral("the row has no item named \"%1\" (it has: %2)")
                                      .arg(name, names().join(QStringLiteral(", "))));
    return m_values.value(i);
}

} // namespace orm
