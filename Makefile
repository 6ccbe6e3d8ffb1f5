# The pipeline, top to bottom:
#   raw files (data/raw, checked against datapackage.json)
#     → 01_clean                    tidy tables in data/processed, row accounting, data-quality checks
#     → 02_rankings_2011_2015       force rankings (counts, rates, reproduction check, coverage)
#     → 03_west_midlands_2016       West Midlands Police's 2016 breaches by category
#     → 04_outcomes_2011_2015       outcomes on one scale
#     → 05_west_midlands_in_context every West Midlands series, each in its own unit
#     → 06_summary                  the findings, read from the tables above
#     → reports/index.html          one page, code hidden, summary first
# Each notebook is stored as a jupytext .py file with its parameters in params/; its executed copy in
# build/ marks the step as done. Outputs are written atomically, so an interrupted build never leaves a
# half-written file that make would take for finished.

.DELETE_ON_ERROR:
.DEFAULT_GOAL := report
SHELL := /bin/bash
# Independent notebooks run side by side, one per core; each step's log is printed whole when it ends.
MAKEFLAGS += --jobs=$(shell nproc 2>/dev/null || echo 2) --output-sync=target

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
ENV_STAMP ?= $(VENV)/.installed

PACKAGE := $(shell find src -name '*.py' -not -path '*/__pycache__/*' | sort)
CONFIG := $(wildcard config/*.csv)
RAW := datapackage.json $(shell find data/raw -type f | sort)

# Report order: summary first, then the charts, then how the data were checked.
REPORT_NOTEBOOKS := $(addprefix build/,$(addsuffix .ipynb,06_summary 03_west_midlands_2016 02_rankings_2011_2015 \
                    04_outcomes_2011_2015 05_west_midlands_in_context 01_clean))

.PHONY: report test check lab lock bench browser clean clean-env env

report: reports/index.html ## Build every table, figure and the HTML report (creates the environment first)

env: $(ENV_STAMP) ## Create .venv from the pinned requirements.txt

# The environment: a virtual environment in the repository, installed from the pinned lock with uv.
$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	$(PY) -m police_breaches.kernel
	touch $@

build/%.ipynb: notebooks/%.py params/%.yml $(CONFIG) $(PACKAGE) $(ENV_STAMP)
	$(PY) -m police_breaches.run $< $@ -f params/$*.yml

# What each notebook reads besides its own source, parameters, config and the package.
build/01_clean.ipynb: $(RAW)
build/02_rankings_2011_2015.ipynb build/03_west_midlands_2016.ipynb build/04_outcomes_2011_2015.ipynb: build/01_clean.ipynb
build/04_outcomes_2011_2015.ipynb build/05_west_midlands_in_context.ipynb: datapackage.json
build/05_west_midlands_in_context.ipynb: build/01_clean.ipynb
build/06_summary.ipynb: build/01_clean.ipynb build/02_rankings_2011_2015.ipynb build/03_west_midlands_2016.ipynb \
                        build/04_outcomes_2011_2015.ipynb

reports/index.html: $(REPORT_NOTEBOOKS) docs/methodology.md datapackage.json $(PACKAGE)
	$(PY) -m police_breaches.report $(REPORT_NOTEBOOKS) -o $@
	@echo "report: $@"

check: $(ENV_STAMP) ## Check the raw data (checksums, shapes, names, totals) without building anything
	$(PY) -m police_breaches.check

test: $(ENV_STAMP) ## Run the test suite (unit tests, the notebooks on the real data, the report in a browser)
	$(PY) -m pytest

browser: ## Install Debian's Chromium for the browser test (needs root; CI runs it)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

bench: $(ENV_STAMP) ## Measure build times and the clean step on 1,000,000 synthetic rows
	$(PY) tools/bench.py

lab: $(ENV_STAMP) ## Open JupyterLab with the project's kernel; open a notebooks/*.py file "as notebook"
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

lock: $(ENV_STAMP) ## Re-pin requirements.txt from requirements.in and regenerate environment.yml
	$(VENV)/bin/uv pip compile --quiet --python 3.11 requirements.in -o requirements.txt
	$(PY) tools/make_environment_yml.py > environment.yml

clean: ## Remove build products (keeps the environment)
	rm -rf build reports
	find data/processed figures -type f -not -name .gitkeep -delete

clean-env: clean ## Remove the environment too
	rm -rf $(VENV)
