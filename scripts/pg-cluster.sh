#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests.
#
#   scripts/pg-cluster.sh start [DIR]   initdb + start a server on a free port of 127.0.0.1;
#                                       prints its URL (also written to DIR/url).
#                                       Without DIR a new `mktemp -d` folder is used and
#                                       its path is printed on stderr.
#   scripts/pg-cluster.sh url DIR       prints the URL of the cluster in DIR
#   scripts/pg-cluster.sh stop DIR      stops the server and removes DIR
#
# Layout of DIR: data/ (the cluster), log (server log), url, and the server's
# Unix socket.  The server listens on 127.0.0.1 only and requires a password
# (scram-sha-256): user qtorm, password qtorm-test-pw, database postgres.
# When run as root the server runs as the `postgres` system user (or as a
# dedicated `qtorm-test` user when there is none), as PostgreSQL refuses root.
#
# Environment: PG_BINDIR overrides the PostgreSQL bin directory (default: the
# newest /usr/lib/postgresql/*/bin); QTORM_PG_PORTS the port range (54320-54399).
set -euo pipefail

readonly DB_USER=qtorm
readonly DB_PASSWORD=qtorm-test-pw
readonly DB_NAME=postgres
readonly MARKER=.qtorm-pg-cluster
readonly FALLBACK_USER=qtorm-test

die() {
    printf 'pg-cluster: error: %s\n' "$*" >&2
    exit 1
}
log() { printf 'pg-cluster: %s\n' "$*" >&2; }

usage() {
    cat >&2 <<'EOF'
usage: pg-cluster.sh start [DIR]
       pg-cluster.sh url DIR
       pg-cluster.sh stop DIR
EOF
    exit 2
}

find_bindir() {
    if [[ -n ${PG_BINDIR:-} ]]; then
        [[ -x $PG_BINDIR/pg_ctl ]] || die "PG_BINDIR=$PG_BINDIR has no pg_ctl"
        printf '%s\n' "$PG_BINDIR"
        return
    fi
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null |
        sort -V | tail -n 1)
    [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]] ||
        die "no PostgreSQL server found in /usr/lib/postgresql/*/bin (run scripts/install-deps.sh)"
    printf '%s\n' "$dir"
}

# The user the server runs as, and a command prefix to run things as that user.
SERVER_USER=
AS_USER=()
choose_user() {
    if [[ $(id -u) -ne 0 ]]; then
        SERVER_USER=$(id -un)
        AS_USER=()
        return
    fi
    if id -u postgres >/dev/null 2>&1; then
        SERVER_USER=postgres
    else
        SERVER_USER=$FALLBACK_USER
        if ! id -u "$SERVER_USER" >/dev/null 2>&1; then
            log "creating system user $SERVER_USER to run the server"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$SERVER_USER" ||
                die "could not create user $SERVER_USER"
        fi
    fi
    if command -v runuser >/dev/null 2>&1; then
        AS_USER=(runuser -u "$SERVER_USER" --)
    elif command -v setpriv >/dev/null 2>&1; then
        AS_USER=(setpriv --reuid="$SERVER_USER" --regid="$SERVER_USER" --init-groups --)
    else
        die "running as root but neither runuser nor setpriv is available"
    fi
}

# Runs a command as the server user, from a directory that user can enter.
as_server_user() { (cd / && "${AS_USER[@]}" "$@"); }

port_in_use() {
    # Something accepts connections on 127.0.0.1:$1?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    if command -v ss >/dev/null 2>&1; then
        ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
    fi
    return 1
}

check_dir() {
    local dir=$1
    [[ -d $dir ]] || die "$dir is not a directory"
    [[ -e $dir/$MARKER ]] || die "$dir was not created by pg-cluster.sh start"
}

cmd_start() {
    local dir=${1:-}
    local bindir
    bindir=$(find_bindir)
    choose_user

    if [[ -z $dir ]]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/qtorm-pg.XXXXXX")
        log "cluster directory: $dir"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    [[ $dir != *[[:space:]]* ]] || die "the cluster directory must not contain spaces: $dir"
    if [[ -n $(ls -A "$dir") ]]; then
        die "$dir is not empty"
    fi
    touch "$dir/$MARKER"
    chmod 0700 "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown "$SERVER_USER:" "$dir" "$dir/$MARKER"
    fi
    as_server_user test -w "$dir" -a -x "$dir" ||
        die "user $SERVER_USER cannot write to $dir (is a parent directory private?); use a folder under /tmp"
    # Unix socket paths are limited to 107 bytes.
    ((${#dir} < 80)) || die "path too long for the server's Unix socket: $dir"

    local pwfile=$dir/pwfile
    printf '%s\n' "$DB_PASSWORD" >"$pwfile"
    chmod 0600 "$pwfile"
    [[ $(id -u) -ne 0 ]] || chown "$SERVER_USER:" "$pwfile"

    local initdb_args=(-D "$dir/data" -U "$DB_USER" --auth=scram-sha-256 --pwfile="$pwfile"
        -E UTF8)
    log "initdb ($bindir) as $SERVER_USER"
    if ! as_server_user "$bindir/initdb" "${initdb_args[@]}" --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1; then
        log "initdb with --locale=C.UTF-8 failed, retrying with --locale=C"
        rm -rf "$dir/data"
        if ! as_server_user "$bindir/initdb" "${initdb_args[@]}" --locale=C \
            >>"$dir/initdb.log" 2>&1; then
            rm -f "$pwfile"
            printf '%s\n' '--- initdb output ---' >&2
            tail -n 30 "$dir/initdb.log" >&2
            die "initdb failed (full output: $dir/initdb.log)"
        fi
    fi
    rm -f "$pwfile"

    local range=${QTORM_PG_PORTS:-54320-54399}
    local first=${range%-*} last=${range#*-} port started=
    for ((port = first; port <= last; port++)); do
        port_in_use "$port" && continue
        log "starting server on 127.0.0.1:$port"
        if as_server_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 -s \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2; then
            started=$port
            break
        fi
        # Lost a race for the port: try the next one; anything else is fatal.
        if tail -n 20 "$dir/log" 2>/dev/null | grep -q 'Address already in use'; then
            log "port $port was taken, trying the next one"
            as_server_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true
            continue
        fi
        break
    done
    if [[ -z $started ]]; then
        printf '%s\n' '--- server log (tail) ---' >&2
        tail -n 40 "$dir/log" >&2 2>/dev/null || printf '(no server log)\n' >&2
        as_server_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true
        die "could not start PostgreSQL (no free port in $range, or see the log above: $dir/log)"
    fi

    if command -v "$bindir/pg_isready" >/dev/null 2>&1; then
        "$bindir/pg_isready" -q -h 127.0.0.1 -p "$started" -t 30 ||
            die "server started but does not accept connections on 127.0.0.1:$started (log: $dir/log)"
    fi

    local url="postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$started/$DB_NAME"
    printf '%s\n' "$url" >"$dir/url"
    printf '%s\n' "$started" >"$dir/port"
    printf '%s\n' "$bindir" >"$dir/bindir"
    printf '%s\n' "$url"
}

cmd_url() {
    local dir=${1:-}
    [[ -n $dir ]] || usage
    check_dir "$dir"
    [[ -s $dir/url ]] || die "no cluster running in $dir"
    cat "$dir/url"
}

cmd_stop() {
    local dir=${1:-}
    [[ -n $dir ]] || usage
    if [[ ! -e $dir ]]; then
        log "$dir does not exist; nothing to stop"
        return 0
    fi
    check_dir "$dir"
    choose_user
    local status=0
    if [[ -e $dir/data/postmaster.pid ]]; then
        local bindir
        if [[ -s $dir/bindir ]]; then bindir=$(cat "$dir/bindir"); else bindir=$(find_bindir); fi
        if ! as_server_user "$bindir/pg_ctl" -D "$dir/data" -m fast -t 60 -s -w stop; then
            log "fast shutdown failed, trying immediate shutdown"
            as_server_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -t 30 -s -w stop || status=1
        fi
    fi
    if ((status != 0)); then
        die "could not stop the server in $dir (left in place; log: $dir/log)"
    fi
    rm -rf -- "$dir"
    log "stopped and removed $dir"
}

case ${1:-} in
start) shift && cmd_start "$@" ;;
stop) shift && cmd_stop "$@" ;;
url) shift && cmd_url "$@" ;;
*) usage ;;
esac
