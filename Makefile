# Veracity: `make help` lists the targets.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := .make
export VERACITY_DATA_DIR ?= $(CURDIR)/data

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint format index clean bench-verdicts

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(STAMP)/python: pyproject.toml
	@mkdir -p $(STAMP)
	# CPU torch first: a bare torch requirement would pull a multi-GB CUDA build.
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)/python ## Install everything the service and the tests need

run: install ## Serve the API on $(HOST):$(PORT), building the index from the bundled corpus on first start
	veracity serve --host $(HOST) --port $(PORT)

index: install ## Build (or repair) the index in $(VERACITY_DATA_DIR)
	veracity stats
	veracity check-index --repair

lint: install ## Check style: ruff (lint + format)
	ruff check .
	ruff format --check .

format: install ## Rewrite files in the pinned style
	ruff check --fix .
	ruff format .

test: lint ## Lint, then run every test (real model, real browser, ../shared data when present)
	$(PYTHON) -m pytest -q

test-fast: install ## Run the tests that need neither the real model nor a browser
	$(PYTHON) -m pytest -q -m "not slow and not browser"

bench-verdicts: install ## Verdict accuracy / leave-out abstention on CheckThat! 2B dev, and stance accuracy (needs ../shared)
	$(PYTHON) -m bench.stance
	$(PYTHON) -m bench.verdicts

clean: ## Remove the data directory, build output and caches
	rm -rf data dist $(STAMP) .pytest_cache .ruff_cache build *.egg-info
