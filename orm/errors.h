#pragma once
// The one exception hierarchy of QtOrm, rooted at orm::Error. The names follow SQLAlchemy's
// so that its documentation (the seeds) reads the same; DatabaseError and its subclasses
// carry the failing statement, its bound values and the driver's own error.

#include <QSqlError>
#include <QString>
#include <QVariantList>
#include <stdexcept>

namespace orm {

class Error : public std::runtime_error {
public:
    explicit Error(const QString& message);
    QString message() const { return m_message; }
    const char* what() const noexcept override { return m_what.constData(); }
    // Adds context on the way up, e.g. which object a failed flush statement was for.
    void addNote(const QString& note);

private:
    QString m_message;
    QByteArray m_what;
};

// Something the database (or the driver talking to it) refused.
class DatabaseError : public Error {
public:
    DatabaseError(const QString& message, const QSqlError& error = {},
                  const QString& statement = {}, const QVariantList& params = {});
    QSqlError sqlError() const { return m_error; }
    QString statement() const { return m_statement; }
    QVariantList params() const { return m_params; }
    // The driver's message alone, without the statement.
    QString driverMessage() const;

private:
    QSqlError m_error;
    QString m_statement;
    QVariantList m_params;
};

// A constraint (unique, foreign key, not null, check) was violated.
class IntegrityError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The database could not do its job: connection refused or lost, locked, no such table, not a
// database file.
class OperationalError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The statement itself is wrong: syntax error, wrong number of parameters, undefined column
// (PostgreSQL).
class ProgrammingError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// A value did not fit its column: bad number or date text, value too long.
class DataError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The call is not valid in the current state.
class InvalidRequestError : public Error {
public:
    using Error::Error;
};

// An argument is wrong: a malformed URL, an unknown column name, an unknown option.
class ArgumentError : public Error {
public:
    using Error::Error;
};

class NoResultFound : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

class MultipleResultsFound : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

// An UPDATE or DELETE matched another number of rows than the unit of work expected.
class StaleDataError : public Error {
public:
    using Error::Error;
};

class DetachedInstanceError : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

class ObjectDeletedError : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

class FlushError : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

class PendingRollbackError : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

} // namespace orm
