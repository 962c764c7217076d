# The two commands: `make run` serves Utblick with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install migrate demo lint test-sqlite test-postgres bench

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/utblick migrate --noinput -v0

demo: migrate
	$(BIN)/utblick demo load

run: demo
	$(BIN)/utblick collectstatic --noinput -v0
	scripts/serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/utblick makemigrations --check --dry-run -v0

test-sqlite: install
	$(BIN)/pytest -n 2 -q

test-postgres: install
	scripts/with-postgres $(BIN)/pytest -n 2 -q -m "not browser"

test: lint test-sqlite test-postgres

bench: install
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done
