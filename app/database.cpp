#include "app/database.h"

#include "app/samplemodel.h"
#include "orm/errors.h"
#include "orm/reflect/automap.h"
#include "orm/reflect/inspector.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <algorithm>

namespace browser {

namespace {

// Nothing reaches the database before Commit, not even a flush before a query: the pending
// changes dock and the SQL log then tell the same story. Browsing holds no transaction, so
// other programs can write to a SQLite file the browser has open.
orm::SessionOptions browserSessionOptions()
{
    orm::SessionOptions options;
    options.autoflush = false;
    options.transactionalReads = false;
    return options;
}

void sortByTableName(QList<const orm::Mapper*>& mappers)
{
    std::sort(mappers.begin(), mappers.end(), [](const orm::Mapper* a, const orm::Mapper* b) {
        return Database::tableName(*a) < Database::tableName(*b);
    });
}

} // namespace

std::unique_ptr<Database> Database::openSample(const QString& url)
{
    std::unique_ptr<Database> db(new Database);
    db->m_engine = std::make_unique<orm::Engine>(url);
    // The compiled classes expect the sample's tables: anything else is refused here rather
    // than failing on the first query.
    const QStringList tables = orm::Inspector(*db->m_engine).tableNames();
    for (const QString& table : sample::tableNames()) {
        if (!tables.contains(table))
            throw orm::Error(QCoreApplication::translate("browser::Database",
                                                         "%1 is not the sample database: it "
                                                         "has no table \"%2\"")
                                 .arg(db->m_engine->url().toDisplayString(), table));
    }
    db->m_mappers = sample::mappers();
    sortByTableName(db->m_mappers);
    db->m_session = std::make_unique<orm::Session>(*db->m_engine, browserSessionOptions());
    return db;
}

std::unique_ptr<Database> Database::open(const QString& url)
{
    std::unique_ptr<Database> db(new Database);
    db->m_engine = std::make_unique<orm::Engine>(url);
    db->m_registry = std::make_unique<orm::Registry>();
    const orm::AutomapResult map = orm::automap(*db->m_engine, *db->m_registry);
    for (const orm::Mapper* mapper : map.mappers)
        db->m_mappers << mapper;
    sortByTableName(db->m_mappers);
    db->m_warnings = map.warnings;
    db->m_session = std::make_unique<orm::Session>(*db->m_engine, browserSessionOptions());
    return db;
}

Database::~Database()
{
    // The order matters: objects first, then their mappers, then the connections.
    m_session.reset();
    m_registry.reset();
    m_engine.reset();
}

const orm::MetaData& Database::metadata() const
{
    return m_registry ? m_registry->metadata() : orm::Registry::global().metadata();
}

const orm::Mapper* Database::mapperOf(const QString& table) const
{
    for (const orm::Mapper* mapper : m_mappers) {
        if (tableName(*mapper) == table)
            return mapper;
    }
    return nullptr;
}

QString Database::tableName(const orm::Mapper& mapper)
{
    const orm::Table& table = mapper.table();
    return table.schema().isEmpty() ? table.name() : table.schema() + u'.' + table.name();
}

QString Database::displayName() const
{
    const orm::Url& url = m_engine->url();
    if (url.backend == u"sqlite")
        return url.isMemory() ? url.database : QFileInfo(url.database).fileName();
    return url.host.isEmpty() ? url.database
                              : QCoreApplication::translate("browser::Database", "%1 on %2")
                                    .arg(url.database, url.host);
}

} // namespace browser
