# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run serve test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Serve on http://127.0.0.1:$(PORT) with the embedded SQLite database and the demo data.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

## Production: gunicorn on DATABASE_URL (PostgreSQL), migrations first; refuses to start without
## a real SECRET_KEY. See «Работа на сервере» in the README.
serve: install
	METODKABINET_ENV=production $(BIN)/flask db upgrade
	METODKABINET_ENV=production $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

## The whole suite (SQLite; also PostgreSQL when TEST_DATABASE_URL is set).
test: install-test
	$(BIN)/python -m pytest

## Plan page and row save against /healthz, 500 and 2000 activities.
bench: install-test
	$(BIN)/python bench/plan_bench.py

clean:
	rm -rf $(VENV) instance .pytest_cache
