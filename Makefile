# unionhome: two commands on a fresh machine: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run install migrate messages compilemessages demo test lint pytest bench backup restore clean

$(BIN)/activate:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --upgrade pip >/dev/null

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PYTHON) -m pip install -e ".[dev]"
	touch $@

install: $(VENV)/.installed

compilemessages: install
	$(PYTHON) manage.py compilemessages --ignore=.venv -v 0

migrate: install compilemessages
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_standards

demo: migrate
	$(PYTHON) manage.py seed_demo

run: demo
	@echo "unionhome: http://$(HOST):$(PORT)/  (demo logins in README.md, password unionhome-demo)"
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

# Refresh the zh_Hans catalogue after changing translatable strings.
messages: install
	$(PYTHON) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore=bench --no-location --no-obsolete
	$(PYTHON) manage.py makemessages -d djangojs -l zh_Hans --ignore=.venv --ignore=static/vendor --no-location --no-obsolete

# Style, layer contracts (pyproject.toml [tool.importlinter]) and dead code ([tool.vulture]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/vulture

# The suite runs on SQLite; where DATABASE_URL is set it runs again on PostgreSQL.
test: lint compilemessages
	$(PYTHON) manage.py makemigrations --check --dry-run
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== SQLite (the PostgreSQL-only tests run in the next pass) =="; \
		env -u DATABASE_URL -u DATABASE_REPLICA_URL $(BIN)/pytest $(PYTEST_ARGS) -m "not postgres and not replica" && \
		echo "== PostgreSQL ==" && env -u DATABASE_REPLICA_URL $(BIN)/pytest $(PYTEST_ARGS) -m "not isolated and not replica" && \
		echo "== PostgreSQL: destructive tests, alone (restore drill, killed workers and connections) ==" && \
		env -u DATABASE_REPLICA_URL $(BIN)/pytest -p no:xdist -m isolated && \
		echo "== PostgreSQL with its streaming standby: reports read from the replica ==" && \
		$(BIN)/pytest -p no:xdist -m replica; \
	else \
		$(BIN)/pytest $(PYTEST_ARGS) -m "not replica"; \
	fi

bench: install
	$(PYTHON) -m pip install -q -e ".[dev,bench]"
	bash bench/with_services.sh $(PYTHON) bench/run_all.py

# Backup of the database and uploads into backups/<time>/; restore with FROM=backups/<time>.
backup: install
	$(PYTHON) manage.py backup_data --to backups

restore: install
	@test -n "$(FROM)" || (echo "usage: make restore FROM=backups/<folder>"; exit 2)
	$(PYTHON) manage.py restore_data "$(FROM)" --for-real

clean:
	rm -rf $(VENV) db.sqlite3 media test-artifacts
