# Storyline: `make demo` and `make test` work on a fresh clone; both set up .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

VENDOR := src/storyline/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed-$(shell cat web/package-lock.json | cksum | cut -d' ' -f1)
VENDORED := vis-timeline/standalone/umd/vis-timeline-graph2d.min.js vis-timeline/styles/vis-timeline-graph2d.min.css \
            cytoscape/dist/cytoscape.min.js mark.js/dist/mark.min.js

.PHONY: install vendor browser postgres demo test lint bench eval clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

# The web app's browser libraries, from the npm registry at the versions web/package-lock.json pins, copied into
# the package (served by `storyline serve`; no CDN at run time).
$(VENDOR_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	set -e; for f in $(VENDORED); do cp web/node_modules/$$f $(VENDOR)/; done
	set -e; for p in vis-timeline cytoscape mark.js; do \
	  mkdir -p $(VENDOR)/licenses/$$p && cp web/node_modules/$$p/LICENSE* $(VENDOR)/licenses/$$p/; done
	rm -f $(VENDOR)/.installed-*
	touch $@

vendor: $(VENDOR_STAMP)

install: $(STAMP) $(VENDOR_STAMP)  ## .venv with the `storyline` command, and the web app's libraries

# Debian's chromium for the browser tests (tests/test_web.py): Playwright drives it; its own download cannot work
# offline.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Debian's PostgreSQL server for the store suite's second backend (tests/postgres.py starts a temporary cluster).
postgres:
	command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

demo: install  ## analyse the demo corpus in examples/demo into demo.db
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/storyline analyze examples/demo --db demo.db
	$(BIN)/storyline entities --db demo.db --limit 12
	$(BIN)/storyline timeline --db demo.db
	$(BIN)/storyline timeline --digest 5 --db demo.db
	$(BIN)/storyline claims --limit 8 --db demo.db
	$(BIN)/storyline sources --db demo.db
	@echo
	@echo "Export it:   $(BIN)/storyline export --format json --db demo.db --out demo.json"
	@echo "Search it:   $(BIN)/storyline search 'embassy' --db demo.db"
	@echo "Brief it:    $(BIN)/storyline timeline --format markdown --db demo.db"
	@echo
	@echo "Look at it:  $(BIN)/storyline serve --db demo.db   then open http://127.0.0.1:8000/"
	@echo "             the story's timeline and digest, each event with its reports, actors with their network,"
	@echo "             every article with its findings highlighted, the claims board and search."

lint: install
	$(BIN)/ruff check src evaluation tests bench

test: install lint browser postgres  ## the whole suite (what CI runs)
	$(BIN)/python -m pytest

bench: install  ## throughput and memory against bare spaCy (slow; writes figures to stdout)
	$(BIN)/python bench/throughput.py --n 1000

eval: install  ## quality figures against the gold sets in ../shared/eval
	$(BIN)/python bench/eval_extraction.py
	$(BIN)/python bench/eval_actors.py
	$(BIN)/python bench/eval_geocoding.py
	$(BIN)/python bench/eval_time.py
	$(BIN)/python bench/eval_quotes.py
	$(BIN)/python bench/eval_events.py
	$(BIN)/python bench/eval_event_coref.py
	$(BIN)/python bench/eval_timeline.py
	$(BIN)/python bench/eval_tls.py --dataset t17
	$(BIN)/python bench/eval_stance.py
	$(BIN)/python bench/eval_copies.py
	$(BIN)/python bench/eval_flags.py

clean:
	rm -rf $(VENV) $(VENDOR) web/node_modules demo.db* .pytest_cache .ruff_cache
