# Two commands for a fresh machine with Python 3.11+: `make serve` and `make test`.
# Every target sets up .venv first; nothing needs activating.
PYTHON ?= python3
# Where `make serve` listens: `make serve PORT=8001`.
PORT ?= 8000
HOST ?= 127.0.0.1
# The event `make new` writes: `make new TITLE="Talks resume" DATE=2026-02-03`; it asks for
# whichever is not given. Taken as typed ($(value): make expands no `$` in it) and passed through
# the environment, so that no quote, `$` or backtick in a title reaches the shell.
override TITLE := $(value TITLE)
override DATE := $(value DATE)
export TITLE DATE
# The event `make translate` writes the translation file of: `make translate EVENT=<id>`, into
# LANG given on the command line (`LANG=ko`; the environment's LANG is the locale, never read).
override EVENT := $(value EVENT)
export EVENT
TRANSLATE_INTO := $(if $(filter command line,$(origin LANG)),$(LANG),ko)
# The archived texts of the sources `make verify-quotes` reads: `make verify-quotes ARCHIVE=DIR`.
ARCHIVE ?= archive
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed
# Front-end packages the browser tests load (TimelineJS, axe-core), pinned in tests/js/package-lock.json.
JS_READY := tests/js/node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check new translate links verify-quotes test bench golden catalog clean

# Create .venv and install the pinned requirements; redone whenever requirements.txt changes.
$(READY): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	@echo "Setting up $(VENV): MkDocs $$(sed -n 's/^mkdocs==\([^ ]*\).*/\1/p' requirements.txt), Material $$(sed -n 's/^mkdocs-material==\([^ ]*\).*/\1/p' requirements.txt) and $$(( $$(grep -c '^[A-Za-z]' requirements.txt) - 2 )) other pinned packages from requirements.txt (once, and again when it changes; a minute or two)…"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	@touch $@

serve: $(READY)  ## preview on http://$(HOST):$(PORT), rebuilding when seeds, templates or docs change
	$(BIN)/python build_timeline.py serve --host $(HOST) --port $(PORT)

build: $(READY)  ## build the site into site/ (the old site stays if the seeds have errors)
	$(BIN)/mkdocs build --strict

check: $(READY)  ## check every seed file without building
	$(BIN)/python build_timeline.py check

new: $(READY)  ## write a new event file from TITLE and DATE (asked for if not given), checked first
	$(BIN)/python build_timeline.py new -- "$$TITLE" "$$DATE"

translate: $(READY)  ## write EVENT's translation file beside it (LANG=ko), to fill in; never replaces one
	$(BIN)/python build_timeline.py translate --lang "$(TRANSLATE_INTO)" -- "$$EVENT"

links: $(READY)  ## ask for every source and actor address over the web: which are dead, moved, without an archived copy (never run by the build)
	$(BIN)/python build_timeline.py links

verify-quotes: $(READY)  ## find every quote in the archived text of its source (ARCHIVE=DIR), record it in seeds/quotes.lock
	$(BIN)/python build_timeline.py verify-quotes --archive "$(ARCHIVE)"

$(JS_READY): tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error

test: $(READY) $(JS_READY)  ## type-check (mypy, configured in pyproject.toml), then run every test
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

bench: $(READY)  ## time check and full build, whole processes, against bare baselines (about half an hour)
	$(BIN)/python -m bench.run

catalog: $(READY)  ## extract our labels (templates/pages, timeline/*.py) into timeline/locale/timeline.pot and update each language's .po, keeping its translations
	$(BIN)/python -m timeline.catalog

golden: $(READY)  ## regenerate the golden files after an intended change, then review `git diff`
	$(BIN)/python -m tests.regenerate

clean:
	rm -rf site .site.* build tests/output tests/js/node_modules
