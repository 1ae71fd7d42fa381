// Mapping C++ classes and Records: column types inferred from member types, nullability from
// std::optional, options from the mapping function, member-pointer lookup, and the errors a
// wrong mapping gets. No database needed: the DDL text shows what the mapper built.

#include "orm/orm.h"

#include <QTest>
#include <limits>

namespace shapes {

// One member of every supported type.
struct Everything {
    qint64 id = 0;
    int small = 0;
    bool flag = false;
    double ratio = 0;
    QString text;
    QByteArray bytes;
    QDate day;
    QTime clock;
    QDateTime moment;
    QUuid uuid;
    QJsonValue json;
    QJsonDocument document;
    std::optional<int> maybeInt;
    std::optional<QString> maybeText;
    std::optional<QDateTime> maybeMoment;
    qint64 unmapped = 0;
};

void mapping(orm::Mapping<Everything>& m)
{
    m.table("mapping_everything");
    m.column(&Everything::id, "id").primaryKey();
    m.column(&Everything::small, "small").defaultValue(7).index();
    m.column(&Everything::flag, "flag").serverDefault(orm::ServerDefault::literal(false));
    m.column(&Everything::ratio, "ratio");
    m.column(&Everything::text, "text").type(orm::String(20)).unique();
    m.column(&Everything::bytes, "bytes");
    m.column(&Everything::day, "day");
    m.column(&Everything::clock, "clock");
    m.column(&Everything::moment, "moment").type(orm::DateTime(true));
    m.column(&Everything::uuid, "uuid");
    m.column(&Everything::json, "json");
    m.column(&Everything::document, "document");
    m.column(&Everything::maybeInt, "maybe_int");
    m.column(&Everything::maybeText, "maybe_text");
    m.column(&Everything::maybeMoment, "maybe_moment");
}

struct Versioned {
    qint64 id = 0;
    QString title;
    qint64 version = 0;
};

void mapping(orm::Mapping<Versioned>& m)
{
    m.table("mapping_versioned");
    m.column(&Versioned::id, "id").primaryKey();
    m.column(&Versioned::title, "title");
    m.column(&Versioned::version, "version").version();
}

// Unsigned and character members, and nullability set against the member type.
struct Widths {
    qint64 id = 0;
    quint8 u8 = 0;
    quint16 u16 = 0;
    quint32 u32 = 0;
    quint64 u64 = 0;
    char letter = 0;
    std::optional<quint32> ou32;
    QString plainNullable;
    std::optional<QString> optionalRequired;
};

void mapping(orm::Mapping<Widths>& m)
{
    m.table("mapping_widths");
    m.column(&Widths::id, "id").primaryKey();
    m.column(&Widths::u8, "u8");
    m.column(&Widths::u16, "u16");
    m.column(&Widths::u32, "u32");
    m.column(&Widths::u64, "u64");
    m.column(&Widths::letter, "letter");
    m.column(&Widths::ou32, "ou32");
    m.column(&Widths::plainNullable, "plain_nullable").nullable();
    m.column(&Widths::optionalRequired, "optional_required").nullable(false);
}

struct NoTable {
    qint64 id = 0;
};

void mapping(orm::Mapping<NoTable>& m)
{
    m.column(&NoTable::id, "id").primaryKey();
}

} // namespace shapes

using namespace shapes;

class TestMapping : public QObject {
    Q_OBJECT

private slots:
    void typesFollowMembers();
    void ddlFromMapper();
    void unsignedWidthsAndNullableOverride();
    void memberLookup();
    void accessorsRoundTrip();
    void identityAndDescribe();
    void versionColumn();
    void mappingErrors();
    void records();
    void cascadeOptions();
};

void TestMapping::typesFollowMembers()
{
    const orm::Mapper& m = orm::mapper<Everything>();
    QCOMPARE(m.className(), QStringLiteral("Everything"));
    QCOMPARE(m.table().name(), QStringLiteral("mapping_everything"));
    QCOMPARE(m.propertyCount(), 15); // `unmapped` is not a column
    const auto type = [&m](const char* name) {
        return m.property(QString::fromLatin1(name)).column->type();
    };
    QCOMPARE(type("id"), orm::BigInteger());
    QCOMPARE(type("small"), orm::Integer());
    QCOMPARE(type("flag"), orm::Boolean());
    QCOMPARE(type("ratio"), orm::Float());
    QCOMPARE(type("text"), orm::String(20)); // overridden
    QCOMPARE(type("bytes"), orm::LargeBinary());
    QCOMPARE(type("day"), orm::Date());
    QCOMPARE(type("clock"), orm::Time());
    QCOMPARE(type("moment"), orm::DateTime(true));
    QCOMPARE(type("uuid"), orm::Uuid());
    QCOMPARE(type("json"), orm::Json());
    QCOMPARE(type("document"), orm::Json());
    QCOMPARE(type("maybe_int"), orm::Integer());
    QCOMPARE(type("maybe_moment"), orm::DateTime());
    // NOT NULL unless std::optional, as SQLAlchemy's Mapped[] annotations.
    QVERIFY(!m.property(QStringLiteral("text")).column->isNullable());
    QVERIFY(!m.property(QStringLiteral("id")).column->isNullable());
    QVERIFY(m.property(QStringLiteral("maybe_text")).column->isNullable());
    QVERIFY(m.property(QStringLiteral("maybe_int")).column->isNullable());
    QVERIFY(m.hasGeneratedKey());
}

void TestMapping::ddlFromMapper()
{
    const orm::Mapper& m = orm::mapper<Everything>();
    orm::SqliteDialect sqlite;
    QCOMPARE(sqlite.sql(orm::createTable(m.table())),
             QStringLiteral("CREATE TABLE mapping_everything (\n"
                            "    id INTEGER NOT NULL,\n"
                            "    small INTEGER NOT NULL,\n"
                            "    flag BOOLEAN DEFAULT 0 NOT NULL,\n"
                            "    ratio FLOAT NOT NULL,\n"
                            "    text VARCHAR(20) NOT NULL,\n"
                            "    bytes BLOB NOT NULL,\n"
                            "    day DATE NOT NULL,\n"
                            "    clock TIME NOT NULL,\n"
                            "    moment DATETIME NOT NULL,\n"
                            "    uuid CHAR(36) NOT NULL,\n"
                            "    json JSON NOT NULL,\n"
                            "    document JSON NOT NULL,\n"
                            "    maybe_int INTEGER,\n"
                            "    maybe_text VARCHAR,\n"
                            "    maybe_moment DATETIME,\n"
                            "    PRIMARY KEY (id),\n"
                            "    UNIQUE (text)\n"
                            ")"));
    orm::PostgresqlDialect pg;
    QVERIFY(pg.sql(orm::createTable(m.table()))
                .startsWith(QStringLiteral("CREATE TABLE mapping_everything (\n"
                                           "    id BIGSERIAL NOT NULL,\n")));
    QCOMPARE(m.table().indexes().size(), size_t(1));
    QCOMPARE(
        pg.sql(orm::createIndex(m.table(), 0)),
        QStringLiteral("CREATE INDEX ix_mapping_everything_small ON mapping_everything (small)"));
}

void TestMapping::unsignedWidthsAndNullableOverride()
{
    const orm::Mapper& m = orm::mapper<Widths>();
    const auto type = [&m](const char* name) {
        return m.property(QString::fromLatin1(name)).column->type();
    };
    // PostgreSQL's INTEGER is a signed 32-bit int4: unsigned members of 32 bits or more need
    // BIGINT.
    QCOMPARE(type("u8"), orm::Integer());
    QCOMPARE(type("u16"), orm::Integer());
    QCOMPARE(type("u32"), orm::BigInteger());
    QCOMPARE(type("u64"), orm::BigInteger());
    QCOMPARE(type("letter"), orm::Integer());
    QCOMPARE(type("ou32"), orm::BigInteger());
    // nullable() overrides what the member type implies, both ways.
    orm::PostgresqlDialect pg;
    QCOMPARE(pg.sql(orm::createTable(m.table())),
             QStringLiteral("CREATE TABLE mapping_widths (\n"
                            "    id BIGSERIAL NOT NULL,\n"
                            "    u8 INTEGER NOT NULL,\n"
                            "    u16 INTEGER NOT NULL,\n"
                            "    u32 BIGINT NOT NULL,\n"
                            "    u64 BIGINT NOT NULL,\n"
                            "    letter INTEGER NOT NULL,\n"
                            "    ou32 BIGINT,\n"
                            "    plain_nullable VARCHAR,\n"
                            "    optional_required VARCHAR NOT NULL,\n"
                            "    PRIMARY KEY (id)\n"
                            ")"));
    orm::SqliteDialect sqlite;
    const QString ddl = sqlite.sql(orm::createTable(m.table()));
    QVERIFY2(ddl.contains(QStringLiteral("\n    plain_nullable VARCHAR,\n    optional_required "
                                         "VARCHAR NOT NULL,\n")),
             qPrintable(ddl));

    // Values as the Session binds them: a quint64 above the largest BIGINT is refused rather
    // than wrapped round to a negative number.
    Widths w;
    w.u32 = 4294967295U;
    w.u64 = quint64(std::numeric_limits<qint64>::max());
    auto object = orm::make<Widths>(w);
    const orm::Object& o = object;
    QCOMPARE(o.value(QStringLiteral("u32")), QVariant(Q_INT64_C(4294967295)));
    QCOMPARE(o.value(QStringLiteral("u64")), QVariant(std::numeric_limits<qint64>::max()));
    object->u64 += 1;
    try {
        o.value(QStringLiteral("u64"));
        QFAIL("9223372036854775808 was accepted");
    } catch (const orm::ArgumentError& e) {
        QCOMPARE(e.message(), QStringLiteral("the unsigned value 9223372036854775808 does not fit "
                                             "an integer column (BIGINT holds at most "
                                             "9223372036854775807)"));
    }
    o.setValue(QStringLiteral("letter"), 66);
    QCOMPARE(object.get()->letter, 'B');
}

void TestMapping::memberLookup()
{
    orm::SqliteDialect sqlite;
    QCOMPARE(
        sqlite.sql(
            orm::select({orm::col(&Everything::text)}).where(orm::col(&Everything::maybeInt) == 3)),
        QStringLiteral("SELECT mapping_everything.text\nFROM mapping_everything\nWHERE "
                       "mapping_everything.maybe_int = ?"));
    QCOMPARE(orm::Expr(orm::col(&Everything::day)).type(), orm::Date());
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, orm::col(&Everything::unmapped));
}

void TestMapping::accessorsRoundTrip()
{
    auto e = orm::make<Everything>(
        {.id = 5, .text = QStringLiteral("x"), .maybeText = QStringLiteral("y")});
    const orm::Object& o = e;
    QCOMPARE(o.value(QStringLiteral("id")), QVariant(qlonglong(5)));
    QVERIFY(!o.value(QStringLiteral("maybe_int")).isValid()); // empty optional reads as NULL
    o.setValue(QStringLiteral("maybe_int"), 42);
    QCOMPARE(e.get()->maybeInt, std::optional<int>(42));
    o.setValue(QStringLiteral("maybe_int"), QVariant());
    QCOMPARE(e.get()->maybeInt, std::optional<int>());
    o.setValue(QStringLiteral("json"), QVariant::fromValue(QJsonValue(QJsonObject{{"k", 1}})));
    QCOMPARE(e.get()->json, QJsonValue(QJsonObject{{"k", 1}}));
    o.setValue(QStringLiteral("document"), QVariant::fromValue(QJsonValue(QJsonArray{1, 2})));
    QCOMPARE(e.get()->document, QJsonDocument(QJsonArray{1, 2}));
    const QUuid uuid = QUuid::createUuid();
    o.setValue(QStringLiteral("uuid"), uuid.toString());
    QCOMPARE(e.get()->uuid, uuid);
    o.setValue(QStringLiteral("small"), QStringLiteral("12"));
    QCOMPARE(e.get()->small, 12);
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, o.setValue(QStringLiteral("nope"), 1));
    QCOMPARE(e.status(), orm::ObjectState::Transient);
}

void TestMapping::identityAndDescribe()
{
    auto fresh = orm::make<Everything>();
    QVERIFY(
        orm::mapper<Everything>().identityOf(fresh.state().object()).isEmpty()); // 0 = not assigned
    auto given = orm::make<Everything>({.id = 9});
    QCOMPARE(orm::mapper<Everything>().identityOf(given.state().object()),
             QVariantList({qlonglong(9)}));
    QCOMPARE(given.state().describe(), QStringLiteral("Everything(id=9)"));
}

void TestMapping::versionColumn()
{
    const orm::Mapper& m = orm::mapper<Versioned>();
    QCOMPARE(m.versionProperty(), m.property(QStringLiteral("version")).index);
    QCOMPARE(orm::mapper<Everything>().versionProperty(), -1);
}

void TestMapping::mappingErrors()
{
    try {
        orm::mapper<NoTable>();
        QFAIL("a mapping without table() was accepted");
    } catch (const orm::ArgumentError& e) {
        QVERIFY2(e.message().contains(QStringLiteral("NoTable")) &&
                     e.message().contains(QStringLiteral("table()")),
                 qPrintable(e.message()));
    }
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                             orm::Ptr<Versioned>::cast(orm::make<Everything>()));
}

void TestMapping::records()
{
    orm::Registry& registry = orm::Registry::global();
    orm::Table& t = registry.metadata().addTable(QStringLiteral("mapping_records"));
    t.addColumn(QStringLiteral("code"), orm::String(10)).primaryKey();
    t.addColumn(QStringLiteral("label"), orm::Text());
    orm::Mapper& m = registry.mapTable(t, QStringLiteral("Code"));
    QVERIFY(m.isDynamic());
    QCOMPARE(registry.find(QStringLiteral("Code")), &m);
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, registry.mapTable(t, QStringLiteral("Code")));
    orm::Object record(m.create());
    QCOMPARE(record.status(), orm::ObjectState::Transient);
    record.setValue(QStringLiteral("code"), QStringLiteral("A1"));
    record.setValue(QStringLiteral("label"), QStringLiteral("first"));
    QCOMPARE(record.value(QStringLiteral("label")), QVariant(QStringLiteral("first")));
    QCOMPARE(m.identityOf(record.state().object()), QVariantList({QStringLiteral("A1")}));
    QCOMPARE(record.state().describe(), QStringLiteral("Code(code=A1)"));
    auto typed = orm::Ptr<orm::Record>::cast(record);
    QCOMPARE(typed.get()->value(QStringLiteral("code")), QVariant(QStringLiteral("A1")));
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, typed.get()->value(QStringLiteral("missing")));
}

void TestMapping::cascadeOptions()
{
    // The seed's strings.
    orm::CascadeSet all = orm::CascadeSet::parse(QStringLiteral("all, delete-orphan"));
    QVERIFY(all.saveUpdate && all.merge && all.remove && all.deleteOrphan && all.expunge &&
            all.refreshExpire);
    orm::CascadeSet seed = orm::CascadeSet::parse(QStringLiteral("all, delete, delete-orphan"));
    QCOMPARE(seed, all);
    orm::CascadeSet defaults;
    QCOMPARE(defaults.toString(), QStringLiteral("save-update, merge"));
    QCOMPARE(orm::CascadeSet::parse(QStringLiteral("save-update, merge")), defaults);
    orm::CascadeSet onlyDelete = orm::CascadeSet::parse(QStringLiteral("delete"));
    QVERIFY(onlyDelete.remove && !onlyDelete.saveUpdate && !onlyDelete.deleteOrphan);
    QCOMPARE(orm::CascadeSet::parse(QStringLiteral("none")).toString(), QString());
    try {
        orm::CascadeSet::parse(QStringLiteral("all, delete-orphans"));
        QFAIL("a misspelt option was accepted");
    } catch (const orm::ArgumentError& e) {
        QVERIFY2(e.message().contains(QStringLiteral("\"delete-orphans\"")),
                 qPrintable(e.message()));
    }
    // An orphan rule that could never fire when the parent itself is deleted is refused.
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                             orm::CascadeSet::parse(QStringLiteral("save-update, delete-orphan")));
}

QTEST_GUILESS_MAIN(TestMapping)
#include "tst_mapping.moc"
