#include "ormside.h"

namespace bench {

namespace {

User readUser(const orm::Result& r)
{
    return {r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(),
            r.value(3).toLongLong(), r.value(4).toDateTime()};
}

} // namespace

OrmSide::OrmSide(orm::Engine& engine)
    : m_engine(engine), m_users(m_metadata.addTable("users")), m_conn(engine.connect())
{
    m_users.addColumn("id", orm::Integer()).primaryKey();
    m_users.addColumn("name", orm::String(50));
    m_users.addColumn("fullname", orm::String(100));
    m_users.addColumn("age", orm::Integer());
    m_users.addColumn("created", orm::DateTime());
}

quint64 OrmSide::statementCount() const
{
    return m_engine.log().totalCount();
}

void OrmSide::recreateTable()
{
    m_metadata.dropAll(m_engine);
    m_metadata.createAll(m_engine);
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

} // namespace bench
