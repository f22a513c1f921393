# Veracity: `make help` lists the targets.
#
# Everything Python runs inside the project virtualenv .venv, installed from the locks in
# requirements/: nothing is ever pip-installed into the Python that creates it (a Debian
# or Ubuntu system Python refuses that anyway). A new target runs its tools as $(PY) -m ...
# or $(BIN)/<tool>, and depends on `install` (serving needs) or `dev` (tests, benches, lint).

# The interpreter that creates .venv (Python >= 3.11): `make BASE_PYTHON=python3.12 ...`.
BASE_PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
# The name older targets use for the same interpreter.
PYTHON := $(PY)
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := .make
export VERACITY_DATA_DIR ?= $(CURDIR)/data

.DEFAULT_GOAL := help
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: help install dev run test test-fast lint format index bench model lock clean distclean \
	extension soak fuzz-nightly crash-nightly bench-quality bench-verdicts

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(PY):
	@$(BASE_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Veracity needs Python 3.11 or newer to create $(VENV); '$(BASE_PYTHON)' is" \
	    "$$(command -v $(BASE_PYTHON) >/dev/null && $(BASE_PYTHON) --version 2>&1 || echo 'not found')." \
	    "Install Python 3.11+ (with its venv module) or run: make BASE_PYTHON=python3.11 ..." >&2; \
	  exit 1; }
	$(BASE_PYTHON) -m venv $(VENV)

# Exactly the locked versions, each checked against its hash; --no-deps so that nothing
# the lock does not name is resolved on the side. CPU torch goes first, by its own pin.
$(VENV)/.runtime: requirements/torch.txt requirements/runtime.txt pyproject.toml | $(PY)
	$(PIP) install --quiet --no-deps -r requirements/torch.txt
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/runtime.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check || { echo "The locks do not match pyproject.toml: run make lock." >&2; exit 1; }
	@touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.runtime
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/dev.txt
	$(PIP) check || { echo "The locks do not match pyproject.toml: run make lock." >&2; exit 1; }
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

install: $(VENV)/.runtime ## Create .venv with what serving needs (requirements/runtime.txt)

dev: $(VENV)/.dev $(STAMP)/node $(STAMP)/chromium ## Add the test tools (requirements/dev.txt), npm packages and Chromium

# Hashes for every file of a release; torch stays out (its CPU build is pinned on its own).
# The runtime lock is resolved first and constrains the dev lock, so the two agree.
LOCK_ARGS = --quiet --generate-hashes --strip-extras --unsafe-package torch \
	--no-emit-index-url --no-emit-find-links -c requirements/torch.txt $(if $(UPGRADE),--upgrade)

# pip-tools comes from the current dev lock: that works while pyproject.toml is ahead of it.
lock: | $(PY) ## Re-resolve requirements/*.txt after editing pyproject.toml (UPGRADE=1: newest allowed)
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/dev.txt
	$(BIN)/pip-compile $(LOCK_ARGS) --output-file requirements/runtime.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK_ARGS) --extra dev --extra milvus -c requirements/runtime.txt \
		--output-file requirements/dev.txt pyproject.toml
	@echo "pinned: $$(grep -cE '^[a-z0-9._-]+==' requirements/runtime.txt) runtime," \
		"$$(grep -cE '^[a-z0-9._-]+==' requirements/dev.txt) dev, and torch (requirements/torch.txt)"

model: install ## Export the embedding model to ONNX once (serving then needs neither torch nor onnx)
	$(PY) -m service.cli model export

run: install ## Serve the API on $(HOST):$(PORT), building the index from the bundled corpus on first start
	$(BIN)/veracity serve --host $(HOST) --port $(PORT)

index: install ## Build (or repair) the index in $(VERACITY_DATA_DIR)
	$(PY) -m service.cli model export
	$(BIN)/veracity stats
	$(BIN)/veracity check-index --repair

lint: dev ## Check style: ruff (lint + format) for Python, eslint + prettier for the extension
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd extension && npm run --silent lint && npm run --silent format:check

format: dev ## Rewrite files in the pinned style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	cd extension && npm run --silent format

test: lint ## Install (runtime + dev), lint, then run every test (real model, real browser, ../shared data when present)
	cd extension && npm test --silent && npm run --silent lint:firefox
	$(PY) -m pytest -q

test-fast: $(VENV)/.dev ## Run the tests that need neither the real model nor a browser
	$(PY) -m pytest -q -m "not slow and not browser"

bench: dev ## Speed: ours vs the naive baseline at 10k/100k/1M statements -> docs/benchmarks.md (<30 min)
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk)
	$(PY) -m bench.speed $(BENCH_ARGS)

soak: dev ## Soak: gunicorn on a 100k index, 60 s at 80% of saturation with live adds (needs wrk, ../shared)
	command -v wrk >/dev/null || $(SUDO) apt-get install -y wrk
	test -f data/soak-100k/index/manifest.json || $(PY) -m bench.soak build
	$(PY) -m bench.soak run

fuzz-nightly: dev ## Fuzz the API with 15,000+ generated requests (schemathesis) and the property tests
	FUZZ_EXAMPLES=2500 $(PY) -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py tests/test_properties.py

crash-nightly: dev ## SIGKILL the 19k PolitiFact import (real model) at random points and count losses
	NIGHTLY=1 $(PY) -m pytest -q -s tests/test_crash.py

bench-quality: dev ## Match quality on the CheckThat! dev splits (needs ../shared): docs/benchmarks.md
	$(PY) -m bench.quality

extension: $(STAMP)/node ## Build the Chrome and Firefox zips into dist/
	cd extension && npm run --silent build

bench-verdicts: dev ## Verdict accuracy / leave-out abstention on CheckThat! 2B dev, stance, contrast, judge latency (needs ../shared)
	$(PY) -m bench.stance
	$(PY) -m bench.verdicts --fit  # the calibration and the train curve (copy to CALIBRATION)
	$(PY) -m bench.verdicts
	$(PY) -m bench.contrast
	$(PY) -m bench.ceiling
	$(PY) -m bench.judge_latency --rounds 3

.PHONY: stance-model
stance-model: dev ## Train the claim-pair judges (judge/judge.npz, cross/model_int8.onnx) from ../shared
	$(PY) -m service.training.judge_fit
	$(PY) -m service.training.cross_fit
	$(PY) -m service.training.cross_fit --holdout  # the checkpoint the fold students start from
	$(PY) -m service.training.folds  # for bench.verdicts --fit (the calibration), not shipped

.PHONY: bench-attribution
bench-attribution: dev ## Attributed-quote extraction vs hand labels on FNC-1 news bodies (needs ../shared): docs/benchmarks.md
	$(PY) -m bench.attribution

.PHONY: bench-sync
bench-sync: dev ## Sync throughput: articles/s on the fixture web, fake embedder and real model (docs/sync.md)
	$(PY) -m bench.sync_speed --articles 300
	$(PY) -m bench.sync_speed --articles 300 --real
	$(PY) -m bench.sync_speed --articles 90 --hosts 3 --delay 0.2

clean: ## Remove the data directory, build output and caches (keeps .venv)
	rm -rf data dist $(STAMP) .pytest_cache .ruff_cache build *.egg-info

distclean: clean ## Also remove .venv: the next target re-creates it from the locks
	rm -rf $(VENV)
