# OpenJobcenter — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python >= 3.12: the pyenv version named in .python-version, or any python3.12/3.13 on PATH.
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?= -n 2

.PHONY: help setup run cluster backup restore test test-sqlite test-postgres lint format typecheck messages check-messages assets clean

help:
	@echo "make run   – install, migrate, load demo data, serve http://127.0.0.1:8000 (with worker)"
	@echo "make test  – lint, type check, translations, test suite on SQLite and PostgreSQL"
	@echo "make cluster – two app processes behind HAProxy, worker, PostgreSQL and Redis (docs/operations.md)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then echo "OpenJobcenter needs Python 3.12 or newer; none was found (install it, e.g. with pyenv)." >&2; exit 1; fi
	@echo "Using $$($(PYTHON) --version) at $$(command -v $(PYTHON))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/vendor/.installed: node_modules/.installed
	rm -rf var/vendor && mkdir -p var/vendor/kern var/vendor/htmx var/vendor/axe
	cp node_modules/@kern-ux/native/dist/kern.min.css var/vendor/kern/
	cp -r node_modules/@kern-ux/native/dist/fonts var/vendor/kern/
	cp node_modules/@kern-ux/native/LICENSE.md var/vendor/kern/
	cp node_modules/htmx.org/dist/htmx.min.js var/vendor/htmx/
	cp node_modules/htmx.org/LICENSE var/vendor/htmx/
	cp node_modules/axe-core/axe.min.js var/vendor/axe/
	# ALTCHA widget: the ES-module "external" build, which leaves CSS and workers out (no inline styles, as the CSP requires).
	mkdir -p var/vendor/altcha/i18n var/vendor/altcha/workers
	cp node_modules/altcha/dist/external/altcha.min.js var/vendor/altcha/altcha.min.js
	cp node_modules/altcha/dist/external/altcha.css node_modules/altcha/LICENSE.txt var/vendor/altcha/
	cp node_modules/altcha/dist/workers/pbkdf2.js node_modules/altcha/dist/workers/sha.js var/vendor/altcha/workers/
	for lang in de en tr ar uk ru; do cp node_modules/altcha/dist/i18n/$$lang.umd.cjs var/vendor/altcha/i18n/$$lang.js; done
	# Chart.js for the statistics charts (UMD build bundles its only dependency @kurkle/color); the source
	# map too, which the build names and collectstatic's manifest insists on.
	mkdir -p var/vendor/chartjs
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map var/vendor/chartjs/
	cp node_modules/chart.js/LICENSE.md var/vendor/chartjs/
	touch $@

assets: var/vendor/.installed

# The real OpenID provider the identity tests start (node-oidc-provider), with its own lock file.
tests/oidc_provider/node_modules/.installed: tests/oidc_provider/package.json tests/oidc_provider/package-lock.json
	cd tests/oidc_provider && npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed assets tests/oidc_provider/node_modules/.installed
	DEMO=$${DEMO:-on} $(MANAGE) compile_translations

run: export DEMO ?= on
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) serve

# Two app processes behind HAProxy, worker, PostgreSQL and Redis (docs/operations.md); Ctrl-C stops all.
cluster: export DEMO ?= on
cluster: setup
	$(PY) scripts/cluster/cluster.py $(CLUSTER_ARGS)

# Database dump plus the encrypted documents into var/backups/<time>/ (docs/operations.md).
backup: export DEMO ?= on
backup: $(VENV)/.installed
	$(MANAGE) backup $(BACKUP_ARGS)

restore: export DEMO ?= on
restore: $(VENV)/.installed
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/<time>" >&2; exit 1; }
	$(MANAGE) restore "$(FROM)" $(RESTORE_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy openjobcenter

messages: $(VENV)/.installed
	DEMO=on $(MANAGE) makemessages --no-obsolete --no-location --ignore 'node_modules/*' --ignore 'var/*' --ignore '.venv/*' --ignore 'tests/*' -l en -l tr -l ar -l uk -l ru

check-messages: setup
	DEMO=on $(PY) scripts/check_translations.py

test-sqlite: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: setup
	DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint typecheck check-messages test-sqlite test-postgres

clean:
	rm -rf var/static var/vendor
