#!/usr/bin/env bash
# `make compose-test`, CI's last leg: the Docker Compose path for real, on a machine that
# reaches Debian's and PyPI's servers but no container registry.
#
#  1. Debian's docker.io, docker-compose (Compose v1) and debootstrap, when missing (root).
#  2. dockerd, started here when no engine answers, and stopped again at the end.
#  3. Local stand-ins for the official base images (deploy/ci/standins.sh, cached between
#     runs on this machine).
#  4. docker-compose.yml: both images built from their Dockerfiles, the stack started, every
#     service healthy; an admin and a moderator made with the README's commands; the shared
#     suite's live driver against both app containers (side by side); then the backup round
#     trip (deploy/tests/test_backup.py: make backup, make restore).
#     LIVE_ROLES=1 gives the live suite those two accounts (NEWS_ADMIN_*, NEWS_MODERATOR_*),
#     so that its admin and moderator tests run instead of skipping; off by default, since
#     some of them assume an empty database (a search that finds only their own story).
#  5. docker-compose.scale.yml: the proxy, two replicas of each app, PostgreSQL, Redis; the
#     scale-out tests under load (deploy/tests/test_scale.py), figures in build/compose/.
#  LIVE_SUITE=0 leaves out the live suite (the longest leg) for a quicker local run.
#  Both stacks are torn down with their volumes whatever happens. Each leg runs even when an
#  earlier one failed; the exit status says whether all passed, and a table the time of each.
#
# Compose v1 (Debian's) predates the top-level `name:` key: the compose files are run from
# copies in build/compose/ without that one line, the project named with -p instead; the
# files themselves are what users run with Compose v2.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=$PWD/.venv/bin
WORK=$PWD/build/compose
PROJECT=${COMPOSE_TEST_PROJECT:-news-ci}
# Published ports, away from the dev servers' 8000 and 5000 that may be running here.
DJANGO_PORT=${DJANGO_PORT:-18000}
FLASK_PORT=${FLASK_PORT:-15000}
HEALTH_TIMEOUT=240
mkdir -p "$WORK"
rm -f "$WORK"/*.log "$WORK/figures.json"

section() { printf '\n==== compose-test: %s ====\n' "$*"; }
timings=()
failed=()
timed() {  # timed "NAME" COMMAND...: run it, record its seconds; its status is returned
  local name=$1 start=$SECONDS status=0
  shift
  "$@" || status=$?
  timings+=("$(printf '%5ds  %s%s' $((SECONDS - start)) "$name" "$([[ $status == 0 ]] || echo ' (FAILED)')")")
  return "$status"
}
leg() {  # leg "NAME" COMMAND...: a step whose failure is recorded and does not stop the rest
  timed "$@" || failed+=("$1")
}

# 1. Packages ------------------------------------------------------------------------------
install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if ((${#missing[@]} == 0)); then
    echo "found dockerd, docker-compose $(docker-compose version --short) and debootstrap"
    return 0
  fi
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "need ${missing[*]} (Debian packages): run as root, or install them first"
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$WORK/apt.log" 2>&1 ||
    { tail -n 20 "$WORK/apt.log"; return 1; }
  echo "installed ${missing[*]}"
}

# 2. The engine ----------------------------------------------------------------------------
engine_pid=""
start_engine() {
  if docker info >/dev/null 2>&1; then
    echo "a Docker engine already answers: using it, and leaving it running"
    return 0
  fi
  # setsid: its own session, so a Ctrl-C here reaches this script's trap, not dockerd first.
  setsid dockerd --pidfile "$WORK/dockerd.pid" >"$WORK/dockerd.log" 2>&1 &
  engine_pid=$!
  local deadline=$((SECONDS + 60))
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$engine_pid" 2>/dev/null || ((SECONDS > deadline)); then
      echo "dockerd did not come up; its log:"; tail -n 30 "$WORK/dockerd.log"
      engine_pid=""
      return 1
    fi
    sleep 0.5
  done
  echo "started dockerd (pid $engine_pid, log $WORK/dockerd.log)"
}

stop_engine() {
  [[ -n $engine_pid ]] || return 0
  kill -TERM "$engine_pid" 2>/dev/null || true
  wait "$engine_pid" 2>/dev/null || true
  echo "stopped dockerd"
}

# 4 and 5. The stacks ----------------------------------------------------------------------
STACK=(docker-compose --project-directory "$PWD" --env-file "$WORK/ci.env" -p "$PROJECT"
  -f "$WORK/docker-compose.yml" -f deploy/ci/compose.ci.yml)
SCALE=(docker-compose --project-directory "$PWD" --env-file "$WORK/ci.env" -p "$PROJECT-scale"
  -f "$WORK/docker-compose.scale.yml" -f deploy/ci/compose.scale.ci.yml)

write_environment() {
  local file
  for file in docker-compose.yml docker-compose.scale.yml; do
    sed '/^name:/d' "$file" >"$WORK/$file"
  done
  secret() { "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(40))'; }
  cat >"$WORK/ci.env" <<EOF
POSTGRES_PASSWORD=$(secret)
DJANGO_SECRET_KEY=$(secret)
FLASK_SECRET_KEY=$(secret)
ALLOWED_HOSTS=localhost,127.0.0.1
SECURE_COOKIES=0
BEHIND_TLS=0
CSRF_TRUSTED_ORIGINS=
DJANGO_PORT=$DJANGO_PORT
FLASK_PORT=$FLASK_PORT
DJANGO_1_PORT=$((DJANGO_PORT + 1))
DJANGO_2_PORT=$((DJANGO_PORT + 2))
FLASK_1_PORT=$((FLASK_PORT + 1))
FLASK_2_PORT=$((FLASK_PORT + 2))
MAIL_UI_PORT=$((FLASK_PORT + 3))
EOF
}

wait_healthy() {  # wait_healthy PROJECT: every container healthy, running, or exited 0 (one-shot)
  local project=$1 deadline=$((SECONDS + HEALTH_TIMEOUT)) pending line name status code health
  while true; do
    pending=()
    while read -r line; do
      read -r name status code health <<<"$line"
      case "$status/$health" in
        running/healthy | running/) ;;
        exited/*) [[ $code == 0 ]] || { echo "$name exited with $code"; docker logs --tail 40 "$name"; return 1; } ;;
        */unhealthy) echo "$name is unhealthy"; docker logs --tail 40 "$name"; return 1 ;;
        *) pending+=("$name:$status/$health") ;;
      esac
    done < <(docker ps -a --filter "label=com.docker.compose.project=$project" -q |
      xargs -r docker inspect --format \
        '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}')
    ((${#pending[@]} == 0)) && { echo "every service of $project is up and healthy"; return 0; }
    if ((SECONDS > deadline)); then
      echo "not healthy after ${HEALTH_TIMEOUT}s: ${pending[*]}"
      return 1
    fi
    sleep 1
  done
}

up() {  # up COMPOSE...: build, start, wait until healthy
  "$@" build >"$WORK/build-$project_label.log" 2>&1 ||
    { tail -n 40 "$WORK/build-$project_label.log"; return 1; }
  "$@" up --detach --no-build
}

down() {  # down COMPOSE...: containers, networks and volumes gone
  "$@" down --volumes --remove-orphans --timeout 10 >/dev/null 2>&1 || true
}

create_accounts() {
  # The README's commands for the first admin, then a member made a moderator, so the live
  # suite's admin and moderator tests run instead of skipping.
  "${STACK[@]}" exec -T -e "DJANGO_SUPERUSER_PASSWORD=$ADMIN_PASSWORD" django python manage.py \
    createsuperuser --noinput --username "$NEWS_ADMIN_USERNAME" --email ada@example.com
  "${STACK[@]}" exec -T -e "ADMIN_PASSWORD=$ADMIN_PASSWORD" flask flask --app flask_app \
    create-admin --username "$NEWS_ADMIN_USERNAME"
  for url in "http://127.0.0.1:$DJANGO_PORT" "http://127.0.0.1:$FLASK_PORT"; do
    PYTHONPATH=tests "$BIN/python" - "$url" "$NEWS_MODERATOR_USERNAME" "$MODERATOR_PASSWORD" <<'PY'
import sys
from drivers.base import Browser
from drivers.live_driver import HTTPTransport
url, username, password = sys.argv[1:]
response = Browser(HTTPTransport(url)).signup(username, password)
assert response.location == "/", f"signup of {username} at {url} failed: {response}"
PY
  done
  "${STACK[@]}" exec -T django python manage.py grant_moderator "$NEWS_MODERATOR_USERNAME"
  "${STACK[@]}" exec -T flask flask --app flask_app grant-moderator "$NEWS_MODERATOR_USERNAME"
}

live_suites() {  # the shared suite against both containers, side by side
  local app port status=0 pids=()
  for app in django flask; do
    port=$([[ $app == django ]] && echo "$DJANGO_PORT" || echo "$FLASK_PORT")
    ("$BIN/pytest" tests --app "$app" --base-url "http://127.0.0.1:$port" -q -p no:cacheprovider \
      >"$WORK/live-$app.log" 2>&1; echo $? >"$WORK/live-$app.status") &
    pids+=($!)
  done
  wait "${pids[@]}"  # not a bare wait: dockerd is this shell's child too
  for app in django flask; do
    section "live suite against the $app container ($(tail -n 1 "$WORK/live-$app.log"))"
    sed -n '/short test summary info/,$p' "$WORK/live-$app.log" | grep -v '^SKIPPED' || true
    if [[ $(cat "$WORK/live-$app.status") != 0 ]]; then
      echo "the $app container's log without access lines (the last 40):"
      docker logs "${PROJECT}_${app}_1" 2>&1 | grep -v '" [0-9][0-9][0-9] ' | tail -n 40 || true
      status=1
    fi
  done
  return "$status"
}

deploy_tests() {  # deploy_tests FILE: deploy/tests/FILE against what the environment names
  "$BIN/pytest" -c deploy/tests/pytest.ini "deploy/tests/$1" -q -p no:cacheprovider -rfE
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if docker info >/dev/null 2>&1; then
    section "teardown"
    down "${STACK[@]}"
    down "${SCALE[@]}"
    echo "both stacks removed, volumes included"
    # Images of earlier builds that the new ones replaced; the current ones stay as cache.
    docker image prune --force >/dev/null 2>&1 || true
  fi
  stop_engine
  section "times"
  printf '%s\n' "${timings[@]}"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

section "Debian packages: docker.io, docker-compose, debootstrap"
timed "packages" install_packages

section "Docker engine"
timed "engine start" start_engine

section "stand-in base images (no registry here)"
timed "stand-in images" bash deploy/ci/standins.sh

write_environment
export NEWS_FIGURES=$WORK/figures.json
export NEWS_ADMIN_USERNAME=ada-ci NEWS_MODERATOR_USERNAME=mia-ci
ADMIN_PASSWORD=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(16))')
MODERATOR_PASSWORD=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(16))')
if [[ ${LIVE_ROLES:-0} == 1 ]]; then
  export NEWS_ADMIN_PASSWORD=$ADMIN_PASSWORD NEWS_MODERATOR_PASSWORD=$MODERATOR_PASSWORD
else
  export -n NEWS_ADMIN_USERNAME NEWS_MODERATOR_USERNAME  # the live suite skips those tests
fi

section "docker-compose.yml: build both images, start, wait until healthy"
project_label=stack
# Whatever an interrupted run left behind (the two stacks publish the same ports).
down "${STACK[@]}"
down "${SCALE[@]}"
if timed "stack: build and start" up "${STACK[@]}" &&
  timed "stack: healthy" wait_healthy "$PROJECT"; then
  section "an admin and a moderator, with the README's commands"
  leg "stack: accounts" create_accounts
  if [[ ${LIVE_SUITE:-1} != 0 ]]; then
    section "the shared suite, live, against both containers (side by side)"
    leg "stack: live suites" live_suites
  else
    section "SKIPPED: the live suite (LIVE_SUITE=0)"
  fi
  section "backup round trip: make backup, make restore"
  export NEWS_STACK_COMPOSE="${STACK[*]}"
  export NEWS_STACK_URLS="django=http://127.0.0.1:$DJANGO_PORT,flask=http://127.0.0.1:$FLASK_PORT"
  leg "stack: backup round trip" deploy_tests test_backup.py
else
  failed+=("docker-compose.yml stack")
  "${STACK[@]}" logs --tail 40 || true
fi
timed "stack: down" down "${STACK[@]}"

section "docker-compose.scale.yml: proxy, 2 replicas of each app, PostgreSQL, Redis"
project_label=scale
if timed "scale: build and start" up "${SCALE[@]}" &&
  timed "scale: healthy" wait_healthy "$PROJECT-scale"; then
  export NEWS_SCALE_COMPOSE="${SCALE[*]}"
  urls="django=http://127.0.0.1:$DJANGO_PORT,flask=http://127.0.0.1:$FLASK_PORT"
  urls+=",django-1=http://127.0.0.1:$((DJANGO_PORT + 1)),django-2=http://127.0.0.1:$((DJANGO_PORT + 2))"
  urls+=",flask-1=http://127.0.0.1:$((FLASK_PORT + 1)),flask-2=http://127.0.0.1:$((FLASK_PORT + 2))"
  export NEWS_SCALE_URLS=$urls
  section "scale-out tests under load"
  leg "scale: tests" deploy_tests test_scale.py
  section "figures ($NEWS_FIGURES)"
  cat "$NEWS_FIGURES" 2>/dev/null || echo "none recorded"
else
  failed+=("docker-compose.scale.yml stack")
  "${SCALE[@]}" logs --tail 40 || true
fi
timed "scale: down" down "${SCALE[@]}"

if ((${#failed[@]})); then
  section "FAILED: ${failed[*]}"
  exit 1
fi
section "passed"
