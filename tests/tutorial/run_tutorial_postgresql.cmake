# Runs the tutorial program (-DPROGRAM=...) on the PostgreSQL server of QTORM_TEST_PG_URL, which
# scripts/test.sh sets. Without it the test is skipped, except under CI=true where it fails: a CI
# run must never pass by skipping PostgreSQL.

if("$ENV{QTORM_TEST_PG_URL}" STREQUAL "")
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "PostgreSQL is required under CI=true but QTORM_TEST_PG_URL is not set")
  endif()
  message("PostgreSQL not available: set QTORM_TEST_PG_URL (scripts/test.sh does)")
  return()
endif()

execute_process(COMMAND "${PROGRAM}" "$ENV{QTORM_TEST_PG_URL}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "qtorm-tutorial on PostgreSQL exited with ${result}")
endif()
