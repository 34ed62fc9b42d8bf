# The commands a newcomer needs. `make run` and `make test` are all it takes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
APPS := units campaigns initiatives reports awards

.PHONY: setup run test test-fast lint format messages check worker beat bench bench-reminders bench-dossier clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $(STAMP)

## setup: install, compile translations, migrate, load the demo data (idempotent)
setup: $(STAMP)
	$(MANAGE) compilecatalogs
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

## run: set up and serve the demo at http://127.0.0.1:8000
run: setup
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

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
	$(BIN)/celery -A portal worker -l info

beat: $(STAMP)
	$(BIN)/celery -A portal beat -l info

## bench: median and p95 of the initiative list at scale (first: manage.py seed_scale)
bench: $(STAMP)
	$(MANAGE) bench_initiatives

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles

## bench-dossier: render a 50-nominee award dossier (rolled back) and print time and memory
bench-dossier: $(STAMP)
	$(MANAGE) bench_dossier --nominees 50 --evidence 5

## bench-reminders: decide, enqueue and send the reminders of a 3,000-unit cycle (rolled back)
bench-reminders: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) bench_reminders --units 3000
