# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint types unit docs bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/clearair --help
	$(BIN)/clearair check examples/draft.txt || true
	$(BIN)/clearair serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

test: lint types unit

docs: $(STAMP)
	$(BIN)/python -m clearair.language.docs > docs/labels.md

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/coldstart.py
	$(BIN)/python benchmarks/batch_memory.py
	$(BIN)/python benchmarks/load.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
