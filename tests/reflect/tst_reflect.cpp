// Reflection of live databases built by the tests themselves: the Inspector's view of tables,
// views, columns, keys, constraints and indexes, reflect() into a MetaData, and the odd schemas
// real databases have (quoted, mixed-case and unicode names, reserved words, generated columns,
// WITHOUT ROWID, circular and dangling foreign keys, hundreds of columns), plus the clear errors
// for a file that is not a database and a database locked by another connection. Runs on a
// SQLite file, SQLite in memory and PostgreSQL.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"
#include "orm/reflect/declaredtype.h"

#include <QFile>
#include <QTest>

using namespace orm;
using namespace Qt::StringLiterals;
using qtorm::test::addBackendRows, qtorm::test::isPostgres;

namespace {

// Runs DDL written for both backends; `sqliteOnly`/`postgresOnly` pick backend-specific text.
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
    run(conn, {QStringLiteral("SET client_min_messages = warning"),
               QStringLiteral("DROP SCHEMA IF EXISTS public CASCADE"),
               QStringLiteral("DROP SCHEMA IF EXISTS sales CASCADE"),
               QStringLiteral("CREATE SCHEMA public")});
}

// The Chinook sample's shape: artists/albums/tracks/genres/playlists, a link table and a
// self-referential employees.reports_to, plus a view.
void createChinook(Engine& engine)
{
    Connection conn = engine.connect();
    run(conn,
        {QStringLiteral("CREATE TABLE artists (artist_id INTEGER PRIMARY KEY, name VARCHAR(120))"),
         QStringLiteral("CREATE TABLE albums (album_id INTEGER PRIMARY KEY, title VARCHAR(160) "
                        "NOT NULL, artist_id INTEGER NOT NULL REFERENCES artists(artist_id) ON "
                        "DELETE CASCADE)"),
         QStringLiteral("CREATE TABLE genres (genre_id INTEGER PRIMARY KEY, name VARCHAR(120))"),
         QStringLiteral("CREATE TABLE tracks (track_id INTEGER PRIMARY KEY, name VARCHAR(200) NOT "
                        "NULL, album_id INTEGER REFERENCES albums(album_id) ON DELETE SET NULL ON "
                        "UPDATE CASCADE, genre_id INTEGER REFERENCES genres(genre_id), "
                        "milliseconds INTEGER NOT NULL, unit_price NUMERIC(10, 2) NOT NULL "
                        "DEFAULT 0.99, bytes BIGINT, added TIMESTAMP, cover BLOB)")
             .replace(QStringLiteral("BLOB"),
                      isPostgres(engine) ? QStringLiteral("BYTEA") : QStringLiteral("BLOB")),
         QStringLiteral("CREATE INDEX ix_tracks_album ON tracks (album_id)"),
         QStringLiteral("CREATE UNIQUE INDEX ix_tracks_name_album ON tracks (name, album_id)"),
         QStringLiteral("CREATE TABLE playlists (playlist_id INTEGER PRIMARY KEY, name "
                        "VARCHAR(120))"),
         QStringLiteral("CREATE TABLE playlist_track (playlist_id INTEGER NOT NULL REFERENCES "
                        "playlists(playlist_id), track_id INTEGER NOT NULL REFERENCES "
                        "tracks(track_id), PRIMARY KEY (playlist_id, track_id))"),
         QStringLiteral("CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, last_name "
                        "VARCHAR(20) NOT NULL, reports_to INTEGER REFERENCES "
                        "employees(employee_id), email VARCHAR(60), active BOOLEAN, CONSTRAINT "
                        "uq_employees_email UNIQUE (email))"),
         QStringLiteral("CREATE VIEW album_titles AS SELECT a.album_id, a.title, ar.name AS "
                        "artist FROM albums a JOIN artists ar ON ar.artist_id = a.artist_id")});
}

const ReflectedColumn* findColumn(const ReflectedTable& table, const QString& name)
{
    for (const ReflectedColumn& c : table.columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

QStringList columnNames(const ReflectedTable& table)
{
    QStringList names;
    for (const ReflectedColumn& c : table.columns)
        names << c.name;
    return names;
}

quint64 statementCount(Engine& engine)
{
    return engine.log().totalCount();
}

} // namespace

class TestReflect : public QObject {
    Q_OBJECT

private slots:
    void declaredTypes_data();
    void declaredTypes();

    void tableAndViewNames_data() { addBackendRows(QStringLiteral("reflect")); }
    void tableAndViewNames();
    void columnsAndKeys_data() { addBackendRows(QStringLiteral("reflect")); }
    void columnsAndKeys();
    void foreignKeysAndActions_data() { addBackendRows(QStringLiteral("reflect")); }
    void foreignKeysAndActions();
    void uniqueConstraintsAndIndexes_data() { addBackendRows(QStringLiteral("reflect")); }
    void uniqueConstraintsAndIndexes();
    void reflectIntoMetaData_data() { addBackendRows(QStringLiteral("reflect")); }
    void reflectIntoMetaData();
    void reflectOnlySomeTables_data() { addBackendRows(QStringLiteral("reflect")); }
    void reflectOnlySomeTables();
    void reflectedTablesQueryAndInsert_data() { addBackendRows(QStringLiteral("reflect")); }
    void reflectedTablesQueryAndInsert();
    void oddNames_data() { addBackendRows(QStringLiteral("reflect")); }
    void oddNames();
    void generatedColumns_data() { addBackendRows(QStringLiteral("reflect")); }
    void generatedColumns();
    void hundredsOfColumns_data() { addBackendRows(QStringLiteral("reflect")); }
    void hundredsOfColumns();
    void circularForeignKeys_data() { addBackendRows(QStringLiteral("reflect")); }
    void circularForeignKeys();
    void unknownTypesFallBack_data() { addBackendRows(QStringLiteral("reflect")); }
    void unknownTypesFallBack();
    void missingTableIsAnError_data() { addBackendRows(QStringLiteral("reflect")); }
    void missingTableIsAnError();

    void postgresSchemas();
    void sqliteWithoutRowid();
    void sqliteForeignKeyToMissingTable();
    void sqliteNotADatabase();
    void sqliteLockedDatabase();
};

void TestReflect::declaredTypes_data()
{
    QTest::addColumn<QString>("declared");
    QTest::addColumn<SqlType>("expected");
    QTest::newRow("integer") << "INTEGER" << Integer();
    QTest::newRow("int4") << "int4" << Integer();
    QTest::newRow("bigint") << "bigint" << BigInteger();
    QTest::newRow("int8") << "INT8" << BigInteger();
    QTest::newRow("varchar(40)") << "VARCHAR(40)" << String(40);
    QTest::newRow("character varying(20)") << "character varying(20)" << String(20);
    QTest::newRow("nvarchar(120)") << "NVARCHAR(120)" << String(120);
    QTest::newRow("text") << "TEXT" << Text();
    QTest::newRow("clob") << "CLOB" << Text();
    QTest::newRow("boolean") << "boolean" << Boolean();
    QTest::newRow("real") << "REAL" << Float();
    QTest::newRow("double precision") << "double precision" << Float();
    QTest::newRow("numeric(10,2)") << "NUMERIC(10,2)" << Numeric(10, 2);
    QTest::newRow("date") << "DATE" << Date();
    QTest::newRow("datetime") << "DATETIME" << DateTime();
    QTest::newRow("timestamp without time zone") << "timestamp without time zone" << DateTime();
    QTest::newRow("timestamp with time zone") << "timestamp with time zone" << DateTime(true);
    QTest::newRow("timestamptz") << "TIMESTAMPTZ" << DateTime(true);
    QTest::newRow("time") << "time without time zone" << Time();
    QTest::newRow("interval is not an integer") << "interval" << Text();
    QTest::newRow("point is not an integer") << "point" << Text();
    QTest::newRow("uuid") << "uuid" << Uuid();
    QTest::newRow("jsonb") << "jsonb" << Json();
    QTest::newRow("blob") << "BLOB" << LargeBinary();
    QTest::newRow("bytea") << "bytea" << LargeBinary();
    QTest::newRow("unknown") << "GEOGRAPHY" << Text();
    QTest::newRow("money is text") << "money" << Text();
    QTest::newRow("no type (SQLite)") << "" << SqlType();
}

void TestReflect::declaredTypes()
{
    QFETCH(QString, declared);
    QFETCH(SqlType, expected);
    QCOMPARE(typeFromDeclaration(declared), expected);
}

void TestReflect::tableAndViewNames()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Inspector inspector(engine);
    QCOMPARE(inspector.tableNames(), QStringList({"albums", "artists", "employees", "genres",
                                                  "playlist_track", "playlists", "tracks"}));
    QCOMPARE(inspector.viewNames(), QStringList{"album_titles"});
    QCOMPARE(inspector.defaultSchema(), isPostgres(engine) ? u"public"_s : u"main"_s);
    QVERIFY(inspector.schemaNames().contains(inspector.defaultSchema()));

    // Every statement is logged as reflection, with its values bound.
    const QList<LogEntry> log = engine.log().entries();
    QVERIFY(std::any_of(log.begin(), log.end(),
                        [](const LogEntry& e) {
                            return e.origin == Origin::Reflection &&
                                   e.params.contains(QVariant(u"table"_s));
                        }) ||
            isPostgres(engine));
}

void TestReflect::columnsAndKeys()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Inspector inspector(engine);

    const ReflectedTable tracks = inspector.table(QStringLiteral("tracks"));
    QCOMPARE(tracks.name, u"tracks"_s);
    QVERIFY(!tracks.isView);
    QCOMPARE(columnNames(tracks),
             QStringList({"track_id", "name", "album_id", "genre_id", "milliseconds", "unit_price",
                          "bytes", "added", "cover"}));
    QCOMPARE(tracks.primaryKey, QStringList{"track_id"});
    const ReflectedColumn* id = findColumn(tracks, QStringLiteral("track_id"));
    QCOMPARE(id->type, Integer());
    // SQLite's INTEGER PRIMARY KEY is the rowid; PostgreSQL's plain integer key is not serial.
    QCOMPARE(id->autoincrement, !isPostgres(engine));
    const ReflectedColumn* name = findColumn(tracks, QStringLiteral("name"));
    QCOMPARE(name->type, String(200));
    QVERIFY(!name->nullable);
    QVERIFY(findColumn(tracks, QStringLiteral("album_id"))->nullable);
    const ReflectedColumn* price = findColumn(tracks, QStringLiteral("unit_price"));
    QCOMPARE(price->type, Numeric(10, 2));
    QCOMPARE(price->defaultSql, u"0.99"_s);
    QCOMPARE(findColumn(tracks, QStringLiteral("bytes"))->type, BigInteger());
    QCOMPARE(findColumn(tracks, QStringLiteral("added"))->type, DateTime());
    QCOMPARE(findColumn(tracks, QStringLiteral("cover"))->type, LargeBinary());
    QCOMPARE(findColumn(tracks, QStringLiteral("milliseconds"))->declaredType.toUpper(),
             u"INTEGER"_s);

    const ReflectedTable link = inspector.table(QStringLiteral("playlist_track"));
    QCOMPARE(link.primaryKey, QStringList({"playlist_id", "track_id"}));
    QVERIFY(!findColumn(link, QStringLiteral("playlist_id"))->autoincrement);

    const ReflectedTable view = inspector.table(QStringLiteral("album_titles"));
    QVERIFY(view.isView);
    QCOMPARE(columnNames(view), QStringList({"album_id", "title", "artist"}));
    QVERIFY(view.primaryKey.isEmpty());
    QVERIFY(view.foreignKeys.empty());

    if (isPostgres(engine)) {
        Connection conn = engine.connect();
        conn.exec(QStringLiteral("CREATE TABLE serials (id SERIAL PRIMARY KEY, code INTEGER "
                                 "GENERATED ALWAYS AS IDENTITY, note TEXT DEFAULT 'n/a')"));
        const ReflectedTable serials = inspector.table(QStringLiteral("serials"));
        QVERIFY(findColumn(serials, QStringLiteral("id"))->autoincrement);
        QVERIFY(findColumn(serials, QStringLiteral("code"))->autoincrement);
        QCOMPARE(findColumn(serials, QStringLiteral("note"))->defaultSql, u"'n/a'::text"_s);
    }
}

void TestReflect::foreignKeysAndActions()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Inspector inspector(engine);

    const ReflectedTable tracks = inspector.table(QStringLiteral("tracks"));
    QCOMPARE(tracks.foreignKeys.size(), size_t(2));
    const auto byTarget = [&](const QString& target) {
        return *std::find_if(
            tracks.foreignKeys.begin(), tracks.foreignKeys.end(),
            [&](const ReflectedForeignKey& fk) { return fk.targetTable == target; });
    };
    const ReflectedForeignKey album = byTarget(QStringLiteral("albums"));
    QCOMPARE(album.columns, QStringList{"album_id"});
    QCOMPARE(album.targetColumns, QStringList{"album_id"});
    QCOMPARE(album.onDelete, ReferentialAction::SetNull);
    QCOMPARE(album.onUpdate, ReferentialAction::Cascade);
    const ReflectedForeignKey genre = byTarget(QStringLiteral("genres"));
    QCOMPARE(genre.onDelete, ReferentialAction::NoAction);

    const ReflectedTable albums = inspector.table(QStringLiteral("albums"));
    QCOMPARE(albums.foreignKeys.size(), size_t(1));
    QCOMPARE(albums.foreignKeys.front().onDelete, ReferentialAction::Cascade);

    // Self-referential: employees.reports_to -> employees.employee_id.
    const ReflectedTable employees = inspector.table(QStringLiteral("employees"));
    QCOMPARE(employees.foreignKeys.size(), size_t(1));
    QCOMPARE(employees.foreignKeys.front().targetTable, u"employees"_s);
    QCOMPARE(employees.foreignKeys.front().columns, QStringList{"reports_to"});

    // Composite: a two-column foreign key keeps its column order.
    Connection conn = engine.connect();
    run(conn, {QStringLiteral("CREATE TABLE shelves (room INTEGER NOT NULL, slot INTEGER NOT "
                              "NULL, PRIMARY KEY (room, slot))"),
               QStringLiteral("CREATE TABLE books (id INTEGER PRIMARY KEY, shelf_slot INTEGER, "
                              "shelf_room INTEGER, FOREIGN KEY (shelf_room, shelf_slot) "
                              "REFERENCES shelves (room, slot))")});
    const ReflectedTable books = inspector.table(QStringLiteral("books"));
    QCOMPARE(books.foreignKeys.size(), size_t(1));
    QCOMPARE(books.foreignKeys.front().columns, QStringList({"shelf_room", "shelf_slot"}));
    QCOMPARE(books.foreignKeys.front().targetColumns, QStringList({"room", "slot"}));
    QCOMPARE(inspector.table(QStringLiteral("shelves")).primaryKey, QStringList({"room", "slot"}));
}

void TestReflect::uniqueConstraintsAndIndexes()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    Inspector inspector(engine);

    const ReflectedTable employees = inspector.table(QStringLiteral("employees"));
    QCOMPARE(employees.uniqueConstraints.size(), size_t(1));
    QCOMPARE(employees.uniqueConstraints.front().columns, QStringList{"email"});
    QVERIFY(employees.indexes.empty()); // the constraint's own index is not listed again
    if (isPostgres(engine))
        QCOMPARE(employees.uniqueConstraints.front().name, u"uq_employees_email"_s);

    const ReflectedTable tracks = inspector.table(QStringLiteral("tracks"));
    QCOMPARE(tracks.indexes.size(), size_t(2));
    QCOMPARE(tracks.indexes[0].name, u"ix_tracks_album"_s);
    QCOMPARE(tracks.indexes[0].columns, QStringList{"album_id"});
    QVERIFY(!tracks.indexes[0].unique);
    QCOMPARE(tracks.indexes[1].name, u"ix_tracks_name_album"_s);
    QCOMPARE(tracks.indexes[1].columns, QStringList({"name", "album_id"}));
    QVERIFY(tracks.indexes[1].unique);

    // An index on an expression names no column: left out rather than misreported.
    Connection conn = engine.connect();
    conn.exec(QStringLiteral("CREATE INDEX ix_lower_name ON artists (lower(name))"));
    QVERIFY(inspector.table(QStringLiteral("artists")).indexes.empty());
}

void TestReflect::reflectIntoMetaData()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    MetaData md;
    const ReflectionReport report = reflect(engine, md);
    QCOMPARE(report.tables, QStringList({"albums", "artists", "employees", "genres",
                                         "playlist_track", "playlists", "tracks"}));
    QCOMPARE(report.views, QStringList{"album_titles"});
    QVERIFY2(report.warnings.isEmpty(), qPrintable(report.warnings.join(u'\n')));

    const Table* tracks = md.findTable(QStringLiteral("tracks"));
    QVERIFY(tracks);
    QVERIFY(tracks->schema().isEmpty()); // the default schema stays unqualified
    QCOMPARE(tracks->column(QStringLiteral("name")).type(), String(200));
    QVERIFY(!tracks->column(QStringLiteral("name")).isNullable());
    QVERIFY(tracks->column(QStringLiteral("track_id")).isPrimaryKey());
    QCOMPARE(tracks->column(QStringLiteral("unit_price")).serverDefaultValue().sql, u"0.99"_s);
    QCOMPARE(tracks->foreignKeys().size(), size_t(2));
    for (const ForeignKeyConstraint& fk : tracks->foreignKeys())
        QVERIFY(fk.referredTable(md));
    QCOMPARE(tracks->indexes().size(), size_t(2));

    const Table* link = md.findTable(QStringLiteral("playlist_track"));
    QCOMPARE(link->primaryKeyColumns().size(), size_t(2));
    QVERIFY(md.findTable(QStringLiteral("album_titles"))->isView());
    QVERIFY(!tracks->isView());

    // The reflected MetaData orders tables by their foreign keys like a declared one.
    const std::vector<const Table*> order = md.sortedTables();
    const auto position = [&](const char* name) {
        return std::find(order.begin(), order.end(), md.findTable(QLatin1String(name))) -
               order.begin();
    };
    QVERIFY(position("artists") < position("albums"));
    QVERIFY(position("albums") < position("tracks"));
    QVERIFY(position("tracks") < position("playlist_track"));

    // Reflecting again into the same MetaData adds nothing and says so.
    const ReflectionReport again = reflect(engine, md);
    QVERIFY(again.tables.isEmpty());
    QCOMPARE(again.warnings.size(), 8);
}

void TestReflect::reflectOnlySomeTables()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    MetaData md;
    ReflectOptions options;
    options.only = QStringList{"albums", "tracks"};
    const ReflectionReport report = reflect(engine, md, options);
    QCOMPARE(report.tables, QStringList({"albums", "tracks"}));
    QVERIFY(report.views.isEmpty());
    QVERIFY(!md.findTable(QStringLiteral("artists")));
    // Foreign keys to tables left out are reported and skipped, not left dangling.
    QCOMPARE(md.findTable(QStringLiteral("albums"))->foreignKeys().size(), size_t(0));
    QCOMPARE(md.findTable(QStringLiteral("tracks"))->foreignKeys().size(), size_t(1));
    QCOMPARE(report.warnings.size(), 2);
    QVERIFY(report.warnings.join(u'\n').contains(u"artists"));

    options.only = QStringList{"no_such_table"};
    MetaData other;
    QVERIFY_THROWS_EXCEPTION(ArgumentError, reflect(engine, other, options));
}

void TestReflect::reflectedTablesQueryAndInsert()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    createChinook(engine);
    MetaData md;
    reflect(engine, md);
    const Table& artists = *md.findTable(QStringLiteral("artists"));
    const Table& albums = *md.findTable(QStringLiteral("albums"));
    Connection conn = engine.connect();
    conn.execute(insert(artists).values({{"artist_id", 1}, {"name", "AC/DC"}}));
    conn.execute(
        insert(albums).values({{"album_id", 10}, {"title", "Back in Black"}, {"artist_id", 1}}));
    const quint64 before = statementCount(engine);
    Result r =
        conn.execute(select({albums.c("title"), artists.c("name")})
                         .selectFrom(albums.from().join(artists.from(), albums.c("artist_id") ==
                                                                            artists.c("artist_id")))
                         .where(artists.c("name") == "AC/DC"));
    QVERIFY(r.next());
    QCOMPARE(r.value(0).toString(), u"Back in Black"_s);
    QCOMPARE(r.value(1).toString(), u"AC/DC"_s);
    QCOMPARE(statementCount(engine), before + 1);
    // The value reached the database as a bound parameter.
    QCOMPARE(engine.log().entries().last().params, QVariantList{u"AC/DC"_s});

    // The view reads like a table.
    const Table& view = *md.findTable(QStringLiteral("album_titles"));
    Result v = conn.execute(select({view.c("title"), view.c("artist")}));
    QVERIFY(v.next());
    QCOMPARE(v.value(1).toString(), u"AC/DC"_s);
}

void TestReflect::oddNames()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    run(conn, {QStringLiteral("CREATE TABLE \"Order Items\" (\"Id\" INTEGER PRIMARY KEY, "
                              "\"select\" VARCHAR(10), \"größe\" INTEGER, \"From\" TEXT)"),
               QStringLiteral("CREATE TABLE \"order\" (\"group\" INTEGER PRIMARY KEY, "
                              "\"item id\" INTEGER REFERENCES \"Order Items\" (\"Id\"))"),
               QStringLiteral("CREATE TABLE \"表\" (\"列\" INTEGER PRIMARY KEY)")});
    MetaData md;
    const ReflectionReport report = reflect(engine, md);
    QCOMPARE(report.tables, QStringList({"Order Items", "order", "表"}));
    const Table& items = *md.findTable(QStringLiteral("Order Items"));
    QCOMPARE(items.columns().size(), size_t(4));
    QVERIFY(items.findColumn(QStringLiteral("größe")));
    QVERIFY(items.findColumn(QStringLiteral("select")));
    const Table& order = *md.findTable(QStringLiteral("order"));
    QCOMPARE(order.foreignKeys().size(), size_t(1));
    QCOMPARE(order.foreignKeys().front().targetTable, u"Order Items"_s);
    QCOMPARE(order.foreignKeys().front().columns, QStringList{"item id"});

    // Round trip through the expression layer: every name quoted by the dialect.
    conn.execute(insert(items).values({{"Id", 1}, {"select", "x"}, {"größe", 42}, {"From", "y"}}));
    conn.execute(insert(order).values({{"group", 7}, {"item id", 1}}));
    Result r = conn.execute(
        select({items.c("größe")})
            .selectFrom(items.from().join(order.from(), order.c("item id") == items.c("Id")))
            .where(order.c("group") == 7));
    QVERIFY(r.next());
    QCOMPARE(r.value(0).toLongLong(), 42);
    const QString sql = engine.log().entries().last().sql;
    QVERIFY2(sql.contains(u"\"Order Items\".\"größe\""), qPrintable(sql));
    QVERIFY(md.findTable(QStringLiteral("表"))->findColumn(QStringLiteral("列")));
}

void TestReflect::generatedColumns()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    conn.exec(QStringLiteral("CREATE TABLE lines (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, "
                             "price INTEGER NOT NULL, total INTEGER GENERATED ALWAYS AS (qty * "
                             "price) STORED)"));
    Inspector inspector(engine);
    const ReflectedTable lines = inspector.table(QStringLiteral("lines"));
    QCOMPARE(columnNames(lines), QStringList({"id", "qty", "price", "total"}));
    QVERIFY(findColumn(lines, QStringLiteral("total"))->generated);
    QVERIFY(findColumn(lines, QStringLiteral("total"))->defaultSql.isEmpty());
    QVERIFY(!findColumn(lines, QStringLiteral("qty"))->generated);
    MetaData md;
    reflect(engine, md);
    QVERIFY(md.findTable(QStringLiteral("lines"))->column(QStringLiteral("total")).isGenerated());
}

void TestReflect::hundredsOfColumns()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    QStringList columns{QStringLiteral("id INTEGER PRIMARY KEY")};
    for (int i = 1; i < 300; ++i)
        columns << QStringLiteral("c%1 %2").arg(i).arg(i % 2 ? u"INTEGER"_s : u"TEXT"_s);
    Connection conn = engine.connect();
    conn.exec(QStringLiteral("CREATE TABLE wide (%1)").arg(columns.join(QStringLiteral(", "))));
    MetaData md;
    reflect(engine, md);
    const Table& wide = *md.findTable(QStringLiteral("wide"));
    QCOMPARE(wide.columns().size(), size_t(300));
    QCOMPARE(wide.columns()[299]->name(), u"c299"_s);
    QCOMPARE(wide.column(QStringLiteral("c2")).type(), Text());
}

void TestReflect::circularForeignKeys()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    run(conn, {QStringLiteral("CREATE TABLE teams (id INTEGER PRIMARY KEY, captain_id INTEGER)"),
               QStringLiteral("CREATE TABLE players (id INTEGER PRIMARY KEY, team_id INTEGER "
                              "REFERENCES teams(id))")});
    if (isPostgres(engine))
        conn.exec(QStringLiteral("ALTER TABLE teams ADD CONSTRAINT fk_captain FOREIGN KEY "
                                 "(captain_id) REFERENCES players(id)"));
    else // SQLite cannot add a foreign key later: recreate teams with it
        run(conn, {QStringLiteral("DROP TABLE teams"),
                   QStringLiteral("CREATE TABLE teams (id INTEGER PRIMARY KEY, captain_id "
                                  "INTEGER REFERENCES players(id))")});
    MetaData md;
    const ReflectionReport report = reflect(engine, md);
    QVERIFY(report.warnings.isEmpty());
    QCOMPARE(md.findTable(QStringLiteral("teams"))->foreignKeys().size(), size_t(1));
    QCOMPARE(md.findTable(QStringLiteral("players"))->foreignKeys().size(), size_t(1));
    // Both tables are there and ordered; the cycle is one edge createAll would ALTER in.
    std::vector<std::pair<const Table*, int>> cycle;
    QCOMPARE(md.sortedTables(&cycle).size(), size_t(2));
    QCOMPARE(cycle.size(), size_t(1));
}

void TestReflect::unknownTypesFallBack()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    if (isPostgres(engine))
        conn.exec(QStringLiteral("CREATE TABLE odd (id INTEGER PRIMARY KEY, span INTERVAL, "
                                 "addr INET, tags TEXT[], cash MONEY)"));
    else
        conn.exec(QStringLiteral("CREATE TABLE odd (id INTEGER PRIMARY KEY, span INTERVAL, "
                                 "addr INET, tags, cash MONEY)"));
    conn.exec(QStringLiteral("INSERT INTO odd (id, span, addr, cash) VALUES (1, '1 day', "
                             "'10.0.0.1', 12)"));
    MetaData md;
    reflect(engine, md);
    const Table& odd = *md.findTable(QStringLiteral("odd"));
    QCOMPARE(odd.column(QStringLiteral("span")).type(), Text());
    QCOMPARE(odd.column(QStringLiteral("addr")).type(), Text());
    QCOMPARE(odd.column(QStringLiteral("tags")).type(),
             isPostgres(engine) ? Text() : SqlType()); // SQLite: no type, values pass through
    // The values read back as text.
    Result r = conn.execute(select({odd.c("span"), odd.c("addr")}));
    QVERIFY(r.next());
    QVERIFY(r.value(0).toString().contains(u"1 day"));
    QCOMPARE(r.value(1).toString(), u"10.0.0.1"_s);
}

void TestReflect::missingTableIsAnError()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    reset(engine);
    Inspector inspector(engine);
    try {
        inspector.table(QStringLiteral("nowhere"));
        QFAIL("expected ArgumentError");
    } catch (const ArgumentError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(u"no table or view named \"nowhere\""),
                 e.what());
    }
}

void TestReflect::postgresSchemas()
{
    const QString url = qtorm::test::postgresUrl(QStringLiteral("reflect"));
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("PostgreSQL is required under CI=true");
        QSKIP("PostgreSQL not available");
    }
    Engine engine(url);
    reset(engine);
    Connection conn = engine.connect();
    run(conn, {QStringLiteral("CREATE SCHEMA sales"),
               QStringLiteral("CREATE TABLE public.regions (id INTEGER PRIMARY KEY)"),
               QStringLiteral("CREATE TABLE sales.orders (id INTEGER PRIMARY KEY, region_id "
                              "INTEGER REFERENCES public.regions(id))"),
               QStringLiteral("CREATE VIEW sales.big_orders AS SELECT id FROM sales.orders")});
    Inspector inspector(engine);
    QVERIFY(inspector.schemaNames().contains(u"sales"_s));
    QVERIFY(!inspector.schemaNames().contains(u"pg_catalog"_s));
    QVERIFY(!inspector.schemaNames().contains(u"information_schema"_s));
    QCOMPARE(inspector.tableNames(QStringLiteral("sales")), QStringList{"orders"});
    QCOMPARE(inspector.viewNames(QStringLiteral("sales")), QStringList{"big_orders"});
    const ReflectedTable orders =
        inspector.table(QStringLiteral("orders"), QStringLiteral("sales"));
    QCOMPARE(orders.foreignKeys.front().targetSchema, u"public"_s);

    MetaData md;
    reflect(engine, md); // public first, so the foreign key from sales can find regions
    ReflectOptions options;
    options.schema = QStringLiteral("sales");
    const ReflectionReport report = reflect(engine, md, options);
    QVERIFY2(report.warnings.isEmpty(), qPrintable(report.warnings.join(u'\n')));
    const Table* salesOrders = md.findTable(QStringLiteral("orders"), QStringLiteral("sales"));
    QVERIFY(salesOrders);
    QCOMPARE(salesOrders->fullName(), u"sales.orders"_s);
    QVERIFY(salesOrders->foreignKeys().front().referredTable(md) ==
            md.findTable(QStringLiteral("regions")));
    Result r = conn.execute(select({salesOrders->c("id")}));
    QVERIFY(!r.next());
    QVERIFY(engine.log().entries().last().sql.contains(u"sales.orders"));
}

void TestReflect::sqliteWithoutRowid()
{
    Engine engine(QStringLiteral("sqlite:///:memory:"));
    Connection conn = engine.connect();
    run(conn, {QStringLiteral("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID"),
               QStringLiteral("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER) "
                              "WITHOUT ROWID"),
               QStringLiteral("CREATE TABLE plain (id INTEGER PRIMARY KEY)")});
    Inspector inspector(engine);
    QVERIFY(inspector.table(QStringLiteral("kv")).withoutRowid);
    const ReflectedTable counters = inspector.table(QStringLiteral("counters"));
    QVERIFY(counters.withoutRowid);
    // Without a rowid an INTEGER PRIMARY KEY is an ordinary column the user must fill.
    QVERIFY(!findColumn(counters, QStringLiteral("id"))->autoincrement);
    QVERIFY(!inspector.table(QStringLiteral("plain")).withoutRowid);
    QVERIFY(
        findColumn(inspector.table(QStringLiteral("plain")), QStringLiteral("id"))->autoincrement);
}

void TestReflect::sqliteForeignKeyToMissingTable()
{
    Engine engine(QStringLiteral("sqlite:///:memory:"));
    Connection conn = engine.connect();
    run(conn, {QStringLiteral("CREATE TABLE orphans (id INTEGER PRIMARY KEY, ghost_id INTEGER "
                              "REFERENCES ghosts(id), parent_id INTEGER REFERENCES orphans)")});
    const ReflectedTable orphans = Inspector(engine).table(QStringLiteral("orphans"));
    QCOMPARE(orphans.foreignKeys.size(), size_t(2));
    MetaData md;
    const ReflectionReport report = reflect(engine, md);
    QCOMPARE(report.tables, QStringList{"orphans"});
    QCOMPARE(report.warnings.size(), 1);
    QVERIFY2(report.warnings.front().contains(u"ghosts"), qPrintable(report.warnings.front()));
    // The foreign key without target columns (REFERENCES orphans) means its primary key.
    const Table& table = *md.findTable(QStringLiteral("orphans"));
    QCOMPARE(table.foreignKeys().size(), size_t(1));
    QCOMPARE(table.foreignKeys().front().targetColumns, QStringList{"id"});
}

void TestReflect::sqliteNotADatabase()
{
    const QString path = qtorm::test::scratchFile(QStringLiteral("not-a-database.db"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    Engine engine(QStringLiteral("sqlite:///") + path);
    try {
        MetaData md;
        reflect(engine, md);
        QFAIL("expected DatabaseError");
    } catch (const DatabaseError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(u"not a database"), e.what());
    }
    QCOMPARE(QFileInfo(path).size(), 4096); // the file is left as it was
}

void TestReflect::sqliteLockedDatabase()
{
    const QString path = qtorm::test::scratchFile(QStringLiteral("locked.db"));
    Engine owner(QStringLiteral("sqlite:///") + path);
    Connection holder = owner.connect();
    holder.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
    // Another process holding an exclusive lock: here another connection, from another Engine.
    holder.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE"));
    holder.exec(QStringLiteral("BEGIN EXCLUSIVE"));
    holder.exec(QStringLiteral("INSERT INTO t (id) VALUES (1)"));

    Engine other(QStringLiteral("sqlite:///") + path + QStringLiteral("?timeout=100"));
    try {
        MetaData md;
        reflect(other, md);
        QFAIL("expected OperationalError");
    } catch (const OperationalError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(u"locked"), e.what());
    }
    holder.exec(QStringLiteral("COMMIT"));
}

QTEST_GUILESS_MAIN(TestReflect)
#include "tst_reflect.moc"
