#pragma once
// automap() maps every table of an existing database as Records, with relationships from its
// foreign keys, as SQLAlchemy's automap extension does: open any database and use the Session
// and Query on it without writing a class.
//
//     orm::Registry registry;                      // outlives the Sessions using its mappers
//     orm::AutomapResult map = orm::automap(engine, registry);
//     const orm::Mapper& artists = map.mapper("artists");
//     orm::Session session(engine);
//     orm::Query<orm::Record> query(session.query(artists));
//     for (const orm::Ptr<orm::Record>& artist :
//          query.filter(orm::attr(artists, "name") == "AC/DC")
//              .options(orm::selectinLoad(artists.relationshipNamed("albums")))
//              .all())
//         qDebug() << artist.get()->collection("albums").size();
//
// What becomes what:
//   * every table and view becomes a class named after it ("schema.table" outside the default
//     schema), its columns attributes of the same names;
//   * views and tables without a primary key are read-only (Mapper::isReadOnly()): adding,
//     changing or deleting their records is an InvalidRequestError naming the table;
//   * a foreign key gives a many-to-one on the referencing class and a one-to-many on the
//     referenced one, each back-populating the other (self-referential ones too);
//   * a link table (exactly two foreign keys, whose columns are all its columns and its whole
//     primary key, if it has one) gives a many-to-many between the two classes it links
//     instead of a class of its own;
//   * the column named AutomapOptions::versionColumn (an integer) counts versions.
//
// Relationship names (deterministic, never a column's name or another relationship's):
//   * a many-to-one is named after its foreign key column without an id suffix ("_id", " id",
//     "-id", or "Id"/"ID" after a lowercase letter): albums.artist_id gives album "artist",
//     orders.billing_address_id and shipping_address_id give "billing_address" and
//     "shipping_address", ArtistId gives "Artist". A composite foreign key takes the referenced
//     table's name. This is the foreign key's role, used below too.
//   * a one-to-many is named after the referencing table ("albums") when that table has one
//     foreign key to this one; otherwise (several, or self-referential) "<table>_by_<role>":
//     "orders_by_billing_address", "employees_by_reports_to" (the employees reporting to one).
//   * a many-to-many is named after the other table ("tracks", "playlists"); with several link
//     tables between the same two tables "<table>_via_<link table>"; self-referential
//     "<table>_by_<role of this side's foreign key>".
//   * a name taken by a column or an earlier relationship gets a suffix: "_ref" for a
//     many-to-one (employees.reports_to gives "reports_to_ref"), "_collection" for collections,
//     then a number ("_ref2"). Many-to-ones are named first, then collections, both in table
//     order and, within a table, by foreign key columns.
//
// Cascades follow SQLAlchemy's automap: a one-to-many whose foreign key columns are all NOT
// NULL cascades "all, delete-orphan" (its children cannot exist without it); one whose foreign
// key says ON DELETE CASCADE (NOT NULL columns) or ON DELETE SET NULL (nullable) relies on the
// database for unloaded children (passiveDeletes). Everything else keeps "save-update, merge".
// Change a relationship's options with AutomapResult::relationship() before the first Record.

#include "orm/mapping/registry.h"
#include "orm/reflect/reflect.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace orm {

class Engine;

struct AutomapOptions {
    ReflectOptions reflect;              // what automap(Engine&, ...) reads
    QString versionColumn;               // e.g. "version": counts versions where a table has it
    bool manyToMany = true;              // link tables become many-to-many relationships
    bool cascadesFromForeignKeys = true; // the cascade rules above; false: "save-update, merge"
    Loading loading = Loading::Lazy;     // the default loading strategy of every relationship
};

// What automap() mapped.
struct AutomapResult {
    ReflectionReport report;      // what reflect() found (automap(Engine&, ...) only)
    std::vector<Mapper*> mappers; // one per class, in table order
    QStringList linkTables;       // mapped as many-to-many relationships, not as classes
    // What was left out and why (reflection's warnings first).
    QStringList warnings;

    // The class called `className` (the table's name); ArgumentError when there is none.
    Mapper& mapper(const QString& className) const;
    // A relationship of a class, to change its options; ArgumentError when there is none.
    Relationship& relationship(const QString& className, const QString& name) const;
};

// Reflects the database into registry.metadata() (AutomapOptions::reflect) and maps its tables.
// DatabaseError when the database cannot be read (not a database, locked by another process).
AutomapResult automap(Engine& engine, Registry& registry, const AutomapOptions& options = {});

// Maps the tables of an already reflected (or hand-built) MetaData, which must outlive the
// registry's use of them; tables the registry maps already are left as they are (a
// many-to-one may still lead to them).
AutomapResult automap(Registry& registry, MetaData& metadata, const AutomapOptions& options = {});

} // namespace orm
