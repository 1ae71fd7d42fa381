#include <orm/orm.h>

#include <QDebug>

// A plain struct; one function says how it maps. No code generator, no moc.
struct User {
    qint64 id = 0; // 0 until the database assigns it
    QString name;
    QString fullname;
    std::optional<QString> nickname; // optional: a nullable column
};

void mapping(orm::Mapping<User>& m)
{
    m.table("users");
    m.column(&User::id, "id").primaryKey();
    m.column(&User::name, "name").type(orm::String(50)).unique();
    m.column(&User::fullname, "fullname");
    m.column(&User::nickname, "nickname");
}

int main()
{
    // echo writes each statement and its bound values to the "qtorm.sql" log category.
    orm::Engine engine("sqlite:///:memory:", {.echo = true});
    orm::mapper<User>(); // maps User into the registry's MetaData
    orm::Registry::global().metadata().createAll(engine);

    orm::Session session(engine);
    auto ed = orm::make<User>({.name = "ed", .fullname = "Ed Jones"});
    session.add(ed);
    // Autoflush INSERTs ed first; the identity map returns the very same object.
    auto same = session.query<User>().filterBy(&User::name, "ed").first();
    session.addAll({orm::make<User>({.name = "wendy", .fullname = "Wendy Williams"}),
                    orm::make<User>({.name = "mary", .fullname = "Mary Contrary"})});
    ed->nickname = "eddie"; // a change through -> is seen by the next flush
    session.commit();       // UPDATE users SET nickname=? ..., INSERT ..., COMMIT

    // Values become bound parameters: ... WHERE users.name LIKE ? AND users.id > ?
    const auto rows = session.query<User>()
                          .filter(orm::col(&User::name).like("%e%") && orm::col(&User::id) > 1)
                          .orderBy({orm::col(&User::id).desc()})
                          .all();
    for (const orm::Ptr<User>& user : rows)
        qInfo() << user.get()->id << user.get()->name;
    return same == ed && rows.size() == 1 ? 0 : 1; // only wendy matches
}
