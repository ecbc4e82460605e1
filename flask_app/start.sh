#!/bin/sh
# What the Flask container runs when it starts (the Dockerfile's CMD). CI builds the image
# and runs it in a real Docker engine, with the shared suite against it (make compose-test,
# deploy/ci/compose-test.sh).
#
# Migrations on every start (a no-op when there is nothing new), then gunicorn. With
# several replicas, MIGRATE=0: one release step applies them once (docker-compose.scale.yml
# runs a one-shot service first). The environment brings the settings (.env.example);
# BIND and WEB_CONCURRENCY suit the container by default.
set -eu
cd "$(dirname "$0")/.."  # the directory holding the flask_app package
if [ "${MIGRATE:-1}" != 0 ]; then
    flask --app flask_app db upgrade
fi
exec gunicorn "flask_app.wsgi:app" \
    --bind "${BIND:-0.0.0.0:5000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --access-logfile -
