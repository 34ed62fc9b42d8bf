# The commands a newcomer needs. `make run` and `make test` are all it takes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
# The demo, scale seeding and benchmark commands live in the devtools app, which only
# DEBUG=1 or DEV_TOOLS=1 installs (production settings leave it out).
DEV := DEV_TOOLS=1 $(MANAGE)
APPS := units campaigns initiatives research reports awards publication api

UV_VERSION := 0.13.8
LOCK := requirements.lock
PROD_LOCK := requirements-prod.lock

.PHONY: setup run test test-fast lint format messages check worker beat bench bench-lists bench-home load bench-reminders bench-dossier clean lock backup restore

# The pinned versions, checked against their hashes; then the project itself, without
# letting pip pick any other version.
$(STAMP): pyproject.toml $(LOCK) | .env
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# A random SECRET_KEY for this checkout, so manage.py works without DEBUG=1 (production
# settings refuse to start without a key of their own). .env is never committed.
.env:
	printf '# Written by make for this checkout only.\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

## lock: pin every dependency with hashes after pyproject.toml changed (then commit both locks)
lock:
	test -x $(VENV)/uv/bin/uv || ($(PYTHON) -m venv $(VENV)/uv && $(VENV)/uv/bin/python -m pip install --quiet "uv==$(UV_VERSION)")
	$(VENV)/uv/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
		--extra dev --output-file $(LOCK) pyproject.toml
	$(VENV)/uv/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
		--constraint $(LOCK) --output-file $(PROD_LOCK) pyproject.toml

## setup: install, compile translations, migrate, load the demo data (idempotent)
setup: $(STAMP)
	$(MANAGE) compilecatalogs
	$(MANAGE) migrate --noinput
	$(DEV) seed_demo

## run: set up and serve the demo at http://127.0.0.1:8000, with the periodic tasks beside it
run: setup
	DEBUG=1 $(MANAGE) run_periodic & periodic=$$!; \
	trap 'kill $$periodic' EXIT INT TERM; \
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

## backup: one snapshot of the database and the files into DIR (make backup DIR=/srv/backup/2026-12-01)
backup: $(STAMP)
	test -n "$(DIR)" || (echo "usage: make backup DIR=<new folder>" && exit 2)
	$(MANAGE) backup "$(DIR)"

## restore: check a backup against its hashes, then replace the database and the files with it
restore: $(STAMP)
	test -n "$(DIR)" || (echo "usage: make restore DIR=<backup folder>" && exit 2)
	$(MANAGE) restore "$(DIR)"

## test: the whole suite (PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set)
test: $(STAMP)
	$(MANAGE) compilecatalogs
	$(BIN)/pytest

## test-fast: the suite without the browser journeys and the real worker
test-fast: $(STAMP)
	$(MANAGE) compilecatalogs
	$(BIN)/pytest -m "not browser and not worker"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: extract new strings into the Vietnamese catalogs (then translate them)
messages: $(STAMP)
	for app in $(APPS); do (cd $$app && env -u DJANGO_SETTINGS_MODULE ../$(BIN)/django-admin makemessages -l vi --no-obsolete) || exit 1; done
	env -u DJANGO_SETTINGS_MODULE $(BIN)/django-admin makemessages -l vi --no-obsolete $(foreach app,$(APPS),--ignore=$(app)) --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=test-artifacts --ignore=static

check: $(STAMP)
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

worker: $(STAMP)
	$(BIN)/celery -A config worker -l info

beat: $(STAMP)
	$(BIN)/celery -A config beat -l info

## bench: every benchmark, each figure beside its baseline measured in the same run
bench: bench-lists bench-home bench-reminders bench-dossier

## bench-lists: the initiative list in every order and depth, each beside its bare SQL
bench-lists: $(STAMP)
	$(DEV) bench_initiatives $(BENCH_LISTS_ARGS)

## bench-home: each role's home page beside a bare Django view (seeds the scaled demo if missing)
bench-home: $(STAMP)
	$(MANAGE) migrate --noinput
	$(DEV) seed_load
	$(DEV) bench_home --runs 50

## load: deadline day, LOAD_USERS unit staff against gunicorn with the production settings
## (PostgreSQL: set DATABASE_URL; seeds the demo scaled to 3,000 units if missing)
LOAD_USERS ?= 200
LOAD_DURATION ?= 90
LOAD_WORKERS ?= 4
LOAD_THREADS ?= 4
LOAD_WAIT ?= 10,30
load: $(STAMP)
	$(MANAGE) compilecatalogs
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(DEV) seed_load --users 1000
	$(DEV) load_test --users $(LOAD_USERS) --duration $(LOAD_DURATION) \
		--workers $(LOAD_WORKERS) --threads $(LOAD_THREADS) --wait $(LOAD_WAIT)

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles

## bench-dossier: render award dossiers of 50 and 500 nominees (rolled back): time beside bare WeasyPrint, memory
bench-dossier: $(STAMP)
	$(DEV) bench_dossier --nominees 50 500 --evidence 5

## bench-reminders: decide, enqueue and send the reminders of a 3,000-unit cycle (rolled back)
bench-reminders: $(STAMP)
	$(MANAGE) migrate --noinput
	$(DEV) bench_reminders --units 3000
