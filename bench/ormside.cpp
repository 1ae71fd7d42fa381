#include "ormside.h"

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

OrmSide::OrmSide(orm::Engine& engine)
    : m_engine(engine), m_users(orm::mapper<User>().table()), m_conn(engine.connect())
{}

OrmSide::~OrmSide()
{
    releaseObjects();
}

quint64 OrmSide::statementCount() const
{
    return m_engine.log().totalCount();
}

void OrmSide::recreateTable()
{
    // Every mapped table of the process: only User's.
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

} // namespace bench
