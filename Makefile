# LBP Clinic: `make run` serves the app, `make test` runs the whole suite.
# Both install what they need on a fresh clone (uv, Python packages, PostgreSQL, Chromium).

SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := $(CURDIR)/.tools/bin/uv
PY := $(CURDIR)/.venv/bin/python
MANAGE := $(PY) manage.py
# Development settings for `make run`; production reads the real environment (README).
DEV := DEBUG=1
# Debian packages the browser tests and PDF previews need.
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core

.PHONY: help install db db-stop migrate content demo run test test-fast lint bench loadtest backup-check system-deps docs-preview

help:
	@echo "make run    install, start PostgreSQL, migrate, load demo data, serve http://127.0.0.1:8000"
	@echo "make test   install, start PostgreSQL, run the whole test suite (browser tests included)"
	@echo "make lint   ruff and the migrations check"
	@echo "make bench  seed the volume, run every benchmark, write bench/results.md"
	@echo "make loadtest  gunicorn + locust load, database outage, scale-out race"
	@echo "make backup-check  dump, restore into a scratch database, compare"

# uv is fast (a cold install takes seconds); we keep our own copy so a machine without it works.
$(UV):
	@command -v python3 >/dev/null || { echo "python3 is needed to bootstrap uv"; exit 1; }
	python3 -m pip install --quiet --disable-pip-version-check --target .tools uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.synced

# The embedded PostgreSQL (data in .data/pg), unless DATABASE_URL points elsewhere.
db: install
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m lbp_clinic.devdb start; fi

db-stop: install
	$(PY) -m lbp_clinic.devdb stop

migrate: db
	$(DEV) $(MANAGE) migrate --noinput

# Library content: exercises and handouts (idempotent; safe in production too).
content: migrate
	$(DEV) $(MANAGE) load_library

demo: content
	$(DEV) $(MANAGE) load_demo

# The django.tasks worker runs beside the web server; Ctrl-C stops both (the trap also
# stops the worker and its reloader child when runserver ends any other way).
run: demo
	@echo "Serving on http://127.0.0.1:8000 with the task worker (Ctrl-C stops both)"
	@$(DEV) $(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	trap 'pkill -TERM -P $$worker 2>/dev/null; kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(DEV) $(MANAGE) runserver 127.0.0.1:8000

system-deps:
	@missing=""; \
	for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

test: install db system-deps
	$(PY) -m ruff check --quiet .
	$(PY) -m pytest -q

test-fast: install db
	$(PY) -m pytest -q -m "not browser"

# Benchmarks on a large seeded data set in its own database (lbp_clinic_bench).
# `make bench ONLY="exercises"` runs one module.
bench: install db
	$(PY) -m bench $(ONLY)

# Every plan document of the demo patients as PNG pages (artifacts/docs-preview/), to look at.
docs-preview: demo system-deps
	$(DEV) $(MANAGE) docs_preview artifacts/docs-preview

# Load, database-outage and scale-out runs (not part of `make test`); figures in
# bench/load_results.md. Uses its own database, lbp_clinic_load.
loadtest: install db
	$(UV) sync --frozen --quiet --group loadtest
	$(PY) -m bench.load

# Dump the database, restore the dump into a scratch database, compare every table.
backup-check: migrate
	$(DEV) $(PY) -m lbp_clinic.backup check

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
