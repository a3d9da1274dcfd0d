# Two commands for a fresh machine with Python 3.11+: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed
# Front-end packages the browser tests load (TimelineJS, axe-core), pinned in tests/js/package-lock.json.
JS_READY := tests/js/node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test bench golden clean

# Create .venv and install the pinned requirements; redone whenever requirements.txt changes.
$(READY): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

serve: $(READY)  ## preview on http://127.0.0.1:8000, rebuilding when seeds, templates or docs change
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

build: $(READY)  ## build the site into site/ (the old site stays if the seeds have errors)
	$(BIN)/mkdocs build --strict

check: $(READY)  ## check every seed file without building
	$(BIN)/python build_timeline.py check

$(JS_READY): tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error

test: $(READY) $(JS_READY)  ## type-check (mypy, configured in pyproject.toml), then run every test
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

bench: $(READY)  ## time check and full build, whole processes, against bare baselines (about half an hour)
	$(BIN)/python -m bench.run

golden: $(READY)  ## regenerate the golden files after an intended change, then review `git diff`
	$(BIN)/python -m tests.regenerate

clean:
	rm -rf site .site.* build tests/output tests/js/node_modules
