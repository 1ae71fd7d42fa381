#include "orm/sql/ddl.h"

#include "orm/errors.h"
#include "orm/sql/nodes.h"
#include "orm/sql/table.h"

namespace orm {

using namespace sql;

namespace {

Statement ddl(DdlNode::Kind kind, const Table& table, int number = -1, bool ifExists = false)
{
    auto node = std::make_shared<DdlNode>();
    node->kind = kind;
    node->table = &table;
    node->index = number;
    node->ifExists = ifExists;
    return Statement(std::move(node));
}

void checkRange(int number, size_t count, const Table& table, const char* what)
{
    if (number < 0 || size_t(number) >= count)
        throw ArgumentError(QStringLiteral("table %1 has no %2 number %3")
                                .arg(table.fullName(), QLatin1String(what))
                                .arg(number));
}

} // namespace

Statement createTable(const Table& table, const std::vector<int>& deferredForeignKeys)
{
    auto node = std::make_shared<DdlNode>();
    node->kind = DdlNode::CreateTable;
    node->table = &table;
    node->deferredForeignKeys = deferredForeignKeys;
    return Statement(std::move(node));
}
Statement dropTable(const Table& table, bool ifExists)
{
    return ddl(DdlNode::DropTable, table, -1, ifExists);
}

Statement createIndex(const Table& table, int indexNumber)
{
    checkRange(indexNumber, table.indexes().size(), table, "index");
    return ddl(DdlNode::CreateIndex, table, indexNumber);
}

Statement dropIndex(const Table& table, int indexNumber)
{
    checkRange(indexNumber, table.indexes().size(), table, "index");
    return ddl(DdlNode::DropIndex, table, indexNumber);
}

Statement addForeignKey(const Table& table, int constraintNumber)
{
    checkRange(constraintNumber, table.foreignKeys().size(), table, "foreign key");
    return ddl(DdlNode::AddForeignKey, table, constraintNumber);
}

Statement dropForeignKey(const Table& table, int constraintNumber)
{
    checkRange(constraintNumber, table.foreignKeys().size(), table, "foreign key");
    return ddl(DdlNode::DropForeignKey, table, constraintNumber);
}

} // namespace orm
