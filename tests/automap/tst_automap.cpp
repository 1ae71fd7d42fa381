// Automap: databases built by the tests themselves (the Chinook sample's shape: artists, albums,
// tracks, genres, playlists with a link table, a self-referential employees.reports_to, two
// foreign keys from invoices to addresses, a table without primary key and a view) mapped as
// Records with relationships, and edits round-tripped through those Records with the exact
// statements they send: the Session, identity map, dirty tracking, cascades, every loading
// strategy, the Query by attribute name, versioning, read-only classes, and the odd schemas
// real databases have. Runs on a SQLite file, SQLite in memory and PostgreSQL.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <functional>

using namespace orm;
using namespace Qt::StringLiterals;
using qtorm::test::addBackendRows, qtorm::test::isPostgres, qtorm::test::q, qtorm::test::LogWatch,
    qtorm::test::dbRows;

namespace {

using Records = QList<Ptr<Record>>;

void run(Connection& conn, const QStringList& statements)
{
    for (const QString& sql : statements)
        conn.exec(sql);
}

// An empty database: PostgreSQL's suite database is shared by the test functions.
void reset(Engine& engine)
{
    if (!isPostgres(engine))
        return;
    Connection conn = engine.connect();
    run(conn, {u"SET client_min_messages = warning"_s, u"DROP SCHEMA IF EXISTS public CASCADE"_s,
               u"DROP SCHEMA IF EXISTS sales CASCADE"_s, u"CREATE SCHEMA public"_s});
}

// DDL for both backends: %PK% is a primary key the database generates.
QString ddl(const Engine& engine, QString sql)
{
    return sql.replace(u"%PK%"_s,
                       isPostgres(engine) ? u"SERIAL PRIMARY KEY"_s : u"INTEGER PRIMARY KEY"_s);
}

// The Chinook sample's shape, with rows (keys 1, 2, ... in insertion order on both backends).
void createChinook(Engine& engine)
{
    Connection conn = engine.connect();
    const QStringList tables{
        u"CREATE TABLE artists (artist_id %PK%, name VARCHAR(120))"_s,
        u"CREATE TABLE albums (album_id %PK%, title VARCHAR(160) NOT NULL, artist_id INTEGER NOT "
        "NULL REFERENCES artists(artist_id) ON DELETE CASCADE)"_s,
        u"CREATE TABLE genres (genre_id %PK%, name VARCHAR(120))"_s,
        u"CREATE TABLE tracks (track_id %PK%, name VARCHAR(200) NOT NULL, album_id INTEGER "
        "REFERENCES albums(album_id) ON DELETE SET NULL, genre_id INTEGER REFERENCES "
        "genres(genre_id), milliseconds INTEGER NOT NULL)"_s,
        u"CREATE TABLE playlists (playlist_id %PK%, name VARCHAR(120))"_s,
        u"CREATE TABLE playlist_track (playlist_id INTEGER NOT NULL REFERENCES "
        "playlists(playlist_id), track_id INTEGER NOT NULL REFERENCES tracks(track_id), PRIMARY "
        "KEY (playlist_id, track_id))"_s,
        u"CREATE TABLE employees (employee_id %PK%, last_name VARCHAR(20) NOT NULL, reports_to "
        "INTEGER REFERENCES employees(employee_id))"_s,
        u"CREATE TABLE addresses (address_id %PK%, city VARCHAR(40) NOT NULL)"_s,
        u"CREATE TABLE invoices (invoice_id %PK%, total INTEGER, billing_address_id INTEGER NOT "
        "NULL REFERENCES addresses(address_id), shipping_address_id INTEGER REFERENCES "
        "addresses(address_id) ON DELETE SET NULL)"_s,
        u"CREATE TABLE play_log (track_id INTEGER NOT NULL REFERENCES tracks(track_id), day "
        "VARCHAR(10))"_s,
        u"CREATE VIEW album_titles AS SELECT a.album_id, a.title, ar.name AS artist FROM albums "
        "a JOIN artists ar ON ar.artist_id = a.artist_id"_s,
    };
    for (const QString& sql : tables)
        conn.exec(ddl(engine, sql));
    run(conn,
        {u"INSERT INTO artists (name) VALUES ('AC/DC'), ('Accept'), ('Aerosmith')"_s,
         u"INSERT INTO albums (title, artist_id) VALUES ('For Those About To Rock', 1), "
         "('Let There Be Rock', 1), ('Balls to the Wall', 2)"_s,
         u"INSERT INTO genres (name) VALUES ('Rock'), ('Metal')"_s,
         u"INSERT INTO tracks (name, album_id, genre_id, milliseconds) VALUES ('For Those About "
         "To Rock', 1, 1, 343719), ('Put The Finger On You', 1, 1, 205662), ('Go Down', 2, 1, "
         "331180), ('Balls to the Wall', 3, 2, 342562), ('Loose Track', NULL, NULL, 1000)"_s,
         u"INSERT INTO playlists (name) VALUES ('Music'), ('Heavy')"_s,
         u"INSERT INTO playlist_track (playlist_id, track_id) VALUES (1, 1), (1, 3), (2, 4), "
         "(2, 1)"_s,
         u"INSERT INTO employees (last_name, reports_to) VALUES ('Adams', NULL), ('Edwards', 1), "
         "('Peacock', 2), ('Park', 2)"_s,
         u"INSERT INTO addresses (city) VALUES ('Oslo'), ('Bergen')"_s,
         u"INSERT INTO invoices (total, billing_address_id, shipping_address_id) VALUES (10, 1, "
         "2), (20, 2, NULL)"_s,
         u"INSERT INTO play_log (track_id, day) VALUES (1, 'mon'), (1, 'tue'), (4, 'wed')"_s});
}

// The statements a watch saw, without transaction control (BEGIN, SAVEPOINT, COMMIT), whose
// use differs between the backends.
QStringList sqlOf(const LogWatch& log)
{
    QStringList out;
    for (const LogEntry& e : log.entries()) {
        if (e.origin != Origin::Transaction)
            out << e.sql;
    }
    return out;
}

QList<QVariantList> paramsOf(const LogWatch& log)
{
    QList<QVariantList> out;
    for (const LogEntry& e : log.entries()) {
        if (e.origin != Origin::Transaction)
            out << qtorm::test::nullsAsInvalid(e.params);
    }
    return out;
}

QStringList relationshipNames(const Mapper& mapper)
{
    QStringList names;
    for (const auto& r : mapper.relationships())
        names << r->name();
    return names;
}

// "name: direction -> Target (reverse)" for one relationship.
QString describe(const Relationship& r)
{
    static const char* directions[] = {"many-to-one", "one-to-many", "many-to-many"};
    return u"%1: %2 -> %3 (%4)"_s.arg(r.name(), QLatin1String(directions[int(r.direction())]),
                                      r.target().className(),
                                      r.reverse() ? r.reverse()->name() : u"-"_s);
}

QStringList describeAll(const Mapper& mapper)
{
    QStringList out;
    for (const auto& r : mapper.relationships())
        out << describe(*r);
    return out;
}

Ptr<Record> rec(const Object& object)
{
    return Ptr<Record>::cast(object);
}

Ptr<Record> newRecord(const Mapper& mapper, const QVariantMap& values = {})
{
    Ptr<Record> record = rec(Object(mapper.create()));
    for (auto it = values.begin(); it != values.end(); ++it)
        record->setValue(it.key(), it.value());
    return record;
}

// The values of one attribute of records, in their order.
QVariantList values(const QList<Object>& objects, const QString& attribute)
{
    QVariantList out;
    for (const Object& o : objects)
        out << o.value(attribute);
    return out;
}

QVariantList sortedValues(const QList<Object>& objects, const QString& attribute)
{
    QVariantList out = values(objects, attribute);
    std::sort(out.begin(), out.end(),
              [](const QVariant& a, const QVariant& b) { return a.toString() < b.toString(); });
    return out;
}

} // namespace

class TestAutomap : public QObject {
    Q_OBJECT

private slots:
    void classesAndRelationships_data() { addBackendRows(u"automap"_s); }
    void classesAndRelationships();
    void namingNeverCollides();
    void roundTripRecords_data() { addBackendRows(u"automap"_s); }
    void roundTripRecords();
    void manyToOneAndBackPopulates_data() { addBackendRows(u"automap"_s); }
    void manyToOneAndBackPopulates();
    void loadingStrategies_data() { addBackendRows(u"automap"_s); }
    void loadingStrategies();
    void queryByName_data() { addBackendRows(u"automap"_s); }
    void queryByName();
    void manyToMany_data() { addBackendRows(u"automap"_s); }
    void manyToMany();
    void selfReferential_data() { addBackendRows(u"automap"_s); }
    void selfReferential();
    void twoForeignKeysToOneTable_data() { addBackendRows(u"automap"_s); }
    void twoForeignKeysToOneTable();
    void cascades_data() { addBackendRows(u"automap"_s); }
    void cascades();
    void readOnlyClasses_data() { addBackendRows(u"automap"_s); }
    void readOnlyClasses();
    void versioning_data() { addBackendRows(u"automap"_s); }
    void versioning();
    void rollbackRestoresRecords_data() { addBackendRows(u"automap"_s); }
    void rollbackRestoresRecords();
    void oddNames_data() { addBackendRows(u"automap"_s); }
    void oddNames();
    void hundredsOfColumns_data() { addBackendRows(u"automap"_s); }
    void hundredsOfColumns();
    void circularForeignKeys_data() { addBackendRows(u"automap"_s); }
    void circularForeignKeys();
    void alreadyReflectedMetaData_data() { addBackendRows(u"automap"_s); }
    void alreadyReflectedMetaData();

    void postgresSchemas();
    void sqliteWithoutRowid();
    void sqliteForeignKeyToMissingTable();
    void sqliteNotADatabase();
    void sqliteLockedDatabase();
};

// ---- what automap maps --------------------------------------------------------------------------

void TestAutomap::classesAndRelationships()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    QVERIFY2(map.warnings.isEmpty(), qPrintable(map.warnings.join(u'\n')));
    QStringList classes;
    for (const Mapper* m : map.mappers)
        classes << m->className();
    // Tables by name, then views; the link table is no class.
    QCOMPARE(classes, QStringList({"addresses", "albums", "artists", "employees", "genres",
                                   "invoices", "play_log", "playlists", "tracks", "album_titles"}));
    QCOMPARE(map.linkTables, QStringList{"playlist_track"});
    QVERIFY(!registry.find(u"playlist_track"_s));
    QCOMPARE(registry.find(u"albums"_s), &map.mapper(u"albums"_s));

    QCOMPARE(describeAll(map.mapper(u"artists"_s)),
             QStringList{"albums: one-to-many -> albums (artist)"});
    QCOMPARE(describeAll(map.mapper(u"albums"_s)),
             QStringList({"artist: many-to-one -> artists (albums)",
                          "tracks: one-to-many -> tracks (album)"}));
    QCOMPARE(describeAll(map.mapper(u"tracks"_s)),
             QStringList({"album: many-to-one -> albums (tracks)",
                          "genre: many-to-one -> genres (tracks)",
                          "play_log: one-to-many -> play_log (track)",
                          "playlists: many-to-many -> playlists (tracks)"}));
    QCOMPARE(describeAll(map.mapper(u"playlists"_s)),
             QStringList{"tracks: many-to-many -> tracks (playlists)"});
    QCOMPARE(describeAll(map.mapper(u"genres"_s)),
             QStringList{"tracks: one-to-many -> tracks (genre)"});
    // Self-referential: the many-to-one's name is its column's, so it takes the suffix.
    QCOMPARE(describeAll(map.mapper(u"employees"_s)),
             QStringList({"reports_to_ref: many-to-one -> employees (employees_by_reports_to)",
                          "employees_by_reports_to: one-to-many -> employees (reports_to_ref)"}));
    // Two foreign keys to one table: names from the columns.
    QCOMPARE(describeAll(map.mapper(u"invoices"_s)),
             QStringList({"billing_address: many-to-one -> addresses "
                          "(invoices_by_billing_address)",
                          "shipping_address: many-to-one -> addresses "
                          "(invoices_by_shipping_address)"}));
    QCOMPARE(describeAll(map.mapper(u"addresses"_s)),
             QStringList({"invoices_by_billing_address: one-to-many -> invoices "
                          "(billing_address)",
                          "invoices_by_shipping_address: one-to-many -> invoices "
                          "(shipping_address)"}));
    QCOMPARE(describeAll(map.mapper(u"play_log"_s)),
             QStringList{"track: many-to-one -> tracks (play_log)"});
    QVERIFY(map.mapper(u"album_titles"_s).relationships().empty());

    // Read-only: the view and the table without a primary key.
    QVERIFY(map.mapper(u"album_titles"_s).isReadOnly());
    QVERIFY(map.mapper(u"play_log"_s).isReadOnly());
    QVERIFY(!map.mapper(u"albums"_s).isReadOnly());
    QVERIFY(map.mapper(u"album_titles"_s).isDynamic());

    // Cascades from the foreign keys: NOT NULL children belong to their parent; ON DELETE
    // lets the database handle unloaded ones.
    const Relationship& albums = map.relationship(u"artists"_s, u"albums"_s);
    QCOMPARE(albums.cascade().toString(), CascadeSet::parse(u"all, delete-orphan"_s).toString());
    QVERIFY(albums.passiveDeletes());
    const Relationship& tracks = map.relationship(u"albums"_s, u"tracks"_s);
    QCOMPARE(tracks.cascade(), CascadeSet());
    QVERIFY(tracks.passiveDeletes()); // ON DELETE SET NULL of a nullable column
    QCOMPARE(map.relationship(u"genres"_s, u"tracks"_s).cascade(), CascadeSet());
    QVERIFY(!map.relationship(u"genres"_s, u"tracks"_s).passiveDeletes());
    QCOMPARE(map.relationship(u"playlists"_s, u"tracks"_s).cascade(), CascadeSet());
    QCOMPARE(map.relationship(u"playlists"_s, u"tracks"_s).secondary()->name(),
             u"playlist_track"_s);
    QVERIFY_THROWS_EXCEPTION(ArgumentError, map.mapper(u"nope"_s));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, map.relationship(u"albums"_s, u"nope"_s));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, map.mapper(u"albums"_s).relationshipNamed(u"x"_s));

    // The same schema maps the same way every time.
    Registry again;
    const AutomapResult second = automap(engine, again);
    for (const Mapper* m : map.mappers)
        QCOMPARE(relationshipNames(second.mapper(m->className())), relationshipNames(*m));
}

void TestAutomap::namingNeverCollides()
{
    // Hand-built MetaData: names that collide with columns and with each other.
    MetaData md;
    Table& people = md.addTable(u"people"_s);
    people.addColumn(u"id"_s, Integer()).primaryKey();
    people.addColumn(u"children"_s, Text()); // the name a collection would take
    Table& children = md.addTable(u"children"_s);
    children.addColumn(u"id"_s, Integer()).primaryKey();
    children.addColumn(u"parent"_s, Integer());      // the column a many-to-one would be named
    children.addColumn(u"parent_id"_s, Integer());   // ... after this foreign key
    children.addColumn(u"OwnerId"_s, Integer());     // CamelCase id suffix
    children.addColumn(u"guardian id"_s, Integer()); // spaced id suffix
    children.foreignKey({u"parent_id"_s}, u"people"_s, {u"id"_s});
    children.foreignKey({u"OwnerId"_s}, u"people"_s, {u"id"_s});
    children.foreignKey({u"guardian id"_s}, u"people"_s, {u"id"_s});
    Table& links = md.addTable(u"friends"_s); // self-referential many-to-many
    links.addColumn(u"person_id"_s, Integer()).primaryKey();
    links.addColumn(u"friend_id"_s, Integer()).primaryKey();
    links.foreignKey({u"person_id"_s}, u"people"_s, {u"id"_s});
    links.foreignKey({u"friend_id"_s}, u"people"_s, {u"id"_s});
    Table& other = md.addTable(u"blocked"_s); // a second link table between the same tables
    other.addColumn(u"person_id"_s, Integer());
    other.addColumn(u"friend_id"_s, Integer());
    other.foreignKey({u"person_id"_s}, u"people"_s, {u"id"_s});
    other.foreignKey({u"friend_id"_s}, u"people"_s, {u"id"_s});

    Registry registry;
    const AutomapResult map = automap(registry, md);
    QCOMPARE(map.linkTables, QStringList({"friends", "blocked"}));
    // Foreign keys in column order: "OwnerId" < "guardian id" < "parent_id".
    QCOMPARE(relationshipNames(map.mapper(u"children"_s)),
             QStringList({"Owner", "guardian", "parent_ref"}));
    QCOMPARE(relationshipNames(map.mapper(u"people"_s)),
             QStringList({"children_by_Owner", "children_by_guardian", "children_by_parent",
                          "people_by_friend", "people_by_person", "people_by_friend_collection",
                          "people_by_person_collection"}));
    const Mapper& person = map.mapper(u"people"_s);
    QCOMPARE(person.relationshipNamed(u"people_by_person"_s).reverse()->name(),
             u"people_by_friend"_s);
    QCOMPARE(person.relationshipNamed(u"people_by_person"_s).secondary()->name(), u"friends"_s);
    QCOMPARE(person.relationshipNamed(u"people_by_person_collection"_s).secondary()->name(),
             u"blocked"_s);
    QCOMPARE(person.relationshipNamed(u"people_by_person_collection"_s).reverse()->name(),
             u"people_by_friend_collection"_s);
    QCOMPARE(person.relationshipNamed(u"children_by_parent"_s).reverse()->name(), u"parent_ref"_s);
    // The self-referential many-to-many follows this side's column of the link table.
    const auto& pairs = person.relationshipNamed(u"people_by_person"_s).pairs();
    QCOMPARE(pairs.front().second->name(), u"person_id"_s);

    // Many-to-many off: the link tables are classes of their own (one of them read-only).
    Registry plain;
    AutomapOptions options;
    options.manyToMany = false;
    const AutomapResult noLinks = automap(plain, md, options);
    QVERIFY(noLinks.linkTables.isEmpty());
    QCOMPARE(relationshipNames(noLinks.mapper(u"friends"_s)), QStringList({"friend", "person"}));
    QVERIFY(noLinks.mapper(u"blocked"_s).isReadOnly());
    QVERIFY(!noLinks.mapper(u"friends"_s).isReadOnly());

    // A second automap of the same MetaData in the same registry maps nothing again.
    const AutomapResult twice = automap(plain, md, options);
    QVERIFY(twice.mappers.empty());
}

// ---- Records through the Session ----------------------------------------------------------------

void TestAutomap::roundTripRecords()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& artists = map.mapper(u"artists"_s);
    const Mapper& albums = map.mapper(u"albums"_s);
    Session session(engine);
    LogWatch log(engine);

    // A new artist with a new album, added through the album's many-to-one: the artist's
    // collection gets the album in memory, and adding the artist cascades to it.
    Ptr<Record> artist = newRecord(artists, {{u"name"_s, u"Queen"_s}});
    Ptr<Record> album = newRecord(albums, {{u"title"_s, u"Jazz"_s}});
    album->reference(u"artist"_s).setObject(artist);
    QCOMPARE(artist.get()->collection(u"albums"_s).objects(), QList<Object>{album});
    session.add(artist);
    QCOMPARE(album.status(), ObjectState::Pending);
    log.reset();
    session.commit();
    QCOMPARE(artist.status(), ObjectState::Persistent);
    QCOMPARE(album.status(), ObjectState::Persistent);
    const bool pg = isPostgres(engine);
    QCOMPARE_SQL(sqlOf(log), QStringList({q(engine, "INSERT INTO artists (name) VALUES (?)") +
                                              (pg ? u" RETURNING artist_id"_s : QString()),
                                          q(engine, "INSERT INTO albums (title, artist_id) VALUES "
                                                    "(?, ?)") +
                                              (pg ? u" RETURNING album_id"_s : QString())}));
    QCOMPARE(paramsOf(log), QList<QVariantList>({{u"Queen"_s}, {u"Jazz"_s, 4}}));
    QCOMPARE(artist.value(u"artist_id"_s), 4);
    QCOMPARE(album.value(u"artist_id"_s), 4);
    QCOMPARE(album.value(u"album_id"_s), 4);

    // Identity: the same row is the same object, by get() (no SQL) and by query.
    log.reset();
    QVERIFY(session.get(albums, {4}) == album); // expired by the commit: one SELECT refreshes it
    QVERIFY(session.get(albums, {4}) == album);
    QVERIFY(session.query(albums).filterBy(u"title"_s, u"Jazz"_s).one() == album);
    const Object acdc = session.get(artists, {1});
    QVERIFY(session.get(artists, {1}) == acdc);
    QVERIFY_THROWS_EXCEPTION(ArgumentError, album.value(u"nope"_s));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, album.get()->reference(u"tracks"_s));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, album.get()->collection(u"artist"_s));

    // Dirty tracking: a change through the Session is signalled and flushed as one UPDATE.
    QSignalSpy changed(&session, &Session::objectChanged);
    album.setValue(u"title"_s, u"Jazz (Remastered)"_s);
    QCOMPARE(changed.size(), 1);
    QVERIFY(session.isModified(album));
    QCOMPARE(session.dirtyObjects(), QList<Object>{album});
    // ... and one through the record itself, with the handle's write access.
    rec(acdc)->setValue(u"name"_s, u"AC-DC"_s);
    QVERIFY(session.isModified(acdc));
    log.reset();
    session.commit();
    QCOMPARE_SQL(sqlOf(log),
                 QStringList({q(engine, "UPDATE artists SET name=? WHERE artists.artist_id = ?"),
                              q(engine, "UPDATE albums SET title=? WHERE albums.album_id = ?")}));
    QCOMPARE(paramsOf(log), QList<QVariantList>({{u"AC-DC"_s, 1}, {u"Jazz (Remastered)"_s, 4}}));
    QCOMPARE(dbRows(engine, albums.table(), {u"album_id"_s, u"title"_s, u"artist_id"_s}).last(),
             QVariantList({4, u"Jazz (Remastered)"_s, 4}));

    // Delete: the album goes (its tracks' foreign key is the database's business: ON DELETE
    // SET NULL with passive deletes, and it has none).
    session.remove(album);
    QCOMPARE(session.deletedObjects(), QList<Object>{album});
    log.reset();
    session.commit();
    QCOMPARE_SQL(sqlOf(log), q(engine, "DELETE FROM albums WHERE albums.album_id = ?"));
    QCOMPARE(album.status(), ObjectState::Detached);
    QCOMPARE(dbRows(engine, albums.table(), {u"album_id"_s}).size(), 3);
}

void TestAutomap::manyToOneAndBackPopulates()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& albums = map.mapper(u"albums"_s);
    const Mapper& artists = map.mapper(u"artists"_s);
    Session session(engine);
    LogWatch log(engine);

    // Lazy many-to-one: one SELECT by key, then the identity map.
    Ptr<Record> letThere = rec(session.get(albums, {2}));
    Ptr<Record> forThose = rec(session.get(albums, {1}));
    log.reset();
    const Object acdc = letThere.get()->reference(u"artist"_s).object();
    QCOMPARE(acdc.value(u"name"_s), u"AC/DC"_s);
    QCOMPARE_SQL(sqlOf(log), QStringList{q(engine, "SELECT artists.artist_id, artists.name\nFROM "
                                                   "artists\nWHERE artists.artist_id = ?")});
    log.reset();
    QVERIFY(forThose.get()->reference(u"artist"_s).object() == acdc); // identity map: no SQL
    QVERIFY(sqlOf(log).isEmpty());

    // Lazy one-to-many; moving an album to another artist updates both collections in memory
    // and its foreign key at the flush.
    QCOMPARE(rec(acdc).get()->collection(u"albums"_s).size(), 2);
    const Object accept = session.get(artists, {2});
    const CollectionSlot& acceptAlbums = rec(accept).get()->collection(u"albums"_s);
    QCOMPARE(acceptAlbums.size(), 1);
    letThere->reference(u"artist"_s).setObject(accept);
    QCOMPARE(rec(acdc).get()->collection(u"albums"_s).objects(), QList<Object>{forThose});
    QCOMPARE(acceptAlbums.size(), 2);
    QVERIFY(acceptAlbums.contains(letThere));
    log.reset();
    session.flush();
    QCOMPARE_SQL(sqlOf(log), QStringList{q(engine, "UPDATE albums SET artist_id=? WHERE "
                                                   "albums.album_id = ?")});
    QCOMPARE(paramsOf(log), QList<QVariantList>({{2, 2}}));
    QCOMPARE(letThere.value(u"artist_id"_s), 2);

    // Appending to a collection sets the child's reference and foreign key.
    Ptr<Record> newAlbum = newRecord(albums, {{u"title"_s, u"Restless and Wild"_s}});
    rec(accept)->collection(u"albums"_s).append(newAlbum);
    QVERIFY(newAlbum.get()->reference(u"artist"_s).object() == accept);
    QCOMPARE(newAlbum.status(), ObjectState::Pending); // save-update cascade
    session.commit();
    QCOMPARE(dbRows(engine, albums.table(), {u"album_id"_s, u"title"_s, u"artist_id"_s}),
             QList<QVariantList>({{1, u"For Those About To Rock"_s, 1},
                                  {2, u"Let There Be Rock"_s, 2},
                                  {3, u"Balls to the Wall"_s, 2},
                                  {4, u"Restless and Wild"_s, 2}}));
}

void TestAutomap::loadingStrategies()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& artists = map.mapper(u"artists"_s);
    const Mapper& albums = map.mapper(u"albums"_s);
    const Relationship& artistAlbums = artists.relationshipNamed(u"albums"_s);
    const Relationship& albumTracks = albums.relationshipNamed(u"tracks"_s);
    const std::vector<Expr> byId{attr(artists, u"artist_id"_s)};
    LogWatch log(engine);

    // Every strategy fills the same collections: AC/DC's two albums and their tracks.
    const auto check = [&](const QList<Object>& loaded) {
        QCOMPARE(loaded.size(), 3);
        const Ptr<Record> acdc = rec(loaded[0]);
        const QList<Object> its = acdc.get()->collection(u"albums"_s).inMemory();
        QCOMPARE(sortedValues(its, u"title"_s),
                 QVariantList({u"For Those About To Rock"_s, u"Let There Be Rock"_s}));
        QVERIFY(rec(its[0]).get()->reference(u"artist"_s).object() == acdc);
        QVERIFY(rec(loaded[2]).get()->collection(u"albums"_s).inMemory().isEmpty());
        QVERIFY(rec(loaded[2]).get()->collection(u"albums"_s).isLoaded());
    };
    {
        Session session(engine);
        log.reset();
        const QList<Object> loaded =
            session.query(artists).orderBy(byId).options(selectinLoad(artistAlbums)).all();
        QCOMPARE_SQL(sqlOf(log),
                     QStringList({q(engine, "SELECT artists.artist_id, artists.name\nFROM "
                                            "artists\nORDER BY artists.artist_id"),
                                  q(engine, "SELECT albums.album_id, albums.title, "
                                            "albums.artist_id\nFROM albums\nWHERE "
                                            "albums.artist_id IN (?, ?, ?)")}));
        check(loaded);
    }
    {
        Session session(engine);
        log.reset();
        const QList<Object> loaded =
            session.query(artists).orderBy(byId).options(joinedLoad(artistAlbums)).all();
        QCOMPARE_SQL(sqlOf(log),
                     QStringList{q(engine, "SELECT artists.artist_id, artists.name, "
                                           "albums_1.album_id, albums_1.title, "
                                           "albums_1.artist_id\nFROM artists LEFT OUTER JOIN "
                                           "albums AS albums_1 ON artists.artist_id = "
                                           "albums_1.artist_id\nORDER BY artists.artist_id")});
        check(loaded);
    }
    {
        Session session(engine);
        log.reset();
        const QList<Object> loaded =
            session.query(artists).orderBy(byId).options(subqueryLoad(artistAlbums)).all();
        QCOMPARE(sqlOf(log).size(), 2);
        QCOMPARE_SQL(sqlOf(log)[1],
                     q(engine, "SELECT albums.album_id, albums.title, albums.artist_id, "
                               "anon_1.artist_id\nFROM (SELECT artists.artist_id, "
                               "artists.name\nFROM artists\nORDER BY artists.artist_id) AS "
                               "anon_1 JOIN albums ON anon_1.artist_id = albums.artist_id\n"
                               "ORDER BY anon_1.artist_id"));
        check(loaded);
    }
    {
        Session session(engine);
        log.reset();
        const QList<Object> loaded =
            session.query(artists).orderBy(byId).options(immediateLoad(artistAlbums)).all();
        QCOMPARE(sqlOf(log).size(), 4); // the query, then one SELECT per artist
        QCOMPARE_SQL(sqlOf(log)[1], q(engine, "SELECT albums.album_id, albums.title, "
                                              "albums.artist_id\nFROM albums\nWHERE ? = "
                                              "albums.artist_id"));
        check(loaded);
    }
    {
        // Lazy: one SELECT per collection on first access.
        Session session(engine);
        const QList<Object> loaded = session.query(artists).orderBy(byId).all();
        QVERIFY(!rec(loaded[0]).get()->collection(u"albums"_s).isLoaded());
        log.reset();
        QCOMPARE(rec(loaded[0]).get()->collection(u"albums"_s).size(), 2);
        QCOMPARE_SQL(sqlOf(log), q(engine, "SELECT albums.album_id, albums.title, "
                                           "albums.artist_id\nFROM albums\nWHERE ? = "
                                           "albums.artist_id"));
        QCOMPARE(paramsOf(log), QList<QVariantList>{{1}});
        QVERIFY(rec(loaded[2]).get()->collection(u"albums"_s).isEmpty());
        check(loaded);
    }
    {
        // A path along two relationships by name: selectin then joined.
        Session session(engine);
        log.reset();
        const QList<Object> loaded =
            session.query(artists)
                .orderBy(byId)
                .options(selectinLoad(artistAlbums).then(albumTracks, Loading::Joined))
                .all();
        QCOMPARE(sqlOf(log).size(), 2);
        QCOMPARE_SQL(sqlOf(log)[1],
                     q(engine, "SELECT albums.album_id, albums.title, albums.artist_id, "
                               "tracks_1.track_id, tracks_1.name, tracks_1.album_id, "
                               "tracks_1.genre_id, tracks_1.milliseconds\nFROM albums LEFT "
                               "OUTER JOIN tracks AS tracks_1 ON albums.album_id = "
                               "tracks_1.album_id\nWHERE albums.artist_id IN (?, ?, ?)"));
        check(loaded);
        log.reset();
        const QList<Object> its = rec(loaded[0]).get()->collection(u"albums"_s).inMemory();
        int tracks = 0;
        for (const Object& album : its)
            tracks += int(rec(album).get()->collection(u"tracks"_s).size());
        QCOMPARE(tracks, 3);
        QVERIFY(sqlOf(log).isEmpty()); // all loaded
    }
    {
        // raise and noload by name too.
        Session session(engine);
        const QList<Object> loaded =
            session.query(artists).orderBy(byId).options(raiseLoad(artistAlbums)).all();
        QVERIFY_THROWS_EXCEPTION(InvalidRequestError,
                                 rec(loaded[0]).get()->collection(u"albums"_s).size());
        const QList<Object> none =
            session.query(artists).populateExisting().options(noLoad(artistAlbums)).all();
        QCOMPARE(none.size(), 3);
    }
    {
        // The default strategy of every relationship, from the options.
        Registry eager;
        MetaData md;
        reflect(engine, md);
        AutomapOptions options;
        options.loading = Loading::Selectin;
        const AutomapResult selectin = automap(eager, md, options);
        QCOMPARE(selectin.relationship(u"artists"_s, u"albums"_s).loading(), Loading::Selectin);
        Session session(engine);
        log.reset();
        const QList<Object> loaded = session.query(selectin.mapper(u"genres"_s))
                                         .orderBy({md.table(u"genres"_s).c(u"genre_id"_s)})
                                         .all();
        // genres -> tracks -> album, genre (known), play_log, playlists -> ... each one statement.
        QCOMPARE(rec(loaded[0]).get()->collection(u"tracks"_s).inMemory().size(), 3);
        QVERIFY(sqlOf(log).size() > 2);
        const int before = int(sqlOf(log).size());
        QCOMPARE(rec(loaded[1]).get()->collection(u"tracks"_s).size(), 1);
        QCOMPARE(int(sqlOf(log).size()), before);
    }
}

void TestAutomap::queryByName()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& tracks = map.mapper(u"tracks"_s);
    const Mapper& albums = map.mapper(u"albums"_s);
    const Mapper& artists = map.mapper(u"artists"_s);
    Session session(engine);
    LogWatch log(engine);

    Query<Record> query(session.query(tracks));
    const Records longOnes = query.filter(attr(tracks, u"milliseconds"_s) > 300000)
                                 .orderBy({attr(tracks, u"name"_s).desc()})
                                 .all();
    QCOMPARE_SQL(sqlOf(log),
                 QStringList{q(engine, "SELECT tracks.track_id, tracks.name, tracks.album_id, "
                                       "tracks.genre_id, tracks.milliseconds\nFROM tracks\nWHERE "
                                       "tracks.milliseconds > ?\nORDER BY tracks.name DESC")});
    QCOMPARE(paramsOf(log), QList<QVariantList>{{300000}});
    QStringList names;
    for (const Ptr<Record>& t : longOnes)
        names << t.get()->value(u"name"_s).toString();
    QCOMPARE(names, QStringList({"Go Down", "For Those About To Rock", "Balls to the Wall"}));

    // The table's columns work as well as attr(); filterBy by name; count; NULL tests.
    QCOMPARE(query.filter(tracks.table().c(u"album_id"_s) == 1).count(), 2);
    QCOMPARE(query.filterBy(u"name"_s, u"Go Down"_s).one().get()->value(u"track_id"_s), 3);
    QCOMPARE(query.filter(attr(tracks, u"album_id"_s).isNull()).count(), 1);
    QVERIFY(!query.filterBy(u"name"_s, u"nothing"_s).first());
    QVERIFY_THROWS_EXCEPTION(MultipleResultsFound,
                             query.filter(attr(tracks, u"genre_id"_s) == 1).one());
    QVERIFY_THROWS_EXCEPTION(ArgumentError, attr(tracks, u"nope"_s));

    // Joins along automapped relationships by name, filtering on the joined class.
    log.reset();
    const QList<Object> acdcTracks = session.query(tracks)
                                         .join(tracks.relationshipNamed(u"album"_s))
                                         .join(albums.relationshipNamed(u"artist"_s))
                                         .filter(attr(artists, u"name"_s) == u"AC/DC"_s)
                                         .orderBy({attr(tracks, u"track_id"_s)})
                                         .all();
    QCOMPARE(values(acdcTracks, u"track_id"_s), QVariantList({1, 2, 3}));
    QCOMPARE_SQL(sqlOf(log).last(),
                 q(engine, "SELECT tracks.track_id, tracks.name, tracks.album_id, "
                           "tracks.genre_id, tracks.milliseconds\nFROM tracks JOIN albums ON "
                           "albums.album_id = tracks.album_id JOIN artists ON artists.artist_id = "
                           "albums.artist_id\nWHERE artists.name = ?\nORDER BY tracks.track_id"));

    // Streaming rows and the typed iteration.
    int n = 0;
    for (const Ptr<Record>& t : Query<Record>(session.query(tracks)))
        n += t ? 1 : 0;
    QCOMPARE(n, 5);
    // Autoflush: a pending record is found by the query that follows.
    Ptr<Record> added = newRecord(tracks, {{u"name"_s, u"New"_s}, {u"milliseconds"_s, 1}});
    session.add(added);
    QVERIFY(query.filterBy(u"name"_s, u"New"_s).one() == added);
    session.rollback();
}

void TestAutomap::manyToMany()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& playlists = map.mapper(u"playlists"_s);
    const Mapper& tracks = map.mapper(u"tracks"_s);
    const Table& link = registry.metadata().table(u"playlist_track"_s);
    Session session(engine);
    LogWatch log(engine);

    Ptr<Record> music = rec(session.get(playlists, {1}));
    log.reset();
    const CollectionSlot& musicTracks = music.get()->collection(u"tracks"_s);
    QCOMPARE(sortedValues(musicTracks.objects(), u"track_id"_s), QVariantList({1, 3}));
    QCOMPARE_SQL(sqlOf(log),
                 QStringList{q(engine, "SELECT tracks.track_id, tracks.name, tracks.album_id, "
                                       "tracks.genre_id, tracks.milliseconds\nFROM tracks, "
                                       "playlist_track\nWHERE ? = playlist_track.playlist_id AND "
                                       "tracks.track_id = playlist_track.track_id")});

    // Append and remove write and delete link rows; the other side follows in memory.
    Ptr<Record> goDown = rec(session.get(tracks, {3}));
    Ptr<Record> balls = rec(session.get(tracks, {4}));
    QCOMPARE(sortedValues(balls.get()->collection(u"playlists"_s).objects(), u"playlist_id"_s),
             QVariantList{2});
    music->collection(u"tracks"_s).append(balls);
    QCOMPARE(balls.get()->collection(u"playlists"_s).size(), 2);
    music->collection(u"tracks"_s).removeOne(goDown);
    log.reset();
    session.commit();
    QCOMPARE_SQL(sqlOf(log), QStringList({q(engine, "DELETE FROM playlist_track WHERE "
                                                    "playlist_track.playlist_id = ? AND "
                                                    "playlist_track.track_id = ?"),
                                          q(engine, "INSERT INTO playlist_track (playlist_id, "
                                                    "track_id) VALUES (?, ?)")}));
    QCOMPARE(paramsOf(log), QList<QVariantList>({{1, 3}, {1, 4}}));
    QCOMPARE(dbRows(engine, link, {u"playlist_id"_s, u"track_id"_s}, 2),
             QList<QVariantList>({{1, 1}, {1, 4}, {2, 1}, {2, 4}}));

    // A new playlist of existing tracks: INSERT the playlist, then its links.
    Ptr<Record> mix = newRecord(playlists, {{u"name"_s, u"Mix"_s}});
    mix->collection(u"tracks"_s).append(goDown);
    session.add(mix);
    session.commit();
    QCOMPARE(dbRows(engine, link, {u"playlist_id"_s, u"track_id"_s}, 2).last(),
             QVariantList({3, 3}));

    // Selectin through the link table.
    Session fresh(engine);
    log.reset();
    const QList<Object> all = fresh.query(playlists)
                                  .orderBy({attr(playlists, u"playlist_id"_s)})
                                  .options(selectinLoad(playlists.relationshipNamed(u"tracks"_s)))
                                  .all();
    QCOMPARE(sqlOf(log).size(), 2);
    QCOMPARE(sortedValues(rec(all[1]).get()->collection(u"tracks"_s).inMemory(), u"track_id"_s),
             QVariantList({1, 4}));
}

void TestAutomap::selfReferential()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& employees = map.mapper(u"employees"_s);
    Session session(engine);
    LogWatch log(engine);

    Ptr<Record> edwards = rec(session.get(employees, {2}));
    const Object adams = edwards.get()->reference(u"reports_to_ref"_s).object();
    QCOMPARE(adams.value(u"last_name"_s), u"Adams"_s);
    QVERIFY(!rec(adams).get()->reference(u"reports_to_ref"_s).object());
    QCOMPARE(sortedValues(edwards.get()->collection(u"employees_by_reports_to"_s).objects(),
                          u"last_name"_s),
             QVariantList({u"Park"_s, u"Peacock"_s}));

    // A new report of Edwards (inserted by the autoflush of the query that follows), and Park
    // moved to Adams.
    Ptr<Record> mitchell = newRecord(employees, {{u"last_name"_s, u"Mitchell"_s}});
    edwards->collection(u"employees_by_reports_to"_s).append(mitchell);
    QVERIFY(mitchell.get()->reference(u"reports_to_ref"_s).object() == edwards);
    log.reset();
    const Object park = session.query(employees).filterBy(u"last_name"_s, u"Park"_s).one();
    rec(park)->reference(u"reports_to_ref"_s).setObject(adams);
    QCOMPARE(edwards.get()->collection(u"employees_by_reports_to"_s).size(), 2);
    QCOMPARE(rec(adams).get()->collection(u"employees_by_reports_to"_s).size(), 2);
    session.commit();
    const bool pg = isPostgres(engine);
    QCOMPARE_SQL(sqlOf(log),
                 QStringList({q(engine, "INSERT INTO employees (last_name, reports_to) VALUES "
                                        "(?, ?)") +
                                  (pg ? u" RETURNING employee_id"_s : QString()),
                              q(engine, "SELECT employees.employee_id, employees.last_name, "
                                        "employees.reports_to\nFROM employees\nWHERE "
                                        "employees.last_name = ?"),
                              // Loading Adams's reports autoflushes Park's move first.
                              q(engine, "UPDATE employees SET reports_to=? WHERE "
                                        "employees.employee_id = ?"),
                              q(engine, "SELECT employees.employee_id, employees.last_name, "
                                        "employees.reports_to\nFROM employees\nWHERE ? = "
                                        "employees.reports_to")}));
    QCOMPARE(paramsOf(log), QList<QVariantList>({{u"Mitchell"_s, 2}, {u"Park"_s}, {1, 4}, {1}}));
    QCOMPARE(dbRows(engine, employees.table(), {u"employee_id"_s, u"reports_to"_s}),
             QList<QVariantList>({{1, QVariant()}, {2, 1}, {3, 2}, {4, 1}, {5, 2}}));

    // Joined eager loading of the self-referential collection stops at one level by default.
    Session fresh(engine);
    log.reset();
    const QList<Object> top =
        fresh.query(employees)
            .filter(attr(employees, u"reports_to"_s).isNull())
            .options(joinedLoad(employees.relationshipNamed(u"employees_by_reports_to"_s)))
            .all();
    QCOMPARE(sqlOf(log).size(), 1);
    QCOMPARE(top.size(), 1);
    QCOMPARE(sortedValues(rec(top[0]).get()->collection(u"employees_by_reports_to"_s).inMemory(),
                          u"last_name"_s),
             QVariantList({u"Edwards"_s, u"Park"_s}));
}

void TestAutomap::twoForeignKeysToOneTable()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& invoices = map.mapper(u"invoices"_s);
    const Mapper& addresses = map.mapper(u"addresses"_s);
    Session session(engine);

    Ptr<Record> first = rec(session.get(invoices, {1}));
    QCOMPARE(first.get()->reference(u"billing_address"_s).object().value(u"city"_s), u"Oslo"_s);
    QCOMPARE(first.get()->reference(u"shipping_address"_s).object().value(u"city"_s), u"Bergen"_s);
    Ptr<Record> bergen = rec(session.get(addresses, {2}));
    QCOMPARE(values(bergen.get()->collection(u"invoices_by_billing_address"_s).objects(),
                    u"invoice_id"_s),
             QVariantList{2});
    QCOMPARE(values(bergen.get()->collection(u"invoices_by_shipping_address"_s).objects(),
                    u"invoice_id"_s),
             QVariantList{1});

    // A new invoice billed to Bergen and shipped to a new address.
    Ptr<Record> trondheim = newRecord(addresses, {{u"city"_s, u"Trondheim"_s}});
    Ptr<Record> invoice = newRecord(invoices, {{u"total"_s, 30}});
    invoice->reference(u"billing_address"_s).setObject(bergen);
    invoice->reference(u"shipping_address"_s).setObject(trondheim);
    QVERIFY(bergen.get()->collection(u"invoices_by_billing_address"_s).contains(invoice));
    QVERIFY(!bergen.get()->collection(u"invoices_by_shipping_address"_s).contains(invoice));
    session.add(invoice);
    QCOMPARE(trondheim.status(), ObjectState::Pending);
    LogWatch log(engine);
    session.commit();
    QCOMPARE(sqlOf(log).size(), 2); // the address first, then the invoice with both keys
    QCOMPARE(paramsOf(log)[1], QVariantList({30, 2, 3}));
    QCOMPARE(dbRows(engine, invoices.table(),
                    {u"invoice_id"_s, u"billing_address_id"_s, u"shipping_address_id"_s}),
             QList<QVariantList>({{1, 1, 2}, {2, 2, QVariant()}, {3, 2, 3}}));
}

void TestAutomap::cascades()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& artists = map.mapper(u"artists"_s);
    const Mapper& albums = map.mapper(u"albums"_s);
    const Mapper& tracks = map.mapper(u"tracks"_s);
    Session session(engine);
    LogWatch log(engine);

    // delete-orphan (albums.artist_id is NOT NULL): an album let go by its artist is deleted.
    Ptr<Record> accept = rec(session.get(artists, {2}));
    Ptr<Record> balls = rec(accept.get()->collection(u"albums"_s).objects().front());
    Ptr<Record> ballsTrack = rec(balls.get()->collection(u"tracks"_s).objects().front());
    accept->collection(u"albums"_s).removeOne(balls);
    log.reset();
    session.flush();
    // The album's tracks keep existing: tracks.album_id is nullable, ON DELETE SET NULL, so the
    // loaded one is set to NULL by the flush too.
    QCOMPARE_SQL(sqlOf(log),
                 QStringList({q(engine, "UPDATE tracks SET album_id=? WHERE tracks.track_id = ?"),
                              q(engine, "DELETE FROM albums WHERE albums.album_id = ?")}));
    QCOMPARE(paramsOf(log), QList<QVariantList>({{QVariant(), 4}, {3}}));
    QCOMPARE(balls.status(), ObjectState::Deleted);
    QVERIFY(ballsTrack.value(u"album_id"_s).isNull());
    session.commit();

    // Delete cascades from the artist to its albums (passive: unloaded ones are the database's).
    Ptr<Record> acdc = rec(session.get(artists, {1}));
    const QList<Object> acdcAlbums = acdc.get()->collection(u"albums"_s).objects();
    QCOMPARE(acdcAlbums.size(), 2);
    session.remove(acdc);
    log.reset();
    session.commit();
    // The albums' tracks are not loaded: the database's ON DELETE SET NULL takes care of them.
    QCOMPARE_SQL(sqlOf(log),
                 QStringList({q(engine, "DELETE FROM albums WHERE albums.album_id = ?"),
                              q(engine, "DELETE FROM albums WHERE albums.album_id = ?"),
                              q(engine, "DELETE FROM artists WHERE artists.artist_id = ?")}));
    QCOMPARE(paramsOf(log), QList<QVariantList>({{1}, {2}, {1}}));
    for (const Object& album : acdcAlbums)
        QCOMPARE(album.status(), ObjectState::Detached);
    QCOMPARE(dbRows(engine, albums.table(), {u"album_id"_s}).size(), 0);
    QCOMPARE(
        dbRows(engine, tracks.table(), {u"track_id"_s, u"album_id"_s}),
        QList<QVariantList>(
            {{1, QVariant()}, {2, QVariant()}, {3, QVariant()}, {4, QVariant()}, {5, QVariant()}}));

    // A cascade configured on an automapped relationship: deleting a genre deletes its tracks.
    Registry configured;
    MetaData md;
    reflect(engine, md);
    const AutomapResult second = automap(configured, md);
    second.relationship(u"genres"_s, u"tracks"_s).setCascade(CascadeSet::parse(u"all"_s));
    Session other(engine);
    const Object metal = other.get(second.mapper(u"genres"_s), {2});
    // track 4 has play_log rows, which are read-only: deleting them is refused before any SQL.
    other.remove(metal);
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError, other.commit());
    other.rollback();
    engine.connect().exec(u"DELETE FROM play_log"_s);
    const Object rock = other.get(second.mapper(u"genres"_s), {1});
    const QList<Object> rockTracks = rec(rock).get()->collection(u"tracks"_s).objects();
    QCOMPARE(values(rockTracks, u"track_id"_s).size(), 3);
    other.remove(rock);
    other.commit();
    QCOMPARE(dbRows(engine, tracks.table(), {u"track_id"_s}), QList<QVariantList>({{4}, {5}}));
}

void TestAutomap::readOnlyClasses()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& view = map.mapper(u"album_titles"_s);
    const Mapper& playLog = map.mapper(u"play_log"_s);
    const Mapper& tracks = map.mapper(u"tracks"_s);
    Session session(engine);

    // Reading works: rows of a view and of a table without key, and relationships from them.
    const QList<Object> titles = session.query(view).orderBy({attr(view, u"album_id"_s)}).all();
    QCOMPARE(values(titles, u"artist"_s), QVariantList({u"AC/DC"_s, u"AC/DC"_s, u"Accept"_s}));
    QCOMPARE(titles[0].status(), ObjectState::Persistent);
    const QList<Object> plays = session.query(playLog).orderBy({attr(playLog, u"day"_s)}).all();
    QCOMPARE(values(plays, u"day"_s), QVariantList({u"mon"_s, u"tue"_s, u"wed"_s}));
    QCOMPARE(rec(plays[2]).get()->reference(u"track"_s).object().value(u"name"_s),
             u"Balls to the Wall"_s);
    QCOMPARE(rec(session.get(tracks, {1})).get()->collection(u"play_log"_s).size(), 2);
    QVERIFY(session.query(view).filterBy(u"title"_s, u"Let There Be Rock"_s).one() == titles[1]);

    const auto expectReadOnly = [](const std::function<void()>& action, const QString& words) {
        try {
            action();
            QFAIL("expected InvalidRequestError");
        } catch (const InvalidRequestError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(words), e.what());
        }
    };
    // Adding, changing and deleting are clear errors naming the table.
    expectReadOnly([&] { session.add(newRecord(view)); },
                   u"cannot add a record of album_titles: view album_titles is read-only"_s);
    expectReadOnly([&] { titles[0].setValue(u"title"_s, u"x"_s); },
                   u"cannot change a record of album_titles: view album_titles is read-only"_s);
    expectReadOnly([&] { rec(titles[0])->setValue(u"title"_s, u"x"_s); },
                   u"view album_titles is read-only"_s);
    expectReadOnly([&] { session.remove(titles[0]); }, u"cannot delete a record of album_titles"_s);
    expectReadOnly([&] { session.remove(plays[0]); },
                   u"table play_log has no primary key, so its rows cannot be told apart; it is "
                   "read-only"_s);
    QCOMPARE(titles[0].value(u"title"_s), u"For Those About To Rock"_s);
    // A change the Session only sees at flush: a play moved to another track through the
    // relationship. The flush refuses before any SQL and leaves the session usable.
    Ptr<Record> other = rec(session.get(tracks, {2}));
    rec(plays[0])->reference(u"track"_s).setObject(other);
    LogWatch watch(engine);
    expectReadOnly([&] { session.flush(); }, u"cannot change a record of play_log"_s);
    QVERIFY(sqlOf(watch).isEmpty());
    session.rollback();
    QCOMPARE(plays[0].value(u"track_id"_s), 1);
    QCOMPARE(session.query(playLog).count(), 3);
}

void TestAutomap::versioning()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    conn.exec(ddl(engine, u"CREATE TABLE docs (id %PK%, body TEXT, version INTEGER NOT NULL)"_s));
    conn.exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, version TEXT)"_s);
    Registry registry;
    AutomapOptions options;
    options.versionColumn = u"version"_s;
    const AutomapResult map = automap(engine, registry, options);
    const Mapper& docs = map.mapper(u"docs"_s);
    QCOMPARE(docs.versionProperty(), docs.indexOf(u"version"_s));
    QCOMPARE(map.mapper(u"notes"_s).versionProperty(), -1);
    QCOMPARE(map.warnings,
             QStringList{"column notes.version is not an integer: not used as the version "
                         "counter"});

    Session session(engine);
    Ptr<Record> doc = newRecord(docs, {{u"body"_s, u"draft"_s}});
    session.add(doc);
    session.commit();
    QCOMPARE(doc.value(u"version"_s), 1);
    doc.setValue(u"body"_s, u"final"_s);
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(sqlOf(log), QStringList{q(engine, "UPDATE docs SET body=?, version=? WHERE "
                                                   "docs.id = ? AND docs.version = ?")});
    QCOMPARE(paramsOf(log), QList<QVariantList>({{u"final"_s, 2, 1, 1}}));

    // Someone else changed the row: the next UPDATE matches nothing. (Loaded, then the
    // transaction ends: a SQLite reader would block the other writer.)
    session.setExpireOnCommit(false);
    doc.value(u"body"_s);
    session.commit();
    engine.connect().exec(u"UPDATE docs SET version = 7"_s);
    doc.setValue(u"body"_s, u"mine"_s);
    QVERIFY_THROWS_EXCEPTION(StaleDataError, session.commit());
    session.rollback();
}

void TestAutomap::rollbackRestoresRecords()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& genres = map.mapper(u"genres"_s);
    Session session(engine);
    Ptr<Record> rock = rec(session.get(genres, {1}));
    rock.setValue(u"name"_s, u"Rock & Roll"_s);
    Ptr<Record> jazz = newRecord(genres, {{u"name"_s, u"Jazz"_s}});
    session.add(jazz);
    session.flush();
    QCOMPARE(jazz.status(), ObjectState::Persistent);
    session.rollback();
    QCOMPARE(jazz.status(), ObjectState::Transient);
    QCOMPARE(rock.value(u"name"_s), u"Rock"_s); // expired, loaded again
    QCOMPARE(dbRows(engine, genres.table(), {u"genre_id"_s, u"name"_s}),
             QList<QVariantList>({{1, u"Rock"_s}, {2, u"Metal"_s}}));
    // A new Session, the same rows as new objects; merge brings a detached record back.
    session.close();
    QCOMPARE(rock.status(), ObjectState::Detached);
    Session second(engine);
    const Object merged = second.merge(rock);
    QVERIFY(merged != rock);
    QCOMPARE(merged.status(), ObjectState::Persistent);
    QCOMPARE(merged.value(u"name"_s), u"Rock"_s);
}

// ---- odd schemas ------------------------------------------------------------------------------

void TestAutomap::oddNames()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    run(conn, {u"CREATE TABLE \"Order Items\" (\"Id\" INTEGER PRIMARY KEY, \"select\" "
               "VARCHAR(10), \"größe\" INTEGER, \"From\" TEXT)"_s,
               u"CREATE TABLE \"order\" (\"group\" INTEGER PRIMARY KEY, \"item id\" INTEGER "
               "REFERENCES \"Order Items\" (\"Id\"))"_s,
               u"CREATE TABLE \"表\" (\"列\" INTEGER PRIMARY KEY, \"名前\" TEXT)"_s});
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& items = map.mapper(u"Order Items"_s);
    const Mapper& order = map.mapper(u"order"_s);
    const Mapper& kanji = map.mapper(u"表"_s);
    QCOMPARE(describeAll(order), QStringList{"item: many-to-one -> Order Items (order)"});
    QCOMPARE(describeAll(items), QStringList{"order: one-to-many -> order (item)"});

    Session session(engine);
    Ptr<Record> item = newRecord(
        items, {{u"Id"_s, 1}, {u"select"_s, u"x"_s}, {u"größe"_s, 42}, {u"From"_s, u"y"_s}});
    Ptr<Record> row = newRecord(order, {{u"group"_s, 7}});
    row->reference(u"item"_s).setObject(item);
    session.add(row);
    session.add(newRecord(kanji, {{u"列"_s, 1}, {u"名前"_s, u"テスト"_s}}));
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(sqlOf(log), QStringList({q(engine, "INSERT INTO \"Order Items\" (\"Id\", "
                                                    "\"select\", \"größe\", \"From\") VALUES (?, "
                                                    "?, ?, ?)"),
                                          q(engine, "INSERT INTO \"order\" (\"group\", \"item "
                                                    "id\") VALUES (?, ?)"),
                                          q(engine, "INSERT INTO \"表\" (\"列\", \"名前\") VALUES "
                                                    "(?, ?)")}));
    QCOMPARE(paramsOf(log)[1], QVariantList({7, 1}));
    item.setValue(u"größe"_s, 43);
    log.reset();
    session.commit();
    QCOMPARE_SQL(sqlOf(log), QStringList{q(engine, "UPDATE \"Order Items\" SET \"größe\"=? WHERE "
                                                   "\"Order Items\".\"Id\" = ?")});

    Session fresh(engine);
    const QList<Object> rows = fresh.query(order)
                                   .options(joinedLoad(order.relationshipNamed(u"item"_s)))
                                   .filter(attr(order, u"group"_s) == 7)
                                   .all();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rec(rows[0]).get()->reference(u"item"_s).object().value(u"größe"_s), 43);
    QCOMPARE(fresh.query(kanji).filterBy(u"名前"_s, u"テスト"_s).count(), 1);
    fresh.remove(rows[0]);
    fresh.commit();
    QCOMPARE(fresh.query(order).count(), 0);
}

void TestAutomap::hundredsOfColumns()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    QStringList columns{u"id INTEGER PRIMARY KEY"_s};
    for (int i = 1; i < 300; ++i)
        columns << u"c%1 %2"_s.arg(i).arg(i % 2 ? u"INTEGER"_s : u"TEXT"_s);
    Connection conn = engine.connect();
    conn.exec(u"CREATE TABLE wide (%1)"_s.arg(columns.join(u", "_s)));
    Registry registry;
    const Mapper& wide = automap(engine, registry).mapper(u"wide"_s);
    QCOMPARE(wide.propertyCount(), 300);
    Session session(engine);
    Ptr<Record> row = newRecord(wide, {{u"id"_s, 1}});
    for (int i = 1; i < 300; ++i)
        row->setValue(u"c%1"_s.arg(i), i % 2 ? QVariant(i) : QVariant(u"v%1"_s.arg(i)));
    session.add(row);
    LogWatch log(engine);
    session.commit();
    QCOMPARE(sqlOf(log).size(), 1);
    QCOMPARE(paramsOf(log).front().size(), 300);
    row.setValue(u"c299"_s, 1);
    row.setValue(u"c2"_s, u"two"_s);
    log.reset();
    session.commit();
    QCOMPARE_SQL(sqlOf(log),
                 QStringList{q(engine, "UPDATE wide SET c2=?, c299=? WHERE wide.id = ?")});
    Session fresh(engine);
    const Object again = fresh.get(wide, {1});
    QCOMPARE(again.value(u"c298"_s), u"v298"_s);
    QCOMPARE(again.value(u"c299"_s), 1);
}

void TestAutomap::circularForeignKeys()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    run(conn, {u"CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT, captain_id INTEGER)"_s,
               u"CREATE TABLE players (id INTEGER PRIMARY KEY, name TEXT, team_id INTEGER "
               "REFERENCES teams(id))"_s});
    if (isPostgres(engine))
        conn.exec(u"ALTER TABLE teams ADD CONSTRAINT fk_captain FOREIGN KEY (captain_id) "
                  "REFERENCES players(id)"_s);
    else
        run(conn, {u"DROP TABLE teams"_s,
                   u"CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT, captain_id INTEGER "
                   "REFERENCES players(id))"_s});
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    QVERIFY2(map.warnings.isEmpty(), qPrintable(map.warnings.join(u'\n')));
    const Mapper& teams = map.mapper(u"teams"_s);
    const Mapper& players = map.mapper(u"players"_s);
    QCOMPARE(describeAll(teams), QStringList({"captain: many-to-one -> players (teams)",
                                              "players: one-to-many -> players (team)"}));
    QCOMPARE(describeAll(players), QStringList({"team: many-to-one -> teams (players)",
                                                "teams: one-to-many -> teams (captain)"}));
    // Rows pointing at each other need the second UPDATE of post_update.
    map.relationship(u"teams"_s, u"captain"_s).setPostUpdate(true);
    Session session(engine);
    Ptr<Record> team = newRecord(teams, {{u"id"_s, 1}, {u"name"_s, u"Reds"_s}});
    Ptr<Record> player = newRecord(players, {{u"id"_s, 10}, {u"name"_s, u"Ann"_s}});
    player->reference(u"team"_s).setObject(team);
    team->reference(u"captain"_s).setObject(player);
    session.add(team);
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(
        sqlOf(log),
        QStringList({q(engine, "INSERT INTO teams (id, name, captain_id) VALUES (?, ?, ?)"),
                     q(engine, "INSERT INTO players (id, name, team_id) VALUES (?, ?, ?)"),
                     q(engine, "UPDATE teams SET captain_id=? WHERE teams.id = ?")}));
    QCOMPARE(dbRows(engine, teams.table(), {u"id"_s, u"captain_id"_s}),
             QList<QVariantList>({{1, 10}}));
}

void TestAutomap::alreadyReflectedMetaData()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    MetaData md;
    ReflectOptions only;
    only.only = QStringList({u"artists"_s, u"albums"_s});
    reflect(engine, md, only);
    Registry registry;
    const AutomapResult map = automap(registry, md);
    QCOMPARE(int(map.mappers.size()), 2);
    QVERIFY(map.report.tables.isEmpty()); // automap did not reflect
    QCOMPARE(&map.mapper(u"albums"_s).table(), md.findTable(u"albums"_s));
    Session session(engine);
    const Object acdc = session.get(map.mapper(u"artists"_s), {1});
    QCOMPARE(rec(acdc).get()->collection(u"albums"_s).size(), 2);
}

void TestAutomap::postgresSchemas()
{
    const QString url = qtorm::test::postgresUrl(u"automap"_s);
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("PostgreSQL is required under CI=true");
        QSKIP("PostgreSQL not available");
    }
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    run(conn, {u"CREATE SCHEMA sales"_s,
               u"CREATE TABLE public.regions (id SERIAL PRIMARY KEY, name TEXT)"_s,
               u"CREATE TABLE sales.orders (id SERIAL PRIMARY KEY, region_id INTEGER REFERENCES "
               "public.regions(id))"_s,
               u"INSERT INTO public.regions (name) VALUES ('north')"_s});
    Registry registry;
    const AutomapResult pub = automap(engine, registry);
    AutomapOptions options;
    options.reflect.schema = u"sales"_s;
    const AutomapResult sales = automap(engine, registry, options);
    const Mapper& orders = sales.mapper(u"sales.orders"_s);
    // The many-to-one reaches the class mapped before; that class gets no new collection.
    QCOMPARE(describeAll(orders), QStringList{"region: many-to-one -> regions (-)"});
    QCOMPARE(sales.warnings,
             QStringList{"regions was mapped before: it gets no collection for the foreign key "
                         "(region_id) of sales.orders"});
    Session session(engine);
    Ptr<Record> order = newRecord(orders);
    order->reference(u"region"_s).setObject(session.get(pub.mapper(u"regions"_s), {1}));
    session.add(order);
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(sqlOf(log), QStringList{q(engine, "INSERT INTO sales.orders (region_id) VALUES "
                                                   "(?) RETURNING id")});
}

void TestAutomap::sqliteWithoutRowid()
{
    Engine engine(u"sqlite:///:memory:"_s);
    Connection conn = engine.connect();
    run(conn, {u"CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID"_s,
               u"CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER) WITHOUT ROWID"_s});
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    const Mapper& kv = map.mapper(u"kv"_s);
    const Mapper& counters = map.mapper(u"counters"_s);
    QVERIFY(!counters.hasGeneratedKey()); // no rowid: the key is the user's to give
    Session session(engine);
    session.add(newRecord(kv, {{u"k"_s, u"a"_s}, {u"v"_s, QByteArray("\x01\x02", 2)}}));
    session.add(newRecord(counters, {{u"id"_s, 5}, {u"n"_s, 1}}));
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(sqlOf(log), QStringList({u"INSERT INTO counters (id, n) VALUES (?, ?)"_s,
                                          u"INSERT INTO kv (k, v) VALUES (?, ?)"_s}));
    const Object a = session.get(kv, {u"a"_s});
    QCOMPARE(a.value(u"v"_s).toByteArray(), QByteArray("\x01\x02", 2));
    a.setValue(u"v"_s, QByteArray("z"));
    session.commit();
    QCOMPARE(dbRows(engine, kv.table(), {u"k"_s, u"v"_s}),
             QList<QVariantList>({{u"a"_s, QByteArray("z")}}));
}

void TestAutomap::sqliteForeignKeyToMissingTable()
{
    Engine engine(u"sqlite:///:memory:?foreign_keys=off"_s); // ghosts do not exist
    Connection conn = engine.connect();
    conn.exec(u"CREATE TABLE orphans (id INTEGER PRIMARY KEY, ghost_id INTEGER REFERENCES "
              "ghosts(id), parent_id INTEGER REFERENCES orphans)"_s);
    Registry registry;
    const AutomapResult map = automap(engine, registry);
    QCOMPARE(map.warnings.size(), 1);
    QVERIFY2(map.warnings.front().contains(u"ghosts"), qPrintable(map.warnings.front()));
    const Mapper& orphans = map.mapper(u"orphans"_s);
    QCOMPARE(relationshipNames(orphans), QStringList({"parent", "orphans_by_parent"}));
    Session session(engine);
    Ptr<Record> parent = newRecord(orphans, {{u"ghost_id"_s, 9}});
    Ptr<Record> child = newRecord(orphans);
    child->reference(u"parent"_s).setObject(parent);
    session.add(child);
    session.commit();
    QCOMPARE(dbRows(engine, orphans.table(), {u"id"_s, u"ghost_id"_s, u"parent_id"_s}),
             QList<QVariantList>({{1, 9, QVariant()}, {2, QVariant(), 1}}));
}

void TestAutomap::sqliteNotADatabase()
{
    const QString path = qtorm::test::scratchFile(u"automap-not-a-database.db"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    Engine engine(u"sqlite:///"_s + path);
    Registry registry;
    try {
        automap(engine, registry);
        QFAIL("expected DatabaseError");
    } catch (const DatabaseError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(u"not a database"), e.what());
    }
    QVERIFY(registry.mappers().empty());
    QCOMPARE(QFileInfo(path).size(), 4096);
}

void TestAutomap::sqliteLockedDatabase()
{
    const QString path = qtorm::test::scratchFile(u"automap-locked.db"_s);
    Engine owner(u"sqlite:///"_s + path);
    Connection holder = owner.connect();
    holder.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"_s);
    // Mapped while nobody holds a lock; then another connection (another process, as far as
    // SQLite can tell) takes an exclusive one.
    Engine other(u"sqlite:///"_s + path + u"?timeout=100"_s);
    Registry registry;
    const Mapper& t = automap(other, registry).mapper(u"t"_s);
    holder.exec(u"PRAGMA locking_mode = EXCLUSIVE"_s);
    holder.exec(u"BEGIN EXCLUSIVE"_s);
    holder.exec(u"INSERT INTO t (id) VALUES (1)"_s);

    // Automap and the Session say so clearly; the pending record stays pending.
    Registry again;
    try {
        automap(other, again);
        QFAIL("expected OperationalError");
    } catch (const OperationalError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(u"locked"), e.what());
    }
    Session session(other);
    Ptr<Record> row = newRecord(t, {{u"name"_s, u"x"_s}});
    session.add(row);
    try {
        session.commit();
        QFAIL("expected OperationalError");
    } catch (const OperationalError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(u"locked"), e.what());
    }
    QCOMPARE(row.status(), ObjectState::Pending);
    session.rollback();
    holder.exec(u"COMMIT"_s);
}

QTEST_GUILESS_MAIN(TestAutomap)
#include "tst_automap.moc"
