# Yingshang — two commands for a fresh machine:
#   make run    create .venv, install, migrate, load demo data when empty, serve http://127.0.0.1:8000
#   make test   install what is missing, run the whole suite on SQLite, then on PostgreSQL when one answers
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/yingshang
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres migrate seed bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py seed_demo_activity --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ] || $(PY) scripts/pg_available.py "$(PG_URL)"; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL: no server answers on 127.0.0.1:5432 and DATABASE_URL is unset — PostgreSQL run SKIPPED"; \
		if [ "$$CI" = "true" ]; then echo "CI=true requires the PostgreSQL run"; exit 1; fi; \
	fi

test-sqlite: install
	@echo "=== test suite on SQLite ==="
	env -u DATABASE_URL $(PY) -m pytest -q $(PYTEST_ARGS)

test-postgres: install
	@echo "=== test suite on PostgreSQL ==="
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) -m pytest -q $(PYTEST_ARGS)

bench: install
	$(PY) bench/scan_deadlines.py

clean:
	rm -rf $(VENV) var/*.sqlite3
