# One entry point for both apps. `make help` lists the targets.
# Everything runs from one virtualenv (.venv) holding both stacks and the test tools.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
# The dev targets run the Flask CLI and manage.py in debug mode: outside DEBUG (and TESTING)
# both apps refuse to start without a real SECRET_KEY (SEC-5). The containers' start.sh
# runs them with one.
FLASK := DEBUG=1 $(VENV)/bin/flask --app flask_app
MANAGE := cd django_app && DEBUG=1 ../$(PY) manage.py
# Two stamps: the apps' own requirements (all `make run` needs), then the test, lint and
# benchmark tools on top (every other target).
APPS_STAMP := $(VENV)/.installed-apps
STAMP := $(VENV)/.installed
# The dev servers. They show the site's own 404 and 500 pages, as production does, with a
# key for this machine only and cookies over plain http; `make run DEBUG=1` gives Django's
# technical pages and Werkzeug's debugger instead.
DJANGO_PORT ?= 8000
FLASK_PORT ?= 5000
DEBUG ?=
SERVE := DEBUG=$(DEBUG) SECURE_COOKIES=0 SECRET_KEY=make-run-on-this-machine-only-never-deployed-0123456789
# The test suites run on every core (pytest-xdist); each worker makes its own databases.
# XDIST= runs them in one process.
XDIST ?= -n auto
# A PostgreSQL *server* URL; the test targets create (and drop) throwaway databases on it.
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
# The Redis `make test-postgres` gives both apps as their cache (REDIS_URL). Each test
# process writes under its own key prefix and empties only its own keys.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1

.DEFAULT_GOAL := help
.PHONY: help venv migrate seed run run-django run-flask test test-repo test-django test-flask \
        test-shared test-browser check-migrations test-postgres fuzz compose-check compose-test up down \
        logs up-scale down-scale backup restore createsuperuser-django create-admin-flask diff \
        compare parity screenshots bench lint format clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[1mmake %-24s\033[0m %s\n", $$1, $$2}'

$(APPS_STAMP): django_app/requirements.txt flask_app/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r django_app/requirements.txt -r flask_app/requirements.txt
	touch $@

$(STAMP): $(APPS_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(STAMP) ## Create .venv and install the pinned requirements, the tools' included

migrate: $(APPS_STAMP) ## Apply both apps' migrations to their local SQLite databases
	$(MANAGE) migrate --no-input
	$(FLASK) db upgrade

seed: migrate ## Load shared_spec/fixtures/demo.json into both apps (idempotent)
	$(MANAGE) seed
	$(FLASK) seed

run: seed ## Run both dev servers (Django :8000, Flask :5000; DJANGO_PORT=, FLASK_PORT=, DEBUG=1); Ctrl-C stops both
	@echo
	@echo "  Django  http://127.0.0.1:$(DJANGO_PORT)/"
	@echo "  Flask   http://127.0.0.1:$(FLASK_PORT)/"
	@echo "  Demo logins (dev only): alice / demo-alice-pass, bob / demo-bob-pass, carol / demo-carol-pass"
	@echo "  Moderator: mia / demo-mia-pass    Admin: ada / demo-ada-pass    (admin at /admin/)"
	@echo "  Ctrl-C stops both servers."
	@echo
	@# Ctrl-C reaches both servers (one process group): wait for them, then end quietly.
	@trap 'wait; exit 0' INT; \
		(cd django_app && $(SERVE) exec ../$(PY) manage.py runserver 127.0.0.1:$(DJANGO_PORT)) & \
		($(SERVE) exec $(VENV)/bin/flask --app flask_app run $(if $(DEBUG),--debug,--reload) \
			--host 127.0.0.1 --port $(FLASK_PORT)) & \
		wait

run-django: migrate ## Run the Django dev server on :8000 (DJANGO_PORT=, DEBUG=1)
	cd django_app && $(SERVE) ../$(PY) manage.py runserver 127.0.0.1:$(DJANGO_PORT)

run-flask: migrate ## Run the Flask dev server on :5000 (FLASK_PORT=, DEBUG=1)
	$(SERVE) $(VENV)/bin/flask --app flask_app run $(if $(DEBUG),--debug,--reload) \
		--host 127.0.0.1 --port $(FLASK_PORT)

test: test-repo test-django test-flask ## Everything: repository checks, both apps' own tests, migration checks, the shared suite on both

test-repo: $(STAMP) ## The repository's own checks: the pair map, COMPARISON.md's links, every rule tested
	$(PYTEST) -c tools/pytest.ini tools/tests -q

test-django: $(STAMP) check-migrations ## Django's own tests, then the shared suite against Django
	cd django_app && ../$(PYTEST) -q $(XDIST)
	$(PYTEST) tests -q --app django $(XDIST)

test-flask: $(STAMP) check-migrations ## Flask's own tests, then the shared suite against Flask
	$(PYTEST) flask_app/tests -q $(XDIST)
	$(PYTEST) tests -q --app flask $(XDIST)

test-shared: $(STAMP) ## The shared suite only: make test-shared APP=flask [BASE_URL=http://…]
	$(PYTEST) tests -q --app $(or $(APP),django) $(if $(BASE_URL),--base-url $(BASE_URL))

# The real-browser journeys and page checks (tests/test_journeys.py, tests/test_pages.py:
# marker `journey`, left out of `make test`) use Debian's chromium and java, and npm's
# axe-core and vnu-jar, pinned here and installed into build/node/ (never committed; no
# lock file, no install scripts: vnu-jar's would download a Java).
AXE_CORE := 4.14.1
VNU_JAR := 26.9.27
NODE_TOOLS := build/node/.installed-axe-core-$(AXE_CORE)-vnu-jar-$(VNU_JAR)
$(NODE_TOOLS):
	rm -rf build/node
	npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
		--prefix build/node axe-core@$(AXE_CORE) vnu-jar@$(VNU_JAR)
	touch $@

test-browser: $(STAMP) $(NODE_TOOLS) ## Chromium on both apps: journeys per role, keyboard, 390 px, axe-core and Nu on every page (build/browser/)
	@status=0; for app in django flask; do \
		echo "== browser: $$app (screenshots and checked HTML in build/browser/$$app/)"; \
		$(PYTEST) tests -m "browser or journey" -q --show-capture=no --app $$app || status=1; \
	done; exit $$status

check-migrations: $(STAMP) ## Fail when models and migrations differ (both apps)
	$(MANAGE) makemigrations --check --dry-run
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
		export DATABASE_URL="sqlite:///$$tmp/check.sqlite3"; \
		$(FLASK) db upgrade && $(FLASK) db check

test-postgres: $(STAMP) ## Both apps' tests and the shared suite on PostgreSQL, with Redis as the cache (PG_URL=…, TEST_REDIS_URL=…)
	@db=news_ci_$$$$; base=$(PG_URL); server=$${base%/*}; export REDIS_URL=$(TEST_REDIS_URL); \
		echo "PostgreSQL: $$server (throwaway databases news_ci_*/test_news_ci_*); Redis: $$REDIS_URL"; \
		(cd django_app && DATABASE_URL=$$server/$$db ../$(PYTEST) -q --create-db $(XDIST)) && \
		TEST_DATABASE_URL=$(PG_URL) $(PYTEST) flask_app/tests -q $(XDIST) && \
		$(PYTEST) tests -q --app django --db-url $(PG_URL) $(XDIST) && \
		$(PYTEST) tests -q --app flask --db-url $(PG_URL) $(XDIST)

# The SEC-4 fuzzer (tests/test_fuzz.py): left out of `make test` by its `fuzz` marker.
FUZZ_PYTEST := $(PYTEST) tests -m fuzz -q --tb=short --show-capture=no
fuzz: $(STAMP) ## The SEC-4 fuzzer on both apps: any 5xx fails (DB_URL=postgresql://…, FUZZ_REQUESTS=, FUZZ_KEEP_GOING=1)
	@status=0; for app in django flask; do \
		echo "== fuzz $$app, in-process, on $(if $(DB_URL),PostgreSQL ($(DB_URL)),SQLite)"; \
		$(FUZZ_PYTEST) --app $$app $(if $(DB_URL),--db-url $(DB_URL)) || status=1; \
	done; exit $$status

compose-check: $(STAMP) ## Both compose files against the Compose Specification, both Dockerfiles through hadolint (offline, no Docker)
	bash deploy/compose-check.sh

compose-test: $(STAMP) ## Docker for real: engine, stand-in base images, both stacks built, live suite, scale-out and backup tests (root)
	bash deploy/ci/compose-test.sh

# Docker Compose (needs a Docker engine): PostgreSQL 16 and both apps under gunicorn.
# COMPOSE is the compose command; the backup targets take COMPOSE="docker compose -f
# docker-compose.scale.yml" for the scaled stack.
COMPOSE ?= docker compose
SCALE := docker compose -f docker-compose.scale.yml
# `make up` writes .env once, from .env.example with fresh random secrets; never overwritten.
.env:
	@secret() { $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))'; }; \
		sed -e "s/^POSTGRES_PASSWORD=$$/POSTGRES_PASSWORD=$$(secret)/" \
		    -e "s/^DJANGO_SECRET_KEY=$$/DJANGO_SECRET_KEY=$$(secret)/" \
		    -e "s/^FLASK_SECRET_KEY=$$/FLASK_SECRET_KEY=$$(secret)/" .env.example > .env
	@echo "Wrote .env from .env.example with new random secrets."

up: .env ## docker compose: build, start, wait until healthy (Django :8000, Flask :5000)
	docker compose up --build --detach --wait
	@echo "  Django  http://127.0.0.1:8000/    Flask  http://127.0.0.1:5000/    (make logs, make down)"

down: ## docker compose: stop and remove the containers (the database volume stays)
	docker compose down

logs: ## docker compose: follow the logs of all three services
	docker compose logs --follow

up-scale: .env ## docker compose, scaled: proxy, 2 replicas of each app, PostgreSQL, Redis (same ports)
	$(SCALE) up --build --detach --wait
	@echo "  Django  http://127.0.0.1:8000/    Flask  http://127.0.0.1:5000/    (through the proxy; make down-scale)"

down-scale: ## docker compose, scaled: stop and remove the containers (the database volume stays)
	$(SCALE) down

backup: ## pg_dump both apps' databases from the running stack into backups/<UTC time>/ (BACKUP=dir, COMPOSE=…)
	COMPOSE="$(COMPOSE)" bash deploy/backup.sh backup $(BACKUP)

restore: ## Put a backup back, the apps stopped meanwhile: BACKUP=backups/<time> (default the newest)
	COMPOSE="$(COMPOSE)" bash deploy/backup.sh restore $(BACKUP)

createsuperuser-django: ## docker compose: create the first Django admin (asks for name and password)
	docker compose exec django python manage.py createsuperuser

create-admin-flask: ## docker compose: create the first Flask admin (asks for name and password)
	docker compose exec flask flask --app flask_app create-admin

# Reading the pair. shared_spec/pairs.toml (concern → Django files → Flask files) is the one map.
diff: $(STAMP) ## One concern side by side in the terminal: make diff CONCERN=models (no CONCERN: the list)
	$(PY) -m tools.pairs diff $(CONCERN)

compare: $(STAMP) ## Static side-by-side HTML pages, one per concern, opened from disk: build/compare/index.html
	$(PY) -m tools.pairs compare

parity: $(STAMP) ## The shared suite against both apps → the rule × app table in build/PARITY.md (DOCS=1: docs/PARITY.md)
	$(PY) -m tools.parity $(if $(DOCS),,--out build/PARITY.md)

screenshots: $(STAMP) ## Headless Chromium over both apps with the demo data → docs/screenshots/
	$(PY) -m tools.screenshots

bench: $(STAMP) ## Both apps under the same load → docs/BENCHMARK.md (BENCH_QUICK=1: seconds, into build/bench/)
	PG_URL=$(PG_URL) $(PY) -m bench

lint: $(STAMP) ## ruff: lint and check formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## ruff: fix what can be fixed and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the local databases and caches (keeps .venv)
	rm -f django_app/db.sqlite3 flask_app/instance/news.sqlite3
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
	rm -rf .pytest_cache */.pytest_cache .ruff_cache
