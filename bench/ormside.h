#pragma once
// The workloads written the way an application uses QtOrm: for the core_* workloads, statements
// built with the expression language and run through one Connection (so every statement is
// compiled through the dialect cache, bound, logged and converted like in real use); for the
// others, User as a mapped class, loaded, changed and added through a Session.

#include "side.h"

#include <orm/orm.h>

#include <memory>

namespace bench {

// User mapped onto the `users` table, found by argument-dependent lookup.
void mapping(orm::Mapping<User>& m);

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

private:
    orm::Select selectUsers() const;

    orm::Engine& m_engine;
    const orm::Table& m_users; // the mapped class's table, also used by the Core workloads
    orm::Connection m_conn;
    std::unique_ptr<orm::Session> m_session; // of the loaded objects
    QList<orm::Ptr<User>> m_loaded;
    bool m_expireOnCommit = true;
};

} // namespace bench
