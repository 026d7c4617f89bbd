# Two commands on a fresh machine: `make run` (the demo) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
CHROMIUM := /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: run test check lint types bench messages system browser clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

# PDF documents (WeasyPrint) need Pango and a CJK font to embed, the boards' spoken calls
# espeak-ng (recorded once by `hall voice build`); all come from Debian.
SYSTEM_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 espeak-ng
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing from Debian:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

run: $(STAMP) system
	$(BIN)/hall demo

# Browser tests drive Debian's Chromium (a test tool's own browser download cannot work here).
browser: system
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports  # the arrows between apps (pyproject.toml, docs/architecture.md)

types: $(STAMP)
	$(BIN)/mypy

check: lint types test

bench: $(STAMP)
	$(BIN)/python -m bench

# The data directory stays the project's own (var/), not a folder inside the source.
messages: $(STAMP)
	cd src/hall && HALL_DATA_DIR=$(CURDIR)/var ../../$(BIN)/django-admin makemessages -l zh_Hans --ignore="*/migrations/*" --settings=hall.settings
	cd src/hall && HALL_DATA_DIR=$(CURDIR)/var ../../$(BIN)/django-admin compilemessages --settings=hall.settings

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
