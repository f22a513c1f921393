# Veracity: `make help` lists the targets.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := .make
export VERACITY_DATA_DIR ?= $(CURDIR)/data

.DEFAULT_GOAL := help
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: help install run test test-fast lint format index bench model clean extension soak fuzz-nightly crash-nightly bench-quality bench-verdicts

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

model: install ## Export the embedding model to ONNX once (serving then needs neither torch nor onnx)
	$(PYTHON) -m service.cli model export

run: install ## Serve the API on $(HOST):$(PORT), building the index from the bundled corpus on first start
	veracity serve --host $(HOST) --port $(PORT)

index: install ## Build (or repair) the index in $(VERACITY_DATA_DIR)
	$(PYTHON) -m service.cli model export
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

bench: install ## Speed: ours vs the naive baseline at 10k/100k/1M statements -> docs/benchmarks.md (<30 min)
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk)
	$(PYTHON) -m bench.speed $(BENCH_ARGS)

soak: install ## Soak: gunicorn on a 100k index, 60 s at 80% of saturation with live adds (needs wrk, ../shared)
	command -v wrk >/dev/null || $(SUDO) apt-get install -y wrk
	test -f data/soak-100k/index/manifest.json || $(PYTHON) -m bench.soak build
	$(PYTHON) -m bench.soak run

fuzz-nightly: install ## Fuzz the API with 10,000+ generated requests (schemathesis) and the property tests
	FUZZ_EXAMPLES=2500 $(PYTHON) -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py tests/test_properties.py

crash-nightly: install ## SIGKILL the 19k PolitiFact import (real model) at random points and count losses
	NIGHTLY=1 $(PYTHON) -m pytest -q -s tests/test_crash.py

bench-quality: install ## Match quality on the CheckThat! dev splits (needs ../shared): docs/benchmarks.md
	$(PYTHON) -m bench.quality

extension: $(STAMP)/node ## Build the Chrome and Firefox zips into dist/
	cd extension && npm run --silent build

bench-verdicts: install ## Verdict accuracy / leave-out abstention on CheckThat! 2B dev, and stance accuracy (needs ../shared)
	$(PYTHON) -m bench.stance
	$(PYTHON) -m bench.verdicts --fit  # the calibration and the train curve (copy to CALIBRATION)
	$(PYTHON) -m bench.verdicts
	$(PYTHON) -m bench.contrast

.PHONY: stance-model
stance-model: install ## Train the claim-pair judge (service/judgement/judge/judge.npz) from ../shared
	$(PYTHON) -m service.training.judge_fit

clean: ## Remove the data directory, build output and caches
	rm -rf data dist $(STAMP) .pytest_cache .ruff_cache build *.egg-info
