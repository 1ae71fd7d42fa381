#include "orm/mapping/cascade.h"

#include "orm/errors.h"

#include <QStringList>

namespace orm {

CascadeSet CascadeSet::parse(const QString& options)
{
    CascadeSet set;
    set.saveUpdate = set.merge = false;
    for (QString option : options.split(u',', Qt::SkipEmptyParts)) {
        option = option.trimmed();
        if (option == u"all") {
            set.saveUpdate = set.merge = set.remove = set.expunge = set.refreshExpire = true;
        } else if (option == u"save-update") {
            set.saveUpdate = true;
        } else if (option == u"merge") {
            set.merge = true;
        } else if (option == u"delete") {
            set.remove = true;
        } else if (option == u"delete-orphan") {
            set.deleteOrphan = true;
        } else if (option == u"expunge") {
            set.expunge = true;
        } else if (option == u"refresh-expire") {
            set.refreshExpire = true;
        } else if (option == u"none" || option.isEmpty()) {
        } else {
            throw ArgumentError(
                QStringLiteral(
                    "unknown cascade option \"%1\" (known: all, save-update, merge, delete, "
                    "delete-orphan, expunge, refresh-expire)")
                    .arg(option));
        }
    }
    if (set.deleteOrphan && !set.remove)
        throw ArgumentError(QStringLiteral("cascade \"%1\": delete-orphan needs delete as well "
                                           "(\"all, delete-orphan\" or \"delete, delete-orphan\")")
                                .arg(options));
    return set;
}

QString CascadeSet::toString() const
{
    QStringList parts;
    if (saveUpdate)
        parts << QStringLiteral("save-update");
    if (merge)
        parts << QStringLiteral("merge");
    if (remove)
        parts << QStringLiteral("delete");
    if (deleteOrphan)
        parts << QStringLiteral("delete-orphan");
    if (expunge)
        parts << QStringLiteral("expunge");
    if (refreshExpire)
        parts << QStringLiteral("refresh-expire");
    return parts.join(QStringLiteral(", "));
}

} // namespace orm
