#pragma once
// What every workload asks of the database: the same few operations, done once with QtOrm's
// Core layer (OrmSide) and once with hand-written QSqlQuery code (RawSide). Both sides work on
// their own fresh `users` table and read rows into the same struct, so their results can be
// compared with each other and with the data that was generated.

#include <QDateTime>
#include <QString>
#include <utility>
#include <vector>

namespace bench {

struct User {
    qint64 id = 0;
    QString name;
    QString fullname;
    qint64 age = 0;
    QDateTime created;
};

// Deterministic test data: the user with primary key `id`.
User makeUser(qint64 id);
// Users 1..count.
std::vector<User> makeUsers(qint64 count);

// An order-independent digest of a set of rows: how many, and the sum of their hashes.
struct Digest {
    qint64 rows = 0;
    quint64 sum = 0;

    void add(const User& user);
    friend bool operator==(const Digest&, const Digest&) = default;
};
Digest digestOf(const std::vector<User>& users);

using Rename = std::pair<qint64, QString>; // primary key, new name

class Side {
public:
    virtual ~Side() = default;

    virtual QString label() const = 0;
    // Statements sent so far (the ORM's statement log); 0 when the side does not count them.
    virtual quint64 statementCount() const { return 0; }

    // Setup: drops and creates the users table.
    virtual void recreateTable() = 0;
    // Setup: deletes every row, leaving the schema (and so the prepared statements) as it is.
    virtual void clearTable() = 0;

    // One single-row INSERT per user, in one transaction.
    virtual void insertEach(const std::vector<User>& users) = 0;
    // Multi-row INSERTs of `batch` rows (the last one may be shorter), in one transaction.
    virtual void insertBatched(const std::vector<User>& users, int batch) = 0;
    // Every row of the table.
    virtual std::vector<User> selectAll() = 0;
    // One SELECT per key with a bound parameter; the rows found.
    virtual std::vector<User> selectByPk(const std::vector<qint64>& ids) = 0;
    // One UPDATE of the name per key, in one transaction.
    virtual void updateNames(const std::vector<Rename>& renames) = 0;
};

} // namespace bench
