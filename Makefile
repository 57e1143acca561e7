# GBTP Newsroom — the two commands a newcomer needs are `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is the embedded trial setup: DEBUG on, SQLite and local files unless DATABASE_URL says otherwise.
RUN_ENV := DEBUG=true

.PHONY: run test venv demo lint format check audit messages clean bench

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

# The task worker runs beside the web server, as in production: search indexing and kits run there.
run: demo
	@echo "GBTP Newsroom: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# The whole suite. Runs on PostgreSQL when DATABASE_URL points at one, on SQLite otherwise, with the
# production defaults (DEBUG off; search indexing, kits and mail left to the task worker, which the
# tests run with `db_worker` in process or as real worker processes).
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

# Every public page against Django's floor at newsroom scale (bench/pages.py; README says how long).
# BENCH_ARGS="--releases 10000 --events 1000 --photos 2000" for a smaller newsroom.
bench: venv
	$(PY) bench/pages.py $(BENCH_ARGS)

# Known vulnerabilities in the exact versions of requirements.lock (pip-audit; nothing is installed).
# Fails on a vulnerability, and (exit 3) when packages could not be looked up because the advisory
# service is unreachable: pip-audit alone then says "No known vulnerabilities found".
# AUDIT_ARGS="-s osv" asks OSV instead, where api.osv.dev is reachable.
audit: venv
	scripts/audit-deps $(AUDIT_ARGS)

# Refresh the English catalogue after changing Korean UI strings, then translate the new entries in
# locale/en/LC_MESSAGES/django.po and run this again to compile it (needs GNU gettext).
messages: venv
	$(RUN_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench
	msgfmt --check -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po
	msgfmt --check -o locale/ko/LC_MESSAGES/django.mo locale/ko/LC_MESSAGES/django.po
	msgfmt --check -o locale/ko/LC_MESSAGES/djangojs.mo locale/ko/LC_MESSAGES/djangojs.po

clean:
	rm -rf $(VENV) db.sqlite3 media .pytest_cache
