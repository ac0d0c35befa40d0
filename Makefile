# talentmarket developer commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_DB ?= var/talentmarket.db
# test processes (pytest-xdist): one per core; each test file runs whole in one of them, and
# on PostgreSQL each process has its own database beside the configured one (tests/conftest.py)
TEST_WORKERS ?= auto

.PHONY: help install run test test-fast lint format clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with dev tools

run: $(STAMP)  ## serve on SQLite with the starter taxonomy and demo data (http://$(HOST):$(PORT)/docs)
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/talentmarket --database sqlite:///$(DEMO_DB) demo up --host $(HOST) --port $(PORT)

test: $(STAMP)  ## run the test suite (set TALENTMARKET_TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

test-fast: $(STAMP)  ## run the tests that do not load the real model
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile -m "not slow"

lint: $(STAMP)  ## ruff (lint + format check), mypy --strict and the layering contracts
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)  ## apply ruff formatting and safe fixes
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:  ## remove caches and the demo database
	rm -rf .mypy_cache .ruff_cache .pytest_cache .import_linter_cache var
