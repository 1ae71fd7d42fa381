#!/usr/bin/env bash
# Builds QtOrm and runs every test headlessly, against SQLite and a throwaway
# PostgreSQL cluster started for the run (and always stopped afterwards).
#
#   ./scripts/test.sh [extra ctest arguments, e.g. -R sql]
#
# Environment: QTORM_JOBS (build parallelism, default 2).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

phase() { printf '\n==> %s\n' "$*"; }

phase "Dependencies (scripts/install-deps.sh)"
bash scripts/install-deps.sh

phase "Configure (cmake --preset default)"
cmake --preset default

phase "Build (cmake --build --preset default)"
cmake --build --preset default -j"${QTORM_JOBS:-2}"

phase "PostgreSQL (scripts/pg-cluster.sh start)"
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtorm-pg.XXXXXX")
RUNTIME_DIR=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    [[ -z $RUNTIME_DIR ]] || rm -rf -- "$RUNTIME_DIR"
    if [[ -n ${PG_DIR:-} && -e $PG_DIR ]]; then
        printf '\n==> PostgreSQL (scripts/pg-cluster.sh stop)\n'
        bash "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if PG_URL=$(bash scripts/pg-cluster.sh start "$PG_DIR"); then
    export QTORM_TEST_PG_URL=$PG_URL
    echo "QTORM_TEST_PG_URL=$QTORM_TEST_PG_URL"
else
    unset QTORM_TEST_PG_URL
    cat >&2 <<'EOF'

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  WARNING: the throwaway PostgreSQL cluster could not be started (see above).
!!  QTORM_TEST_PG_URL is NOT set: the PostgreSQL tests will be skipped
!!  (or fail, when CI=true).
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

EOF
fi

export QT_QPA_PLATFORM=offscreen
# Qt warns "XDG_RUNTIME_DIR not set" in every test otherwise (typical in CI/containers).
if [[ -z ${XDG_RUNTIME_DIR:-} ]]; then
    RUNTIME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/qtorm-runtime.XXXXXX")
    chmod 0700 "$RUNTIME_DIR"
    export XDG_RUNTIME_DIR=$RUNTIME_DIR
fi

phase "Tests (ctest --preset default)"
status=0
ctest --preset default --output-on-failure --timeout 900 "$@" || status=$?

if ((status == 0)); then
    phase "All tests passed"
else
    phase "Tests FAILED (ctest exit status $status)"
fi
exit "$status"
