# The two commands a new user needs: `make demo` (the main job on the bundled example)
# and `make test` (the test suite). Both create .venv and install what they need, at the
# exact versions of requirements/lock.txt (`make lock` rewrites it from pyproject.toml).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
STAMP := $(VENV)/.mirbone-installed
# The resolver `make lock` uses, itself pinned so that the lock is rebuilt the same way.
UV_VERSION := 0.13.9
LINTED := mirbone tests examples resources/build

.PHONY: demo test lint bench docs lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --constraint requirements/lock.txt -e ".[test,docs]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mirbone demo -o demo-report --force

test: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

bench: $(STAMP)
	for script in tests/benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# Resolve every runtime, test and docs dependency (transitive ones included) to exact
# versions for CPython 3.11. Pins already in the lock are kept unless pyproject.toml rules
# them out; `make lock UPGRADE=--upgrade` moves everything to the newest releases.
# Afterwards run the whole suite (`make test`) and commit both files.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra test --extra docs --python-version 3.11 \
		--custom-compile-command "make lock" $(UPGRADE) --quiet -o $(LOCK)

clean:
	rm -rf $(VENV) demo-report build dist docs/_build .pytest_cache .ruff_cache
