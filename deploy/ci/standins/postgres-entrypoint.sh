#!/bin/sh
# The stand-in for the official postgres image's entrypoint, for CI only (no registry here):
# the same contract docker-compose.yml relies on, on Debian's PostgreSQL.
#   - POSTGRES_USER (default postgres) and POSTGRES_PASSWORD make the superuser;
#   - on an empty $PGDATA: initdb, then every /docker-entrypoint-initdb.d/*.sql and *.sh,
#     against a server that listens on its Unix socket only;
#   - then postgres in the foreground as PID 1, listening on all addresses, password auth
#     (scram-sha-256) over TCP and trust on the socket, as the official image does.
set -eu

if [ "$(id -u)" = 0 ]; then
    # Root only prepares the directories, then runs this script again as postgres.
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
    user=${POSTGRES_USER:-postgres}
    password_file=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
    initdb --username="$user" --pwfile="$password_file" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
    rm -f "$password_file"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"

    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    database=${POSTGRES_DB:-$user}
    if [ "$database" != postgres ]; then
        psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -c "CREATE DATABASE \"$database\""
    fi
    for script in /docker-entrypoint-initdb.d/*; do
        case $script in
            *.sql) echo "running $script"; psql -v ON_ERROR_STOP=1 -U "$user" -d "$database" -f "$script" ;;
            *.sh) echo "running $script"; . "$script" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@" -c listen_addresses='*'
