#!/usr/bin/env bash
# `make backup` and `make restore`: both apps' databases out of and back into the running
# stack's PostgreSQL, with pg_dump and pg_restore inside the db container (so their version
# is the server's; nothing is installed on the host).
#
#   deploy/backup.sh backup [DIR]    writes DIR/news_django.dump and DIR/news_flask.dump
#                                    (pg_dump's custom format); DIR defaults to
#                                    $BACKUP_ROOT/<UTC time>, BACKUP_ROOT to backups/
#   deploy/backup.sh restore [DIR]   puts them back (DIR defaults to the newest backup):
#                                    stops the other services of the stack, drops and
#                                    recreates each database from its dump, starts them again
#
# COMPOSE is the compose command of the stack: "docker compose" (the default) for
# docker-compose.yml, "docker compose -f docker-compose.scale.yml" for the scaled stack.
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a COMPOSE <<<"${COMPOSE:-docker compose}"
BACKUP_ROOT=${BACKUP_ROOT:-backups}
DATABASES=(news_django news_flask)
DB_USER=news

usage() { echo "usage: $0 backup|restore [DIR]" >&2; exit 2; }

db_container() {
  local id
  id=$("${COMPOSE[@]}" ps -q db)
  [[ -n $id ]] || { echo "the stack's db service is not running (${COMPOSE[*]} up first)" >&2; exit 1; }
  echo "$id"
}

backup() {
  local dir=${1:-$BACKUP_ROOT/$(date -u +%Y%m%d-%H%M%S)} db container
  container=$(db_container)
  mkdir -p "$dir"
  for db in "${DATABASES[@]}"; do
    # To a temporary name first: a dump cut short never looks like a finished one.
    docker exec "$container" pg_dump --username="$DB_USER" --format=custom --dbname="$db" \
      >"$dir/$db.dump.part"
    mv "$dir/$db.dump.part" "$dir/$db.dump"
    echo "$dir/$db.dump: $(du -h "$dir/$db.dump" | cut -f1)"
  done
  echo "backup done: $dir (make restore BACKUP=$dir)"
}

restore() {
  local dir=${1:-} db container others
  if [[ -z $dir ]]; then
    dir=$(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort | tail -n 1)
    [[ -n $dir ]] || { echo "no backup under $BACKUP_ROOT/ (make backup first)" >&2; exit 1; }
  fi
  for db in "${DATABASES[@]}"; do
    [[ -s $dir/$db.dump ]] || { echo "$dir/$db.dump is missing or empty" >&2; exit 1; }
  done
  container=$(db_container)
  # The apps hold connections and would write meanwhile: stop whatever runs besides db.
  mapfile -t others < <("${COMPOSE[@]}" ps --services --filter status=running | grep -vx db || true)
  if ((${#others[@]})); then
    echo "stopping ${others[*]} while the databases are replaced"
    "${COMPOSE[@]}" stop "${others[@]}"
  fi
  for db in "${DATABASES[@]}"; do
    # --clean --create: drop the database and create it again as the dump describes it, so
    # nothing written after the backup survives; one transaction per database is not
    # possible with --create, so --exit-on-error stops at the first problem instead.
    docker exec -i "$container" pg_restore --username="$DB_USER" --dbname=postgres \
      --clean --if-exists --create --exit-on-error <"$dir/$db.dump"
    echo "restored $db from $dir/$db.dump"
  done
  if ((${#others[@]})); then
    "${COMPOSE[@]}" start "${others[@]}"
    echo "started ${others[*]} again"
  fi
}

case ${1:-} in
  backup) backup "${2:-}" ;;
  restore) restore "${2:-}" ;;
  *) usage ;;
esac
