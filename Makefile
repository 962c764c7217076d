# The two commands: `make run` serves Utblick with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT PYTHON

.PHONY: run test install install-dev migrate demo lint test-sqlite test-postgres soak-short bench lock openapi

# The instance's own random SECRET_KEY (settings.py reads it when SECRET_KEY is not set).
var/secret-key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" >$@

# Serving: requirements.lock only (no test or build tools). Testing: requirements-dev.lock,
# the same pins plus the test tools. scripts/install says how nothing drifts: the venv's own pip
# runs `pip install --no-deps --only-binary :all: --require-hashes -r requirements.lock`.
$(VENV)/.installed-serve: requirements.lock pyproject.toml | var/secret-key
	scripts/install requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | var/secret-key
	scripts/install requirements-dev.lock
	touch $@

install: $(VENV)/.installed-serve
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/utblick migrate --noinput -v0

demo: migrate
	$(BIN)/utblick demo load

# Plain HTTP on loopback, so HTTPS (redirect, secure cookies, HSTS) is turned off explicitly.
run: demo
	HTTPS=$${HTTPS:-off} scripts/serve

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/utblick makemigrations --check --dry-run -v0

test-sqlite: install-dev
	rm -f test-artifacts/test-counts-sqlite.json
	$(BIN)/pytest -n 2 -q

test-postgres: install-dev
	rm -f test-artifacts/test-counts-postgresql.json
	scripts/with-postgres $(BIN)/pytest -n 2 -q -m "not browser"

# The soak in short (bench/soak.py): 16 clients for 25 s against gunicorn on loopback.
soak-short: install-dev
	rm -f test-artifacts/soak.json
	SOAK_SECONDS=25 $(BIN)/python bench/soak.py

test: lint test-sqlite test-postgres soak-short
	$(BIN)/python scripts/test-summary

# Re-pin both locks from pyproject.toml (keeps existing pins where they still fit).
lock: install-dev
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras \
	  --no-emit-index-url --no-emit-find-links --build-deps-for=editable \
	  --output-file=requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras \
	  --no-emit-index-url --no-emit-find-links --build-deps-for=editable --extra=dev \
	  --constraint=requirements.lock --output-file=requirements-dev.lock pyproject.toml

# Rewrite the committed OpenAPI document after changing the API (a test fails until you do).
openapi: install-dev
	$(BIN)/utblick openapi > docs/openapi.json

bench: install-dev
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done
	scripts/with-postgres $(BIN)/python bench/scale.py
	$(BIN)/python bench/scale.py --table
