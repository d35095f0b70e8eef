# shellcheck shell=bash
# Throwaway PostgreSQL 15 (a primary and a streaming standby) + Redis for CI.  Sourced by .ci/run; can also be
# sourced by hand to get the same services locally:
#
#   source .ci/services.sh
#   trap ci_services_stop EXIT
#   ci_services_start        # exports DATABASE_URL, DATABASE_REPLICA_URL and REDIS_URL
#
# Everything lives in a fresh `mktemp -d` directory that ci_services_stop
# removes again, so there are never stale pid files or sockets from an
# earlier run.  A port that is already taken (e.g. by a leftover server of a
# killed run) is skipped and the next free one is used.
#
# Knobs (environment): CI_PG_USER (ci-pg), CI_PG_PORT (54329),
# CI_REDIS_PORT (63799), CI_SERVICE_TIMEOUT (seconds per wait, 60),
# CI_KEEP_SERVICE_DIR=1 (do not delete the temp dir, for debugging).

CI_PG_USER="${CI_PG_USER:-ci-pg}"
CI_PG_PORT_BASE="${CI_PG_PORT:-54329}"
CI_REDIS_PORT_BASE="${CI_REDIS_PORT:-63799}"
CI_SERVICE_TIMEOUT="${CI_SERVICE_TIMEOUT:-60}"
CI_DB_NAME=unionhome
CI_DB_USER=unionhome
CI_DB_PASSWORD=unionhome

CI_SERVICE_DIR=""
CI_PG_DATA=""
CI_PG_REPLICA_DATA=""
CI_PG_PORT_USED=""
CI_REDIS_PORT_USED=""
CI_REDIS_STARTED=""

_ci_log() { printf '[ci] %s\n' "$*" >&2; }

# True if something accepts TCP connections on 127.0.0.1:$1.
_ci_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print the first port >= $1 (trying $2 ports) that nobody listens on.
_ci_free_port() {
    local port="$1" tries="${2:-50}" i
    for ((i = 0; i < tries; i++)); do
        if ! _ci_port_in_use "$port"; then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    _ci_log "no free port found in $1..$port"
    return 1
}

# Run a command as the PostgreSQL OS user (from a directory it can read).
_ci_as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$CI_SERVICE_DIR" && runuser -u "$CI_PG_USER" -- "$@")
    else
        (cd "$CI_SERVICE_DIR" && "$@")
    fi
}

_ci_pg_ready() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p "$CI_PG_PORT_USED"
    else
        psql -X -q -h "$1" -p "$CI_PG_PORT_USED" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1
    fi
}

_ci_start_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        if ! id -u "$CI_PG_USER" >/dev/null 2>&1; then
            _ci_log "creating system user $CI_PG_USER"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$CI_PG_USER" || return 1
        fi
        chown "$CI_PG_USER:" "$CI_SERVICE_DIR" || return 1
    fi

    CI_PG_DATA="$CI_SERVICE_DIR/pgdata"
    local sockdir="$CI_SERVICE_DIR/pgsock" pwfile="$CI_SERVICE_DIR/pgpass"
    _ci_as_pg mkdir -m 700 "$sockdir" || return 1
    # Superuser password is only needed for TCP; the unix socket is trust.
    _ci_as_pg sh -c 'umask 077 && echo postgres > "$1"' sh "$pwfile" || return 1

    _ci_as_pg initdb --pgdata="$CI_PG_DATA" --username=postgres \
        --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$CI_SERVICE_DIR/initdb.log" 2>&1 || {
        cat "$CI_SERVICE_DIR/initdb.log" >&2
        return 1
    }

    local attempt port=$CI_PG_PORT_BASE
    for attempt in 1 2 3 4 5; do
        port="$(_ci_free_port "$port")" || return 1
        _ci_log "starting PostgreSQL on 127.0.0.1:$port (data $CI_PG_DATA)"
        if _ci_as_pg pg_ctl --pgdata="$CI_PG_DATA" --log="$CI_SERVICE_DIR/postgres.log" \
            --wait --timeout="$CI_SERVICE_TIMEOUT" \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sockdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
            start >/dev/null; then
            CI_PG_PORT_USED="$port"
            break
        fi
        _ci_log "PostgreSQL did not start on port $port (attempt $attempt):"
        tail -n 20 "$CI_SERVICE_DIR/postgres.log" >&2 || true
        # Make sure no half-started server is left behind before retrying.
        _ci_as_pg pg_ctl --pgdata="$CI_PG_DATA" --mode=immediate stop >/dev/null 2>&1 || true
        port=$((port + 1))
    done
    if [ -z "$CI_PG_PORT_USED" ]; then
        _ci_log "giving up on PostgreSQL"
        return 1
    fi

    local deadline=$((SECONDS + CI_SERVICE_TIMEOUT))
    until _ci_pg_ready "$sockdir"; do
        if ((SECONDS >= deadline)); then
            _ci_log "PostgreSQL not ready after ${CI_SERVICE_TIMEOUT}s"
            tail -n 50 "$CI_SERVICE_DIR/postgres.log" >&2 || true
            return 1
        fi
        sleep 0.5
    done

    psql -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$CI_PG_PORT_USED" -U postgres -d postgres <<SQL
CREATE ROLE $CI_DB_USER LOGIN CREATEDB PASSWORD '$CI_DB_PASSWORD';
CREATE DATABASE $CI_DB_NAME OWNER $CI_DB_USER ENCODING 'UTF8';
SQL
    [ $? -eq 0 ] || { _ci_log "creating role/database failed"; return 1; }

    export DATABASE_URL="postgres://$CI_DB_USER:$CI_DB_PASSWORD@127.0.0.1:$CI_PG_PORT_USED/$CI_DB_NAME"
    # Check the URL the tests will use (TCP + password auth).
    psql -X -q -v ON_ERROR_STOP=1 -At "$DATABASE_URL" -c 'SELECT 1' >/dev/null || {
        _ci_log "cannot connect with $DATABASE_URL"
        return 1
    }
    _ci_log "PostgreSQL ready: $DATABASE_URL"
}

# A hot standby streaming from the primary (the read replica of docs/SCALING.md), on the next free
# port: exports DATABASE_REPLICA_URL (same database and role, which replication copies).
_ci_start_replica() {
    CI_PG_REPLICA_DATA="$CI_SERVICE_DIR/pgreplica"
    local sockdir="$CI_SERVICE_DIR/pgsock" port
    _ci_as_pg env PGPASSWORD=postgres pg_basebackup -h 127.0.0.1 -p "$CI_PG_PORT_USED" -U postgres \
        -D "$CI_PG_REPLICA_DATA" --write-recovery-conf --wal-method=stream --checkpoint=fast \
        >"$CI_SERVICE_DIR/basebackup.log" 2>&1 || {
        cat "$CI_SERVICE_DIR/basebackup.log" >&2
        return 1
    }
    port="$(_ci_free_port $((CI_PG_PORT_USED + 1)))" || return 1
    _ci_log "starting the PostgreSQL standby on 127.0.0.1:$port"
    _ci_as_pg pg_ctl --pgdata="$CI_PG_REPLICA_DATA" --log="$CI_SERVICE_DIR/replica.log" \
        --wait --timeout="$CI_SERVICE_TIMEOUT" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sockdir -c hot_standby=on -c max_connections=300" \
        start >/dev/null || {
        tail -n 20 "$CI_SERVICE_DIR/replica.log" >&2 || true
        return 1
    }
    local deadline=$((SECONDS + CI_SERVICE_TIMEOUT))
    until [ "$(psql -X -At -h "$sockdir" -p "$port" -U postgres -d postgres \
        -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; do
        if ((SECONDS >= deadline)); then
            _ci_log "the standby is not in recovery after ${CI_SERVICE_TIMEOUT}s"
            tail -n 50 "$CI_SERVICE_DIR/replica.log" >&2 || true
            return 1
        fi
        sleep 0.5
    done
    export DATABASE_REPLICA_URL="postgres://$CI_DB_USER:$CI_DB_PASSWORD@127.0.0.1:$port/$CI_DB_NAME"
    _ci_log "PostgreSQL standby ready: $DATABASE_REPLICA_URL"
}

_ci_start_redis() {
    local attempt port=$CI_REDIS_PORT_BASE pidfile="$CI_SERVICE_DIR/redis.pid"
    for attempt in 1 2 3 4 5; do
        port="$(_ci_free_port "$port")" || return 1
        _ci_log "starting Redis on 127.0.0.1:$port"
        rm -f "$pidfile"
        # Runs as the invoking user (root in CI); nothing is persisted.
        redis-server --bind 127.0.0.1 --port "$port" --daemonize yes \
            --pidfile "$pidfile" --logfile "$CI_SERVICE_DIR/redis.log" \
            --dir "$CI_SERVICE_DIR" --save "" --appendonly no \
            --protected-mode yes </dev/null
        CI_REDIS_STARTED=1

        local deadline=$((SECONDS + CI_SERVICE_TIMEOUT)) ok=""
        while ((SECONDS < deadline)); do
            if [ -s "$pidfile" ] &&
                [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
                # Make sure it is *our* server that answers, not a leftover.
                local served_pid
                served_pid="$(redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null |
                    tr -d '\r' | sed -n 's/^process_id://p')"
                if [ "$served_pid" = "$(cat "$pidfile")" ]; then
                    ok=1
                    break
                fi
            fi
            # Daemonized child died (e.g. port grabbed meanwhile): stop waiting.
            if [ -s "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
                break
            fi
            if [ ! -s "$pidfile" ] && grep -q 'Could not create server TCP listening socket\|Failed listening' \
                "$CI_SERVICE_DIR/redis.log" 2>/dev/null; then
                break
            fi
            sleep 0.2
        done
        if [ -n "$ok" ]; then
            CI_REDIS_PORT_USED="$port"
            export REDIS_URL="redis://127.0.0.1:$port/0"
            _ci_log "Redis ready: $REDIS_URL"
            return 0
        fi
        _ci_log "Redis did not start on port $port (attempt $attempt):"
        tail -n 20 "$CI_SERVICE_DIR/redis.log" >&2 || true
        if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
        : >"$CI_SERVICE_DIR/redis.log"
        port=$((port + 1))
    done
    _ci_log "giving up on Redis"
    return 1
}

ci_services_start() {
    CI_SERVICE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/unionhome-ci.XXXXXXXX")" || return 1
    chmod 755 "$CI_SERVICE_DIR" || return 1
    _ci_log "service directory: $CI_SERVICE_DIR"
    _ci_start_postgres || return 1
    _ci_start_replica || return 1
    _ci_start_redis || return 1
}

# Stop whatever was started; safe to call several times and after a partial
# start.  Never fails.
ci_services_stop() {
    local pidfile
    if [ -n "$CI_SERVICE_DIR" ] && [ -d "$CI_SERVICE_DIR" ]; then
        pidfile="$CI_SERVICE_DIR/redis.pid"
        if [ -n "$CI_REDIS_STARTED" ] && [ -s "$pidfile" ]; then
            local rpid
            rpid="$(cat "$pidfile")"
            _ci_log "stopping Redis (pid $rpid)"
            kill "$rpid" 2>/dev/null || true
            local i
            for ((i = 0; i < 50; i++)); do
                kill -0 "$rpid" 2>/dev/null || break
                sleep 0.1
            done
            kill -9 "$rpid" 2>/dev/null || true
        fi
        if [ -n "$CI_PG_REPLICA_DATA" ] && [ -f "$CI_PG_REPLICA_DATA/postmaster.pid" ]; then
            _ci_log "stopping the PostgreSQL standby"
            _ci_as_pg pg_ctl --pgdata="$CI_PG_REPLICA_DATA" --mode=fast --wait --timeout=30 stop >/dev/null 2>&1 ||
                _ci_as_pg pg_ctl --pgdata="$CI_PG_REPLICA_DATA" --mode=immediate stop >/dev/null 2>&1 || true
        fi
        if [ -n "$CI_PG_DATA" ] && [ -f "$CI_PG_DATA/postmaster.pid" ]; then
            _ci_log "stopping PostgreSQL"
            _ci_as_pg pg_ctl --pgdata="$CI_PG_DATA" --mode=fast --wait --timeout=30 stop >/dev/null 2>&1 ||
                _ci_as_pg pg_ctl --pgdata="$CI_PG_DATA" --mode=immediate stop >/dev/null 2>&1 || true
        fi
        if [ "${CI_KEEP_SERVICE_DIR:-0}" = 1 ]; then
            _ci_log "keeping $CI_SERVICE_DIR"
        else
            rm -rf "$CI_SERVICE_DIR"
        fi
    fi
    CI_SERVICE_DIR=""
    CI_PG_DATA=""
    CI_PG_REPLICA_DATA=""
    CI_REDIS_STARTED=""
    return 0
}
