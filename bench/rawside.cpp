#include "rawside.h"

#include <orm/engine/url.h>

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <stdexcept>
#include <string>

namespace bench {

namespace {

[[noreturn]] void fail(const QString& what, const QSqlError& error)
{
    throw std::runtime_error(QStringLiteral("raw %1: %2").arg(what, error.text()).toStdString());
}

void check(bool ok, const QSqlQuery& q)
{
    if (!ok)
        fail(q.lastQuery().left(60), q.lastError());
}

// A forward-only query where that is the fast kind: on SQLite it spares the driver caching
// rows; QPSQL runs a forward-only query in single-row mode, which costs every statement an
// extra wait for the server (so QtOrm does not use it on PostgreSQL either).
void setFastestMode(QSqlQuery& q, const QSqlDatabase& db)
{
    q.setForwardOnly(db.driverName() != u"QPSQL");
}

QSqlQuery prepared(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    setFastestMode(q, db);
    check(q.prepare(sql), q);
    return q;
}

const QString InsertPrefix =
    QStringLiteral("INSERT INTO users (id, name, fullname, age, created) VALUES ");
const QString RowPlaceholders = QStringLiteral("(?, ?, ?, ?, ?)");
const QString SelectUsers = QStringLiteral("SELECT id, name, fullname, age, created FROM users");

User readUser(const QSqlQuery& q)
{
    return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
            q.value(3).toLongLong(), q.value(4).toDateTime()};
}

// The user's values from position `first` on; from first + 1 on without the id for first = -1.
void bindUser(QSqlQuery& q, int first, const User& u)
{
    if (first >= 0)
        q.bindValue(first, u.id);
    q.bindValue(first + 1, u.name);
    q.bindValue(first + 2, u.fullname);
    q.bindValue(first + 3, u.age);
    // Naive ISO text, as QtOrm binds it: QPSQL sends a QDateTime as a UTC TIMESTAMP WITH TIME
    // ZONE, which lands shifted in a TIMESTAMP column when local time is not UTC.
    q.bindValue(first + 4, u.created.toString(Qt::ISODateWithMs));
}

} // namespace

RawSide::RawSide(const QString& url) : m_connectionName(QStringLiteral("qtorm-bench-raw"))
{
    const orm::Url u = orm::Url::parse(url);
    m_postgresql = u.backend == u"postgresql";
    m_db = QSqlDatabase::addDatabase(
        m_postgresql ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(u.database);
    if (m_postgresql) {
        m_db.setHostName(u.host);
        if (u.port >= 0)
            m_db.setPort(u.port);
        m_db.setUserName(u.user);
        m_db.setPassword(u.password);
    }
    if (!m_db.open())
        fail(QStringLiteral("open"), m_db.lastError());
}

RawSide::~RawSide()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void RawSide::begin()
{
    if (!m_db.transaction())
        fail(QStringLiteral("BEGIN"), m_db.lastError());
}

void RawSide::commit()
{
    if (!m_db.commit())
        fail(QStringLiteral("COMMIT"), m_db.lastError());
}

void RawSide::recreateTable()
{
    // The DDL QtOrm generates for the same table.
    const QString create = QStringLiteral("CREATE TABLE users (id %1 NOT NULL, name VARCHAR(50), "
                                          "fullname VARCHAR(100), age INTEGER, created %2, "
                                          "PRIMARY KEY (id))")
                               .arg(m_postgresql ? u"SERIAL" : u"INTEGER",
                                    m_postgresql ? u"TIMESTAMP WITHOUT TIME ZONE" : u"DATETIME");
    // ... and for the relationship workloads' tables.
    const QString key = m_postgresql ? QStringLiteral("SERIAL") : QStringLiteral("INTEGER");
    const QString createParents = QStringLiteral("CREATE TABLE bench_parents (id %1 NOT NULL, "
                                                 "name VARCHAR(50) NOT NULL, PRIMARY KEY (id))")
                                      .arg(key);
    const QString createChildren =
        QStringLiteral("CREATE TABLE bench_children (id %1 NOT NULL, parent_id INTEGER, "
                       "name VARCHAR(50) NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (id), "
                       "FOREIGN KEY(parent_id) REFERENCES bench_parents (id))")
            .arg(key);
    dropTable();
    QSqlQuery q(m_db);
    check(q.exec(create), q);
    check(q.exec(createParents), q);
    check(q.exec(createChildren), q);
    check(q.exec(QStringLiteral(
              "CREATE INDEX ix_bench_children_parent_id ON bench_children (parent_id)")),
          q);
}

void RawSide::clearTable()
{
    QSqlQuery q(m_db);
    check(q.exec(QStringLiteral("DELETE FROM users")), q);
}

void RawSide::dropTable()
{
    QSqlQuery q(m_db);
    check(q.exec(QStringLiteral("DROP TABLE IF EXISTS users")), q);
    check(q.exec(QStringLiteral("DROP TABLE IF EXISTS bench_children")), q);
    check(q.exec(QStringLiteral("DROP TABLE IF EXISTS bench_parents")), q);
}

void RawSide::insertEach(const std::vector<User>& users)
{
    begin();
    {
        QSqlQuery q = prepared(m_db, InsertPrefix + RowPlaceholders);
        for (const User& u : users) {
            bindUser(q, 0, u);
            check(q.exec(), q);
        }
    }
    commit();
}

void RawSide::insertBatched(const std::vector<User>& users, int batch)
{
    begin();
    {
        QSqlQuery q(m_db);
        int preparedRows = 0; // rows per statement of the prepared query
        for (size_t start = 0; start < users.size(); start += size_t(batch)) {
            const int rows = int(std::min(users.size() - start, size_t(batch)));
            if (rows != preparedRows) {
                QStringList values(rows, RowPlaceholders);
                check(q.prepare(InsertPrefix + values.join(QStringLiteral(", "))), q);
                preparedRows = rows;
            }
            for (int i = 0; i < rows; ++i)
                bindUser(q, i * 5, users[start + size_t(i)]);
            check(q.exec(), q);
        }
    }
    commit();
}

std::vector<User> RawSide::selectAll()
{
    std::vector<User> users;
    QSqlQuery q(m_db);
    setFastestMode(q, m_db);
    check(q.exec(SelectUsers), q);
    while (q.next())
        users.push_back(readUser(q));
    return users;
}

std::vector<User> RawSide::selectByPk(const std::vector<qint64>& ids)
{
    std::vector<User> users;
    QSqlQuery q = prepared(m_db, SelectUsers + QStringLiteral(" WHERE id = ?"));
    for (qint64 id : ids) {
        q.bindValue(0, id);
        check(q.exec(), q);
        while (q.next())
            users.push_back(readUser(q));
    }
    return users;
}

void RawSide::updateNames(const std::vector<Rename>& renames)
{
    begin();
    {
        QSqlQuery q = prepared(m_db, QStringLiteral("UPDATE users SET name = ? WHERE id = ?"));
        for (const auto& [id, name] : renames) {
            q.bindValue(0, name);
            q.bindValue(1, id);
            check(q.exec(), q);
        }
    }
    commit();
}

// ---- objects ---------------------------------------------------------------------------------

std::vector<qint64> RawSide::addObjects(const std::vector<User>& users, bool keysGiven)
{
    std::vector<qint64> keys;
    keys.reserve(users.size());
    begin();
    {
        // One row per statement, the key read back from each: RETURNING on PostgreSQL (QPSQL's
        // lastInsertId() would cost a SELECT lastval()), the rowid on SQLite.
        QSqlQuery q = prepared(
            m_db, keysGiven ? InsertPrefix + RowPlaceholders
                            : QStringLiteral("INSERT INTO users (name, fullname, age, created) "
                                             "VALUES (?, ?, ?, ?)") +
                                  (m_postgresql ? QStringLiteral(" RETURNING id") : QString()));
        for (const User& u : users) {
            if (keysGiven) {
                bindUser(q, 0, u);
                check(q.exec(), q);
                keys.push_back(u.id);
                continue;
            }
            bindUser(q, -1, u); // without the id
            check(q.exec(), q);
            if (m_postgresql) {
                check(q.next(), q);
                keys.push_back(q.value(0).toLongLong());
            } else {
                keys.push_back(q.lastInsertId().toLongLong());
            }
        }
    }
    commit();
    return keys;
}

void RawSide::loadObjects(qint64 maxId)
{
    releaseObjects();
    begin();
    {
        QSqlQuery q(m_db);
        setFastestMode(q, m_db);
        if (maxId > 0) {
            check(q.prepare(SelectUsers + QStringLiteral(" WHERE id <= ?")), q);
            q.bindValue(0, maxId);
            check(q.exec(), q);
        } else {
            check(q.exec(SelectUsers), q);
        }
        while (q.next())
            m_loaded.push_back(readUser(q));
    }
    commit();
}

Digest RawSide::loadedDigest() const
{
    return digestOf(m_loaded);
}

void RawSide::indexObjects()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_loaded.size()));
    for (size_t i = 0; i < m_loaded.size(); ++i)
        m_index.insert(m_loaded[i].id, i);
}

User& RawSide::loaded(qint64 id)
{
    const auto it = m_index.constFind(id);
    if (it == m_index.cend())
        throw std::runtime_error("raw: no loaded user " + std::to_string(id));
    return m_loaded[*it];
}

std::vector<User> RawSide::getLoaded(const std::vector<qint64>& ids)
{
    std::vector<User> users;
    users.reserve(ids.size());
    for (qint64 id : ids)
        users.push_back(loaded(id));
    return users;
}

void RawSide::renameLoaded(const std::vector<QString>& names)
{
    for (User& u : m_loaded)
        u.name = names[size_t(u.id - 1)];
    begin();
    {
        QSqlQuery q = prepared(m_db, QStringLiteral("UPDATE users SET name = ? WHERE id = ?"));
        for (const User& u : m_loaded) {
            q.bindValue(0, u.name);
            q.bindValue(1, u.id);
            check(q.exec(), q);
        }
    }
    commit();
}

void RawSide::renameEachCommitted(const std::vector<Rename>& renames)
{
    QSqlQuery q = prepared(m_db, QStringLiteral("UPDATE users SET name = ? WHERE id = ?"));
    for (const auto& [id, name] : renames) {
        User& u = loaded(id);
        u.name = name;
        begin();
        q.bindValue(0, u.name);
        q.bindValue(1, u.id);
        check(q.exec(), q);
        commit();
    }
}

void RawSide::releaseObjects()
{
    m_index.clear();
    m_loaded.clear();
    m_loaded.shrink_to_fit();
}

std::vector<User> RawSide::getByKey(const std::vector<qint64>& ids)
{
    std::vector<User> users;
    begin();
    {
        QSqlQuery q = prepared(m_db, SelectUsers + QStringLiteral(" WHERE id = ?"));
        for (qint64 id : ids) {
            q.bindValue(0, id);
            check(q.exec(), q);
            while (q.next())
                users.push_back(readUser(q));
        }
    }
    commit();
    return users;
}

// ---- relationships ---------------------------------------------------------------------------

namespace {

constexpr int InChunk = 500; // keys per IN (...), as the ORM's selectin loader sends them

const QString SelectChildren =
    QStringLiteral("SELECT id, parent_id, name, value FROM bench_children");

} // namespace

void RawSide::fillFamilies(const Families& families)
{
    releaseFamilies();
    begin();
    {
        QSqlQuery q(m_db);
        check(q.exec(QStringLiteral("DELETE FROM bench_children")), q);
        check(q.exec(QStringLiteral("DELETE FROM bench_parents")), q);
        check(q.prepare(QStringLiteral("INSERT INTO bench_parents (id, name) VALUES (?, ?)")), q);
        for (const ParentRow& p : families.parents) {
            q.bindValue(0, p.id);
            q.bindValue(1, p.name);
            check(q.exec(), q);
        }
        check(q.prepare(QStringLiteral(
                  "INSERT INTO bench_children (id, parent_id, name, value) VALUES (?, ?, ?, ?)")),
              q);
        for (const ChildRow& c : families.children) {
            q.bindValue(0, c.id);
            q.bindValue(1, c.parentId);
            q.bindValue(2, c.name);
            q.bindValue(3, c.value);
            check(q.exec(), q);
        }
    }
    commit();
}

void RawSide::openFamilies()
{
    releaseFamilies();
    begin();
    m_familiesOpen = true;
}

void RawSide::loadParents()
{
    QSqlQuery q(m_db);
    setFastestMode(q, m_db);
    check(q.exec(QStringLiteral("SELECT id, name FROM bench_parents")), q);
    while (q.next())
        m_parents.push_back({q.value(0).toLongLong(), q.value(1).toString(), {}});
}

void RawSide::loadFamilies(RelLoading loading)
{
    Q_UNUSED(loading); // the same two statements whatever the ORM side does
    loadParents();
    QHash<qint64, Parent*> byId;
    byId.reserve(qsizetype(m_parents.size()));
    for (Parent& p : m_parents)
        byId.insert(p.id, &p);

    QSqlQuery q(m_db);
    setFastestMode(q, m_db);
    int preparedKeys = 0; // placeholders of the prepared IN (...)
    for (size_t start = 0; start < m_parents.size(); start += InChunk) {
        const int keys = int(std::min(m_parents.size() - start, size_t(InChunk)));
        if (keys != preparedKeys) {
            QStringList placeholders(keys, QStringLiteral("?"));
            check(q.prepare(SelectChildren + QStringLiteral(" WHERE parent_id IN (") +
                            placeholders.join(QStringLiteral(", ")) + QLatin1Char(')')),
                  q);
            preparedKeys = keys;
        }
        for (int i = 0; i < keys; ++i)
            q.bindValue(i, m_parents[start + size_t(i)].id);
        check(q.exec(), q);
        while (q.next()) {
            Child c{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                    q.value(3).toLongLong(), nullptr};
            if (Parent* p = byId.value(c.parentId))
                p->children.push_back(std::move(c));
        }
    }

    quint64 touched = 0;
    for (const Parent& p : m_parents) {
        touched += quint64(p.id) + quint64(p.name.size());
        for (const Child& c : p.children)
            touched +=
                quint64(c.id) + quint64(c.parentId) + quint64(c.name.size()) + quint64(c.value);
    }
    m_touched = touched;
}

void RawSide::loadChildrenWithParents()
{
    loadParents();
    QHash<qint64, const Parent*> byId;
    byId.reserve(qsizetype(m_parents.size()));
    for (const Parent& p : m_parents)
        byId.insert(p.id, &p);

    QSqlQuery q(m_db);
    setFastestMode(q, m_db);
    check(q.exec(SelectChildren), q);
    while (q.next())
        m_children.push_back({q.value(0).toLongLong(), q.value(1).toLongLong(),
                              q.value(2).toString(), q.value(3).toLongLong(),
                              byId.value(q.value(1).toLongLong())});

    quint64 touched = 0;
    for (const Child& c : m_children)
        touched += quint64(c.id) + quint64(c.parentId) + quint64(c.name.size()) + quint64(c.value) +
                   quint64(c.parent ? c.parent->id : 0);
    m_touched = touched;
}

Digest RawSide::familiesDigest() const
{
    Digest d;
    if (!m_children.empty()) {
        for (const Child& c : m_children) {
            if (c.parent)
                addFamilyRow(d, c.parent->id, c.parent->name, c.id, c.parentId, c.name, c.value);
        }
        return d;
    }
    for (const Parent& p : m_parents) {
        for (const Child& c : p.children)
            addFamilyRow(d, p.id, p.name, c.id, c.parentId, c.name, c.value);
    }
    return d;
}

void RawSide::releaseFamilies()
{
    m_children.clear();
    m_children.shrink_to_fit();
    m_parents.clear();
    m_parents.shrink_to_fit();
    if (m_familiesOpen) {
        m_familiesOpen = false;
        commit();
    }
}

} // namespace bench
