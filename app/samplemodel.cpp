#include "app/samplemodel.h"

#include "orm/mapping/registry.h"
#include "orm/sql/metadata.h"
#include "orm/sql/types.h"

namespace browser::sample {

namespace {

// The association table of posts and keywords: no class of its own, it only links them.
void declarePostKeywords()
{
    orm::MetaData& metadata = orm::Registry::global().metadata();
    if (metadata.findTable(QStringLiteral("post_keywords")))
        return;
    orm::Table& table = metadata.addTable(QStringLiteral("post_keywords"));
    table.addColumn(QStringLiteral("post_id"), orm::Integer())
        .references(QStringLiteral("posts.id"));
    table.addColumn(QStringLiteral("keyword_id"), orm::Integer())
        .references(QStringLiteral("keywords.id"));
    table.primaryKey({QStringLiteral("post_id"), QStringLiteral("keyword_id")});
}

} // namespace

void mapping(orm::Mapping<User>& m)
{
    m.table(QStringLiteral("users"));
    m.column(&User::id, QStringLiteral("id")).primaryKey();
    m.column(&User::name, QStringLiteral("name")).type(orm::String(50));
    m.column(&User::fullname, QStringLiteral("fullname")).type(orm::String(50));
    m.column(&User::nickname, QStringLiteral("nickname")).type(orm::String(50));
    m.relationship(&User::addresses, QStringLiteral("addresses"))
        .backPopulates(QStringLiteral("user"))
        .orderBy(QStringList{QStringLiteral("id")});
    m.relationship(&User::posts, QStringLiteral("posts"))
        .backPopulates(QStringLiteral("author"))
        .orderBy(QStringList{QStringLiteral("id")});
}

void mapping(orm::Mapping<Address>& m)
{
    m.table(QStringLiteral("addresses"));
    m.column(&Address::id, QStringLiteral("id")).primaryKey();
    m.column(&Address::emailAddress, QStringLiteral("email_address")).type(orm::String(100));
    m.column(&Address::userId, QStringLiteral("user_id"))
        .references(QStringLiteral("users.id"))
        .index();
    m.relationship(&Address::user, QStringLiteral("user"))
        .backPopulates(QStringLiteral("addresses"));
}

void mapping(orm::Mapping<BlogPost>& m)
{
    m.table(QStringLiteral("posts"));
    m.column(&BlogPost::id, QStringLiteral("id")).primaryKey();
    m.column(&BlogPost::userId, QStringLiteral("user_id"))
        .references(QStringLiteral("users.id"))
        .index();
    m.column(&BlogPost::headline, QStringLiteral("headline")).type(orm::String(255));
    m.column(&BlogPost::body, QStringLiteral("body")).type(orm::Text());
    declarePostKeywords();
    m.relationship(&BlogPost::author, QStringLiteral("author"))
        .backPopulates(QStringLiteral("posts"));
    m.relationship(&BlogPost::keywords, QStringLiteral("keywords"))
        .secondary(QStringLiteral("post_keywords"))
        .backPopulates(QStringLiteral("posts"))
        .orderBy(QStringList{QStringLiteral("id")});
}

void mapping(orm::Mapping<Keyword>& m)
{
    m.table(QStringLiteral("keywords"));
    m.column(&Keyword::id, QStringLiteral("id")).primaryKey();
    m.column(&Keyword::keyword, QStringLiteral("keyword")).type(orm::String(50)).unique();
    declarePostKeywords();
    m.relationship(&Keyword::posts, QStringLiteral("posts"))
        .secondary(QStringLiteral("post_keywords"))
        .backPopulates(QStringLiteral("keywords"))
        .orderBy(QStringList{QStringLiteral("id")});
}

QStringList tableNames()
{
    return {QStringLiteral("addresses"), QStringLiteral("keywords"),
            QStringLiteral("post_keywords"), QStringLiteral("posts"), QStringLiteral("users")};
}

QList<const orm::Mapper*> mappers()
{
    return {&orm::mapper<Address>(), &orm::mapper<Keyword>(), &orm::mapper<BlogPost>(),
            &orm::mapper<User>()};
}

} // namespace browser::sample
