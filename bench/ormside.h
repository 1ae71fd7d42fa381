#pragma once
// The workloads written the way an application uses QtOrm's Core layer: statements built with
// the expression language and run through one Connection (so every statement is compiled
// through the dialect cache, bound, logged and converted like in real use).

#include "side.h"

#include <orm/orm.h>

namespace bench {

class OrmSide : public Side {
public:
    explicit OrmSide(orm::Engine& engine);

    QString label() const override { return QStringLiteral("orm"); }
    quint64 statementCount() const override;
    void recreateTable() override;
    void clearTable() override;
    void insertEach(const std::vector<User>& users) override;
    void insertBatched(const std::vector<User>& users, int batch) override;
    std::vector<User> selectAll() override;
    std::vector<User> selectByPk(const std::vector<qint64>& ids) override;
    void updateNames(const std::vector<Rename>& renames) override;

private:
    orm::Select selectUsers() const;

    orm::Engine& m_engine;
    orm::MetaData m_metadata;
    orm::Table& m_users;
    orm::Connection m_conn;
};

} // namespace bench
