#include "ormside.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace bench {

namespace {

User readUser(const orm::Result& r)
{
    return {r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(),
            r.value(3).toLongLong(), r.value(4).toDateTime()};
}

} // namespace

void mapping(orm::Mapping<User>& m)
{
    // The same table as the raw side's DDL: INTEGER key (SERIAL on PostgreSQL), nullable columns.
    m.table("users");
    m.column(&User::id, "id").primaryKey().type(orm::Integer());
    m.column(&User::name, "name").type(orm::String(50)).nullable();
    m.column(&User::fullname, "fullname").type(orm::String(100)).nullable();
    m.column(&User::age, "age").type(orm::Integer()).nullable();
    m.column(&User::created, "created").nullable();
}

void mapping(orm::Mapping<BenchParent>& m)
{
    m.table("bench_parents");
    m.column(&BenchParent::id, "id").primaryKey().type(orm::Integer());
    m.column(&BenchParent::name, "name").type(orm::String(50));
    m.relationship(&BenchParent::children, "children").backPopulates("parent");
}

void mapping(orm::Mapping<BenchChild>& m)
{
    // The foreign key indexed, as an application would, so that both sides' IN (...) and the
    // joins find a parent's children through the index.
    m.table("bench_children");
    m.column(&BenchChild::id, "id").primaryKey().type(orm::Integer());
    m.column(&BenchChild::parentId, "parent_id")
        .type(orm::Integer())
        .references("bench_parents.id")
        .index();
    m.column(&BenchChild::name, "name").type(orm::String(50));
    m.column(&BenchChild::value, "value").type(orm::Integer());
    m.relationship(&BenchChild::parent, "parent").backPopulates("children");
}

OrmSide::OrmSide(orm::Engine& engine)
    : m_engine(engine), m_users(orm::mapper<User>().table()), m_conn(engine.connect()),
      m_parentsTable(orm::mapper<BenchParent>().table()),
      m_childrenTable(orm::mapper<BenchChild>().table())
{}

OrmSide::~OrmSide()
{
    releaseFamilies();
    releaseObjects();
}

quint64 OrmSide::statementCount() const
{
    return m_engine.log().totalCount();
}

void OrmSide::recreateTable()
{
    // Every mapped table of the process: User's and the relationship workloads' two.
    orm::Registry::global().metadata().dropAll(m_engine);
    orm::Registry::global().metadata().createAll(m_engine);
}

void OrmSide::clearTable()
{
    m_conn.execute(orm::deleteFrom(m_users));
}

void OrmSide::insertEach(const std::vector<User>& users)
{
    orm::Transaction tx = m_conn.begin();
    for (const User& u : users) {
        m_conn.execute(orm::insert(m_users).values(orm::Assignments{{"id", u.id},
                                                                    {"name", u.name},
                                                                    {"fullname", u.fullname},
                                                                    {"age", u.age},
                                                                    {"created", u.created}}));
    }
    tx.commit();
}

void OrmSide::insertBatched(const std::vector<User>& users, int batch)
{
    orm::Transaction tx = m_conn.begin();
    for (size_t start = 0; start < users.size(); start += size_t(batch)) {
        const size_t end = std::min(users.size(), start + size_t(batch));
        QList<QVariantMap> rows;
        rows.reserve(qsizetype(end - start));
        for (size_t i = start; i < end; ++i) {
            const User& u = users[i];
            rows.append({{"id", u.id},
                         {"name", u.name},
                         {"fullname", u.fullname},
                         {"age", u.age},
                         {"created", u.created}});
        }
        m_conn.execute(orm::insert(m_users).values(rows));
    }
    tx.commit();
}

orm::Select OrmSide::selectUsers() const
{
    return orm::select({m_users.c("id"), m_users.c("name"), m_users.c("fullname"), m_users.c("age"),
                        m_users.c("created")});
}

std::vector<User> OrmSide::selectAll()
{
    std::vector<User> users;
    orm::Result r = m_conn.execute(selectUsers());
    while (r.next())
        users.push_back(readUser(r));
    return users;
}

std::vector<User> OrmSide::selectByPk(const std::vector<qint64>& ids)
{
    std::vector<User> users;
    const orm::Select byId = selectUsers().where(m_users.c("id") == orm::bindParam("id"));
    for (qint64 id : ids) {
        orm::Result r = m_conn.execute(byId, {{"id", id}});
        while (r.next())
            users.push_back(readUser(r));
    }
    return users;
}

void OrmSide::updateNames(const std::vector<Rename>& renames)
{
    orm::Transaction tx = m_conn.begin();
    for (const auto& [id, name] : renames)
        m_conn.execute(orm::update(m_users).set("name", name).where(m_users.c("id") == id));
    tx.commit();
}

// ---- objects ---------------------------------------------------------------------------------

std::vector<qint64> OrmSide::addObjects(const std::vector<User>& users, bool keysGiven)
{
    // The objects stay with their Session, as the loaded ones do, so that freeing them is left
    // to releaseObjects() (outside the timed work).
    releaseObjects();
    m_session = std::make_unique<orm::Session>(m_engine);
    m_loaded.reserve(qsizetype(users.size()));
    for (const User& u : users) {
        User value = u;
        if (!keysGiven)
            value.id = 0; // the database assigns it
        m_loaded << orm::make<User>(std::move(value));
        m_session->add(m_loaded.back());
    }
    m_session->commit();
    // The flush put each key into its object, but reading u->id now would load the object again
    // (commit expired it): the key is the object's identity.
    std::vector<qint64> keys;
    keys.reserve(users.size());
    for (const orm::Ptr<User>& o : m_loaded)
        keys.push_back(o.state().identity().value(0).toLongLong());
    return keys;
}

void OrmSide::loadObjects(qint64 maxId)
{
    releaseObjects();
    m_session = std::make_unique<orm::Session>(
        m_engine, orm::SessionOptions{.expireOnCommit = m_expireOnCommit});
    orm::Query<User> query = m_session->query<User>();
    if (maxId > 0)
        query = query.filter(orm::col(&User::id) <= maxId);
    m_loaded = query.all();
}

Digest OrmSide::loadedDigest() const
{
    Digest d;
    for (const orm::Ptr<User>& o : m_loaded)
        d.add(*o.get());
    return d;
}

std::vector<User> OrmSide::getLoaded(const std::vector<qint64>& ids)
{
    std::vector<User> users;
    users.reserve(ids.size());
    for (qint64 id : ids) {
        if (const orm::Ptr<User> o = m_session->get<User>(id))
            users.push_back(*o.get());
    }
    return users;
}

void OrmSide::renameLoaded(const std::vector<QString>& names)
{
    for (const orm::Ptr<User>& o : m_loaded) {
        User& u = *o;
        u.name = names[size_t(u.id - 1)];
    }
    m_session->commit();
}

void OrmSide::renameEachCommitted(const std::vector<Rename>& renames)
{
    for (const auto& [id, name] : renames) {
        const orm::Ptr<User> o = m_session->get<User>(id);
        if (!o)
            throw std::runtime_error("orm: no loaded user " + std::to_string(id));
        o->name = name;
        m_session->commit();
    }
}

void OrmSide::releaseObjects()
{
    // The objects first (each leaves the identity map as it goes), then their Session.
    m_loaded.clear();
    m_session.reset();
}

std::vector<User> OrmSide::getByKey(const std::vector<qint64>& ids)
{
    orm::Session session(m_engine);
    std::vector<User> users;
    users.reserve(ids.size());
    for (qint64 id : ids) {
        if (const orm::Ptr<User> o = session.get<User>(id))
            users.push_back(*o.get());
    }
    session.commit();
    return users;
}

// ---- relationships ---------------------------------------------------------------------------

void OrmSide::fillFamilies(const Families& families)
{
    releaseFamilies();
    constexpr size_t Batch = 500;
    orm::Transaction tx = m_conn.begin();
    m_conn.execute(orm::deleteFrom(m_childrenTable));
    m_conn.execute(orm::deleteFrom(m_parentsTable));
    for (size_t start = 0; start < families.parents.size(); start += Batch) {
        QList<QVariantMap> rows;
        for (size_t i = start; i < std::min(families.parents.size(), start + Batch); ++i)
            rows.append({{"id", families.parents[i].id}, {"name", families.parents[i].name}});
        m_conn.execute(orm::insert(m_parentsTable).values(rows));
    }
    for (size_t start = 0; start < families.children.size(); start += Batch) {
        QList<QVariantMap> rows;
        for (size_t i = start; i < std::min(families.children.size(), start + Batch); ++i) {
            const ChildRow& c = families.children[i];
            rows.append(
                {{"id", c.id}, {"parent_id", c.parentId}, {"name", c.name}, {"value", c.value}});
        }
        m_conn.execute(orm::insert(m_childrenTable).values(rows));
    }
    tx.commit();
}

void OrmSide::openFamilies()
{
    releaseFamilies();
    m_familySession = std::make_unique<orm::Session>(m_engine);
    m_familySession->connection(); // autobegin now, outside the timed statements
}

void OrmSide::loadFamilies(RelLoading loading)
{
    orm::Query<BenchParent> query = m_familySession->query<BenchParent>();
    switch (loading) {
    case RelLoading::Lazy:
        break; // the mapped default
    case RelLoading::Joined:
        query = query.options(orm::joinedLoad(&BenchParent::children));
        break;
    case RelLoading::Subquery:
        query = query.options(orm::subqueryLoad(&BenchParent::children));
        break;
    case RelLoading::Selectin:
        query = query.options(orm::selectinLoad(&BenchParent::children));
        break;
    }
    m_parents = query.all();
    quint64 touched = 0;
    for (const orm::Ptr<BenchParent>& p : m_parents) {
        const BenchParent* parent = p.get();
        touched += quint64(parent->id) + quint64(parent->name.size());
        for (const orm::Ptr<BenchChild>& c : parent->children) {
            const BenchChild* child = c.get();
            touched += quint64(child->id) + quint64(child->parentId.value_or(0)) +
                       quint64(child->name.size()) + quint64(child->value);
        }
    }
    m_touched = touched;
}

void OrmSide::loadChildrenWithParents()
{
    m_parents = m_familySession->query<BenchParent>().all();
    m_children = m_familySession->query<BenchChild>().all();
    quint64 touched = 0;
    for (const orm::Ptr<BenchChild>& c : m_children) {
        const BenchChild* child = c.get();
        const BenchParent* parent = child->parent.get().get();
        touched += quint64(child->id) + quint64(child->parentId.value_or(0)) +
                   quint64(child->name.size()) + quint64(child->value) +
                   quint64(parent ? parent->id : 0);
    }
    m_touched = touched;
}

Digest OrmSide::familiesDigest() const
{
    Digest d;
    if (!m_children.isEmpty()) {
        for (const orm::Ptr<BenchChild>& c : m_children) {
            const BenchChild* child = c.get();
            const orm::Ptr<BenchParent> parent = child->parent.get();
            if (!parent)
                continue; // a missing parent shows as a missing row
            addFamilyRow(d, parent.get()->id, parent.get()->name, child->id,
                         child->parentId.value_or(0), child->name, child->value);
        }
        return d;
    }
    for (const orm::Ptr<BenchParent>& p : m_parents) {
        const BenchParent* parent = p.get();
        for (const orm::Ptr<BenchChild>& c : parent->children) {
            const BenchChild* child = c.get();
            addFamilyRow(d, parent->id, parent->name, child->id, child->parentId.value_or(0),
                         child->name, child->value);
        }
    }
    return d;
}

void OrmSide::releaseFamilies()
{
    // The objects first, then their Session (which rolls back its read-only transaction).
    m_children.clear();
    m_parents.clear();
    m_familySession.reset();
}

} // namespace bench
