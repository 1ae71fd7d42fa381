#pragma once
// The same workloads written by hand with QSqlQuery: prepared once per workload, values bound
// by position, transactions through QSqlDatabase. This is the baseline the ORM is measured
// against.

#include "side.h"

#include <QSqlDatabase>

namespace bench {

class RawSide : public Side {
public:
    // Opens its own connection to the database of a QtOrm URL.
    explicit RawSide(const QString& url);
    ~RawSide() override;
    RawSide(const RawSide&) = delete;
    RawSide& operator=(const RawSide&) = delete;

    QString label() const override { return QStringLiteral("raw"); }
    void recreateTable() override;
    void clearTable() override;
    // Cleanup: leaves the database without the users table.
    void dropTable();
    void insertEach(const std::vector<User>& users) override;
    void insertBatched(const std::vector<User>& users, int batch) override;
    std::vector<User> selectAll() override;
    std::vector<User> selectByPk(const std::vector<qint64>& ids) override;
    void updateNames(const std::vector<Rename>& renames) override;

private:
    void begin();
    void commit();

    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_postgresql = false;
};

} // namespace bench
