#!/usr/bin/env bash
# `make compose-check`: the Docker files checked offline, in seconds, without an engine:
# both compose files against the Compose Specification (check-jsonschema's built-in copy of
# the schema) and both Dockerfiles through hadolint. `make compose-test` then builds the
# images and runs both stacks in a real engine (deploy/ci/compose-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/.venv/bin"

printf '\n---- the compose files against the Compose Specification ----\n'
"$BIN/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml \
  docker-compose.scale.yml

printf '\n---- hadolint ----\n'
"$BIN/hadolint" django_app/Dockerfile flask_app/Dockerfile
echo "both Dockerfiles clean"
