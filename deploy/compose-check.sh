#!/usr/bin/env bash
# `make compose-check`: the Docker Compose path, checked without a Docker engine.
#
# 1. docker-compose.yml against the Compose Specification (check-jsonschema's built-in copy
#    of the schema: offline), both Dockerfiles through hadolint.
# 2. For each app, what its container does, run from the virtualenv: the image's build step
#    (Django: collectstatic), then its start.sh (migrations, gunicorn) with the compose
#    environment, on a free port and a fresh database on $PG_URL. Once /healthz answers,
#    the shared suite runs against it through its live driver (--base-url); tests that
#    need a back door into the database skip and say why.
# Servers are stopped and databases dropped on every exit, failures and Ctrl-C included.
#
# Needs PostgreSQL at PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
# Arguments name the apps to start (default: django flask); the static checks always run.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="$PWD/.venv/bin"
PG_URL=${PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
SERVER=${PG_URL%/*}  # postgresql://user@host:port, to name databases on
HEALTH_TIMEOUT=60    # seconds for migrations plus gunicorn's boot

work=$(mktemp -d)
server_pid=""
databases=()

section() { printf '\n---- %s ----\n' "$*"; }

sql() {  # sql "STATEMENT": run one statement on the server, outside a transaction
  "$BIN/python" - "$PG_URL" "$1" <<'PY'
import sys
import psycopg
with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=5) as connection:
    connection.execute(sys.argv[2])
PY
}

stop_server() {  # gunicorn and its workers, or start.sh still migrating: the whole group
  if [[ -n $server_pid ]]; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

cleanup() {
  local status=$?
  stop_server
  for database in "${databases[@]}"; do
    sql "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" || status=1
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

compose_keys() {  # the environment variables docker-compose.yml gives a service
  "$BIN/python" - "$1" <<'PY'
import sys
from ruamel.yaml import YAML
service = YAML(typ="safe").load(open("docker-compose.yml"))["services"][sys.argv[1]]
print(" ".join(service.get("environment", {})))
PY
}

wait_for_health() {  # wait_for_health URL LOG: until /healthz says ok, the server dies, or time runs out
  local deadline=$((SECONDS + HEALTH_TIMEOUT))
  until "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "$1" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "the server exited before answering; its output:"; cat "$2"; return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "no answer from $1 within ${HEALTH_TIMEOUT}s; the server's output:"; cat "$2"; return 1
    fi
    sleep 0.5
  done
}

# check_app APP BUILD-STEP: build, start, wait, test. Every step says `|| return 1`: the
# caller goes on to the next app, and bash's -e does not reach inside a function called so.
check_app() {
  local app=$1 build=$2
  local port database log app_env
  section "$app: the container's start command against PostgreSQL"
  port=$(free_port)
  database="news_compose_${app}_$$"
  log="$work/$app.log"
  sql "CREATE DATABASE \"$database\"" || return 1
  databases+=("$database")

  # The compose environment (docker-compose.yml), plain http on localhost, and the image's
  # own ENV; env -i keeps the caller's variables (DEBUG, say) out, as a container would, and
  # HOME in the scratch directory keeps gunicorn's control socket out of the real one.
  app_env=(
    PATH="$BIN:/usr/bin:/bin" HOME="$work" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
    DATABASE_URL="$SERVER/$database"
    SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    DEBUG=0 ALLOWED_HOSTS=localhost,127.0.0.1 SECURE_COOKIES=0 BEHIND_TLS=0
    CSRF_TRUSTED_ORIGINS= BIND="127.0.0.1:$port"
  )
  if [[ $app == django ]]; then app_env+=(STATIC_ROOT="$work/staticfiles"); fi
  # Drift guard: every variable compose sets must be set here too.
  for key in $(compose_keys "$app"); do
    [[ " ${app_env[*]%%=*} " == *" $key "* ]] || {
      echo "docker-compose.yml gives $app $key, which this script does not set"; return 1
    }
  done

  if [[ -n $build ]]; then
    echo "build step: $build"
    (cd "${app}_app" && env -i "${app_env[@]}" sh -c "$build") || return 1
  fi
  # setsid: its own process group, so stop_server reaches gunicorn's workers too.
  env -i "${app_env[@]}" setsid "${app}_app/start.sh" >"$log" 2>&1 &
  server_pid=$!
  echo "started ${app}_app/start.sh (pid $server_pid) on 127.0.0.1:$port, database $database"
  wait_for_health "http://127.0.0.1:$port/healthz" "$log" || return 1
  echo "/healthz answered ok"

  section "$app: the shared suite, live"
  "$BIN/pytest" tests --app "$app" --base-url "http://127.0.0.1:$port" -q || {
    echo "the server's log without its access lines (the last 60):"
    grep -v '^127\.0\.0\.1 - ' "$log" | tail -n 60
    return 1
  }
}

section "docker-compose.yml against the Compose Specification"
"$BIN/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml

section "hadolint"
"$BIN/hadolint" django_app/Dockerfile flask_app/Dockerfile
echo "both Dockerfiles clean"

section "PostgreSQL at $SERVER"
sql "SELECT 1" 2>/dev/null || { echo "no PostgreSQL answered at $PG_URL: set PG_URL"; exit 1; }
echo "it answers; throwaway databases news_compose_<app>_$$ go there"

apps=("$@")
((${#apps[@]})) || apps=(django flask)
failed=()
for app in "${apps[@]}"; do
  case $app in
    # The Django image runs collectstatic when it is built (its Dockerfile), with its own key.
    django) build="SECRET_KEY=collectstatic-signs-nothing python manage.py collectstatic --no-input --verbosity 0" ;;
    flask) build="" ;;  # Flask's image has no build step
    *) echo "unknown app: $app (django or flask)"; exit 2 ;;
  esac
  check_app "$app" "$build" || failed+=("$app")
  stop_server
done

if ((${#failed[@]})); then
  section "compose-check FAILED for: ${failed[*]}"
  exit 1
fi
section "compose-check passed"
