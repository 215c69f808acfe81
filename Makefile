# Balises: two commands on a fresh machine with Python 3.11 and make.
#   make run   -> .venv, install, build the store, open the explorer on http://localhost:8501
#                 (and the SPARQL endpoint with YASGUI on http://127.0.0.1:7878/)
#   make test  -> the same set-up, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SERVE_PORT ?= 7878
STAMP  := $(VENV)/.installed

.PHONY: run test build install system-deps clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the suite needs (Java for HermiT, chromium for the browser test, pandoc to read the writer's
# dossiers back, Virtuoso as the second SPARQL engine: virtuoso-opensource-7-bin holds virtuoso-t and isql-vt, without
# the service and the password prompt of the virtuoso-opensource package); installed in CI only.
system-deps:
	@if [ "$$CI" = "true" ] && command -v apt-get >/dev/null; then \
	  missing=""; \
	  command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v pandoc >/dev/null || missing="$$missing pandoc"; \
	  command -v virtuoso-t >/dev/null || missing="$$missing virtuoso-opensource-7-bin"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: apt-get could not install$$missing"; \
	  fi; \
	fi

build: install
	$(BIN)/balises build

# The explorer, and beside it `balises serve` (SPARQL endpoint, YASGUI and the documentation the build wrote on
# http://127.0.0.1:$(SERVE_PORT)/), which the explorer's « Ouvrir dans YASGUI » and documentation links open; the
# server stops with the explorer.
run: build
	@$(BIN)/balises serve --port $(SERVE_PORT) --docs & serve=$$!; \
	trap 'kill $$serve 2>/dev/null' EXIT INT TERM; \
	BALISES_SERVE_URL=http://127.0.0.1:$(SERVE_PORT) $(BIN)/streamlit run app.py --server.port $(PORT) \
	  --server.address localhost --server.headless true --browser.gatherUsageStats false \
	  --client.toolbarMode minimal

# Two workers, one test file each (module fixtures built once): the suite in about 6 minutes on 2 cores.
test: install system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/incremental.py
	$(BIN)/python benchmarks/explorer.py

clean:
	rm -rf .balises
