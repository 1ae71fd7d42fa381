#pragma once
// The words the browser uses for the kinds of relationship ("one-to-many"), in the schema tree
// and the detail pane alike.

#include "orm/mapping/relationship.h"

#include <QCoreApplication>
#include <QString>

namespace browser {

// Configures the relationship when it was not yet: orm::Error when that fails.
inline QString relationshipKindName(const orm::Relationship& relationship)
{
    switch (relationship.direction()) {
    case orm::RelationshipDirection::ManyToOne:
        return QCoreApplication::translate("browser", "many-to-one");
    case orm::RelationshipDirection::OneToMany:
        // A one-to-many holding a single object (uselist=False) is a one-to-one.
        return relationship.uselist() ? QCoreApplication::translate("browser", "one-to-many")
                                      : QCoreApplication::translate("browser", "one-to-one");
    case orm::RelationshipDirection::ManyToMany:
        return QCoreApplication::translate("browser", "many-to-many");
    }
    return {};
}

} // namespace browser
