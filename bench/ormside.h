#pragma once
// The workloads written the way an application uses QtOrm: for the core_* workloads, statements
// built with the expression language and run through one Connection (so every statement is
// compiled through the dialect cache, bound, logged and converted like in real use); for the
// others, User as a mapped class, loaded, changed and added through a Session.

#include "side.h"

#include <orm/orm.h>

#include <memory>
#include <optional>

namespace bench {

// User mapped onto the `users` table, found by argument-dependent lookup.
void mapping(orm::Mapping<User>& m);

// The relationship workloads' classes: bench_parents one-to-many bench_children, both ways.
struct BenchChild;
struct BenchParent {
    qint64 id = 0;
    QString name;
    orm::Collection<BenchChild> children;
};
struct BenchChild {
    qint64 id = 0;
    std::optional<qint64> parentId;
    QString name;
    qint64 value = 0;
    orm::Reference<BenchParent> parent;
};
void mapping(orm::Mapping<BenchParent>& m);
void mapping(orm::Mapping<BenchChild>& m);

class OrmSide : public Side {
public:
    explicit OrmSide(orm::Engine& engine);
    ~OrmSide() override;
    OrmSide(const OrmSide&) = delete;
    OrmSide& operator=(const OrmSide&) = delete;

    QString label() const override { return QStringLiteral("orm"); }
    quint64 statementCount() const override;
    void recreateTable() override;
    void clearTable() override;
    void insertEach(const std::vector<User>& users) override;
    void insertBatched(const std::vector<User>& users, int batch) override;
    std::vector<User> selectAll() override;
    std::vector<User> selectByPk(const std::vector<qint64>& ids) override;
    void updateNames(const std::vector<Rename>& renames) override;

    std::vector<qint64> addObjects(const std::vector<User>& users, bool keysGiven) override;
    void loadObjects(qint64 maxId = 0) override;
    Digest loadedDigest() const override;
    std::vector<User> getLoaded(const std::vector<qint64>& ids) override;
    void renameLoaded(const std::vector<QString>& names) override;
    void renameEachCommitted(const std::vector<Rename>& renames) override;
    void setExpireOnCommit(bool on) override { m_expireOnCommit = on; }
    void releaseObjects() override;
    std::vector<User> getByKey(const std::vector<qint64>& ids) override;

    void fillFamilies(const Families& families) override;
    void openFamilies() override;
    void loadFamilies(RelLoading loading) override;
    void loadChildrenWithParents() override;
    Digest familiesDigest() const override;
    void releaseFamilies() override;

private:
    orm::Select selectUsers() const;

    orm::Engine& m_engine;
    const orm::Table& m_users; // the mapped class's table, also used by the Core workloads
    orm::Connection m_conn;
    std::unique_ptr<orm::Session> m_session; // of the loaded objects
    QList<orm::Ptr<User>> m_loaded;
    bool m_expireOnCommit = true;

    const orm::Table& m_parentsTable;
    const orm::Table& m_childrenTable;
    std::unique_ptr<orm::Session> m_familySession; // of the loaded parents and children
    QList<orm::Ptr<BenchParent>> m_parents;
    QList<orm::Ptr<BenchChild>> m_children; // loadChildrenWithParents() only
    quint64 m_touched = 0; // what reading the objects summed up, so that it is not optimized out
};

} // namespace bench
