#pragma once
// ConnectDialog asks for what a PostgreSQL connection needs (host, port, database, user,
// password) and gives the URL the browser opens. The password never reaches the settings or
// the recent list: those keep the URL without it.

#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace browser {

class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget* parent = nullptr);

    QString url() const;
    // Fills the fields from a postgresql:// URL (its password too, when it has one); its query
    // (sslmode=require, ...) is kept for url(). The password field gets the focus when the URL
    // names a user but no password: what is left to type.
    void setUrl(const QString& url);
    // A line above the fields saying why the dialog is shown ("The server asks for a
    // password"); empty hides it.
    void setMessage(const QString& message);
    QString message() const;

    QLineEdit* hostEdit() const { return m_host; }
    QSpinBox* portBox() const { return m_port; }
    QLineEdit* databaseEdit() const { return m_database; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }

private:
    QLabel* m_message;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_database;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QString m_query; // kept from setUrl()
};

} // namespace browser
