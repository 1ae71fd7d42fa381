#include "ui/displaynames.h"

#include "orm/mapping/mapper.h"

#include <QCoreApplication>
#include <algorithm>

namespace orm::ui {

// Each string is spelled out in its translate() call: that is where lupdate finds it.

QString originDisplayName(Origin origin)
{
    switch (origin) {
    case Origin::Query:
        return QCoreApplication::translate("orm::ui::DisplayNames", "query");
    case Origin::Flush:
        return QCoreApplication::translate("orm::ui::DisplayNames", "flush");
    case Origin::Autoflush:
        return QCoreApplication::translate("orm::ui::DisplayNames", "autoflush");
    case Origin::LazyLoad:
        return QCoreApplication::translate("orm::ui::DisplayNames", "lazy load");
    case Origin::EagerLoad:
        return QCoreApplication::translate("orm::ui::DisplayNames", "eager load");
    case Origin::Ddl:
        return QCoreApplication::translate("orm::ui::DisplayNames", "DDL");
    case Origin::Transaction:
        return QCoreApplication::translate("orm::ui::DisplayNames", "transaction");
    case Origin::Reflection:
        return QCoreApplication::translate("orm::ui::DisplayNames", "reflection");
    case Origin::UserSql:
        return QCoreApplication::translate("orm::ui::DisplayNames", "user SQL");
    case Origin::Internal:
        return QCoreApplication::translate("orm::ui::DisplayNames", "internal");
    }
    return {};
}

QString stateDisplayName(ObjectState state)
{
    switch (state) {
    case ObjectState::Transient:
        return QCoreApplication::translate("orm::ui::DisplayNames", "transient");
    case ObjectState::Pending:
        return QCoreApplication::translate("orm::ui::DisplayNames", "pending");
    case ObjectState::Persistent:
        return QCoreApplication::translate("orm::ui::DisplayNames", "persistent");
    case ObjectState::Deleted:
        return QCoreApplication::translate("orm::ui::DisplayNames", "deleted");
    case ObjectState::Detached:
        return QCoreApplication::translate("orm::ui::DisplayNames", "detached");
    }
    return {};
}

QString objectDisplayName(const Object& object)
{
    if (!object)
        return {};
    const InstanceState& state = object.state();
    const Mapper& mapper = state.mapper();
    const std::vector<int>& key = mapper.primaryKey();
    const auto isKey = [&](int p) { return std::find(key.begin(), key.end(), p) != key.end(); };
    QString name;
    if (state.hasIdentity()) {
        QStringList values;
        for (qsizetype i = 0; i < qsizetype(key.size()); ++i)
            values << state.identityValue(i).toString();
        name = QCoreApplication::translate("orm::ui::DisplayNames", "%1 #%2")
                   .arg(mapper.className(), values.join(QStringLiteral(", ")));
    } else {
        name =
            QCoreApplication::translate("orm::ui::DisplayNames", "new %1").arg(mapper.className());
    }
    // The first text attribute (a name, a title) tells rows apart better than a number.
    for (const auto& property : mapper.properties()) {
        if (isKey(property->index) || !property->column->type().isText())
            continue;
        if (state.isExpired(property->index))
            break;
        const QString text = state.currentValue(property->index).toString();
        if (!text.isEmpty()) {
            constexpr int Shown = 40;
            return QCoreApplication::translate("orm::ui::DisplayNames", "%1 “%2”")
                .arg(name, text.size() > Shown ? text.left(Shown) + u'…' : text);
        }
        break;
    }
    return name;
}

} // namespace orm::ui
