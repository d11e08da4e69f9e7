# Ninh Thuận digital-transformation emulation: evaluation report pipeline.
# `make help` lists the targets. Every target is a thin wrapper over
# `python -m lib <command>`, which also works where make is missing.

.DEFAULT_GOAL := help
SHELL := /bin/bash
RUN ?= 2023
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# pytest-xdist workers of `make test` (a test module stays on one worker: its fixtures run once).
TEST_WORKERS ?= 2
STAMP := $(VENV)/.installed
OUT := outputs/$(RUN)
LIB_SRC := $(shell find lib -name "*.py")
NOTEBOOKS := $(wildcard notebooks/*.ipynb) $(wildcard notebooks/templates/*/*)
# The raw files as one prerequisite: an inventory (name, size, mtime) rewritten only
# when it changes, so file names with spaces or any other character are safe.
INVENTORY := data/processed/.raw-$(RUN).inventory
# Year over year: the run params/$(RUN).yaml names as previous_run (if any) is published first; its manifest is a
# prerequisite, so a re-published previous run makes this one out of date.
PREVIOUS := $(shell sed -n 's/^previous_run:[[:space:]]*\([A-Za-z0-9_-]*\).*/\1/p' params/$(RUN).yaml 2>/dev/null)
PREVIOUS_MANIFEST := $(if $(PREVIOUS),outputs/$(PREVIOUS)/manifest.json)

.PHONY: help venv report test lab template sample history check-params audit bench clean lint lock FORCE

help: ## Show this help
	@echo "Usage: make <target> [RUN=$(RUN)]"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-13s %s\n", $$1, $$2}'

$(STAMP): requirements.lock lib/run/bootstrap.py
	@$(PYTHON) -m lib.run.bootstrap --venv $(VENV)
	@touch $@

venv: $(STAMP) ## Create .venv from the hashed lock and register the project kernel

$(INVENTORY): FORCE
	@mkdir -p $(@D)
	@find data/raw/$(RUN) -type f -printf '%P\t%s\t%T@\n' 2>/dev/null | LC_ALL=C sort > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# The recipe's $(eval) runs only when the run is rebuilt: `report` then knows whether to say it was up to date.
$(OUT)/manifest.json: $(STAMP) params/$(RUN).yaml $(wildcard params/documents/*.yaml) requirements.lock $(LIB_SRC) $(NOTEBOOKS) $(INVENTORY) $(PREVIOUS_MANIFEST)
	$(eval REPORT_RAN := yes)
	$(PY) -m lib report --run $(RUN)

ifneq ($(PREVIOUS),)
$(PREVIOUS_MANIFEST): FORCE
	@$(MAKE) --no-print-directory report RUN=$(PREVIOUS)
endif

report: $(OUT)/manifest.json ## Run the notebooks and publish outputs/$(RUN)/ (says so if already up to date)
	@$(if $(REPORT_RAN),:,$(PY) -m lib.run.messages REPORT_UP_TO_DATE folder=$(OUT))

check-params: $(STAMP) ## Validate params/$(RUN).yaml
	$(PY) -m lib check-params --run $(RUN)

audit: $(STAMP) ## Re-execute in a temporary copy and compare every hash with outputs/$(RUN)/manifest.json
	$(PY) -m lib audit --run $(RUN)

test: $(STAMP) ## Install the system tools the tests need (chromium, soffice) if missing, run the test suite
	@$(PY) -m tests.support.system_tools
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

bench: $(STAMP) ## Measure run costs (floor, province, no-op, national scale, scoring rows/s, peak memory)
	$(PY) scripts/bench.py

lint: $(STAMP) ## ruff on lib/ and tests/
	$(PY) -m ruff check lib tests

lab: $(STAMP) ## Open JupyterLab on the notebooks with the project kernel
	$(PY) -m jupyter lab notebooks/

template: $(STAMP) ## Write the blank submission workbook and docs/data_dictionary.md
	$(PY) -m lib template --run $(RUN)

sample: $(STAMP) ## Regenerate the synthetic sample in data/raw/$(RUN) (deterministic)
	$(PY) -m lib generate-sample --run $(RUN)

history: $(STAMP) ## Append outputs/$(FROM)/award_list.csv's recommended list to data/raw/$(RUN)/award_history.csv (FROM=<earlier run>)
	@test -n "$(FROM)" || { $(PY) -m lib.run.messages HISTORY_FROM_MISSING; exit 2; }
	$(PY) -m lib seed-history --from $(FROM) --run $(RUN)

lock: ## Re-resolve requirements.in into the hashed requirements.lock (needs uv)
	uv pip compile --universal --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

clean: ## Delete generated files (outputs/, data/processed/); never data/raw
	find outputs data/processed -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
