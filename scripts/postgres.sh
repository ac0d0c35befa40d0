#!/usr/bin/env bash
# Local PostgreSQL 15 + pgvector for talentmarket tests and development.
#
#   scripts/postgres.sh install              install postgresql-15 and pgvector if missing (root)
#   scripts/postgres.sh start [DIR] [PORT]   create/start a throwaway cluster, print the test URL
#   scripts/postgres.sh stop [DIR]           stop it (fast mode)
#   scripts/postgres.sh status [DIR]         say whether it runs, and on which port
#   scripts/postgres.sh url [PORT]           print the test database URL
#
# Defaults: DIR=/tmp/talentmarket-pg, PORT=55432 (or $TALENTMARKET_PG_DIR, $TALENTMARKET_PG_PORT).
# The cluster listens on 127.0.0.1 only, with durability switched off (fsync, synchronous_commit,
# full_page_writes): it is for tests, never for data you want to keep. Run as root (it uses
# runuser to act as the `postgres` system user, because initdb refuses to run as root).
#
# `start` prints progress on stderr and only the URL on stdout, so
#   url="$(scripts/postgres.sh start)"
# works. Roles: `talentmarket` (password `talentmarket`, superuser) owns the databases
# `talentmarket` and `talentmarket_test`, both with the `vector` extension.
set -euo pipefail

PG_MAJOR=15
PGBIN="${PGBIN:-/usr/lib/postgresql/${PG_MAJOR}/bin}"
VECTOR_CONTROL="/usr/share/postgresql/${PG_MAJOR}/extension/vector.control"
DEFAULT_DIR="${TALENTMARKET_PG_DIR:-/tmp/talentmarket-pg}"
DEFAULT_PORT="${TALENTMARKET_PG_PORT:-55432}"
APP_ROLE=talentmarket
APP_PASSWORD=talentmarket
DATABASES=(talentmarket talentmarket_test)
FALLBACK_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SOURCE_SUITE=trixie
APT_ETC=/etc/apt  # where debian_mirror looks for the machine's sources

export DEBIAN_FRONTEND=noninteractive
APT_GET=(apt-get -q -y -o Dpkg::Use-Pty=0)

T0="$EPOCHREALTIME"
log() {
    printf '[postgres.sh %ss] %s\n' "$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%5.1f", b - a }')" \
        "$*" >&2
}
die() {
    log "error: $*"
    exit 1
}

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

need_root() {
    [[ "$(id -u)" -eq 0 ]] || die "'$1' must run as root (it installs packages / uses runuser)"
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

test_url() { printf 'postgresql+psycopg://%s:%s@127.0.0.1:%s/talentmarket_test\n' \
    "$APP_ROLE" "$APP_PASSWORD" "$1"; }

check_port() {
    if ! [[ "$1" =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > 65535)); then die "not a TCP port: $1"; fi
}

# ---------------------------------------------------------------------------------------------
# install

# Print "URI KEYRING" of the first enabled binary Debian source for the running release:
# deb822 files (*.sources) first, then one-line files (sources.list, *.list).
debian_mirror() {
    local codename files=() f found=""
    # shellcheck disable=SC1091
    codename="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-bookworm}")"
    [[ -f "$APT_ETC/sources.list.d/debian.sources" ]] && files+=("$APT_ETC/sources.list.d/debian.sources")
    for f in "$APT_ETC"/sources.list.d/*.sources; do
        [[ -f "$f" && "$f" != "$APT_ETC/sources.list.d/debian.sources" ]] && files+=("$f")
    done
    for f in "${files[@]}"; do
        found="$(awk -v want="$codename" '
            function flush() {
                if (enabled != "no" && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " want " ") \
                    && uri != "") { print uri, key; done = 1; exit }
                types = suites = uri = key = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]/ { next }  # continuation line (for example an inline key block)
            {
                i = index($0, ":"); if (i == 0) next
                name = tolower(substr($0, 1, i - 1)); value = substr($0, i + 1)
                gsub(/^[ \t]+|[ \t]+$/, "", value)
                if (name == "types") types = value
                else if (name == "suites") suites = value
                else if (name == "uris") { split(value, parts, /[ \t]+/); uri = parts[1] }
                else if (name == "signed-by") key = value
                else if (name == "enabled") enabled = tolower(value)
            }
            END { if (!done) flush() }' "$f")"
        [[ -n "$found" ]] && break
    done
    if [[ -z "$found" ]]; then
        files=()
        [[ -f "$APT_ETC/sources.list" ]] && files+=("$APT_ETC/sources.list")
        for f in "$APT_ETC"/sources.list.d/*.list; do [[ -f "$f" ]] && files+=("$f"); done
        for f in "${files[@]}"; do
            found="$(awk -v want="$codename" '
                $1 != "deb" { next }
                {
                    key = ""; i = 2
                    if ($2 ~ /^\[/) {
                        for (; i <= NF; i++) {
                            if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) }
                            if ($i ~ /\]$/) { i++; break }
                        }
                    }
                    if ($(i + 1) == want) { print $i, key; exit }
                }' "$f")"
            [[ -n "$found" ]] && break
        done
    fi
    local uri="${found%% *}" key="${found#* }"
    [[ "$found" == *" "* ]] || key=""
    [[ -n "$uri" ]] || die "no enabled Debian source for '$codename' in $APT_ETC/sources.list or $APT_ETC/sources.list.d: cannot derive the mirror for the $SOURCE_SUITE source package"
    # Only a keyring file can be reused in a one-line entry; inline keys fall back.
    [[ "$key" == /* && -f "$key" ]] || key="$FALLBACK_KEYRING"
    printf '%s %s\n' "$uri" "$key"
}

apt_updated=0
apt_update_once() {
    if ((apt_updated == 0)); then
        log "apt-get update"
        "${APT_GET[@]}" update >/dev/null
        apt_updated=1
    fi
}

install_postgresql() {
    if [[ -x "$PGBIN/postgres" ]]; then
        log "PostgreSQL ${PG_MAJOR} already installed ($PGBIN/postgres)"
        return
    fi
    apt_update_once
    log "installing Debian postgresql (${PG_MAJOR})"
    "${APT_GET[@]}" install --no-install-recommends postgresql postgresql-contrib >/dev/null
    [[ -x "$PGBIN/postgres" ]] || die "postgresql installed but $PGBIN/postgres is missing"
}

# Build pgvector from the Debian trixie source package: bookworm ships no pgvector binary.
# The trixie deb-src entry lives only in a temporary apt configuration (its own sources list
# and package lists), so the machine's apt sources and lists are left exactly as they were.
install_pgvector() {
    if [[ -f "$VECTOR_CONTROL" ]]; then
        log "pgvector already installed ($VECTOR_CONTROL)"
        return
    fi
    apt_update_once
    log "installing build dependencies for pgvector"
    "${APT_GET[@]}" install --no-install-recommends \
        "postgresql-server-dev-${PG_MAJOR}" dpkg-dev make gcc >/dev/null

    local tmp mirror uri key
    tmp="$(mktemp -d /tmp/talentmarket-pgvector.XXXXXX)"
    # shellcheck disable=SC2064  # expand $tmp now
    trap "rm -rf '$tmp'" EXIT
    mirror="$(debian_mirror)"
    uri="${mirror%% *}"
    key="${mirror#* }"
    log "using deb-src $uri $SOURCE_SUITE (signed-by $key) in a temporary apt configuration"
    mkdir -p "$tmp/apt/sources.list.d" "$tmp/apt/lists/partial" "$tmp/src"
    if id -u _apt >/dev/null 2>&1; then
        # apt downloads as the unprivileged _apt user: let it write there.
        chown -R _apt "$tmp/apt/lists" "$tmp/src"
        chmod 755 "$tmp"
    fi
    local src_apt=("${APT_GET[@]}"
        -o "Dir::Etc::SourceList=$tmp/apt/sources.list"
        -o "Dir::Etc::SourceParts=$tmp/apt/sources.list.d"
        -o "Dir::State::Lists=$tmp/apt/lists"
        -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
    printf 'deb-src [signed-by=%s] %s %s main\n' "$key" "$uri" "$SOURCE_SUITE" \
        >"$tmp/apt/sources.list"
    log "apt-get update ($SOURCE_SUITE sources only)"
    if ! "${src_apt[@]}" update >"$tmp/update.log" 2>&1 || grep -q '^W: GPG error' "$tmp/update.log"; then
        [[ "$key" != "$FALLBACK_KEYRING" ]] || {
            cat "$tmp/update.log" >&2
            die "apt-get update for $SOURCE_SUITE sources failed"
        }
        log "retrying with signed-by $FALLBACK_KEYRING"
        printf 'deb-src [signed-by=%s] %s %s main\n' "$FALLBACK_KEYRING" "$uri" "$SOURCE_SUITE" \
            >"$tmp/apt/sources.list"
        "${src_apt[@]}" update >"$tmp/update.log" 2>&1 || {
            cat "$tmp/update.log" >&2
            die "apt-get update for $SOURCE_SUITE sources failed"
        }
    fi
    log "apt-get source pgvector"
    (cd "$tmp/src" && "${src_apt[@]}" source pgvector >"$tmp/source.log" 2>&1) || {
        cat "$tmp/source.log" >&2
        die "apt-get source pgvector failed"
    }
    local srcdir
    srcdir="$(find "$tmp/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
    [[ -n "$srcdir" ]] || die "no pgvector source folder in $tmp/src"
    log "building $(basename "$srcdir")"
    (
        cd "$srcdir"
        make -j"$(nproc)" PG_CONFIG="$PGBIN/pg_config" &&
            make install PG_CONFIG="$PGBIN/pg_config"
    ) >"$tmp/build.log" 2>&1 || {
        tail -n 40 "$tmp/build.log" >&2
        die "pgvector build failed"
    }
    [[ -f "$VECTOR_CONTROL" ]] || die "pgvector installed but $VECTOR_CONTROL is missing"
    log "pgvector $(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$VECTOR_CONTROL") installed"
    rm -rf "$tmp"
    trap - EXIT
}

cmd_install() {
    need_root install
    install_postgresql
    install_pgvector
}

# ---------------------------------------------------------------------------------------------
# start / stop / status

is_running() { [[ -d "$1" ]] && as_postgres "$PGBIN/pg_ctl" status -D "$1" >/dev/null 2>&1; }

running_port() { sed -n 4p "$1/postmaster.pid"; }

init_cluster() {
    local dir="$1" locale_opts=(--no-locale)
    if [[ -e "$dir" && -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
        die "$dir exists, is not empty and is not a PostgreSQL cluster: remove it or pick another DIR"
    fi
    install -d -o postgres -g postgres -m 700 "$dir"
    # C.UTF-8: byte-order collation like C, but Unicode-aware lower()/upper()/ILIKE.
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale_opts=(--locale=C.UTF-8); fi
    log "initdb $dir"
    as_postgres "$PGBIN/initdb" -D "$dir" -U postgres --encoding=UTF8 "${locale_opts[@]}" \
        --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    cat >>"$dir/postgresql.conf" <<EOF

# talentmarket throwaway test cluster (scripts/postgres.sh): not crash-safe
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

# Create the role, the databases and the vector extension (idempotent).
ensure_objects() {
    local dir="$1" port="$2" db
    as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -X -q \
        -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_ROLE') THEN
    CREATE ROLE $APP_ROLE LOGIN SUPERUSER PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_ROLE LOGIN SUPERUSER PASSWORD '$APP_PASSWORD';
  END IF;
END
\$\$;
SELECT format('CREATE DATABASE %I OWNER $APP_ROLE', d)
FROM unnest(ARRAY['${DATABASES[0]}', '${DATABASES[1]}']) AS d
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d)
\gexec
SQL
    [[ -f "$VECTOR_CONTROL" ]] || die "pgvector is not installed: run 'scripts/postgres.sh install'"
    for db in "${DATABASES[@]}"; do
        as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -d "$db" -X -q \
            -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' \
            -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
    done
}

cmd_start() {
    need_root start
    local dir port
    dir="$(realpath -m "${1:-$DEFAULT_DIR}")"
    port="${2:-$DEFAULT_PORT}"
    check_port "$port"
    [[ -x "$PGBIN/pg_ctl" ]] || die "PostgreSQL ${PG_MAJOR} is not installed: run 'scripts/postgres.sh install'"
    if is_running "$dir"; then
        local actual
        actual="$(running_port "$dir")"
        log "already running: $dir on 127.0.0.1:$actual"
        [[ "$actual" == "$port" ]] || log "note: it listens on $actual, not on the requested $port"
        port="$actual"
    else
        [[ -s "$dir/PG_VERSION" ]] || init_cluster "$dir"
        log "starting $dir on 127.0.0.1:$port (log: $dir/server.log)"
        if ! as_postgres "$PGBIN/pg_ctl" start -D "$dir" -l "$dir/server.log" -w -t 60 \
            -o "-p $port" >/dev/null; then
            tail -n 20 "$dir/server.log" >&2 || true
            die "PostgreSQL did not start (is port $port already in use?)"
        fi
    fi
    local i
    for i in $(seq 1 30); do
        "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
        ((i < 30)) || die "PostgreSQL on 127.0.0.1:$port is not accepting connections"
        sleep 1
    done
    ensure_objects "$dir" "$port"
    log "ready: databases ${DATABASES[*]} (role $APP_ROLE) with pgvector"
    test_url "$port"
}

cmd_stop() {
    need_root stop
    local dir
    dir="$(realpath -m "${1:-$DEFAULT_DIR}")"
    if is_running "$dir"; then
        as_postgres "$PGBIN/pg_ctl" stop -D "$dir" -m fast -w >/dev/null
        log "stopped $dir"
    else
        log "not running: $dir"
    fi
}

cmd_status() {
    local dir
    dir="$(realpath -m "${1:-$DEFAULT_DIR}")"
    if is_running "$dir"; then
        log "running: $dir on 127.0.0.1:$(running_port "$dir")"
    else
        log "not running: $dir"
        return 3
    fi
}

cmd_url() {
    local port="${1:-$DEFAULT_PORT}"
    check_port "$port"
    test_url "$port"
}

main() {
    (($# >= 1)) || usage
    local cmd="$1"
    shift
    case "$cmd" in
    install)
        (($# == 0)) || usage
        cmd_install
        ;;
    start)
        (($# <= 2)) || usage
        cmd_start "$@"
        ;;
    stop | status | url)
        (($# <= 1)) || usage
        "cmd_$cmd" "$@"
        ;;
    *) usage ;;
    esac
}

# Sourcing the file (for tests) defines the functions without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
