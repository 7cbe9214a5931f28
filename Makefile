# Two entry points: `make demo` builds the seeds into output/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test browser clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $(BIN)/kg

install: $(BIN)/kg

demo: install
	$(BIN)/kg build seeds --out output

install-test: install
	$(BIN)/pip install --quiet -e '.[test]'

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
