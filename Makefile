# Veracity: `make help` lists the targets.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := .make
export VERACITY_DATA_DIR ?= $(CURDIR)/data

.DEFAULT_GOAL := help
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: help install run test test-fast lint format index clean extension bench-quality

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(STAMP)/python: pyproject.toml
	@mkdir -p $(STAMP)
	# CPU torch first: a bare torch requirement would pull a multi-GB CUDA build.
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

$(STAMP)/node: extension/package.json extension/package-lock.json
	@mkdir -p $(STAMP)
	cd extension && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The browser tests drive Debian's Chromium; never a downloaded browser.
$(STAMP)/chromium:
	@mkdir -p $(STAMP)
	command -v chromium >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)
	@touch $@

install: $(STAMP)/python $(STAMP)/node $(STAMP)/chromium ## Install everything the service and the tests need

run: install ## Serve the API on $(HOST):$(PORT), building the index from the bundled corpus on first start
	veracity serve --host $(HOST) --port $(PORT)

index: install ## Build (or repair) the index in $(VERACITY_DATA_DIR)
	veracity stats
	veracity check-index --repair

lint: install ## Check style: ruff (lint + format) for Python, eslint + prettier for the extension
	ruff check .
	ruff format --check .
	cd extension && npm run --silent lint && npm run --silent format:check

format: install ## Rewrite files in the pinned style
	ruff check --fix .
	ruff format .
	cd extension && npm run --silent format

test: lint ## Lint, then run every test (real model, real browser, ../shared data when present)
	cd extension && npm test --silent && npm run --silent lint:firefox
	$(PYTHON) -m pytest -q

test-fast: install ## Run the tests that need neither the real model nor a browser
	$(PYTHON) -m pytest -q -m "not slow and not browser"

bench-quality: install ## Match quality on the CheckThat! dev splits (needs ../shared): docs/benchmarks.md
	$(PYTHON) -m bench.quality

extension: $(STAMP)/node ## Build the Chrome and Firefox zips into dist/
	cd extension && npm run --silent build

clean: ## Remove the data directory, build output and caches
	rm -rf data dist $(STAMP) .pytest_cache .ruff_cache build *.egg-info
