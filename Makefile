# Two commands do everything: `make demo` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: install demo test lint bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## Install, then ingest the bundled sample corpus into a fresh SQLite
## (plantrack-data/demo.db) and serve the dashboard on http://127.0.0.1:8000/.
demo: install
	$(BIN)/plantrack demo

## Install, then run the whole test suite.
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src

bench: install
	$(BIN)/python benchmarks/bench_pipeline.py --n 2000

clean:
	rm -rf $(VENV) plantrack-data build *.egg-info
