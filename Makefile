# The two Quick start commands (README) and what they need. Works on a fresh machine with
# python3 (3.10+); everything else is installed here.
PYTHON ?= python3
VENV ?= .venv
LS_VENV ?= .venv-labelstudio
BIN := $(VENV)/bin

.PHONY: demo test install install-test labelstudio browser clean

demo: install
	$(BIN)/jazba run examples/karlag_1949.txt --out output/example

test: install-test labelstudio browser
	JAZBA_LABEL_STUDIO_VENV=$(abspath $(LS_VENV)) $(BIN)/python -m pytest -q

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

install-test: $(VENV)/.installed-test

# The tests also run the optional stanza backend for real; torch==2.13.0 is the CPU build (a
# plain `torch` would pull a multi-GB CUDA build), so it is pinned and installed first.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[test,stanza,dask]"
	touch $@

# The report and review-UI tests use a real headless browser: Debian's chromium and its
# WebDriver (idempotent: apt-get runs only when one of them is missing; CI runs as root).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver)

# Label Studio lives in its own virtualenv: it pins pytz against our dateparser.
labelstudio: $(LS_VENV)/.installed

$(LS_VENV)/.installed: scripts/labelstudio.sh
	LS_VENV=$(LS_VENV) PYTHON=$(PYTHON) bash scripts/labelstudio.sh install
	touch $@

clean:
	rm -rf $(VENV) $(LS_VENV) output/example
