#include <orm/orm.h>

#include <QDebug>

int main()
{
    // A table, declared once; the same objects build every statement below.
    orm::MetaData metadata;
    orm::Table& users = metadata.addTable("users");
    users.addColumn("id", orm::Integer()).primaryKey();
    users.addColumn("name", orm::String(50)).notNull();
    users.addColumn("fullname", orm::String());

    // echo writes each statement and its bound values to the "qtorm.sql" log category.
    orm::Engine engine("sqlite:///:memory:", {.echo = true});
    metadata.createAll(engine);

    orm::Connection conn = engine.connect();
    orm::Transaction tx = conn.begin();
    conn.execute(orm::insert(users).values({{"name", "ed"}, {"fullname", "Ed Jones"}}));
    conn.execute(orm::insert(users).values(QList<QVariantMap>{
        {{"name", "wendy"}, {"fullname", "Wendy Williams"}},
        {{"name", "mary"}, {"fullname", "Mary Contrary"}},
    }));
    tx.commit();

    // Values become bound parameters: ... WHERE users.name LIKE ? AND users.id > ?
    orm::Result rows = conn.execute(orm::select({users.c("id"), users.c("name")})
                                        .where(users.c("name").like("%e%") && users.c("id") > 1)
                                        .orderBy({users.c("id").desc()}));
    int found = 0;
    while (rows.next()) {
        qInfo() << rows.value("id").toLongLong() << rows.value("name").toString();
        ++found;
    }
    return found == 1 ? 0 : 1; // only wendy matches
}
