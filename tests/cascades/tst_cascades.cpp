// The cascades beyond save-update and delete (merge, expunge, refresh-expire), the single-parent
// rule of a many-to-one with delete-orphan (and the orphans it deletes), explicit join conditions
// (primaryJoin) where foreign keys are ambiguous, the association object pattern, and the seed
// tutorial's BlogPost/Keyword many-to-many. Every test that touches a database runs on a SQLite
// file, SQLite in memory and PostgreSQL. Tables are prefixed cs_ (classes map once per process),
// except the seed's own tables of the BlogPost test (users, posts, keywords, post_keywords).

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QTest>

using namespace orm;
using qtorm::test::addBackendRows, qtorm::test::emails, qtorm::test::dbRows,
    qtorm::test::isPostgres, qtorm::test::LogWatch, qtorm::test::metadata, qtorm::test::q,
    qtorm::test::resetSchema, qtorm::test::returningSingle;

namespace model {

// ---- merge: the default cascade ("save-update, merge") --------------------------------------

struct CsAddress;

struct CsUser {
    qint64 id = 0;
    QString name;
    Collection<CsAddress> addresses;
};

struct CsAddress {
    qint64 id = 0;
    QString email;
    std::optional<qint64> userId;
    Reference<CsUser> user;
};

void mapping(Mapping<CsUser>& m)
{
    m.table("cs_users");
    m.column(&CsUser::id, "id").primaryKey();
    m.column(&CsUser::name, "name");
    m.relationship(&CsUser::addresses, "addresses")
        .backPopulates("user")
        .orderBy(QStringList{"id"});
}

void mapping(Mapping<CsAddress>& m)
{
    m.table("cs_addresses");
    m.column(&CsAddress::id, "id").primaryKey();
    m.column(&CsAddress::email, "email");
    m.column(&CsAddress::userId, "user_id").references("cs_users.id");
    m.relationship(&CsAddress::user, "user").backPopulates("addresses");
}

// ---- "all": expunge and refresh-expire follow; a cascade without merge does not merge ------

struct CsBook;

struct CsAuthor {
    qint64 id = 0;
    QString name;
    Collection<CsBook> books;
};

struct CsBook {
    qint64 id = 0;
    QString title;
    std::optional<qint64> authorId;
    Reference<CsAuthor> author;
};

void mapping(Mapping<CsAuthor>& m)
{
    m.table("cs_authors");
    m.column(&CsAuthor::id, "id").primaryKey();
    m.column(&CsAuthor::name, "name");
    m.relationship(&CsAuthor::books, "books")
        .backPopulates("author")
        .cascade("all, delete-orphan")
        .orderBy(QStringList{"id"});
}

void mapping(Mapping<CsBook>& m)
{
    m.table("cs_books");
    m.column(&CsBook::id, "id").primaryKey();
    m.column(&CsBook::title, "title");
    m.column(&CsBook::authorId, "author_id").references("cs_authors.id");
    // No merge on this side: merging a book leaves its author alone.
    m.relationship(&CsBook::author, "author").backPopulates("books").cascade("save-update");
}

// ---- single parent -----------------------------------------------------------------------------

// Each account owns its profile alone: delete-orphan on the many-to-one, with singleParent().
struct CsProfile {
    qint64 id = 0;
    QString bio;
};

struct CsAccount {
    qint64 id = 0;
    QString login;
    std::optional<qint64> profileId;
    Reference<CsProfile> profile;
};

void mapping(Mapping<CsProfile>& m)
{
    m.table("cs_profiles");
    m.column(&CsProfile::id, "id").primaryKey();
    m.column(&CsProfile::bio, "bio");
}

void mapping(Mapping<CsAccount>& m)
{
    m.table("cs_accounts");
    m.column(&CsAccount::id, "id").primaryKey();
    m.column(&CsAccount::login, "login");
    m.column(&CsAccount::profileId, "profile_id").references("cs_profiles.id");
    m.relationship(&CsAccount::profile, "profile").cascade("all, delete-orphan").singleParent();
}

// The same with a reverse side (a one-to-one seen from the profile), and without singleParent().
struct CsBadge;

struct CsHolder {
    qint64 id = 0;
    std::optional<qint64> badgeId;
    Reference<CsBadge> badge;
};

struct CsBadge {
    qint64 id = 0;
    Reference<CsHolder> holder;
};

void mapping(Mapping<CsBadge>& m)
{
    m.table("cs_badges");
    m.column(&CsBadge::id, "id").primaryKey();
    m.relationship(&CsBadge::holder, "holder").backPopulates("badge");
}

void mapping(Mapping<CsHolder>& m)
{
    m.table("cs_holders");
    m.column(&CsHolder::id, "id").primaryKey();
    m.column(&CsHolder::badgeId, "badge_id").references("cs_badges.id");
    m.relationship(&CsHolder::badge, "badge")
        .backPopulates("holder")
        .cascade("all, delete-orphan")
        .singleParent();
}

// A stem owns its leaves one way round: each leaf's stem is single-parent, so a stem may be
// the stem of one leaf only, whichever side the link is made from.
struct CsLeaf;

struct CsStem {
    qint64 id = 0;
    Collection<CsLeaf> leaves;
};

struct CsLeaf {
    qint64 id = 0;
    std::optional<qint64> stemId;
    Reference<CsStem> stem;
};

void mapping(Mapping<CsStem>& m)
{
    m.table("cs_stems");
    m.column(&CsStem::id, "id").primaryKey();
    m.relationship(&CsStem::leaves, "leaves").backPopulates("stem");
}

void mapping(Mapping<CsLeaf>& m)
{
    m.table("cs_leaves");
    m.column(&CsLeaf::id, "id").primaryKey();
    m.column(&CsLeaf::stemId, "stem_id").references("cs_stems.id");
    m.relationship(&CsLeaf::stem, "stem")
        .backPopulates("leaves")
        .cascade("all, delete-orphan")
        .singleParent();
}

struct CsTag {
    qint64 id = 0;
};

struct CsNote {
    qint64 id = 0;
    std::optional<qint64> tagId;
    Reference<CsTag> tag;
};

void mapping(Mapping<CsTag>& m)
{
    m.table("cs_tags");
    m.column(&CsTag::id, "id").primaryKey();
}

void mapping(Mapping<CsNote>& m)
{
    m.table("cs_notes");
    m.column(&CsNote::id, "id").primaryKey();
    m.column(&CsNote::tagId, "tag_id").references("cs_tags.id");
    m.relationship(&CsNote::tag, "tag").cascade("all, delete-orphan"); // no singleParent()
}

// ---- explicit join conditions ---------------------------------------------------------------

struct CsOrder;

struct CsCustomer {
    qint64 id = 0;
    QString name;
    Collection<CsOrder> billingOrders;
    Collection<CsOrder> shippingOrders;
};

// Two foreign keys to cs_customers.
struct CsOrder {
    qint64 id = 0;
    QString item;
    std::optional<qint64> billingCustomerId;
    std::optional<qint64> shippingCustomerId;
    Reference<CsCustomer> billingCustomer;
    Reference<CsCustomer> shippingCustomer;
};

void mapping(Mapping<CsCustomer>& m)
{
    m.table("cs_customers");
    m.column(&CsCustomer::id, "id").primaryKey();
    m.column(&CsCustomer::name, "name");
    m.relationship(&CsCustomer::billingOrders, "billingOrders")
        .primaryJoin("cs_customers.id == cs_orders.billing_customer_id")
        .backPopulates("billingCustomer")
        .orderBy(QStringList{"id"});
    // Written the other way round: the sides are found from the tables.
    m.relationship(&CsCustomer::shippingOrders, "shippingOrders")
        .primaryJoin("cs_orders.shipping_customer_id == cs_customers.id")
        .backPopulates("shippingCustomer")
        .orderBy(QStringList{"id"});
}

void mapping(Mapping<CsOrder>& m)
{
    m.table("cs_orders");
    m.column(&CsOrder::id, "id").primaryKey();
    m.column(&CsOrder::item, "item");
    m.column(&CsOrder::billingCustomerId, "billing_customer_id").references("cs_customers.id");
    m.column(&CsOrder::shippingCustomerId, "shipping_customer_id").references("cs_customers.id");
    m.relationship(&CsOrder::billingCustomer, "billingCustomer")
        .primaryJoin("cs_customers.id == cs_orders.billing_customer_id")
        .backPopulates("billingOrders");
    m.relationship(&CsOrder::shippingCustomer, "shippingCustomer")
        .primaryJoin("cs_customers.id == cs_orders.shipping_customer_id")
        .backPopulates("shippingOrders");
}

// Ambiguous: two foreign keys, neither option.
struct CsParcel {
    qint64 id = 0;
    std::optional<qint64> senderId;
    std::optional<qint64> receiverId;
    Reference<CsCustomer> owner;
};

void mapping(Mapping<CsParcel>& m)
{
    m.table("cs_parcels");
    m.column(&CsParcel::id, "id").primaryKey();
    m.column(&CsParcel::senderId, "sender_id").references("cs_customers.id");
    m.column(&CsParcel::receiverId, "receiver_id").references("cs_customers.id");
    m.relationship(&CsParcel::owner, "owner");
}

// A condition that names no column of the target.
struct CsCoupon {
    qint64 id = 0;
    std::optional<qint64> customerId;
    Reference<CsCustomer> customer;
};

void mapping(Mapping<CsCoupon>& m)
{
    m.table("cs_coupons");
    m.column(&CsCoupon::id, "id").primaryKey();
    m.column(&CsCoupon::customerId, "customer_id").references("cs_customers.id");
    m.relationship(&CsCoupon::customer, "customer").primaryJoin("cs_coupons.customer_id == 1");
}

// A composite join condition, with no foreign key constraint: foreignKeys() names the columns.
struct CsStore;

struct CsRegion {
    QString country;
    QString code;
    QString name;
    Collection<CsStore> stores;
};

struct CsStore {
    qint64 id = 0;
    std::optional<QString> country;
    std::optional<QString> regionCode;
    Reference<CsRegion> region;
};

void mapping(Mapping<CsRegion>& m)
{
    m.table("cs_regions");
    m.column(&CsRegion::country, "country").primaryKey().type(String(2));
    m.column(&CsRegion::code, "code").primaryKey().type(String(8));
    m.column(&CsRegion::name, "name");
    m.relationship(&CsRegion::stores, "stores")
        .primaryJoin("cs_regions.country == cs_stores.country AND "
                     "cs_regions.code == cs_stores.region_code")
        .foreignKeys({"cs_stores.country", "cs_stores.region_code"})
        .backPopulates("region")
        .orderBy(QStringList{"id"});
}

void mapping(Mapping<CsStore>& m)
{
    m.table("cs_stores");
    m.column(&CsStore::id, "id").primaryKey();
    m.column(&CsStore::country, "country").type(String(2));
    m.column(&CsStore::regionCode, "region_code").type(String(8));
    m.relationship(&CsStore::region, "region")
        .primaryJoin("cs_stores.country = cs_regions.country and "
                     "cs_stores.region_code = cs_regions.code") // SQL's spelling works too
        .foreignKeys({"cs_stores.country", "cs_stores.region_code"})
        .backPopulates("stores");
}

// ---- association object ------------------------------------------------------------------------

struct CsLink;

struct CsParent {
    qint64 id = 0;
    QString name;
    Collection<CsLink> children;
};

struct CsChild {
    qint64 id = 0;
    QString name;
    Collection<CsLink> parents;
};

// The link row, with a column of its own; its primary key is the two foreign keys.
struct CsLink {
    qint64 leftId = 0;
    qint64 rightId = 0;
    std::optional<QString> extraData;
    Reference<CsParent> parent;
    Reference<CsChild> child;
};

void mapping(Mapping<CsParent>& m)
{
    m.table("cs_parents");
    m.column(&CsParent::id, "id").primaryKey();
    m.column(&CsParent::name, "name");
    m.relationship(&CsParent::children, "children")
        .backPopulates("parent")
        .cascade("all, delete-orphan")
        .orderBy(QStringList{"right_id"});
}

void mapping(Mapping<CsChild>& m)
{
    m.table("cs_children");
    m.column(&CsChild::id, "id").primaryKey();
    m.column(&CsChild::name, "name");
    m.relationship(&CsChild::parents, "parents")
        .backPopulates("child")
        .orderBy(QStringList{"left_id"});
}

void mapping(Mapping<CsLink>& m)
{
    m.table("cs_links");
    m.column(&CsLink::leftId, "left_id")
        .primaryKey()
        .autoincrement(Autoincrement::No)
        .references("cs_parents.id");
    m.column(&CsLink::rightId, "right_id")
        .primaryKey()
        .autoincrement(Autoincrement::No)
        .references("cs_children.id");
    m.column(&CsLink::extraData, "extra_data").type(String(50));
    m.relationship(&CsLink::parent, "parent").backPopulates("children");
    m.relationship(&CsLink::child, "child").backPopulates("parents");
}

// ---- the seed's BlogPost / Keyword -------------------------------------------------------------

struct BlogPost;

struct BlogUser {
    qint64 id = 0;
    QString name;
    QString fullname;
    std::optional<QString> nickname;
    // The seed maps User.posts with lazy="dynamic"; a plain collection here (Loading::Dynamic is
    // another suite's).
    Collection<BlogPost> posts;
};

struct Keyword {
    qint64 id = 0;
    QString keyword;
    Collection<BlogPost> posts;
};

struct BlogPost {
    qint64 id = 0;
    std::optional<qint64> userId;
    QString headline;
    std::optional<QString> body;
    Reference<BlogUser> author;
    Collection<Keyword> keywords;
};

void mapping(Mapping<BlogUser>& m)
{
    m.table("users");
    m.column(&BlogUser::id, "id").primaryKey();
    m.column(&BlogUser::name, "name").type(String(50));
    m.column(&BlogUser::fullname, "fullname").type(String(100));
    m.column(&BlogUser::nickname, "nickname").type(String(50));
    m.relationship(&BlogUser::posts, "posts").backPopulates("author").orderBy(QStringList{"id"});
}

// The association table, declared with the first class that uses it.
void declarePostKeywords()
{
    MetaData& md = Registry::global().metadata();
    if (md.findTable("post_keywords"))
        return;
    Table& t = md.addTable("post_keywords");
    t.addColumn("post_id", Integer()).references("posts.id");
    t.addColumn("keyword_id", Integer()).references("keywords.id");
    t.primaryKey({"post_id", "keyword_id"});
}

void mapping(Mapping<Keyword>& m)
{
    m.table("keywords");
    m.column(&Keyword::id, "id").primaryKey();
    m.column(&Keyword::keyword, "keyword").type(String(50)).unique();
    declarePostKeywords();
    m.relationship(&Keyword::posts, "posts")
        .secondary("post_keywords")
        .backPopulates("keywords")
        .orderBy(QStringList{"id"});
}

void mapping(Mapping<BlogPost>& m)
{
    m.table("posts");
    m.column(&BlogPost::id, "id").primaryKey();
    m.column(&BlogPost::userId, "user_id").references("users.id");
    m.column(&BlogPost::headline, "headline").type(String(255));
    m.column(&BlogPost::body, "body").type(Text());
    declarePostKeywords();
    m.relationship(&BlogPost::author, "author").backPopulates("posts");
    m.relationship(&BlogPost::keywords, "keywords")
        .secondary("post_keywords")
        .backPopulates("posts")
        .orderBy(QStringList{"id"});
}

} // namespace model

using namespace model;

namespace {

template <class T>
QList<QVariantList> rowsOf(Engine& engine, const QStringList& columns, int orderColumns = 1)
{
    return dbRows(engine, mapper<T>().table(), columns, orderColumns);
}

// jack (id 1) with two addresses (ids 1, 2), committed.
void addJack(Engine& engine)
{
    Session s(engine);
    auto jack = make<CsUser>({.name = "jack"});
    jack->addresses.append(make<CsAddress>({.email = "jack@google.com"}));
    jack->addresses.append(make<CsAddress>({.email = "j25@yahoo.com"}));
    s.add(jack);
    s.commit();
}

const QString selectUserByKey =
    QStringLiteral("SELECT cs_users.id, cs_users.name\nFROM cs_users\nWHERE cs_users.id = ?");
const QString selectAddressByKey =
    QStringLiteral("SELECT cs_addresses.id, cs_addresses.email, cs_addresses.user_id\nFROM "
                   "cs_addresses\nWHERE cs_addresses.id = ?");
const QString lazyAddresses =
    QStringLiteral("SELECT cs_addresses.id, cs_addresses.email, cs_addresses.user_id\nFROM "
                   "cs_addresses\nWHERE ? = cs_addresses.user_id\nORDER BY cs_addresses.id");

} // namespace

class TestCascades : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    // merge
    void mergeTransientGraph_data() { addBackendRows("cascades"); }
    void mergeTransientGraph();
    void mergeDetachedGraph_data() { addBackendRows("cascades"); }
    void mergeDetachedGraph();
    void mergeFromIdentityMapSendsNoSelect_data() { addBackendRows("cascades"); }
    void mergeFromIdentityMapSendsNoSelect();
    void mergeWithoutMergeCascade_data() { addBackendRows("cascades"); }
    void mergeWithoutMergeCascade();
    // expunge, refresh-expire
    void expungeCascade_data() { addBackendRows("cascades"); }
    void expungeCascade();
    void expireCascade_data() { addBackendRows("cascades"); }
    void expireCascade();
    void refreshCascade_data() { addBackendRows("cascades"); }
    void refreshCascade();
    // single parent
    void deleteOrphanOnManyToOneNeedsSingleParent();
    void deleteOrphanNeedsDelete();
    void singleParent_data() { addBackendRows("cascades"); }
    void singleParent();
    void singleParentThroughReverseSide();
    void singleParentThroughCollection();
    // join conditions
    void ambiguousForeignKeysNameTheOptions();
    void primaryJoinErrors();
    void primaryJoinPairs();
    void primaryJoinDrivesFlushAndLoading_data() { addBackendRows("cascades"); }
    void primaryJoinDrivesFlushAndLoading();
    void compositePrimaryJoin_data() { addBackendRows("cascades"); }
    void compositePrimaryJoin();
    // association object, the seed's many-to-many
    void associationObject_data() { addBackendRows("cascades"); }
    void associationObject();
    void seedBlogPostKeywords_data() { addBackendRows("cascades"); }
    void seedBlogPostKeywords();
};

void TestCascades::initTestCase()
{
    // Every table must be in the MetaData before createAll. Keyword before BlogPost: the seed
    // INSERTs keywords before posts (both only wait for users).
    mapper<CsUser>();
    mapper<CsAddress>();
    mapper<CsAuthor>();
    mapper<CsBook>();
    mapper<CsProfile>();
    mapper<CsAccount>();
    mapper<CsBadge>();
    mapper<CsHolder>();
    mapper<CsTag>();
    mapper<CsNote>();
    mapper<CsCustomer>();
    mapper<CsOrder>();
    mapper<CsParcel>();
    mapper<CsCoupon>();
    mapper<CsRegion>();
    mapper<CsStore>();
    mapper<CsParent>();
    mapper<CsChild>();
    mapper<CsLink>();
    mapper<BlogUser>();
    mapper<Keyword>();
    mapper<BlogPost>();
}

// ---- merge ------------------------------------------------------------------------------------

void TestCascades::mergeTransientGraph()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto jack = make<CsUser>({.name = "jack"});
    jack->addresses.append(make<CsAddress>({.email = "jack@google.com"}));
    jack->addresses.append(make<CsAddress>({.email = "j25@yahoo.com"}));

    // A transient graph has no rows to look for: merged copies, pending, no SQL yet.
    LogWatch log(engine);
    auto merged = session.merge(jack);
    QVERIFY(log.sql().isEmpty());
    QVERIFY(merged != jack);
    QCOMPARE(merged.status(), ObjectState::Pending);
    QCOMPARE(jack.status(), ObjectState::Transient);
    QCOMPARE(merged.get()->addresses.size(), 2);
    for (qsizetype i = 0; i < 2; ++i) {
        const auto copy = merged.get()->addresses[i];
        const auto original = jack.get()->addresses[i];
        QVERIFY(copy != original);
        QCOMPARE(copy.get()->email, original.get()->email);
        QCOMPARE(copy.status(), ObjectState::Pending);
        QCOMPARE(original.status(), ObjectState::Transient);
        QVERIFY(copy.get()->user == merged); // the reverse side follows the merged collection
        QVERIFY(original.get()->user == jack);
    }
    QCOMPARE(session.newObjects().size(), 3);

    session.commit();
    const QString insertUser = q(engine, "INSERT INTO cs_users (name) VALUES (?)");
    const QString insertAddress =
        q(engine, "INSERT INTO cs_addresses (email, user_id) VALUES (?, ?)");
    QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", insertUser + returningSingle(engine),
                                         insertAddress + returningSingle(engine),
                                         insertAddress + returningSingle(engine), "COMMIT"}));
    QCOMPARE(rowsOf<CsAddress>(engine, {"id", "email", "user_id"}),
             QList<QVariantList>({{1, "jack@google.com", 1}, {2, "j25@yahoo.com", 1}}));
    QCOMPARE(jack.get()->id, 0); // the source is left as it was
}

void TestCascades::mergeDetachedGraph()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addJack(engine);

    // Loaded in one Session, changed while detached.
    Ptr<CsUser> jack;
    {
        Session first(engine);
        jack = first.get<CsUser>(1);
        QCOMPARE(jack.get()->addresses.size(), 2);
        first.close();
    }
    QCOMPARE(jack.status(), ObjectState::Detached);
    jack->name = "jacky";
    jack.get()->addresses[0]->email = "jack@gmail.com";
    auto yahoo = jack.get()->addresses[1];
    jack->addresses.removeOne(yahoo);
    jack->addresses.append(make<CsAddress>({.email = "jack@bean.com"}));

    // merge() loads each row it does not have, copies the state onto the Session's objects and
    // sets the collection (loading it to compare).
    Session session(engine, {.insertBatchSize = 1});
    LogWatch log(engine);
    auto merged = session.merge(jack);
    QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", q(engine, selectUserByKey),
                                         q(engine, selectAddressByKey), q(engine, lazyAddresses)}));
    QCOMPARE(log.params(), QList<QVariantList>({{}, {1}, {1}, {1}}));
    QVERIFY(merged != jack);
    QCOMPARE(merged.status(), ObjectState::Persistent);
    QCOMPARE(jack.status(), ObjectState::Detached);
    QCOMPARE(merged.get()->name, "jacky");
    QCOMPARE(emails(merged.get()->addresses), QStringList({"jack@gmail.com", "jack@bean.com"}));
    const auto gmail = merged.get()->addresses[0];
    const auto bean = merged.get()->addresses[1];
    QCOMPARE(gmail.status(), ObjectState::Persistent);
    QCOMPARE(gmail.get()->id, 1);
    QCOMPARE(bean.status(), ObjectState::Pending);
    QVERIFY(bean.get()->user == merged);
    // The address taken out while detached was loaded with the collection and let go.
    auto yahooHere = session.get<CsAddress>(2);
    QVERIFY(yahooHere != yahoo);
    QVERIFY(!yahooHere.get()->user);

    log.reset();
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({q(engine, "UPDATE cs_users SET name=? WHERE cs_users.id = ?"),
                     q(engine, "UPDATE cs_addresses SET email=? WHERE cs_addresses.id = ?"),
                     q(engine, "UPDATE cs_addresses SET user_id=? WHERE cs_addresses.id = ?"),
                     q(engine, "INSERT INTO cs_addresses (email, user_id) VALUES (?, ?)") +
                         returningSingle(engine),
                     "COMMIT"}));
    QCOMPARE(log.params(),
             QList<QVariantList>(
                 {{"jacky", 1}, {"jack@gmail.com", 1}, {QVariant(), 2}, {"jack@bean.com", 1}, {}}));
    QCOMPARE(rowsOf<CsUser>(engine, {"id", "name"}), QList<QVariantList>({{1, "jacky"}}));
    QCOMPARE(rowsOf<CsAddress>(engine, {"id", "email", "user_id"}),
             QList<QVariantList>(
                 {{1, "jack@gmail.com", 1}, {2, "j25@yahoo.com", {}}, {3, "jack@bean.com", 1}}));
}

void TestCascades::mergeFromIdentityMapSendsNoSelect()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addJack(engine);
    Session session(engine);
    auto jack = session.get<CsUser>(1);
    QCOMPARE(jack.get()->addresses.size(), 2);
    auto google = jack.get()->addresses[0];

    // Copies made outside any Session, with the same keys.
    auto copy = make<CsUser>({.id = 1, .name = "jack"});
    auto googleCopy = make<CsAddress>({.id = 1, .email = "jack@example.com", .userId = 1});
    auto yahooCopy = make<CsAddress>({.id = 2, .email = "j25@yahoo.com", .userId = 1});
    copy->addresses = QList<Ptr<CsAddress>>{googleCopy, yahooCopy};

    LogWatch log(engine);
    auto merged = session.merge(copy);
    QVERIFY(log.sql().isEmpty());
    QVERIFY(merged == jack);
    QVERIFY(merged.get()->addresses[0] == google);
    QCOMPARE(google.get()->email, "jack@example.com");
    QVERIFY(session.isModified(google));
    QVERIFY(!session.isModified(jack));
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList(
            {q(engine, "UPDATE cs_addresses SET email=? WHERE cs_addresses.id = ?"), "COMMIT"}));
    QCOMPARE(log.params()[0], QVariantList({"jack@example.com", 1}));
    QCOMPARE(copy.status(), ObjectState::Transient);
}

void TestCascades::mergeWithoutMergeCascade()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine);
        auto ann = make<CsAuthor>({.name = "ann"});
        ann->books.append(make<CsBook>({.title = "First"}));
        s.add(ann);
        s.commit();
    }
    // CsBook.author cascades save-update only: merging a book does not merge its author, whose
    // changed name stays out of the Session.
    Ptr<CsBook> book;
    {
        Session first(engine);
        book = first.get<CsBook>(1);
        QCOMPARE(book.get()->author.get()->name, "ann");
        first.close();
    }
    book->title = "First, revised";
    book->author->name = "anne";
    Session session(engine);
    LogWatch log(engine);
    auto merged = session.merge(book);
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, "SELECT cs_books.id, cs_books.title, "
                                                 "cs_books.author_id\nFROM cs_books\nWHERE "
                                                 "cs_books.id = ?")}));
    QCOMPARE(merged.get()->title, "First, revised");
    session.commit();
    QCOMPARE(rowsOf<CsBook>(engine, {"id", "title", "author_id"}),
             QList<QVariantList>({{1, "First, revised", 1}}));
    QCOMPARE(rowsOf<CsAuthor>(engine, {"id", "name"}), QList<QVariantList>({{1, "ann"}}));
    // The other way "all" includes merge; the author's books, never loaded while detached,
    // say nothing, so the Session's are left as the database has them.
    auto author = book.get()->author.get();
    Session other(engine);
    log.reset();
    auto mergedAuthor = other.merge(author);
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, "SELECT cs_authors.id, cs_authors.name\nFROM "
                                                 "cs_authors\nWHERE cs_authors.id = ?")}));
    QCOMPARE(mergedAuthor.get()->name, "anne");
    QCOMPARE(mergedAuthor.get()->books.size(), 1);
    QCOMPARE(mergedAuthor.get()->books[0].get()->title, "First, revised");
    other.commit();
    QCOMPARE(rowsOf<CsAuthor>(engine, {"id", "name"}), QList<QVariantList>({{1, "anne"}}));
}

// ---- expunge, refresh-expire ----------------------------------------------------------------

void TestCascades::expungeCascade()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addJack(engine);
    {
        Session s(engine);
        auto ann = make<CsAuthor>({.name = "ann"});
        ann->books.append(make<CsBook>({.title = "First"}));
        ann->books.append(make<CsBook>({.title = "Second"}));
        s.add(ann);
        s.commit();
    }
    Session session(engine);
    // "all" includes expunge: the author's loaded books leave with her, a pending one too.
    auto ann = session.get<CsAuthor>(1);
    QCOMPARE(ann.get()->books.size(), 2);
    auto first = ann.get()->books[0];
    auto second = ann.get()->books[1];
    auto third = make<CsBook>({.title = "Third"});
    ann->books.append(third);
    QCOMPARE(third.status(), ObjectState::Pending);
    session.expunge(ann);
    QCOMPARE(ann.status(), ObjectState::Detached);
    QCOMPARE(first.status(), ObjectState::Detached);
    QCOMPARE(second.status(), ObjectState::Detached);
    QCOMPARE(third.status(), ObjectState::Transient);
    QVERIFY(session.newObjects().isEmpty());
    QCOMPARE(session.identityCount(), 0);
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(log.sql(), QStringList({"COMMIT"}));

    // The default cascade has no expunge: jack's addresses stay.
    auto jack = session.get<CsUser>(1);
    QCOMPARE(jack.get()->addresses.size(), 2);
    auto google = jack.get()->addresses[0];
    session.expunge(jack);
    QCOMPARE(jack.status(), ObjectState::Detached);
    QCOMPARE(google.status(), ObjectState::Persistent);
    QVERIFY(session.contains(google));
}

void TestCascades::expireCascade()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addJack(engine);
    {
        Session s(engine);
        auto ann = make<CsAuthor>({.name = "ann"});
        ann->books.append(make<CsBook>({.title = "First"}));
        s.add(ann);
        s.commit();
    }
    Session session(engine);
    auto ann = session.get<CsAuthor>(1);
    auto first = ann.get()->books[0];
    first->title = "changed in memory";
    auto pending = make<CsBook>({.title = "Pending"});
    ann->books.append(pending);
    QCOMPARE(pending.status(), ObjectState::Pending);

    // expire() of the author reaches her books ("all" has refresh-expire): the loaded one is
    // expired, its change discarded; the pending one has nothing to reload, so it leaves.
    LogWatch log(engine);
    session.expire(ann);
    QVERIFY(log.sql().isEmpty());
    QVERIFY(first.state().hasExpired());
    QCOMPARE(pending.status(), ObjectState::Transient);
    QVERIFY(!session.isModified(first));
    QCOMPARE(first.get()->title, "First");
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, "SELECT cs_books.id, cs_books.title, "
                                                   "cs_books.author_id\nFROM cs_books\nWHERE "
                                                   "cs_books.id = ?")}));
    QCOMPARE(ann.get()->name, "ann");

    // Expiring some attributes only does not cascade.
    first->title = "again";
    session.expire(ann, {"name"});
    QCOMPARE(first.get()->title, "again");
    QVERIFY(session.isModified(first));

    // The default cascade has no refresh-expire: jack's address keeps its change.
    auto jack = session.get<CsUser>(1);
    auto google = jack.get()->addresses[0];
    google->email = "changed@example.com";
    session.expire(jack);
    QVERIFY(jack.state().hasExpired());
    QVERIFY(!google.state().hasExpired());
    QCOMPARE(google.get()->email, "changed@example.com");
}

void TestCascades::refreshCascade()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine);
        auto ann = make<CsAuthor>({.name = "ann"});
        ann->books.append(make<CsBook>({.title = "First"}));
        s.add(ann);
        s.commit();
    }
    Session session(engine);
    auto ann = session.get<CsAuthor>(1);
    auto first = ann.get()->books[0];
    first->title = "changed in memory";
    ann->name = "changed too";
    // refresh() loads the author now and expires her books, which load on next access.
    LogWatch log(engine);
    session.refresh(ann);
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, "SELECT cs_authors.id, cs_authors.name\nFROM "
                                                   "cs_authors\nWHERE cs_authors.id = ?")}));
    QCOMPARE(ann.get()->name, "ann");
    QVERIFY(first.state().hasExpired());
    QCOMPARE(first.get()->title, "First");
    session.commit();
    QCOMPARE(rowsOf<CsBook>(engine, {"id", "title"}), QList<QVariantList>({{1, "First"}}));
}

// ---- single parent ----------------------------------------------------------------------------

void TestCascades::deleteOrphanOnManyToOneNeedsSingleParent()
{
    // On first use, every time, naming the relationship and the option.
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            auto note = make<CsNote>();
            note->tag = make<CsTag>();
            QFAIL("delete-orphan on a many-to-one without singleParent() was accepted");
        } catch (const ArgumentError& e) {
            QVERIFY2(e.message().startsWith(
                         "For many-to-one relationship CsNote.tag, delete-orphan cascade is "
                         "normally configured only on the \"one\" side of a one-to-many "
                         "relationship"),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains("set singleParent()"), qPrintable(e.message()));
        }
    }
    QVERIFY_THROWS_EXCEPTION(ArgumentError, mapper<CsNote>().relationship("tag")->direction());
    // With singleParent() the same cascade is accepted.
    QCOMPARE(mapper<CsAccount>().relationship("profile")->direction(),
             RelationshipDirection::ManyToOne);
}

void TestCascades::deleteOrphanNeedsDelete()
{
    // The seed (004) describes delete-orphan as "deleted when let go by its parent, and of
    // course deleted with the parent": it is only accepted together with delete.
    try {
        CascadeSet::parse("save-update, delete-orphan");
        QFAIL("delete-orphan without delete was accepted");
    } catch (const ArgumentError& e) {
        QVERIFY2(e.message().contains("delete-orphan needs delete"), qPrintable(e.message()));
    }
    QVERIFY(CascadeSet::parse("delete, delete-orphan").deleteOrphan);
}

void TestCascades::singleParent()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto profile = make<CsProfile>({.bio = "hello"});
    auto first = make<CsAccount>({.login = "first"});
    auto second = make<CsAccount>({.login = "second"});
    first->profile = profile;

    // A second parent is refused, and nothing changes.
    try {
        second->profile = profile;
        QFAIL("a single-parent object got a second parent");
    } catch (const InvalidRequestError& e) {
        QCOMPARE(e.message(),
                 "Instance CsProfile(id=None, bio='hello') is already associated with an "
                 "instance of CsAccount via its CsAccount.profile attribute, and is only allowed "
                 "a single parent.");
    }
    QVERIFY(!second.get()->profile);
    QVERIFY(first.get()->profile == profile);

    // Let go by the first, it may go to the second.
    first->profile = nullptr;
    second->profile = profile;
    session.addAll({first, second});
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList(
            {"BEGIN",
             q(engine, "INSERT INTO cs_profiles (bio) VALUES (?)") + returningSingle(engine),
             q(engine, "INSERT INTO cs_accounts (login, profile_id) VALUES (?, ?)") +
                 returningSingle(engine),
             q(engine, "INSERT INTO cs_accounts (login, profile_id) VALUES (?, ?)") +
                 returningSingle(engine),
             "COMMIT"}));
    QCOMPARE(rowsOf<CsAccount>(engine, {"login", "profile_id"}),
             QList<QVariantList>({{"first", {}}, {"second", 1}}));

    // Persistent parents too: a profile given to one account in this Session.
    Session other(engine);
    auto loadedFirst = other.get<CsAccount>(1);
    auto loadedSecond = other.get<CsAccount>(2);
    auto fresh = make<CsProfile>({.bio = "fresh"});
    loadedFirst->profile = fresh;
    QCOMPARE(fresh.status(), ObjectState::Pending);
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError, loadedSecond->profile = fresh);
    QCOMPARE(loadedSecond.get()->profile.get().get()->bio, "hello");
    other.commit();
    QCOMPARE(rowsOf<CsAccount>(engine, {"login", "profile_id"}),
             QList<QVariantList>({{"first", 2}, {"second", 1}}));

    // delete-orphan: a profile let go by its one account is deleted (loaded for it when needed),
    // after the account no longer refers to it; one moved to another account is not.
    // Profiles: 1 hello (second's), 2 fresh (first's).
    // (Both accounts loaded again first: no autoflush in between.)
    QCOMPARE(loadedFirst.get()->login, "first");
    QCOMPARE(loadedSecond.get()->login, "second");
    loadedFirst->profile = nullptr;
    loadedSecond->profile = fresh;
    LogWatch orphans(engine);
    other.commit();
    const QString updateAccount =
        q(engine, "UPDATE cs_accounts SET profile_id=? WHERE cs_accounts.id = ?");
    QCOMPARE_SQL(
        orphans.sql(),
        QStringList({q(engine, "SELECT cs_profiles.id, cs_profiles.bio\nFROM "
                               "cs_profiles\nWHERE cs_profiles.id = ?"),
                     updateAccount, updateAccount,
                     q(engine, "DELETE FROM cs_profiles WHERE cs_profiles.id = ?"), "COMMIT"}));
    QCOMPARE(orphans.params(), QList<QVariantList>({{1}, {QVariant(), 1}, {2, 2}, {1}, {}}));
    QCOMPARE(rowsOf<CsProfile>(engine, {"id", "bio"}), QList<QVariantList>({{2, "fresh"}}));
    QCOMPARE(rowsOf<CsAccount>(engine, {"login", "profile_id"}),
             QList<QVariantList>({{"first", {}}, {"second", 2}}));
}

void TestCascades::singleParentThroughReverseSide()
{
    // With a reverse side the current parent is the one it names.
    auto badge = make<CsBadge>();
    auto first = make<CsHolder>();
    auto second = make<CsHolder>();
    first->badge = badge;
    QVERIFY(badge.get()->holder == first);
    try {
        second->badge = badge;
        QFAIL("a single-parent object got a second parent");
    } catch (const InvalidRequestError& e) {
        QVERIFY2(e.message().contains("is already associated with an instance of CsHolder via "
                                      "its CsHolder.badge attribute"),
                 qPrintable(e.message()));
    }
    QVERIFY(badge.get()->holder == first);
    // The same parent again is no second parent.
    first->badge = badge;
    QVERIFY(first.get()->badge == badge);
}

void TestCascades::singleParentThroughCollection()
{
    // Appending to the reverse collection sets each leaf's stem: the second one would give the
    // stem a second leaf. Refused before anything changes, on either side.
    auto stem = make<CsStem>();
    auto first = make<CsLeaf>();
    auto second = make<CsLeaf>();
    stem->leaves.append(first);
    QVERIFY(first.get()->stem == stem);
    try {
        stem->leaves.append(second);
        QFAIL("a single-parent object got a second parent through a collection");
    } catch (const InvalidRequestError& e) {
        QVERIFY2(e.message().contains("is already associated with an instance of CsLeaf via its "
                                      "CsLeaf.stem attribute"),
                 qPrintable(e.message()));
    }
    QCOMPARE(stem.get()->leaves.size(), 1);
    QVERIFY(!second.get()->stem);
    // The leaf it has, appended again, is no second parent.
    stem->leaves.append(first);
    QCOMPARE(stem.get()->leaves.size(), 1);
}

// ---- join conditions ----------------------------------------------------------------------------

void TestCascades::ambiguousForeignKeysNameTheOptions()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            auto parcel = make<CsParcel>();
            parcel->owner = make<CsCustomer>();
            QFAIL("an ambiguous relationship was used");
        } catch (const ArgumentError& e) {
            QCOMPARE(e.message(),
                     "Could not determine join condition between parent/child tables on "
                     "relationship CsParcel.owner - there are multiple foreign key paths linking "
                     "the tables (cs_parcels.sender_id; cs_parcels.receiver_id). Specify the "
                     "'foreignKeys' option of CsParcel.owner, naming the columns to follow "
                     "(foreignKeys({\"sender_id\"})), or its 'primaryJoin' option with the join "
                     "condition.");
        }
    }
}

void TestCascades::primaryJoinErrors()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            mapper<CsCoupon>().relationship("customer")->pairs();
            QFAIL("a join condition without the target's column was accepted");
        } catch (const ArgumentError& e) {
            QCOMPARE(e.message(), "primaryJoin of relationship CsCoupon.customer: "
                                  "\"cs_coupons.customer_id == 1\" is not an equality between a "
                                  "column of cs_coupons and one of cs_customers (\"table.column "
                                  "== table.column\", several joined by AND)");
        }
    }
}

void TestCascades::primaryJoinPairs()
{
    // The pairs every consumer (lazy loads, flush, eager loads) follows.
    const Table& customers = mapper<CsCustomer>().table();
    const Table& orders = mapper<CsOrder>().table();
    using Pairs = std::vector<std::pair<const Column*, const Column*>>;
    const Relationship& billing = *mapper<CsOrder>().relationship("billingCustomer");
    QCOMPARE(billing.direction(), RelationshipDirection::ManyToOne);
    QVERIFY(billing.pairs() ==
            Pairs({{&orders.column("billing_customer_id"), &customers.column("id")}}));
    const Relationship& shipping = *mapper<CsCustomer>().relationship("shippingOrders");
    QCOMPARE(shipping.direction(), RelationshipDirection::OneToMany);
    QVERIFY(shipping.pairs() ==
            Pairs({{&customers.column("id"), &orders.column("shipping_customer_id")}}));
    QVERIFY(shipping.reverse() == mapper<CsOrder>().relationship("shippingCustomer"));
    const Table& regions = mapper<CsRegion>().table();
    const Table& stores = mapper<CsStore>().table();
    const Relationship& region = *mapper<CsStore>().relationship("region");
    QCOMPARE(region.direction(), RelationshipDirection::ManyToOne);
    QVERIFY(region.pairs() == Pairs({{&stores.column("country"), &regions.column("country")},
                                     {&stores.column("region_code"), &regions.column("code")}}));
}

void TestCascades::primaryJoinDrivesFlushAndLoading()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine, {.insertBatchSize = 1});
        auto ann = make<CsCustomer>({.name = "ann"});
        auto bob = make<CsCustomer>({.name = "bob"});
        // Billed to ann, shipped to bob: each relationship keeps its own side in step.
        auto lamp = make<CsOrder>({.item = "lamp"});
        lamp->billingCustomer = ann;
        lamp->shippingCustomer = bob;
        QVERIFY(ann.get()->billingOrders.contains(lamp));
        QVERIFY(!ann.get()->shippingOrders.contains(lamp));
        QVERIFY(bob.get()->shippingOrders.contains(lamp));
        QVERIFY(!bob.get()->billingOrders.contains(lamp));
        auto desk = make<CsOrder>({.item = "desk"});
        bob->billingOrders.append(desk);
        bob->shippingOrders.append(desk);
        QVERIFY(desk.get()->billingCustomer == bob);
        QVERIFY(desk.get()->shippingCustomer == bob);
        s.addAll({ann, bob});
        LogWatch log(engine);
        s.commit();
        // Each foreign key column from its own relationship.
        const QString insertCustomer =
            q(engine, "INSERT INTO cs_customers (name) VALUES (?)") + returningSingle(engine);
        const QString insertOrder = q(engine, "INSERT INTO cs_orders (item, billing_customer_id, "
                                              "shipping_customer_id) VALUES (?, ?, ?)") +
                                    returningSingle(engine);
        QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", insertCustomer, insertCustomer, insertOrder,
                                             insertOrder, "COMMIT"}));
        QCOMPARE(log.params()[3], QVariantList({"lamp", 1, 2}));
        QCOMPARE(log.params()[4], QVariantList({"desk", 2, 2}));
    }
    // Lazy loads both ways follow the condition.
    Session session(engine);
    auto bob = session.get<CsCustomer>(2);
    LogWatch log(engine);
    QCOMPARE(bob.get()->billingOrders.size(), 1);
    QCOMPARE(bob.get()->shippingOrders.size(), 2);
    const QString selectOrders =
        QStringLiteral("SELECT cs_orders.id, cs_orders.item, cs_orders.billing_customer_id, "
                       "cs_orders.shipping_customer_id\nFROM cs_orders\n");
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, selectOrders + "WHERE ? = cs_orders.billing_customer_id"
                                                       "\nORDER BY cs_orders.id"),
                              q(engine, selectOrders + "WHERE ? = cs_orders.shipping_customer_id"
                                                       "\nORDER BY cs_orders.id")}));
    auto lamp = bob.get()->shippingOrders[0];
    QCOMPARE(lamp.get()->item, "lamp");
    log.reset();
    auto ann = lamp.get()->billingCustomer.get();
    QCOMPARE(ann.get()->name, "ann");
    QVERIFY(lamp.get()->shippingCustomer == bob); // from the identity map
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, "SELECT cs_customers.id, cs_customers.name\n"
                                        "FROM cs_customers\nWHERE cs_customers.id = ?")}));
    QCOMPARE(log.params()[0], QVariantList{1});

    // Moving the billing side changes that column only.
    log.reset();
    lamp->billingCustomer = bob;
    session.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, "UPDATE cs_orders SET billing_customer_id=? WHERE "
                                        "cs_orders.id = ?"),
                              "COMMIT"}));
    QCOMPARE(rowsOf<CsOrder>(engine, {"item", "billing_customer_id", "shipping_customer_id"}),
             QList<QVariantList>({{"desk", 2, 2}, {"lamp", 2, 2}}));

    // Eager loading follows it too.
    Session eager(engine);
    log.reset();
    auto customers = eager.query<CsCustomer>()
                         .options(selectinLoad(&CsCustomer::shippingOrders))
                         .orderBy({Expr(col(&CsCustomer::id))})
                         .all();
    QCOMPARE(log.sql().size(), 3); // BEGIN, the customers, the orders
    QVERIFY2(log.sql()[2].contains("cs_orders.shipping_customer_id IN"), qPrintable(log.sql()[2]));
    log.reset();
    QCOMPARE(customers.size(), 2);
    QCOMPARE(customers[0].get()->shippingOrders.size(), 0);
    QCOMPARE(customers[1].get()->shippingOrders.size(), 2);
    QVERIFY(log.sql().isEmpty());
    eager.close();
    // Joined loading of the many-to-one: the ON clause is the condition.
    Session joined(engine);
    log.reset();
    auto orders = joined.query<CsOrder>()
                      .options(joinedLoad(&CsOrder::billingCustomer))
                      .orderBy({Expr(col(&CsOrder::id))})
                      .all();
    QCOMPARE(log.sql().size(), 2); // BEGIN, the orders with their customers
    QVERIFY2(log.sql()[1].contains("ON cs_customers_1.id = cs_orders.billing_customer_id"),
             qPrintable(log.sql()[1]));
    log.reset();
    QCOMPARE(orders.size(), 2);
    QCOMPARE(orders[0].get()->billingCustomer.get()->name, "bob");
    QVERIFY(log.sql().isEmpty());
}

void TestCascades::compositePrimaryJoin()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine, {.insertBatchSize = 1});
        auto bavaria = make<CsRegion>({.country = "DE", .code = "BY", .name = "Bavaria"});
        auto berlin = make<CsRegion>({.country = "DE", .code = "BE", .name = "Berlin"});
        auto store = make<CsStore>();
        store->region = bavaria;
        s.addAll({bavaria, berlin, store});
        LogWatch log(engine);
        s.commit();
        QCOMPARE(log.sql()[3], q(engine, "INSERT INTO cs_stores (country, region_code) VALUES "
                                         "(?, ?)") +
                                   returningSingle(engine));
        QCOMPARE(log.params()[3], QVariantList({"DE", "BY"}));
    }
    Session session(engine);
    auto berlin = session.get<CsRegion>(QVariantList{"DE", "BE"});
    auto bavaria = session.get<CsRegion>(QVariantList{"DE", "BY"});
    LogWatch log(engine);
    QCOMPARE(bavaria.get()->stores.size(), 1);
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, "SELECT cs_stores.id, cs_stores.country, "
                                        "cs_stores.region_code\nFROM cs_stores\nWHERE ? = "
                                        "cs_stores.country AND ? = cs_stores.region_code\nORDER "
                                        "BY cs_stores.id")}));
    QCOMPARE(log.params()[0], QVariantList({"DE", "BY"}));
    auto store = bavaria.get()->stores[0];
    QVERIFY(store.get()->region == bavaria);
    berlin->stores.append(store);
    session.commit();
    QCOMPARE(rowsOf<CsStore>(engine, {"id", "country", "region_code"}),
             QList<QVariantList>({{1, "DE", "BE"}}));
}

// ---- association object -----------------------------------------------------------------------

void TestCascades::associationObject()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    const QString insertLink =
        q(engine, "INSERT INTO cs_links (left_id, right_id, extra_data) VALUES (?, ?, ?)");
    {
        Session s(engine, {.insertBatchSize = 1});
        auto parent = make<CsParent>({.name = "p"});
        auto one = make<CsChild>({.name = "one"});
        auto two = make<CsChild>({.name = "two"});
        // Parent.children -> link (extra data) -> child, as SQLAlchemy's association pattern.
        parent->children.append(make<CsLink>({.extraData = "first", .child = one}));
        parent->children.append(make<CsLink>({.extraData = "second", .child = two}));
        QCOMPARE(one.get()->parents.size(), 1);
        s.add(parent);
        QCOMPARE(one.status(), ObjectState::Pending); // through the link's save-update cascade
        LogWatch log(engine);
        s.commit();
        // The links wait for both rows they refer to; their key is the two foreign keys.
        QCOMPARE_SQL(
            log.sql(),
            QStringList(
                {"BEGIN",
                 q(engine, "INSERT INTO cs_parents (name) VALUES (?)") + returningSingle(engine),
                 q(engine, "INSERT INTO cs_children (name) VALUES (?)") + returningSingle(engine),
                 q(engine, "INSERT INTO cs_children (name) VALUES (?)") + returningSingle(engine),
                 insertLink, insertLink, "COMMIT"}));
        QCOMPARE(log.params()[4], QVariantList({1, 1, "first"}));
        QCOMPARE(log.params()[5], QVariantList({1, 2, "second"}));
    }
    QCOMPARE(rowsOf<CsLink>(engine, {"left_id", "right_id", "extra_data"}, 2),
             QList<QVariantList>({{1, 1, "first"}, {1, 2, "second"}}));

    // Lazy loading both ways.
    Session session(engine);
    auto parent = session.get<CsParent>(1);
    QCOMPARE(parent.get()->children.size(), 2);
    auto firstLink = parent.get()->children[0];
    QCOMPARE(firstLink.get()->extraData, "first");
    QCOMPARE(firstLink.get()->child.get()->name, "one");
    auto two = session.get<CsChild>(2);
    QCOMPARE(two.get()->parents.size(), 1);
    QVERIFY(two.get()->parents[0].get()->parent == parent);
    QCOMPARE(two.get()->parents[0].get()->extraData, "second");

    // A link taken out of its parent is an orphan: its row is deleted by its composite key.
    LogWatch log(engine);
    QVERIFY(parent->children.removeOne(firstLink));
    session.commit();
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, "DELETE FROM cs_links WHERE cs_links.left_id = "
                                                   "? AND cs_links.right_id = ?"),
                                         "COMMIT"}));
    QCOMPARE(log.params()[0], QVariantList({1, 1}));
    QCOMPARE(rowsOf<CsLink>(engine, {"left_id", "right_id", "extra_data"}, 2),
             QList<QVariantList>({{1, 2, "second"}}));
    QCOMPARE(rowsOf<CsChild>(engine, {"id", "name"}),
             QList<QVariantList>({{1, "one"}, {2, "two"}}));

    // Deleting the parent deletes its links ("all"), then the parent.
    log.reset();
    session.remove(parent);
    session.commit();
    QVERIFY(rowsOf<CsLink>(engine, {"left_id"}).isEmpty());
    QVERIFY(rowsOf<CsParent>(engine, {"id"}).isEmpty());
}

// ---- the seed's BlogPost / Keyword many-to-many -----------------------------------------------

void TestCascades::seedBlogPostKeywords()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine);
        s.addAll(
            {make<BlogUser>({.name = "ed", .fullname = "Ed Jones", .nickname = "eddie"}),
             make<BlogUser>({.name = "wendy", .fullname = "Wendy Williams", .nickname = "windy"})});
        s.commit();
    }
    // One INSERT per row, as the seed shows. (The seed's one executemany of the two link rows is
    // two statements here; its query with any() needs the later Query API, so flush() instead.)
    Session session(engine, {.insertBatchSize = 1});
    auto wendy = session.query<BlogUser>().filterBy(&BlogUser::name, "wendy").one();
    auto post = make<BlogPost>({.headline = "Wendy's Blog Post", .body = "This is a test"});
    post->author = wendy;
    session.add(post);
    post->keywords.append(make<Keyword>({.keyword = "wendy"}));
    post->keywords.append(make<Keyword>({.keyword = "firstpost"}));
    QVERIFY(post.get()->keywords[0].get()->posts.contains(post));

    LogWatch log(engine);
    session.flush();
    const QString insertKeyword =
        q(engine, "INSERT INTO keywords (keyword) VALUES (?)") + returningSingle(engine);
    const QString insertLink =
        q(engine, "INSERT INTO post_keywords (post_id, keyword_id) VALUES (?, ?)");
    QCOMPARE_SQL(log.sql(),
                 QStringList({insertKeyword, insertKeyword,
                              q(engine, "INSERT INTO posts (user_id, headline, body) VALUES (?, ?, "
                                        "?)") +
                                  returningSingle(engine),
                              insertLink, insertLink}));
    QCOMPARE(log.params(), QList<QVariantList>({{"wendy"},
                                                {"firstpost"},
                                                {2, "Wendy's Blog Post", "This is a test"},
                                                {1, 1},
                                                {1, 2}}));
    session.commit();
    QCOMPARE(dbRows(engine, metadata().table("post_keywords"), {"post_id", "keyword_id"}, 2),
             QList<QVariantList>({{1, 1}, {1, 2}}));
    QCOMPARE(rowsOf<Keyword>(engine, {"id", "keyword"}),
             QList<QVariantList>({{1, "wendy"}, {2, "firstpost"}}));

    // Loaded back in a new Session, both ways.
    Session other(engine);
    auto loaded = other.get<BlogPost>(1);
    QCOMPARE(loaded.get()->headline, "Wendy's Blog Post");
    QCOMPARE(loaded.get()->author.get()->name, "wendy");
    QStringList keywords;
    for (const Ptr<Keyword>& k : loaded.get()->keywords)
        keywords << k.get()->keyword;
    QCOMPARE(keywords, QStringList({"wendy", "firstpost"}));
    auto firstpost = other.get<Keyword>(2);
    QCOMPARE(firstpost.get()->posts.size(), 1);
    QVERIFY(firstpost.get()->posts[0] == loaded);
    QCOMPARE(loaded.get()->author.get()->posts.size(), 1);
}

QTEST_MAIN(TestCascades)
#include "tst_cascades.moc"
