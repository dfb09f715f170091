# Two commands on a fresh machine:  make serve  (set up + live preview)
#                                   make test   (set up + the whole test suite)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install serve build test clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements

serve: install ## Live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000 --livereload

build: install ## Static site in site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

test: install ## Strict build + all tests
	$(BIN)/python -m pytest

clean:
	rm -rf site build .pytest_cache
