# Relais — the two commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := relais.settings

.PHONY: demo test quality setup assets messages serve clean

setup: $(VENV)/.installed node_modules/.installed assets messages

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Relais a besoin de Python 3.11 (PYTHON=... pour en choisir un autre).")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/css/relais.css

# Translations of the public pages and leaflets: the .mo files are built from the .po files.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MESSAGES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py build_translations

build/css/relais.css: node_modules/.installed $(wildcard relais/core/assets/*.scss)
	npm run --silent build

demo: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	bash scripts/serve-demo.sh

test: setup
	bash scripts/run-tests.sh

quality: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py document_indicators --check
	RELAIS_DEMO=0 RELAIS_SECRET_KEY=quality-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	RELAIS_HASH_KEY=quality-check RELAIS_IBAN_KEY=quality-check RELAIS_ALLOWED_HOSTS=relais.example.fr \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules build var
