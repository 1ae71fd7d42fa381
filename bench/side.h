#pragma once
// What every workload asks of the database: the same few operations, done once with QtOrm
// (OrmSide: the Core layer for the core_* workloads, objects of a mapped class in a Session for
// the others) and once with hand-written QSqlQuery code (RawSide). Both sides work on their own
// fresh `users` table and read rows into the same struct (which is also the ORM's mapped class),
// so their results can be compared with each other and with the data that was generated.

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

// ---- Relationships: parents (bench_parents) with their children (bench_children).

struct ParentRow {
    qint64 id = 0;
    QString name;
};
struct ChildRow {
    qint64 id = 0;
    qint64 parentId = 0;
    QString name;
    qint64 value = 0;
};
// Deterministic test data: parents 1..parents, each with perParent children; a parent's children
// are spread over the table (child c belongs to parent (c - 1) % parents + 1).
struct Families {
    std::vector<ParentRow> parents;
    std::vector<ChildRow> children;
};
Families makeFamilies(qint64 parents, qint64 perParent);

// One child with the parent it was found under (through the parent's collection, or through
// its own many-to-one reference).
void addFamilyRow(Digest& digest, qint64 parentId, const QString& parentName, qint64 childId,
                  qint64 childParentId, const QString& childName, qint64 value);
// Every child of the generated data under its parent.
Digest digestOf(const Families& families);

// How the parents' children are loaded (the ORM's loader options; the raw side always does the
// same two SELECTs).
enum class RelLoading { Lazy, Joined, Subquery, Selectin };

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

    // ---- Objects. The ORM side works with User as a mapped class through a Session (autobegin,
    // commit); the raw side with User structs and hand-written statements, inside a transaction
    // wherever the Session would have one.

    // Adds the users as new objects and commits. keysGiven: with their ids; otherwise the
    // database assigns the keys, which are read back. Returns the key of each user, in order.
    // The objects are kept like loaded ones, until releaseObjects().
    virtual std::vector<qint64> addObjects(const std::vector<User>& users, bool keysGiven) = 0;
    // Loads the rows with id <= maxId (every row for 0) as objects and keeps them until
    // releaseObjects(); the ORM side keeps its Session (and its transaction) open with them.
    virtual void loadObjects(qint64 maxId = 0) = 0;
    // What the loaded objects hold now, read without sending anything.
    virtual Digest loadedDigest() const = 0;
    // Setup for finding loaded objects by key: the raw side indexes them, as the ORM's identity
    // map did while loading.
    virtual void indexObjects() {}
    // The loaded objects with these keys (the ORM side asks Session::get, which must answer
    // from the identity map).
    virtual std::vector<User> getLoaded(const std::vector<qint64>& ids) = 0;
    // Gives every loaded object the name names[id - 1], then commits.
    virtual void renameLoaded(const std::vector<QString>& names) = 0;
    // For each rename in turn: changes the name of that loaded object and commits.
    virtual void renameEachCommitted(const std::vector<Rename>& renames) = 0;
    // Whether objects loaded from now on are expired by each commit (the ORM side's
    // SessionOptions::expireOnCommit, on by default); raw structs never are.
    virtual void setExpireOnCommit(bool on) { Q_UNUSED(on); }
    // Forgets the loaded objects (ending the ORM side's Session).
    virtual void releaseObjects() = 0;
    // With nothing loaded: the objects with these keys, one SELECT each, in one transaction
    // (the ORM side asks Session::get of a new Session).
    virtual std::vector<User> getByKey(const std::vector<qint64>& ids) = 0;

    // ---- Relationships. The parents and children tables are created with the users table.

    // Setup: empties both tables and inserts the families.
    virtual void fillFamilies(const Families& families) = 0;
    // Setup: begins the transaction the loads run in (the ORM side: a new Session), so that the
    // timed statements are the SELECTs alone.
    virtual void openFamilies() = 0;
    // Loads every parent with its children (the ORM side with that loader option), then reads
    // every child of every parent's collection.
    virtual void loadFamilies(RelLoading loading) = 0;
    // Loads every parent, then every child, and reads each child's parent (the ORM side through
    // the many-to-one reference, answered from the identity map).
    virtual void loadChildrenWithParents() = 0;
    // What the loaded objects hold now, read without sending anything.
    virtual Digest familiesDigest() const = 0;
    // Forgets the loaded parents and children and ends the transaction.
    virtual void releaseFamilies() = 0;
};

} // namespace bench
