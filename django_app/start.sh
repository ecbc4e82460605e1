#!/bin/sh
# What the Django container runs when it starts (the Dockerfile's CMD). `make compose-check`
# runs this same file from the virtualenv against PostgreSQL, so CI checks what the
# container does without a Docker engine.
#
# Migrations on every start (a no-op when there is nothing new; with several replicas,
# run them once from a release step instead), then gunicorn. The environment brings the
# settings (.env.example); BIND and WEB_CONCURRENCY suit the container by default.
set -eu
cd "$(dirname "$0")"
python manage.py migrate --no-input
exec gunicorn config.wsgi \
    --bind "${BIND:-0.0.0.0:8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --access-logfile -
