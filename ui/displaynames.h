#pragma once
// The names ui/ shows for an ORM value, translatable: the core library names statement origins
// and object states in plain English for logs and messages (orm::originName(),
// orm::objectStateName()); a user interface shows these instead, so a translation installed
// with QCoreApplication::installTranslator() applies (context "orm::ui::DisplayNames").
//
//     label->setText(orm::ui::stateDisplayName(object.status()));

#include "orm/engine/statementlog.h"
#include "orm/session/instancestate.h"
#include "orm/session/object.h"

namespace orm::ui {

// "query", "flush", "lazy load", … as the user's language says it.
QString originDisplayName(Origin origin);
// "transient", "pending", "persistent", "deleted", "detached", translated.
QString stateDisplayName(ObjectState state);
// An object as a person recognises it: its class, its key (or "new" before the INSERT) and the
// first text value it has, e.g. Item #2 “item 1” or new Item “fresh”. Reads no attribute that
// would need a SELECT, so it is safe after a failed commit.
QString objectDisplayName(const Object& object);

} // namespace orm::ui
