#include "orm/errors.h"

namespace orm {

Error::Error(const QString& message)
    : std::runtime_error(message.toStdString()), m_message(message), m_what(message.toUtf8())
{}

void Error::addNote(const QString& note)
{
    m_message += u'\n' + note;
    m_what = m_message.toUtf8();
}

DatabaseError::DatabaseError(const QString& message, const QSqlError& error,
                             const QString& statement, const QVariantList& params)
    : Error(message), m_error(error), m_statement(statement), m_params(params)
{}

QString DatabaseError::driverMessage() const
{
    const QString db = m_error.databaseText();
    return db.isEmpty() ? m_error.driverText() : db;
}

} // namespace orm
