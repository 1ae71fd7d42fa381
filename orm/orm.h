#pragma once
// Everything of QtOrm's core library in one include.

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/engine/result.h"
#include "orm/engine/statementlog.h"
#include "orm/engine/transaction.h"
#include "orm/engine/url.h"
#include "orm/errors.h"
#include "orm/sql/ddl.h"
#include "orm/sql/dialect.h"
#include "orm/sql/dml.h"
#include "orm/sql/expression.h"
#include "orm/sql/metadata.h"
#include "orm/sql/select.h"
#include "orm/sql/statement.h"
#include "orm/sql/table.h"
