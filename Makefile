# Two commands do everything: `make demo` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DEMO_DB := plantrack-data/demo.db

.PHONY: install demo test lint bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## Install, then ingest the bundled sample corpus into a fresh SQLite, list it, show the
## sample plan's outline and its 2025 targets.
demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/plantrack --database-url sqlite:///$(DEMO_DB) ingest examples/corpus
	$(BIN)/plantrack --database-url sqlite:///$(DEMO_DB) docs
	$(BIN)/plantrack --database-url sqlite:///$(DEMO_DB) show 6 --no-text
	$(BIN)/plantrack --database-url sqlite:///$(DEMO_DB) targets --year 2025 --limit 25

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
