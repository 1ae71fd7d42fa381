#include "orm/engine/transaction.h"

#include "orm/engine/connectionstate_p.h"
#include "orm/errors.h"

namespace orm {

Transaction::Transaction(std::shared_ptr<detail::ConnectionState> connection)
    : m_connection(std::move(connection))
{}

Transaction::Transaction(Transaction&& other) noexcept
    : m_connection(std::move(other.m_connection)), m_active(std::exchange(other.m_active, false))
{}

Transaction::~Transaction()
{
    if (!m_active)
        return;
    try {
        rollback();
    } catch (const Error&) {
        // A destructor must not throw; the connection is rolled back again when returned.
    }
}

void Transaction::commit()
{
    if (!m_active)
        throw InvalidRequestError(QStringLiteral("this transaction is no longer active"));
    m_active = false;
    m_connection->commit();
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    m_connection->rollback();
}

Savepoint::Savepoint(std::shared_ptr<detail::ConnectionState> connection, const QString& name)
    : m_connection(std::move(connection)), m_name(name)
{}

Savepoint::Savepoint(Savepoint&& other) noexcept
    : m_connection(std::move(other.m_connection)), m_name(other.m_name),
      m_active(std::exchange(other.m_active, false))
{}

Savepoint::~Savepoint()
{
    if (!m_active)
        return;
    try {
        rollback();
    } catch (const Error&) {
        // See Transaction::~Transaction.
    }
}

void Savepoint::commit()
{
    if (!m_active)
        throw InvalidRequestError(QStringLiteral("savepoint %1 is no longer active").arg(m_name));
    m_active = false;
    m_connection->releaseSavepoint(m_name);
}

void Savepoint::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    // ROLLBACK TO keeps the savepoint; RELEASE removes it so the names nest cleanly.
    m_connection->rollbackToSavepoint(m_name);
    m_connection->releaseSavepoint(m_name);
}

} // namespace orm
