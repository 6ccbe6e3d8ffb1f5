# Entry points. The pipeline itself, step by step, is in pipeline.py; src/police_breaches/pipeline/build.py runs it.

.DEFAULT_GOAL := report
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
ENV_STAMP ?= $(VENV)/.installed
# Every command imports this checkout's package, whichever checkout the environment was made in.
export PYTHONPATH := $(CURDIR)/src

.PHONY: report isolated test quick check check-tools lab lock readme bench browser clean clean-env env foi-plan foi-status

report: $(ENV_STAMP) ## Build every table, figure and the HTML report (creates the environment first); JOBS=1 for one step at a time
	@$(PY) -m police_breaches build $(if $(JOBS),--jobs $(JOBS))

isolated: $(ENV_STAMP) ## As report, but every notebook in its own fresh Jupyter kernel (slower; same bytes)
	@$(PY) -m police_breaches build --isolated

check: $(ENV_STAMP) ## Check the raw data and the build record without building anything
	@$(PY) -m police_breaches check

test: $(ENV_STAMP) ## Run the test suite (unit tests, the notebooks on the real data, the report in a browser)
	$(PY) -m pytest

quick: $(ENV_STAMP) ## The tests that build nothing: the quick loop while you work (under 3 minutes; `make test` runs all)
	$(PY) -m pytest -m "not build"

check-tools: report ## The ecosystem's own checkers: ruff, lint-imports, frictionless, the Nu HTML checker and Lighthouse (from npm; needs Java and Chromium)
	$(PY) tools/check_tools.py

env: $(ENV_STAMP) ## Create .venv from the pinned requirements.txt

# The environment: a virtual environment in the checkout, installed from the pinned lock with uv; then
# tools/set_up_environment.py links the package by a relative path (a copied or moved checkout runs its own
# code), registers the Jupyter kernel and installs JupyterLab's settings. A checkout moved to another folder
# rebuilds its environment (the stamp names the folder).
$(VENV)/.installed: requirements.txt pyproject.toml tools/set_up_environment.py tools/jupyterlab/overrides.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt
	$(PY) tools/set_up_environment.py $@

ifeq ($(filter clean clean-env,$(MAKECMDGOALS)),)
ifneq ($(wildcard $(ENV_STAMP)),)
STAMPED := $(shell cat $(ENV_STAMP))
ifneq ($(STAMPED),$(CURDIR))
.PHONY: $(ENV_STAMP)
endif
endif
endif

browser: ## Install Chromium for the browser test: Debian's package, or Playwright's own where apt is missing
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { command -v apt-get >/dev/null && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
	  $(PY) -m playwright install chromium

bench: $(ENV_STAMP) ## Time the full build, a one-parameter rebuild, a no-op, the floor, and the clean step on 1,000,000 rows
	$(PY) tools/bench.py

lab: $(ENV_STAMP) ## JupyterLab at the project root (PORT=8888; BROWSER=no to open no browser); double-click a notebook
	$(PY) -m jupyterlab $(if $(PORT),--port=$(PORT)) $(if $(filter no,$(BROWSER)),--no-browser) \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

foi-plan: $(ENV_STAMP) ## FOI campaign: a request per force with no total, and campaign/tracker.csv (START=, END= for another period)
	@$(PY) -m police_breaches foi plan $(if $(START),--start $(START)) $(if $(END),--end $(END))

foi-status: $(ENV_STAMP) ## FOI campaign: what is due and late today, next steps, letters and a calendar (writes nothing to the tracker; TODAY=YYYY-MM-DD to look ahead)
	@$(PY) -m police_breaches foi status $(if $(TODAY),--today $(TODAY))

lock: $(ENV_STAMP) ## Re-pin requirements.txt from requirements.in and regenerate environment.yml
	$(VENV)/bin/uv pip compile --quiet --python 3.11 requirements.in -o requirements.txt
	$(PY) tools/make_environment_yml.py > environment.yml

readme: $(ENV_STAMP) ## Regenerate the README's generated tables (parameters, reader shapes) from their sources
	$(PY) tools/readme.py

clean: ## Remove build products (keeps the environment)
	rm -rf build reports runs
	find data/processed figures -type f -not -name .gitkeep -delete

clean-env: clean ## Remove the environment too, the project's caches of it (.cache: fonts, file digests) and the checkers from npm
	rm -rf $(VENV) .cache tools/checkers/node_modules
