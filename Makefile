# The two set-up commands of the README: `make run` and `make test`. Both create .venv when needed, and
# install the exact versions pinned in constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
PIP_INSTALL := $(BIN)/pip install --quiet -c constraints.txt

.PHONY: run test test-fast lint format coverage bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

# One BLAS thread: the app's matrices are small, and a shared server serves more sessions without BLAS's threads.
run: $(VENV)/.run-deps
	OPENBLAS_NUM_THREADS=1 $(BIN)/streamlit run app.py --server.port $(PORT) --server.address localhost

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Everything: linters, then unit, app, deploy and browser tests.
test: lint
	$(BIN)/python -m pytest

# The quick loop while editing: unit and AppTest suites only (no browser, no replicas), on every core.
test-fast: $(VENV)/.dev-deps
	$(BIN)/python -m pytest tests/unit tests/app -q -n auto

# Line coverage of the unit and app suites; nnmath alone must stay at 95% or more.
coverage: $(VENV)/.dev-deps
	$(BIN)/python -m pytest tests/unit tests/app -q --cov=nnmath --cov=nnviz --cov=services --cov=ui --cov-report=term
	$(BIN)/python -m coverage report --include='nnmath/*' --fail-under=95

bench: $(VENV)/.dev-deps
	$(BIN)/python benchmarks/trainer.py
	$(BIN)/python benchmarks/pages.py

# Re-pin constraints.txt to what the requirements resolve to today (in a scratch venv).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.txt -r requirements-dev.txt
	{ sed -n '1,2p' constraints.txt; .lock-venv/bin/pip freeze --exclude pip; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage artifacts
