# The two commands a newcomer needs: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.bordermap-installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint install bench geodata clean

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

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts instance .ruff_cache
