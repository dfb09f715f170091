# Two commands on a fresh machine:  make serve  (set up + live preview)
#                                   make test   (set up + the whole test suite)
# Supported Pythons: 3.11 (Debian 12's 3.11.2 included) to 3.14 (README "Two commands").
SHELL := /bin/bash
# The newest Python 3.11+ on PATH, unless PYTHON is given (make PYTHON=/usr/bin/python3.11 …).
# Each candidate is run, so a pyenv shim for a version that is not active, or a Python
# without its venv module (Debian: python3-venv), is passed over.
# When none is new enough, python3 is kept and $(STAMP) stops with a message.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3.14 python3.13 python3.12 python3.11 python3; do \
  if $$p -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; exit; fi; done; echo python3)
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible builds: sitemap dates and gzip timestamps come from the last
# commit, so two builds of one commit are byte-identical (tests/test_reproducible.py).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

.PHONY: install serve build test clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make install: no $(PYTHON) on PATH; this project needs Python 3.11+ (Debian 12: sudo apt install python3 python3-venv; or pyenv install 3.13)" >&2; exit 1; }
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements

serve: install ## Live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000 --livereload

build: install ## Static site in site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

# The PDFs of mkdocs.yml extra.handouts: build, print them into $(PDF_DIR) with
# Debian's Chromium (scripts/make_pdfs.py), then build again with PDF_DIR set so
# that the site publishes them in site/pdf/ and links them with page count and
# size. A build without PDF_DIR links no PDF (PDF_DIR=build/pdf make serve shows them).
PDF_DIR ?= build/pdf
.PHONY: pdf
pdf: install ## Site in site/ with the workshop PDFs in site/pdf/ (printed into build/pdf/ first)
	$(BIN)/mkdocs build --strict --clean --site-dir site
	rm -f $(PDF_DIR)/*.pdf
	$(BIN)/python scripts/make_pdfs.py site --out $(PDF_DIR)
	PDF_DIR=$(abspath $(PDF_DIR)) $(BIN)/mkdocs build --strict --clean --site-dir site

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

# The layers of the suite (markers in pyproject.toml [tool.pytest.ini_options]):
#   make check  ruff, then the fast tests on ONE strict build (no browser, no extra builds,
#               no network): the loop to run after every change, well under a minute;
#   make test   everything: also the browser crawls, the builds of broken or copied
#               projects, the Nu checker, mkdocs serve, make offline and the pin check.
.PHONY: check lint pins time-suites
lint: install ## ruff over the whole repository (pyproject.toml [tool.ruff])
	$(BIN)/ruff check .

check: lint ## ruff + the fast tests on one strict build (no browser, no network)
	$(BIN)/python -m pytest -q -m "not browser and not slow and not registry"

# ruff's findings do not stop the tests: both are reported, and either fails the run.
# TEST_WORKERS=auto runs the suite on one process per core (pytest-xdist); tests that
# share a costly fixture (the crawl, a PDF build, a checker) stay in one process
# (tests/conftest.py gives them one xdist_group). The default, 0, is this one process:
# on 2 cores the split is slower (297 s against 168-181 s, 2026-11-28): one process
# overlaps the crawl and the builds of changed projects with the other tests (tests/conftest.py).
TEST_WORKERS ?= 0
test: install node ## Everything: ruff, strict build, all tests (browser, builds, pins)
	@status=0; $(BIN)/ruff check . || status=1; \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup || status=$$?; \
	exit $$status

pins: install ## Do the pins install on every supported Python (3.11-3.14)? Asks PyPI, installs nothing
	$(BIN)/python scripts/check_pins.py

time-suites: install node ## Time today's make test against the suite of 8e63292, side by side: benchmarks/suite-time.md
	$(BIN)/python scripts/time_suites.py --output benchmarks/suite-time.md

OFFLINE_DIR ?= build/offline
# Without PDF_DIR the zip holds no PDF and links none (Workshop materials says
# where they are online); PDF_DIR=build/pdf make offline (after make pdf) adds them.
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

LINKCHECK_ARGS ?=
linkcheck: build ## Check every external URL of the site and references.bib (needs a network; not in make test)
	$(BIN)/python scripts/linkcheck.py --site site $(LINKCHECK_ARGS)

live-check: install ## Prove that edits show up while mkdocs serve runs (temporary copy, free port)
	$(BIN)/python scripts/live_edit_check.py

clean:
	rm -rf site build .pytest_cache .cache
