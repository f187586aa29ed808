# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck pytest migrate demo messages clean

# The stamp is newer than pyproject.toml once it is installed, so a second run is quick.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

migrate: $(VENV)/.installed-run
	$(BIN)/mukti migrate --noinput

demo: migrate
	$(BIN)/mukti demo

# The job worker runs beside the server and stops with it.
run: demo
	@echo "Mukti is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/mukti db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
		DEBUG=true $(BIN)/mukti runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy mukti

pytest: $(VENV)/.installed-dev
	$(BIN)/mukti makemigrations --check --dry-run
	$(BIN)/pytest

test: lint typecheck pytest

# Domain apps keep their own Bengali catalogue in mukti/<app>/locale/.
DOMAIN_APPS := identification aftercare tracing repatriation justice prevention impact

messages: $(VENV)/.installed-dev
	cd mukti && ../$(BIN)/django-admin makemessages --locale bn --no-obsolete --ignore 'static/*' \
		$(foreach app,$(DOMAIN_APPS),--ignore '$(app)/*')
	for app in $(DOMAIN_APPS); do \
		(cd mukti/$$app && ../../$(BIN)/django-admin makemessages --locale bn --no-obsolete) || exit 1; \
	done
	cd mukti && ../$(BIN)/django-admin compilemessages --locale bn

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
