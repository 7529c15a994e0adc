# The commands of the README: `make demo`, `make test` and `make prod`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test prod setup lint check clean

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

clean:
	rm -rf $(VENV) db staticfiles
