# GBTP Newsroom — the two commands a newcomer needs are `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is the embedded trial setup: DEBUG on, SQLite and local files unless DATABASE_URL says otherwise.
RUN_ENV := DEBUG=true

.PHONY: run test venv demo lint format check messages clean

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

# Checkers the tests run against rendered pages (axe-core, the Nu Html Checker), from the npm registry.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(VENV)/.installed

demo: venv
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py create_demo_editor

run: demo
	@echo "GBTP Newsroom: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# The whole suite. Runs on PostgreSQL when DATABASE_URL points at one, on SQLite otherwise.
test: venv node_modules/.installed
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: venv
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: venv
	$(RUN_ENV) $(PY) manage.py check
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

# Refresh the English catalogue after changing Korean UI strings, then translate the new entries in
# locale/en/LC_MESSAGES/django.po and run this again to compile it (needs GNU gettext).
messages: venv
	$(RUN_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench
	msgfmt --check -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) db.sqlite3 media .pytest_cache
