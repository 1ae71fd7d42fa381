#pragma once
// RAII transaction scopes. A Transaction or Savepoint that goes out of scope without commit()
// rolls back, so an exception never leaves half a change behind.
//
//     orm::Transaction tx = conn.begin();
//     conn.execute(orm::insert(users).values({{"name", "ed"}}));
//     tx.commit();

#include <QString>
#include <memory>

namespace orm {

namespace detail {
struct ConnectionState;
}

class Transaction {
public:
    explicit Transaction(std::shared_ptr<detail::ConnectionState> connection);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    void commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    std::shared_ptr<detail::ConnectionState> m_connection;
    bool m_active = true;
};

// A SAVEPOINT: commit() releases it, rollback() undoes what happened since it was set.
class Savepoint {
public:
    Savepoint(std::shared_ptr<detail::ConnectionState> connection, const QString& name);
    Savepoint(Savepoint&& other) noexcept;
    Savepoint& operator=(Savepoint&&) = delete;
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    ~Savepoint();

    void commit();
    void rollback();
    bool isActive() const { return m_active; }
    QString name() const { return m_name; }

private:
    std::shared_ptr<detail::ConnectionState> m_connection;
    QString m_name;
    bool m_active = true;
};

} // namespace orm
