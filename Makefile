# Two commands do all set-up on a fresh machine:
#   make build   builds the graph from seeds/ into output/ (creates .venv on first use)
#   make test    runs the test suite (installs the test extras on first use)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SOURCES ?= seeds
OUT ?= output

.PHONY: build test clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/kg
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

build: $(BIN)/kg
	$(BIN)/kg build $(SOURCES) --out $(OUT)

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT)/graph.* $(OUT)/.kg-*
