# The pipeline, top to bottom:
#   raw files (data/raw, checked against datapackage.json)
#     → 01_clean      tidy tables in data/processed
#     → 02_rankings   force rankings 2011–2015 (counts, rates, reproduction check)
#     → 03_wmp_2016   West Midlands Police's 2016 breaches by category
#     → reports/index.html, one page with code hidden
# Each notebook is stored as a jupytext .py file; its executed copy in build/ marks the step as done.

.DELETE_ON_ERROR:
.DEFAULT_GOAL := report
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
ENV_STAMP := $(VENV)/.installed

PACKAGE := $(shell find src -name '*.py' -not -path '*/__pycache__/*' | sort)
CONFIG := $(wildcard config/*.csv)
RAW := datapackage.json $(shell find data/raw -type f | sort)
RUN = $(PY) -m police_breaches.run $< $@ -f $(word 2,$^)

NOTEBOOKS := build/01_clean.ipynb build/03_west_midlands_2016.ipynb build/02_rankings_2011_2015.ipynb

.PHONY: report test check lab lock clean clean-env env

report: reports/index.html ## Build every table, figure and the HTML report (creates the environment first)

env: $(ENV_STAMP) ## Create .venv from the pinned requirements.txt

# The environment: a virtual environment in the repository, installed from the pinned lock with uv.
$(ENV_STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name police-breaches --display-name "Python (police-breaches)" >/dev/null
	touch $@

build/01_clean.ipynb: notebooks/01_clean.py params/01_clean.yml $(RAW) $(CONFIG) $(PACKAGE) $(ENV_STAMP)
	$(RUN)

build/02_rankings_2011_2015.ipynb: notebooks/02_rankings_2011_2015.py params/02_rankings_2011_2015.yml build/01_clean.ipynb $(CONFIG) $(PACKAGE)
	$(RUN)

build/03_west_midlands_2016.ipynb: notebooks/03_west_midlands_2016.py params/03_west_midlands_2016.yml build/01_clean.ipynb $(CONFIG) $(PACKAGE)
	$(RUN)

reports/index.html: $(NOTEBOOKS) src/police_breaches/report.py
	$(PY) -m police_breaches.report $(NOTEBOOKS) -o $@
	@echo "report: $@"

check: $(ENV_STAMP) ## Check the raw data (checksums, shapes, names, totals) without building anything
	$(PY) -m police_breaches.check

test: $(ENV_STAMP) ## Run the test suite (unit tests and the notebooks on the real data)
	$(PY) -m pytest

lab: $(ENV_STAMP) ## Open JupyterLab with the project's kernel; open a notebooks/*.py file "as notebook"
	$(VENV)/bin/jupyter lab notebooks/

lock: $(ENV_STAMP) ## Re-pin requirements.txt from requirements.in and regenerate environment.yml
	$(VENV)/bin/uv pip compile --quiet --python 3.11 requirements.in -o requirements.txt
	$(PY) tools/make_environment_yml.py > environment.yml

clean: ## Remove build products (keeps the environment)
	rm -rf build reports
	find data/processed figures -type f -not -name .gitkeep -delete

clean-env: clean ## Remove the environment too
	rm -rf $(VENV)
