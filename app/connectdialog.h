#pragma once
// ConnectDialog asks for what a PostgreSQL connection needs (host, port, database, user,
// password) and gives the URL the browser opens. The password never reaches the settings or
// the recent list: those keep the URL without it.

#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace browser {

class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget* parent = nullptr);

    QString url() const;

    QLineEdit* hostEdit() const { return m_host; }
    QSpinBox* portBox() const { return m_port; }
    QLineEdit* databaseEdit() const { return m_database; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }

private:
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_database;
    QLineEdit* m_user;
    QLineEdit* m_password;
};

} // namespace browser
