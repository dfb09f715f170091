# Two commands on a fresh machine:  make serve  (set up + live preview)
#                                   make test   (set up + the whole test suite)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible builds: sitemap dates and gzip timestamps come from the last
# commit, so two builds of one commit are byte-identical (tests/test_reproducible.py).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

.PHONY: install serve build test clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements

serve: install ## Live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000 --livereload

build: install ## Static site in site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

.PHONY: pdf
pdf: build ## Site in site/ plus the workshop PDFs in site/pdf/ (Debian's Chromium via Playwright)
	$(BIN)/python scripts/make_pdfs.py site

# Node tools from package.json / package-lock.json into node_modules/ (scripts
# are not run: vnu-jar's would download a Java runtime; Java 17 is used instead).
# make test needs the runtime set (vnu-jar, iframe-worker); make benchmark all
# of it (Lighthouse too).
node_modules/.installed-runtime: package.json package-lock.json
	npm ci --ignore-scripts --omit=dev --no-audit --no-fund
	touch $@

node_modules/.installed-all: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@ node_modules/.installed-runtime

.PHONY: node offline benchmark
node: ## Node tools for the tests, when npm is there (a machine without npm skips those tests locally)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory node_modules/.installed-runtime; \
	else echo "npm not found: the HTML-validity and offline tests will skip (CI installs npm)"; fi

test: install node ## Strict build + all tests
	$(BIN)/python -m pytest

OFFLINE_DIR ?= build/offline
offline: install node ## The site as a zip that works opened from file:// ($(OFFLINE_DIR)/site.zip)
	rm -rf $(OFFLINE_DIR)/site $(OFFLINE_DIR)/site.zip
	OFFLINE=true $(BIN)/mkdocs build --strict --clean --site-dir $(OFFLINE_DIR)/site
	cd $(OFFLINE_DIR) && $(abspath $(BIN))/python -m zipfile -c site.zip site/
	@echo "Offline edition: $(OFFLINE_DIR)/site.zip (unzip, open site/index.html)"

benchmark: install node_modules/.installed-all ## Every page vs stock Material (Lighthouse) and build times: writes benchmarks/report.md + .json
	$(BIN)/python scripts/benchmark.py --output benchmarks/report.md

.PHONY: deploy linkcheck live-check

deploy: test ## Test, build (with the PDFs) and publish site/ to the gh-pages branch
	$(MAKE) pdf
	$(BIN)/ghp-import --no-jekyll --push --force --message "Deploy $$(git rev-parse --short HEAD 2>/dev/null)" site

linkcheck: build ## Check every external URL of the site and references.bib (needs a network; not in make test)
	$(BIN)/python scripts/linkcheck.py --site site

live-check: install ## Prove that edits show up while mkdocs serve runs (temporary copy, free port)
	$(BIN)/python scripts/live_edit_check.py

clean:
	rm -rf site build .pytest_cache
