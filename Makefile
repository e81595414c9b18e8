# The portal's everyday commands. `make help` lists them.
# Only Python 3.11+ and make are needed: everything else goes into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help

.PHONY: help install run worker test test-browser lint format messages check-deploy bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed-runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed-dev ## Create .venv and install everything (runtime, tests, lint)

run: $(VENV)/.installed-runtime ## Migrate, load the demo data, serve on http://127.0.0.1:8000 with a task worker (SQLite)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	@# The task worker sends the e-mail that requests queue. It rides out database errors itself; should it
	@# still exit, the loop starts it again. SIGTERM to the loop stops the worker (after its current task).
	( trap 'kill $$child 2>/dev/null; wait $$child; exit 0' TERM; \
	  while :; do $(PY) manage.py run_worker --interval 2 & child=$$!; wait $$child; \
	  echo "The task worker stopped (status $$?); starting it again in 2 s." >&2; sleep 2; done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: $(VENV)/.installed-runtime ## Run the background task worker alone (e-mail and other queued work), restarted if it stops
	@trap 'exit 0' INT TERM; \
	while :; do $(PY) manage.py run_worker; echo "The task worker stopped (status $$?); starting it again in 2 s." >&2; sleep 2; done

test: $(VENV)/.installed-dev ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL says so)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-dev ## Run only the browser tests (needs /usr/bin/chromium)
	$(BIN)/pytest -n $(TEST_WORKERS) -m browser $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## Ruff lint and format check, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed-dev ## Update the Thai message catalogue and compile it (needs gettext)
	$(PY) manage.py makemessages --locale th --no-obsolete --add-location file
	$(PY) manage.py compilemessages --locale th --ignore ".venv"

check-deploy: $(VENV)/.installed-runtime ## Django's deployment checks under production-like settings
	DEBUG=0 SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installed-runtime ## Measure every page at national scale against the floor (PostgreSQL, Redis, wrk; see README)
	$(PY) bench/run.py

clean: ## Remove the virtual environment, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
