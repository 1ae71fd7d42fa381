#include "orm/query/loading.h"

#include "orm/errors.h"
#include "orm/mapping/relationship.h"

namespace orm {

LoadOption LoadOption::then(const Relationship& relationship, Loading strategy) const
{
    if (!m_path.empty() && &m_path.back().first->target() != &relationship.parent())
        throw ArgumentError(
            QStringLiteral("loader option path: %1 does not start from %2")
                .arg(relationship.describe(), m_path.back().first->target().className()));
    LoadOption next = *this;
    next.m_path.emplace_back(&relationship, strategy);
    return next;
}

} // namespace orm
