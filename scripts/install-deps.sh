#!/usr/bin/env bash
# Installs the Debian 12 packages QtOrm needs to build, test and run.
# Idempotent: only packages that are not installed yet are installed, and
# `apt-get update` runs only when something is missing.
set -euo pipefail

PACKAGES=(
    build-essential
    cmake
    ninja-build
    pkg-config
    qt6-base-dev
    qt6-base-dev-tools
    libqt6sql6-sqlite
    libqt6sql6-psql
    libqt6svg6
    libgl-dev
    postgresql
    xvfb
    xauth
    desktop-file-utils
    appstream
)
MIN_CMAKE=3.25

log() { printf 'install-deps: %s\n' "$*" >&2; }
die() {
    printf 'install-deps: error: %s\n' "$*" >&2
    exit 1
}

is_installed() {
    # `dpkg -s` also succeeds for removed packages whose config files remain,
    # so look at the status line itself.
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

version_ge() { dpkg --compare-versions "$1" ge "$2"; }

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "this script needs a Debian-based system (dpkg and apt-get not found)"
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} packages already installed"
else
    log "missing: ${missing[*]}"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 ||
            die "not running as root and sudo is not installed; as root run: apt-get install ${missing[*]}"
        SUDO=(sudo)
    fi
    APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    log "running apt-get update"
    "${APT[@]}" update -q

    # Debian 12 ships CMake 3.25.1; CMakePresets.json (version 6) needs >= 3.25.
    if ! is_installed cmake; then
        candidate=$(apt-cache policy cmake | awk '/Candidate:/ {print $2}')
        [[ -n $candidate && $candidate != "(none)" ]] ||
            die "apt has no cmake package (is this Debian 12?)"
        version_ge "$candidate" "$MIN_CMAKE" ||
            die "apt offers cmake $candidate, but QtOrm needs cmake >= $MIN_CMAKE (Debian 12 has 3.25.1)"
    fi

    # Recommends are kept (apt's default): that is how the development machines are
    # set up (e.g. libqt6opengl6-dev, the GTK platform theme for the browser).
    log "installing: ${missing[*]}"
    "${APT[@]}" install -y -q "${missing[@]}"

    still_missing=()
    for pkg in "${missing[@]}"; do
        is_installed "$pkg" || still_missing+=("$pkg")
    done
    ((${#still_missing[@]} == 0)) || die "apt-get did not install: ${still_missing[*]}"
fi

# The cmake found first in PATH is the one the scripts use; it must be new enough.
command -v cmake >/dev/null 2>&1 || die "cmake is installed but not in PATH"
cmake_version=$(cmake --version | awk 'NR == 1 {print $3}')
version_ge "$cmake_version" "$MIN_CMAKE" ||
    die "$(command -v cmake) is version $cmake_version; QtOrm needs cmake >= $MIN_CMAKE"
log "cmake $cmake_version OK"
