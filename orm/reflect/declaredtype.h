#pragma once
// The QtOrm type of a column from the type name its database declares ("VARCHAR(40)",
// "timestamp with time zone", "NVARCHAR(120)"). Reflection never fails on a type: names it does
// not know become Text, and a SQLite column declared without a type passes values through.

#include "orm/sql/types.h"

#include <QString>

namespace orm {

SqlType typeFromDeclaration(const QString& declared);

} // namespace orm
