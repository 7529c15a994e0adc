# The commands of the README: `make demo`, `make test`, `make prod` and `make docs`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

DOCS_VENV ?= .venv-docs

.PHONY: demo test prod setup lint check clean docs docs-build docs-serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	./scripts/install-system-deps
	DEBUG=true $(BIN)/python manage.py compilemessages -v0 --ignore=.venv

## Run the portal with the Kon Tum demo data (SQLite unless DATABASE_URL is set),
## carried through the July 2025 reorganisation; prints the demo accounts.
## The port: make demo PORT=8001 (8000 by default).
demo: export DEBUG ?= true
# runserver speaks plain HTTP: the cookies' Secure flag (on by default) would drop them.
demo: export SESSION_COOKIE_SECURE ?= false
demo: export CSRF_COOKIE_SECURE ?= false
demo: setup
	$(BIN)/python manage.py migrate -v0
	$(BIN)/python manage.py load_demo
	@$(BIN)/python manage.py demo_accounts --url http://127.0.0.1:$(PORT)/
	@echo "Mở http://127.0.0.1:$(PORT)/?period=2016Q3 (Quý III/2016, số liệu đã công bố); cổng khác: make demo PORT=8001"
	@echo "Hướng dẫn sử dụng: http://127.0.0.1:$(PORT)/huong-dan/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Run lint and the whole test suite (SQLite unless DATABASE_URL is set).
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/python -m pytest -n 2 --create-db

## The production set-up on this machine: nginx (TLS) + gunicorn + PostgreSQL + Redis.
prod: setup
	deploy/run-local

## The documentation site (docs/, MkDocs): the user guide's screenshots taken again on a
## throwaway demo (docs/screenshots.py), then built into site/ with warnings as errors.
$(DOCS_VENV)/.installed: docs/requirements.txt
	$(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/pip install -q -r docs/requirements.txt
	touch $@

docs: setup $(DOCS_VENV)/.installed
	$(BIN)/python docs/screenshots.py
	NO_MKDOCS_2_WARNING=1 $(DOCS_VENV)/bin/mkdocs build --strict

## The site alone, from the screenshots in the repository (CI).
docs-build: $(DOCS_VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(DOCS_VENV)/bin/mkdocs build --strict

docs-serve: $(DOCS_VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(DOCS_VENV)/bin/mkdocs serve -a 127.0.0.1:8002

clean:
	rm -rf $(VENV) $(DOCS_VENV) db staticfiles site
