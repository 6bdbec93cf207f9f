# Engage: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV := $(VENV)/bin/uv
export UV_NATIVE_TLS := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1
TEST_WORKERS ?= 2

.PHONY: help install run run-postgres test test-week test-fast lint format check worker messages clean

help:
	@echo "make run           install, migrate SQLite, load reference + demo data, serve :8000"
	@echo "make test          the whole suite (browser tests included)"
	@echo "make lint          ruff"
	@echo "make worker        run the background task worker"
	@echo "make run-postgres  like run, against DATABASE_URL (PostgreSQL)"

$(VENV)/.installed: pyproject.toml uv.lock
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); \
		PYTHON_BIN=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$PYTHON_BIN"; \
		$$PYTHON_BIN -m venv $(VENV) || exit 1; \
	fi
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.6" || \
		{ echo "Could not install uv into $(VENV) (needs access to PyPI)."; exit 1; }
	$(UV) sync --frozen --inexact --all-groups --compile-bytecode --python $(PY)
	@touch $@

install: $(VENV)/.installed

# Translations: .po and compiled .mo files are committed, so run and test need no
# gettext. After changing user-facing strings, run `make messages` (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l nl --ignore=.venv --ignore=tests --ignore=staticfiles --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv -v 0

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo --quiet-logins
	@echo ""
	@$(MANAGE) demo_logins
	@echo ""
	@echo "Starting the server; its address is printed as soon as it answers."
	@$(MANAGE) db_worker --interval 1 >.worker.log 2>&1 & WORKER=$$!; \
		$(MANAGE) run_scheduler >.scheduler.log 2>&1 & SCHEDULER=$$!; \
		$(PY) scripts/announce-when-ready http://127.0.0.1:8000 & ANNOUNCE=$$!; \
		trap 'kill $$WORKER $$SCHEDULER $$ANNOUNCE 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:8000

run-postgres:
	@test -n "$(DATABASE_URL)" || { echo "Set DATABASE_URL=postgres://user@host:5432/engage first."; exit 1; }
	$(MAKE) run

# The task worker, plus the scheduler that queues periodic work (reminders, expiries).
worker: install
	@$(MANAGE) run_scheduler & SCHEDULER=$$!; \
		trap 'kill $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) db_worker

test: install
	@CHROMIUM=$$(scripts/ensure-chromium) || exit 1; \
	CHROMIUM_EXECUTABLE="$$CHROMIUM" DJANGO_ALLOW_ASYNC_UNSAFE=true \
		$(PY) -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

# The whole suite once for each day of one week (a test that depends on the
# weekday fails on some of them). WEEK_OF picks the Monday.
WEEK_OF ?= 2026-11-30
test-week: install
	@CHROMIUM=$$(scripts/ensure-chromium) || exit 1; \
	for offset in 0 1 2 3 4 5 6; do \
		day=$$($(PY) -c "import datetime as d; print(d.date.fromisoformat('$(WEEK_OF)') + d.timedelta(days=$$offset))"); \
		echo "==> the suite on $$day"; \
		ENGAGE_TEST_TODAY=$$day CHROMIUM_EXECUTABLE="$$CHROMIUM" DJANGO_ALLOW_ASYNC_UNSAFE=true \
			$(PY) -m pytest -n $(TEST_WORKERS) --dist load -q $(PYTEST_ARGS) || exit 1; \
	done

test-fast: install
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media
