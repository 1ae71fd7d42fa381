#include "ui/objecttablemodel.h"

#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "ui/objecteditcommand.h"

#include <QBrush>
#include <QColor>
#include <QDate>
#include <QDateTime>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QTime>
#include <QUndoStack>
#include <QUuid>
#include <algorithm>
#include <utility>

namespace orm::ui {

namespace {

// Colours light enough for the default (dark) text on any platform style.
const QColor NewRowColor(0xdc, 0xf5, 0xdc);
const QColor DeletedRowColor(0xf5, 0xd6, 0xd6);
const QColor ModifiedCellColor(0xff, 0xef, 0xb0);

bool sameValue(const QVariant& a, const QVariant& b)
{
    if (a.isValid() != b.isValid() || a.isNull() != b.isNull())
        return false;
    return !a.isValid() || a.isNull() || a == b;
}

bool isText(const QVariant& value)
{
    return value.typeId() == QMetaType::QString;
}

QString textOf(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("NULL");
    if (value.typeId() == QMetaType::QByteArray)
        return ObjectTableModel::tr("%n byte(s)", "", int(value.toByteArray().size()));
    if (value.typeId() == QMetaType::QJsonValue) {
        const QJsonValue json = value.toJsonValue();
        if (json.isObject())
            return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
        if (json.isArray())
            return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
        return json.toVariant().toString();
    }
    return value.toString();
}

// Runs an undo/redo step: the Session may be gone, and an error is reported by the model when
// it still exists.
void runStep(const QPointer<ObjectTableModel>& model, const QPointer<Session>& session,
             const std::function<void(Session&)>& step)
{
    if (!session)
        return;
    try {
        step(*session);
    } catch (const Error& error) {
        if (model)
            emit model->errorOccurred(error.message());
    }
}

QVariant toInteger(const QVariant& value, bool* ok)
{
    if (isText(value)) {
        const QString text = value.toString().trimmed();
        qlonglong n = text.toLongLong(ok);
        if (!*ok)
            n = QLocale().toLongLong(text, ok);
        return n;
    }
    if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float) {
        const double d = value.toDouble();
        *ok = d == double(qlonglong(d));
        return qlonglong(d);
    }
    *ok = value.canConvert<qlonglong>() && value.typeId() != QMetaType::Bool;
    return value.toLongLong();
}

QVariant toFloating(const QVariant& value, bool* ok)
{
    if (isText(value)) {
        const QString text = value.toString().trimmed();
        double d = text.toDouble(ok);
        if (!*ok)
            d = QLocale().toDouble(text, ok);
        return d;
    }
    *ok = value.canConvert<double>() && value.typeId() != QMetaType::Bool;
    return value.toDouble();
}

QVariant toBoolean(const QVariant& value, bool* ok)
{
    if (!isText(value)) {
        *ok = value.canConvert<bool>();
        return value.toBool();
    }
    const QString text = value.toString().trimmed().toLower();
    static const QStringList yes{QStringLiteral("true"), QStringLiteral("1"), QStringLiteral("yes"),
                                 QStringLiteral("t"), QStringLiteral("y")};
    static const QStringList no{QStringLiteral("false"), QStringLiteral("0"), QStringLiteral("no"),
                                QStringLiteral("f"), QStringLiteral("n")};
    *ok = yes.contains(text) || no.contains(text);
    return yes.contains(text);
}

} // namespace

ObjectTableModel::ObjectTableModel(Session& session, const Mapper& mapper, QObject* parent)
    : QAbstractTableModel(parent), m_session(&session), m_mapper(&mapper)
{
    for (const auto& relationship : mapper.relationships()) {
        if (!relationship->uselist())
            m_relationships.push_back(relationship.get());
    }
    followSession();
}

ObjectTableModel::~ObjectTableModel() = default;

void ObjectTableModel::followSession()
{
    connect(m_session, &Session::objectChanged, this,
            [this](const Object& object) { onObjectChanged(object); });
    const auto refreshRow = [this](const Object& object) {
        if (const int row = rowOf(object); row >= 0)
            rowChanged(row);
    };
    connect(m_session, &Session::objectDeleted, this, refreshRow);
    connect(m_session, &Session::objectExpired, this,
            [this](const Object& object) { onObjectExpired(object); });
    connect(m_session, &Session::objectAdded, this, [this, refreshRow](const Object& object) {
        refreshRow(object);
        sessionObjectAdded(object);
    });
    connect(m_session, &Session::flushed, this, [this] { sessionFlushed(); });
    connect(m_session, &Session::committed, this, [this] {
        m_expired.clear(); // every row is refreshed
        sessionCommitted();
    });
    connect(m_session, &Session::rolledBack, this, [this] {
        m_expired.clear();
        sessionRolledBack();
    });
}

void ObjectTableModel::onObjectExpired(const Object& object)
{
    // Not at once: a view (or QAbstractItemModelTester) reading the row now would load each
    // expired object with a SELECT of its own, where a commit (which expires every object
    // and then signals committed()) lets a subclass reload whole pages.
    if (rowOf(object) < 0)
        return;
    if (m_expired.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                for (const Object& o : std::exchange(m_expired, {})) {
                    if (const int row = rowOf(o); row >= 0)
                        rowChanged(row);
                }
            },
            Qt::QueuedConnection);
    }
    m_expired << object;
}

void ObjectTableModel::onObjectChanged(const Object& object)
{
    if (const int row = rowOf(object); row >= 0)
        rowChanged(row);
    // A label shown for a related object may have changed with it.
    const bool shownAsLabel =
        std::any_of(m_relationships.begin(), m_relationships.end(),
                    [&object](const Relationship* r) { return &r->target() == &object.mapper(); });
    if (shownAsLabel && rowCount() > 0)
        emit dataChanged(index(0, m_mapper->propertyCount()),
                         index(rowCount() - 1, columnCount() - 1));
}

void ObjectTableModel::setUndoStack(QUndoStack* stack)
{
    m_undoStack = stack;
}

// ---- columns ------------------------------------------------------------------------------------

int ObjectTableModel::propertyAt(int column) const
{
    return column >= 0 && column < m_mapper->propertyCount() ? column : -1;
}

const Relationship* ObjectTableModel::relationshipAt(int column) const
{
    const int i = column - m_mapper->propertyCount();
    return i >= 0 && i < int(m_relationships.size()) ? m_relationships[size_t(i)] : nullptr;
}

int ObjectTableModel::columnOf(const QString& name) const
{
    if (const int property = m_mapper->indexOf(name); property >= 0)
        return property;
    for (size_t i = 0; i < m_relationships.size(); ++i) {
        if (m_relationships[i]->name() == name)
            return m_mapper->propertyCount() + int(i);
    }
    return -1;
}

int ObjectTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_mapper->propertyCount() + int(m_relationships.size());
}

QVariant ObjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        // Only rows already in memory tell their state: a header must never load a page.
        if (role != Qt::DisplayRole || section < 0 || section >= rowCount())
            return QAbstractTableModel::headerData(section, orientation, role);
        switch (stateOf(loadedObjectAt(section))) {
        case RowState::New:
            return QStringLiteral("*");
        case RowState::Deleted:
            return QStringLiteral("!");
        default:
            return section + 1;
        }
    }
    if (const int p = propertyAt(section); p >= 0) {
        const Column& column = *m_mapper->property(p).column;
        switch (role) {
        case Qt::DisplayRole:
        case AttributeRole:
            return m_mapper->property(p).name;
        case ColumnTypeRole:
            return column.type().displayName();
        case Qt::ToolTipRole: {
            QStringList parts{column.name(), column.type().displayName()};
            if (column.isPrimaryKey())
                parts << tr("primary key");
            else if (!column.isNullable())
                parts << tr("NOT NULL");
            if (column.isUnique())
                parts << tr("unique");
            return parts.join(QStringLiteral(" · "));
        }
        default:
            return {};
        }
    }
    if (const Relationship* relationship = relationshipAt(section)) {
        switch (role) {
        case Qt::DisplayRole:
        case AttributeRole:
            return relationship->name();
        case ColumnTypeRole:
            return relationship->target().className();
        case Qt::ToolTipRole:
            return tr("%1 → %2").arg(relationship->name(), relationship->target().className());
        default:
            return {};
        }
    }
    return {};
}

// ---- data -----------------------------------------------------------------------------------

ObjectTableModel::RowState ObjectTableModel::stateOf(const Object& object) const
{
    if (!object)
        return RowState::Clean;
    const ObjectState status = object.status();
    if (status == ObjectState::Pending)
        return RowState::New;
    if (status == ObjectState::Deleted || (m_session && m_session->isMarkedDeleted(object)))
        return RowState::Deleted;
    if (status == ObjectState::Persistent && !object.state().changedProperties().empty())
        return RowState::Modified;
    return RowState::Clean;
}

ObjectTableModel::RowState ObjectTableModel::rowState(int row) const
{
    try {
        return stateOf(objectAt(row));
    } catch (const Error& error) {
        reportLater(error.message());
        return RowState::Clean;
    }
}

QVariant ObjectTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_session)
        return {};
    // Reading must never write: an autoflush here would flush the user's edits on scrolling.
    Session::NoAutoflush noAutoflush(*m_session);
    try {
        const Object object = objectAt(index.row());
        if (!object)
            return {};
        if (role == ObjectRole)
            return QVariant::fromValue(object);
        const RowState state = stateOf(object);
        if (role == RowStateRole)
            return int(state);
        if (const int p = propertyAt(index.column()); p >= 0) {
            const QVariant cell = propertyData(object, p, role);
            return cell.isValid() || state == RowState::Modified ? cell : rowStyle(state, role);
        }
        if (const Relationship* relationship = relationshipAt(index.column())) {
            const QVariant cell = relationshipData(object, *relationship, role);
            return cell.isValid() ? cell : rowStyle(state, role);
        }
    } catch (const Error& error) {
        reportLater(error.message());
    }
    return {};
}

QVariant ObjectTableModel::propertyData(const Object& object, int p, int role) const
{
    const Mapper::Property& property = m_mapper->property(p);
    InstanceState& state = object.state();
    const auto modified = [&] {
        if (state.state() != ObjectState::Persistent || state.isExpired(p))
            return false;
        const InstanceState::PropertyList changed = state.changedProperties();
        return std::find(changed.begin(), changed.end(), p) != changed.end();
    };
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: {
        // A generated key is unknown until the INSERT: 0 would be misleading.
        if (state.state() == ObjectState::Pending && m_mapper->hasGeneratedKey() &&
            m_mapper->primaryKey() == std::vector<int>{p})
            return {};
        const QVariant value = object.value(property.name);
        if (role == Qt::DisplayRole &&
            (value.typeId() == QMetaType::QByteArray || value.typeId() == QMetaType::QJsonValue))
            return textOf(value);
        return value;
    }
    case ModifiedRole:
        return modified();
    case CommittedValueRole:
        return state.committedValue(p);
    case Qt::ToolTipRole:
        if (modified())
            return tr("Committed value: %1").arg(textOf(state.committedValue(p)));
        return {};
    case Qt::BackgroundRole:
        if (modified())
            return QBrush(ModifiedCellColor);
        return {};
    case Qt::TextAlignmentRole: {
        const SqlType& type = property.column->type();
        if (type.isInteger() || type.kind() == TypeKind::Float || type.kind() == TypeKind::Numeric)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    default:
        return {};
    }
}

QVariant ObjectTableModel::relationshipData(const Object& object, const Relationship& relationship,
                                            int role) const
{
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    auto& reference = static_cast<ReferenceSlot&>(relationship.slot(object.state().object()));
    const Object target = reference.object();
    if (!target)
        return {};
    return role == Qt::ToolTipRole ? target.state().describe() : labelOf(target);
}

QVariant ObjectTableModel::rowStyle(RowState state, int role) const
{
    switch (role) {
    case Qt::BackgroundRole:
        if (state == RowState::New)
            return QBrush(NewRowColor);
        if (state == RowState::Deleted)
            return QBrush(DeletedRowColor);
        return {};
    case Qt::ForegroundRole:
        if (state == RowState::Deleted)
            return QBrush(QColor(Qt::darkGray));
        return {};
    case Qt::FontRole:
        if (state == RowState::Deleted) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (state == RowState::New)
            return tr("New row: inserted by the next commit");
        if (state == RowState::Deleted)
            return tr("Deleted: removed from the database by the next commit");
        return {};
    default:
        return {};
    }
}

QString ObjectTableModel::labelOf(const Object& target)
{
    const Mapper& mapper = target.mapper();
    const std::vector<int>& key = mapper.primaryKey();
    for (const auto& property : mapper.properties()) {
        if (!property->column->type().isText() ||
            std::find(key.begin(), key.end(), property->index) != key.end())
            continue;
        const QString text = target.value(property->name).toString();
        if (!text.isEmpty())
            return text;
        break;
    }
    QStringList keyValues;
    for (int i : key)
        keyValues << target.value(mapper.property(i).name).toString();
    return tr("%1 #%2").arg(mapper.className(), keyValues.join(QStringLiteral(", ")));
}

Qt::ItemFlags ObjectTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const int p = propertyAt(index.column());
    if (const Relationship* relationship = relationshipAt(index.column());
        relationship && relationship->direction() == RelationshipDirection::ManyToOne &&
        m_session && !m_mapper->isReadOnly()) {
        // A many-to-one is edited by picking its target (EntityDelegate's picker).
        Session::NoAutoflush noAutoflush(*m_session);
        const Object object = objectAt(index.row());
        return object && stateOf(object) != RowState::Deleted ? flags | Qt::ItemIsEditable : flags;
    }
    if (p < 0 || !m_session)
        return flags;
    const Column& column = *m_mapper->property(p).column;
    if (column.isGenerated() || p == m_mapper->versionProperty())
        return flags;
    Session::NoAutoflush noAutoflush(*m_session);
    const Object object = objectAt(index.row());
    const RowState state = stateOf(object);
    // A persistent row's key identifies it: changing it is not an edit of a cell.
    if (!object || state == RowState::Deleted || (column.isPrimaryKey() && state != RowState::New))
        return flags;
    return flags | Qt::ItemIsEditable;
}

// ---- edits ------------------------------------------------------------------------------------

QVariant ObjectTableModel::convertValue(const Column& column, const QVariant& value, QString* error)
{
    error->clear();
    const SqlType& type = column.type();
    const bool empty = !value.isValid() || value.isNull() ||
                       (isText(value) && value.toString().isEmpty() && !type.isText());
    if (empty) {
        if (!column.isNullable() && !column.isAutoincrement())
            *error = tr("%1 cannot be empty").arg(column.name());
        return {};
    }
    bool ok = true;
    QVariant converted;
    switch (type.kind()) {
    case TypeKind::Integer:
    case TypeKind::BigInteger:
        converted = toInteger(value, &ok);
        if (!ok)
            *error = tr("'%1' is not a whole number").arg(value.toString());
        break;
    case TypeKind::Float:
    case TypeKind::Numeric:
        converted = toFloating(value, &ok);
        if (!ok)
            *error = tr("'%1' is not a number").arg(value.toString());
        break;
    case TypeKind::Boolean:
        converted = toBoolean(value, &ok);
        if (!ok)
            *error = tr("'%1' is not true or false").arg(value.toString());
        break;
    case TypeKind::String:
    case TypeKind::Text:
        converted = value.toString();
        if (type.length() > 0 && converted.toString().size() > type.length())
            *error = tr("%1 holds at most %2 characters").arg(column.name()).arg(type.length());
        break;
    case TypeKind::Date:
        converted = value.typeId() == QMetaType::QDate
                        ? value.toDate()
                        : QDate::fromString(value.toString().trimmed(), Qt::ISODate);
        if (!converted.toDate().isValid())
            *error = tr("'%1' is not a date (YYYY-MM-DD)").arg(value.toString());
        break;
    case TypeKind::Time:
        converted = value.typeId() == QMetaType::QTime
                        ? value.toTime()
                        : QTime::fromString(value.toString().trimmed(), Qt::ISODate);
        if (!converted.toTime().isValid())
            *error = tr("'%1' is not a time (HH:MM:SS)").arg(value.toString());
        break;
    case TypeKind::DateTime:
        converted = value.typeId() == QMetaType::QDateTime
                        ? value.toDateTime()
                        : QDateTime::fromString(value.toString().trimmed(), Qt::ISODate);
        if (!converted.toDateTime().isValid())
            *error = tr("'%1' is not a date and time (YYYY-MM-DD HH:MM:SS)").arg(value.toString());
        break;
    case TypeKind::Uuid:
        converted = value.typeId() == QMetaType::QUuid
                        ? value.toUuid()
                        : QUuid::fromString(value.toString().trimmed());
        if (converted.toUuid().isNull())
            *error = tr("'%1' is not a UUID").arg(value.toString());
        break;
    case TypeKind::Json:
        if (isText(value)) {
            QJsonParseError parse;
            const QJsonDocument document =
                QJsonDocument::fromJson("[" + value.toString().toUtf8() + "]", &parse);
            if (parse.error != QJsonParseError::NoError)
                *error = tr("'%1' is not JSON: %2").arg(value.toString(), parse.errorString());
            converted = QVariant::fromValue(document.array().at(0));
        } else {
            converted = QVariant::fromValue(QJsonValue::fromVariant(value));
        }
        break;
    case TypeKind::LargeBinary:
        converted = value.toByteArray();
        break;
    case TypeKind::Null:
        converted = value;
        break;
    }
    return error->isEmpty() ? converted : QVariant();
}

bool ObjectTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (const Relationship* relationship = relationshipAt(index.column()))
        return setReference(index, *relationship, value, role);
    const int p = propertyAt(index.column());
    if (!index.isValid() || role != Qt::EditRole || p < 0 || !m_session)
        return false;
    if (!(flags(index) & Qt::ItemIsEditable)) {
        emit editRefused(index, tr("This cell cannot be edited"));
        return false;
    }
    const Mapper::Property& property = m_mapper->property(p);
    QString error;
    const QVariant converted = convertValue(*property.column, value, &error);
    if (!error.isEmpty()) {
        emit editRefused(index, error);
        return false;
    }
    const Object object = objectAt(index.row());
    const QString name = property.name;
    QVariant before;
    if (!guarded([&] {
            Session::NoAutoflush noAutoflush(*m_session);
            before = object.value(name);
        }))
        return false;
    if (sameValue(before, converted))
        return true;
    if (!guarded([&] { m_session->setValue(object, name, converted); }))
        return false;
    QPointer<ObjectTableModel> self(this);
    QPointer<Session> session(m_session);
    record(
        tr("Edit %1").arg(name),
        [=] { runStep(self, session, [&](Session& s) { s.setValue(object, name, converted); }); },
        [=] { runStep(self, session, [&](Session& s) { s.setValue(object, name, before); }); });
    return true;
}

bool ObjectTableModel::setReference(const QModelIndex& index, const Relationship& relationship,
                                    const QVariant& value, int role)
{
    // The value is the orm::Object to point at (a null one or an invalid QVariant: none).
    if (!index.isValid() || role != Qt::EditRole || !m_session)
        return false;
    if (!(flags(index) & Qt::ItemIsEditable)) {
        emit editRefused(index, tr("This cell cannot be edited"));
        return false;
    }
    const Object target = value.value<Object>();
    if (target && &target.mapper() != &relationship.target()) {
        emit editRefused(
            index,
            tr("%1 refers to a %2").arg(relationship.name(), relationship.target().className()));
        return false;
    }
    const Object object = objectAt(index.row());
    Object before;
    if (!guarded([&] {
            before =
                static_cast<ReferenceSlot&>(relationship.slot(object.state().object())).object();
        }))
        return false;
    if (before == target)
        return true;
    const Relationship* reference = &relationship;
    const auto point = [reference](Session& session, const Object& owner, const Object& to) {
        const Relationship& relationship = *reference;
        owner.state().prepareWrite();
        static_cast<ReferenceSlot&>(relationship.slot(owner.state().object())).setObject(to);
        // The foreign key follows at once through the Session, so that whoever follows it (other
        // views, the pending changes) sees the change now rather than at the flush.
        for (const auto& [local, remote] : relationship.pairs()) {
            const QString name = owner.mapper().property(owner.mapper().indexOf(local)).name;
            const QVariant key =
                to && to.state().hasIdentity()
                    ? to.value(to.mapper().property(to.mapper().indexOf(remote)).name)
                    : QVariant();
            if (!to || key.isValid())
                session.setValue(owner, name, key);
        }
    };
    if (!guarded([&] { point(*m_session, object, target); }))
        return false;
    if (const int row = rowOf(object); row >= 0)
        rowChanged(row);
    QPointer<ObjectTableModel> self(this);
    QPointer<Session> session(m_session);
    record(
        tr("Edit %1").arg(relationship.name()),
        [=] { runStep(self, session, [&](Session& s) { point(s, object, target); }); },
        [=] { runStep(self, session, [&](Session& s) { point(s, object, before); }); });
    return true;
}

bool ObjectTableModel::insertRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || count <= 0 || row < 0 || row > rowCount() || !m_session)
        return false;
    QList<Object> objects;
    for (int i = 0; i < count; ++i) {
        const Object object(m_mapper->create());
        // Column defaults are shown (and edited) before the INSERT.
        for (const auto& property : m_mapper->properties()) {
            if (property->column->hasDefault() && !property->column->isPrimaryKey())
                m_mapper->set(object.state().object(), property->index,
                              property->column->makeDefault());
        }
        objects << object;
    }
    if (!guarded([&] { insertNewObjects(row, objects); }))
        return false;
    QPointer<ObjectTableModel> self(this);
    record(
        tr("Insert %n row(s)", "", count),
        [=] {
            if (self)
                self->guarded([&] { self->insertNewObjects(row, objects); });
        },
        [=] {
            if (self)
                self->guarded([&] { self->takeNewObjects(objects); });
        });
    return true;
}

bool ObjectTableModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount() || !m_session)
        return false;
    QList<Object> fresh;
    QList<Object> persistent;
    int freshRow = -1;
    if (!guarded([&] {
            for (int r = row; r < row + count; ++r) {
                const Object object = objectAt(r);
                const RowState state = stateOf(object);
                if (state == RowState::New) {
                    freshRow = freshRow < 0 ? r : freshRow;
                    fresh << object;
                } else if (object && state != RowState::Deleted) {
                    persistent << object;
                }
            }
        }))
        return false;
    const auto remove = [](ObjectTableModel* model, Session& session, const QList<Object>& fresh,
                           const QList<Object>& persistent) {
        if (model && !fresh.isEmpty())
            model->takeNewObjects(fresh);
        for (const Object& object : persistent)
            session.remove(object);
    };
    if (!guarded([&] { remove(this, *m_session, fresh, persistent); }))
        return false;
    QPointer<ObjectTableModel> self(this);
    QPointer<Session> session(m_session);
    record(
        tr("Delete %n row(s)", "", count),
        [=] { runStep(self, session, [&](Session& s) { remove(self, s, fresh, persistent); }); },
        [=] {
            runStep(self, session, [&](Session& s) {
                for (const Object& object : persistent)
                    s.cancelRemove(object);
                if (self && !fresh.isEmpty())
                    self->insertNewObjects(freshRow, fresh);
            });
        });
    return true;
}

bool ObjectTableModel::revertRow(int row)
{
    if (!m_session)
        return false;
    Object object;
    RowState state = RowState::Clean;
    if (!guarded([&] {
            object = objectAt(row);
            state = stateOf(object);
        }))
        return false;
    if (!object)
        return false;
    QPointer<ObjectTableModel> self(this);
    QPointer<Session> session(m_session);
    switch (state) {
    case RowState::Clean:
        return true;
    case RowState::New:
        return removeRows(row, 1);
    case RowState::Deleted:
        if (!guarded([&] { m_session->cancelRemove(object); }))
            return false;
        record(
            tr("Revert row"),
            [=] { runStep(self, session, [&](Session& s) { s.cancelRemove(object); }); },
            [=] { runStep(self, session, [&](Session& s) { s.remove(object); }); });
        return true;
    case RowState::Modified:
        break;
    }
    QStringList names;
    QVariantList current;
    QVariantList committed;
    for (int p : object.state().changedProperties()) {
        names << m_mapper->property(p).name;
        current << object.state().currentValue(p);
        committed << object.state().committedValue(p);
    }
    const auto assign = [object, names](Session& s, const QVariantList& values) {
        for (qsizetype i = 0; i < names.size(); ++i)
            s.setValue(object, names[i], values[i]);
    };
    if (!guarded([&] { assign(*m_session, committed); }))
        return false;
    record(
        tr("Revert row"),
        [=] { runStep(self, session, [&](Session& s) { assign(s, committed); }); },
        [=] { runStep(self, session, [&](Session& s) { assign(s, current); }); });
    return true;
}

// ---- helpers for the subclasses ---------------------------------------------------------------

void ObjectTableModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    emit headerDataChanged(Qt::Vertical, row, row);
}

void ObjectTableModel::allRowsChanged()
{
    const int rows = rowCount();
    if (rows == 0)
        return;
    emit dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
    emit headerDataChanged(Qt::Vertical, 0, rows - 1);
}

bool ObjectTableModel::guarded(const std::function<void()>& action)
{
    try {
        action();
        return true;
    } catch (const Error& error) {
        emit errorOccurred(error.message());
        return false;
    }
}

void ObjectTableModel::reportLater(const QString& message) const
{
    // data() is asked for every visible cell: one failure is reported once, not per cell.
    if (m_queuedError == message)
        return;
    m_queuedError = message;
    auto* self = const_cast<ObjectTableModel*>(this);
    QMetaObject::invokeMethod(
        self,
        [self, message] {
            self->m_queuedError.clear();
            emit self->errorOccurred(message);
        },
        Qt::QueuedConnection);
}

void ObjectTableModel::record(const QString& text, std::function<void()> redo,
                              std::function<void()> undo)
{
    if (m_undoStack)
        m_undoStack->push(new ObjectEditCommand(text, std::move(redo), std::move(undo)));
}

} // namespace orm::ui
