# Innovation Arena: `make run` serves the platform, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev translations lint worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(STAMP) translations

install-dev: $(DEV_STAMP) translations

translations: | $(BIN)/python
	$(BIN)/python tools/i18n.py compile

## make run: migrate, load demo data into an empty database, serve with the worker
run: install
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Innovation Arena on http://127.0.0.1:5000 (mail: http://127.0.0.1:5000/dev/mail/)"
	@$(FLASK) worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

worker: install
	$(FLASK) worker

## make test: lint, the layering contracts, the whole suite (SQLite; set TEST_DATABASE_URL
## for PostgreSQL)
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

clean:
	rm -rf $(VENV) instance/arena.sqlite search_index/*
