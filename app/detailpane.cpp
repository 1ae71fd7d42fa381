#include "app/detailpane.h"

#include "app/database.h"
#include "app/relationshipkind.h"
#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/session.h"

#include <QApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyle>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace browser {

namespace {

QString valueText(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        return DetailPane::tr("%1 bytes").arg(value.toByteArray().size());
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    default:
        return value.toString();
    }
}

// The row as a person names it: its table and key, "users 1" ("users" for a new row).
QString rowName(const orm::Object& object)
{
    const orm::InstanceState& state = object.state();
    const QString table = Database::tableName(state.mapper());
    if (!state.hasIdentity())
        return table;
    QStringList key;
    for (const QVariant& value : state.identity())
        key << valueText(value);
    return DetailPane::tr("%1 %2", "table and primary key").arg(table, key.join(u','));
}

QTreeView* makeList(QStandardItemModel* model, const QString& accessibleName, QWidget* parent)
{
    auto* view = new QTreeView(parent);
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAllColumnsShowFocus(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAccessibleName(accessibleName);
    view->header()->setStretchLastSection(true);
    return view;
}

} // namespace

DetailPane::DetailPane(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_values(new QStandardItemModel(this)),
      m_relationships(new QStandardItemModel(this)),
      m_valuesView(makeList(m_values, tr("Values"), this)),
      m_relationshipsView(makeList(m_relationships, tr("Relationships"), this)),
      m_openButton(new QPushButton(tr("&Open related rows"), this)),
      m_refreshTimer(new QTimer(this))
{
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openButton->setIcon(QApplication::style()->standardIcon(QStyle::SP_ArrowRight));
    m_openButton->setAccessibleName(tr("Open related rows"));
    m_openButton->setToolTip(tr("Show the rows of the selected relationship (Return)"));
    auto* relationshipsLabel = new QLabel(tr("&Relationships"), this);
    relationshipsLabel->setBuddy(m_relationshipsView);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_valuesView, 3);
    layout->addWidget(relationshipsLabel);
    layout->addWidget(m_relationshipsView, 2);
    layout->addWidget(m_openButton, 0, Qt::AlignRight);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(0);
    connect(m_refreshTimer, &QTimer::timeout, this, &DetailPane::refresh);
    connect(m_relationshipsView, &QAbstractItemView::activated, this,
            &DetailPane::openCurrentRelationship);
    connect(m_openButton, &QAbstractButton::clicked, this, &DetailPane::openCurrentRelationship);
    connect(m_relationshipsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &DetailPane::updateButton);
    clear();
}

DetailPane::~DetailPane() = default;

void DetailPane::setObject(orm::Session* session, const orm::Object& object)
{
    if (!object) {
        clear();
        return;
    }
    for (const QMetaObject::Connection& c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_session = session;
    m_object = object;
    if (session) {
        const auto ifOurs = [this](const orm::Object& changed) {
            if (changed == m_object)
                scheduleRefresh();
        };
        // A change to another object may change our relationships (a child moved), and costs
        // no SQL to show: every change refreshes.
        m_connections
            << connect(session, &orm::Session::objectChanged, this, &DetailPane::scheduleRefresh)
            << connect(session, &orm::Session::objectAdded, this, &DetailPane::scheduleRefresh)
            << connect(session, &orm::Session::objectExpired, this, ifOurs)
            << connect(session, &orm::Session::objectDeleted, this, ifOurs)
            << connect(session, &orm::Session::flushed, this, &DetailPane::scheduleRefresh)
            << connect(session, &orm::Session::committed, this, &DetailPane::scheduleRefresh)
            << connect(session, &orm::Session::rolledBack, this, &DetailPane::scheduleRefresh)
            << connect(session, &QObject::destroyed, this, &DetailPane::clear);
    }
    refresh();
}

void DetailPane::clear()
{
    for (const QMetaObject::Connection& c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_refreshTimer->stop();
    m_session = nullptr;
    m_object = {};
    m_title->setText(tr("No row selected"));
    m_values->clear();
    m_values->setHorizontalHeaderLabels({tr("Attribute"), tr("Value")});
    m_relationships->clear();
    m_relationships->setHorizontalHeaderLabels({tr("Relationship"), tr("Kind"), tr("Related")});
    updateButton();
}

QAbstractItemView* DetailPane::valuesView() const
{
    return m_valuesView;
}

QAbstractItemView* DetailPane::relationshipView() const
{
    return m_relationshipsView;
}

QAbstractButton* DetailPane::openButton() const
{
    return m_openButton;
}

QString DetailPane::title() const
{
    return m_title->text();
}

void DetailPane::openCurrentRelationship()
{
    const QModelIndex current = m_relationshipsView->currentIndex();
    if (!m_object || !current.isValid())
        return;
    const QString name = current.siblingAtColumn(0).data(RelationshipRole).toString();
    if (!name.isEmpty())
        emit openRelated(m_object, name);
}

void DetailPane::scheduleRefresh()
{
    if (m_object)
        m_refreshTimer->start();
}

void DetailPane::refresh()
{
    m_refreshTimer->stop();
    if (!m_object)
        return;
    m_title->setText(titleOf(m_object));
    showValues();
    showRelationships();
}

QString DetailPane::titleOf(const orm::Object& object) const
{
    const QString name = rowName(object);
    QString change; // nothing for a row as the database has it
    switch (object.status()) {
    case orm::ObjectState::Transient:
    case orm::ObjectState::Pending:
        change = tr("new");
        break;
    case orm::ObjectState::Deleted:
        change = tr("deleted, not committed yet");
        break;
    case orm::ObjectState::Detached:
        change = tr("no longer in the session");
        break;
    case orm::ObjectState::Persistent:
        if (m_session && m_session->isMarkedDeleted(object))
            change = tr("marked for deletion");
        else if (!object.state().changedProperties().empty())
            change = tr("modified");
        break;
    }
    return change.isEmpty() ? name : tr("%1 — %2", "row and its state").arg(name, change);
}

void DetailPane::showValues()
{
    orm::InstanceState& state = m_object.state();
    // The same attribute stays current when the values are shown again after a change.
    const QString currentName = m_valuesView->currentIndex().siblingAtColumn(0).data().toString();
    m_values->removeRows(0, m_values->rowCount());
    QString error;
    if (state.hasExpired()) {
        // Expired by a commit or refresh: one SELECT of the row, without a flush.
        try {
            if (state.session()) {
                orm::Session::NoAutoflush noAutoflush(*state.session());
                state.prepareRead();
            } else {
                state.prepareRead();
            }
        } catch (const orm::Error& e) {
            error = e.message();
            m_title->setText(m_title->text() + u'\n' + error);
        }
    }
    const orm::Mapper& mapper = state.mapper();
    for (int p = 0; p < mapper.propertyCount(); ++p) {
        const orm::Mapper::Property& property = mapper.property(p);
        auto* name = new QStandardItem(property.name);
        auto* value = new QStandardItem;
        if (state.isExpired(p)) {
            value->setText(tr("…"));
            value->setToolTip(error);
        } else {
            const QVariant v = state.currentValue(p);
            if (v.isNull()) {
                value->setText(QStringLiteral("NULL"));
                value->setForeground(QApplication::palette().color(QPalette::PlaceholderText));
                QFont italic = value->font();
                italic.setItalic(true);
                value->setFont(italic);
            } else {
                value->setText(valueText(v));
                value->setData(v, ValueRole);
            }
        }
        const QString type = property.column->type().displayName();
        name->setToolTip(property.column->isPrimaryKey() ? tr("%1, primary key").arg(type) : type);
        m_values->appendRow({name, value});
        if (property.name == currentName)
            m_valuesView->setCurrentIndex(name->index());
    }
}

void DetailPane::showRelationships()
{
    const QModelIndex current = m_relationshipsView->currentIndex();
    const QString currentName = current.siblingAtColumn(0).data(RelationshipRole).toString();
    m_relationships->removeRows(0, m_relationships->rowCount());
    for (const std::unique_ptr<orm::Relationship>& relationship :
         m_object.mapper().relationships()) {
        auto* name = new QStandardItem(relationship->name());
        name->setData(relationship->name(), RelationshipRole);
        auto* kind = new QStandardItem;
        try {
            kind->setText(relationshipKindName(*relationship));
            name->setToolTip(
                tr("%1 → %2").arg(relationship->name(), relationship->target().className()));
        } catch (const orm::Error& e) {
            kind->setText(tr("cannot be configured"));
            name->setToolTip(e.message());
        }
        auto* related = new QStandardItem(relatedText(*relationship));
        m_relationships->appendRow({name, kind, related});
    }
    for (int row = 0; row < m_relationships->rowCount(); ++row) {
        if (m_relationships->item(row)->text() == currentName)
            m_relationshipsView->setCurrentIndex(m_relationships->index(row, 0));
    }
    updateButton();
}

QString DetailPane::relatedText(const orm::Relationship& relationship) const
{
    const orm::InstanceState& state = m_object.state();
    const orm::RelationshipSlot& slot = relationship.slot(state.object());
    const auto* collection = dynamic_cast<const orm::CollectionSlot*>(&slot);
    const QString unknown = tr("…");
    if (collection) {
        // A dynamic collection is a query each time, never a list in memory.
        if (collection->isDynamic() || !slot.isLoaded())
            return unknown;
        const qsizetype rows = slot.inMemory().size();
        return rows == 1 ? tr("1 row") : tr("%1 rows").arg(rows);
    }
    if (slot.isLoaded()) {
        const QList<orm::Object> target = slot.inMemory();
        return target.isEmpty() ? tr("none") : target.first().state().describe();
    }
    // Not loaded, but a NULL foreign key in memory says there is nothing to load.
    try {
        if (relationship.direction() == orm::RelationshipDirection::ManyToOne) {
            for (const auto& [local, remote] : relationship.pairs()) {
                const int p = state.mapper().indexOf(local);
                if (p >= 0 && !state.isExpired(p) && state.currentValue(p).isNull())
                    return tr("none");
            }
        }
    } catch (const orm::Error&) {
        // Shown as not loaded; the kind column says what is wrong.
    }
    return unknown;
}

void DetailPane::updateButton()
{
    m_openButton->setEnabled(m_object && m_relationshipsView->currentIndex().isValid());
}

} // namespace browser
