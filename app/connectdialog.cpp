#include "app/connectdialog.h"

#include "app/databaseurl.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace browser {

ConnectDialog::ConnectDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to PostgreSQL"));

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    m_host = new QLineEdit(QStringLiteral("localhost"));
    m_port = new QSpinBox;
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_database = new QLineEdit;
    m_user = new QLineEdit(qEnvironmentVariable("USER"));
    m_password = new QLineEdit;
    m_password->setEchoMode(QLineEdit::Password);

    auto* form = new QFormLayout;
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A database name is the one thing without a sensible default.
    const auto update = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_database->text().trimmed().isEmpty());
    };
    connect(m_database, &QLineEdit::textChanged, this, update);
    update();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_database->setFocus();
}

QString ConnectDialog::url() const
{
    QString url =
        postgresqlUrl(m_host->text().trimmed(), m_port->value(), m_database->text().trimmed(),
                      m_user->text().trimmed(), m_password->text());
    if (!m_query.isEmpty())
        url += u'?' + m_query;
    return url;
}

void ConnectDialog::setUrl(const QString& url)
{
    const QUrl parsed(url);
    m_host->setText(parsed.host().isEmpty() ? QStringLiteral("localhost") : parsed.host());
    m_port->setValue(parsed.port(5432));
    m_database->setText(parsed.path().mid(1));
    m_user->setText(parsed.userName());
    m_password->setText(parsed.password());
    m_query = parsed.query(QUrl::FullyEncoded);
    if (!parsed.userName().isEmpty() && parsed.password().isEmpty())
        m_password->setFocus();
}

void ConnectDialog::setMessage(const QString& message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

QString ConnectDialog::message() const
{
    return m_message->text();
}

} // namespace browser
