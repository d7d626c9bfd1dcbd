# The two commands a new user needs: `make demo` (the main job on the bundled example)
# and `make test` (the test suite). Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mirbone-installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mirbone demo -o demo-report --force

test: $(STAMP)
	$(BIN)/ruff check mirbone tests examples resources/build
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check mirbone tests examples resources/build
	$(BIN)/ruff format --check mirbone tests examples resources/build

bench: $(STAMP)
	for script in tests/benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) demo-report build dist .pytest_cache .ruff_cache
