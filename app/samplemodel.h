#pragma once
// The sample database's classes, mapped in C++: the SQLAlchemy tutorial's users and their
// e-mail addresses, blog posts and their keywords (many-to-many through post_keywords). The
// browser opens the bundled sample through these compiled mappings rather than automap, so it
// also shows what the typed API looks like:
//
//     orm::Session session(engine);
//     for (const orm::Ptr<sample::User>& user : session.query<sample::User>().all())
//         for (const orm::Ptr<sample::Address>& address : user.get()->addresses)
//             qDebug() << user.get()->name << address.get()->emailAddress;

#include "orm/mapping/mapping.h"
#include "orm/session/relationshipslot.h"

#include <QList>
#include <optional>

namespace browser::sample {

struct Address;
struct BlogPost;
struct Keyword;

struct User {
    qint64 id = 0;
    QString name;
    std::optional<QString> fullname;
    std::optional<QString> nickname;
    orm::Collection<Address> addresses;
    orm::Collection<BlogPost> posts;
};

struct Address {
    qint64 id = 0;
    QString emailAddress;
    std::optional<qint64> userId;
    orm::Reference<User> user;
};

struct BlogPost {
    qint64 id = 0;
    std::optional<qint64> userId;
    QString headline;
    std::optional<QString> body;
    orm::Reference<User> author;
    orm::Collection<Keyword> keywords;
};

struct Keyword {
    qint64 id = 0;
    QString keyword;
    orm::Collection<BlogPost> posts;
};

void mapping(orm::Mapping<User>& m);
void mapping(orm::Mapping<Address>& m);
void mapping(orm::Mapping<BlogPost>& m);
void mapping(orm::Mapping<Keyword>& m);

// The tables the sample database has, in the order the browser lists them.
QStringList tableNames();
// The mappers of the four classes (mapped on first call, in Registry::global()).
QList<const orm::Mapper*> mappers();

} // namespace browser::sample
