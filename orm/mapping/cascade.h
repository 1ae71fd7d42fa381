#pragma once
// CascadeSet is a relationship's cascade options, parsed from SQLAlchemy's strings:
// "save-update, merge" (the default), "all", "all, delete-orphan", ...

#include <QString>

namespace orm {

struct CascadeSet {
    bool saveUpdate = true;     // adding the parent adds the related objects
    bool merge = true;          // merge() follows the relationship
    bool remove = false;        // "delete": deleting the parent deletes the related objects
    bool deleteOrphan = false;  // a related object removed from the parent is deleted
    bool expunge = false;       // expunging the parent expunges the related objects
    bool refreshExpire = false; // refresh()/expire() of the parent reach the related objects

    // ArgumentError naming an unknown option, or delete-orphan without delete. The seeds (004)
    // describe delete-orphan as "deleted once let go by its parent, and of course deleted when
    // the parent is": delete is part of it, so it must be spelled out ("all, delete-orphan",
    // "delete, delete-orphan") rather than silently missing (SQLAlchemy only warns).
    static CascadeSet parse(const QString& options);
    QString toString() const;
    friend bool operator==(const CascadeSet&, const CascadeSet&) = default;
};

} // namespace orm
