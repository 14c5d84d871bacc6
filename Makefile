# The daily verbs. `make help` lists them. The first two are the README's two commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make pytest`/`make test`: one per core; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
# Digdir's Designsystemet, vendored into static/vendor/designsystemet/ (make designsystemet refreshes it).
DS_CSS_VERSION ?= 1.22.0
DS_THEME_VERSION ?= 1.11.0

.DEFAULT_GOAL := help
.PHONY: help run test install oidc-provider migrate seed lint types format check pytest e2e bench worker beat messages designsystemet clean

help: ## List every target
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-15s %s\n", $$1, $$2}'

run: install migrate seed ## Set up and serve the product on the embedded default (SQLite, eager Celery, console email, demo data)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install lint types check pytest ## Set up and run the whole test suite (ruff, mypy, checks, migrations check, pytest)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the dependencies

OIDC_PROVIDER := tests/e2e/oidc
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the OpenID Connect browser test will be skipped"; fi

oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json ## Install the local OpenID Connect provider the browser tests start (Node.js)

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

seed: install ## Load the demo data (idempotent)
	$(BIN)/python manage.py seed_demo

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install ## mypy with django-stubs over the product code (0 errors)
	$(BIN)/mypy .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and a check that models and migrations agree
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: install oidc-provider ## Run pytest (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set), one worker per core
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

e2e: install oidc-provider ## Only the browser tests (needs /usr/bin/chromium)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load tests/e2e $(PYTEST_ARGS)

bench: install ## Print benchmark figures beside their baselines (allocation, reminders, letters, pages, transitions, head-count import)
	@for f in tests/bench/bench_*.py; do m=$${f%.py}; echo "== $$m"; DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m $${m//\//.} || exit 1; done

worker: install ## Run a Celery worker (needs REDIS_URL)
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install ## Run Celery beat, exactly one per deployment (needs REDIS_URL)
	$(BIN)/celery -A config beat --loglevel=INFO

# The translated languages; bokmål is the source language (the msgids), so it has no catalogue.
TRANSLATIONS := en nn

messages: install ## Update the English and nynorsk catalogues from the code, fill them from locale/<lang>.json, compile them
	$(BIN)/python manage.py makemessages $(TRANSLATIONS:%=-l %) --ignore=.venv --ignore=node_modules --ignore=tests --ignore=staticfiles --no-obsolete
	@# Lists (and exits 1 for) any msgid a locale/<lang>.json lacks, after compiling what there is.
	@status=0; for lang in $(TRANSLATIONS); do \
	  $(BIN)/python scripts/fill_po.py locale/$$lang/LC_MESSAGES/django.po locale/$$lang.json || status=1; \
	done; \
	$(BIN)/python manage.py compilemessages $(TRANSLATIONS:%=-l %) --ignore=.venv && exit $$status

designsystemet: ## Refresh the vendored Designsystemet CSS and theme in static/vendor/designsystemet/ (needs npm; make run does not)
	scripts/vendor_designsystemet.sh $(DS_CSS_VERSION) $(DS_THEME_VERSION)

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles media
