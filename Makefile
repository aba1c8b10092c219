# The two commands a newcomer needs: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.bordermap-installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint install bench geodata translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/bordermap serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Also run by `make test` (tests/test_lint.py); rules and exceptions are in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m benchmarks

geodata: $(STAMP)
	$(BIN)/python geodata/scripts/derive_admin.py
	$(BIN)/python geodata/scripts/build_features.py

# Gather the interface's strings into the template, merge them into each language's catalogue,
# then compile the .mo files the app reads (committed, so an install needs no build step).
translations: $(STAMP)
	$(BIN)/pybabel extract --no-location -F babel.cfg -k t -k nt:1,2 -k N_ -k _l -o app/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i app/translations/messages.pot -d app/translations
	$(BIN)/pybabel compile --statistics -d app/translations

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts instance .ruff_cache
