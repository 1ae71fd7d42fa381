#!/usr/bin/env bash
# Builds QtOrm Browser and launches it. Without arguments it opens the bundled
# sample database; any arguments are passed on to the browser.
#
#   ./scripts/browser.sh [browser arguments]
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

phase "Build (cmake --build --preset default --target qtorm-browser)"
cmake --build --preset default -j"${QTORM_JOBS:-2}" --target qtorm-browser

BROWSER=build/default/app/qtorm-browser
[[ -x $BROWSER ]] || {
    printf 'browser: error: %s was not built\n' "$BROWSER" >&2
    exit 1
}

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    cat >&2 <<'MSG'

note: no display found ($DISPLAY and $WAYLAND_DISPLAY are empty). On a machine
      without a desktop, run it under a virtual X server:
          xvfb-run -a ./scripts/browser.sh
      Trying anyway...
MSG
fi

phase "Launch: $BROWSER${*:+ $*}"
exec "$BROWSER" "$@"
