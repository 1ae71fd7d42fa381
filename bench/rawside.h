#pragma once
// The same workloads written by hand with QSqlQuery: prepared once per workload, values bound
// by position, transactions through QSqlDatabase. This is the baseline the ORM is measured
// against.

#include "side.h"

#include <QHash>
#include <QSqlDatabase>
#include <vector>

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

    std::vector<qint64> addObjects(const std::vector<User>& users, bool keysGiven) override;
    void loadObjects(qint64 maxId = 0) override;
    Digest loadedDigest() const override;
    void indexObjects() override;
    std::vector<User> getLoaded(const std::vector<qint64>& ids) override;
    void renameLoaded(const std::vector<QString>& names) override;
    void renameEachCommitted(const std::vector<Rename>& renames) override;
    void releaseObjects() override;
    std::vector<User> getByKey(const std::vector<qint64>& ids) override;

    void fillFamilies(const Families& families) override;
    void openFamilies() override;
    void loadFamilies(RelLoading loading) override;
    void loadChildrenWithParents() override;
    Digest familiesDigest() const override;
    void releaseFamilies() override;

private:
    // The hand-written objects of the relationship workloads.
    struct Parent;
    struct Child {
        qint64 id = 0;
        qint64 parentId = 0;
        QString name;
        qint64 value = 0;
        const Parent* parent = nullptr; // loadChildrenWithParents() only
    };
    struct Parent {
        qint64 id = 0;
        QString name;
        std::vector<Child> children; // loadFamilies() only
    };
    void loadParents();

    void begin();
    void commit();
    User& loaded(qint64 id);

    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_postgresql = false;
    std::vector<User> m_loaded;
    QHash<qint64, size_t> m_index; // key -> position in m_loaded, after indexObjects()

    std::vector<Parent> m_parents;
    std::vector<Child> m_children; // loadChildrenWithParents() only
    bool m_familiesOpen = false;
    quint64 m_touched = 0; // what reading the objects summed up, so that it is not optimized out
};

} // namespace bench
