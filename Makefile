# snapcenter.vsphere — build, test and ecosystem gates.
# Works from a clean clone: every tool comes from the requirements files below, nothing by hand.
#   make demo   start the simulator and run the example playbook against it
#   make test   every gate (simulator, unit, integration, sanity x2, lint, docs, changelog, build, EE)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VBIN := $(CURDIR)/$(VENV)/bin
CORE216 := .venvs/core-2.16
VENV_STAMP := $(VENV)/.requirements-installed
CORE216_STAMP := $(CORE216)/.requirements-installed
REQUIREMENTS := requirements.txt tests/requirements.txt tests/simulator/requirements.txt tests/requirements-tools.txt
COLLECTIONS := $(CURDIR)/.build/collections
COLLECTION_LINK := .build/collections/ansible_collections/snapcenter/vsphere
PYTEST_ARGS ?=
# Tools that spawn ansible-* commands (pytest integration tests, antsibull-docs, molecule) find the venv's.
export PATH := $(VBIN):$(PATH)
# pytest exits 5 when it collected nothing; that is a failure here, never a silent pass.
PYTEST := tests/setup/pytest-gate.sh $(VBIN)/pytest

# The gates `make test` runs, in order (each is also a target of its own).
GATES := generated test-unit test-sim test-replay test-integration test-reliability test-runner test-bench-smoke molecule \
	sanity lint docs-lint docs changelog-lint build-install ee test-reports test-awx

.PHONY: help venv venv-core-2.16 collection-link sim demo test $(GATES) sanity-2.16 sanity-2.19 bench clean generate

help:
	@echo "make demo    run playbooks/protect.yml against the simulator"
	@echo "make test    all gates: $(GATES)"
	@echo "make sim     run the simulator in the foreground"
	@echo "make bench   performance benchmarks"
	@echo "make docs    build the docsite into docs/build/html"
	@echo "make generate  write the options documentation generated from the declarations"
	@echo "make clean   remove venvs, build and test output"

# --- environments -------------------------------------------------------------------------------

venv: $(VENV_STAMP)

$(VENV_STAMP): $(REQUIREMENTS)
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q -r tests/requirements.txt -r tests/requirements-tools.txt
	touch $@

# Oldest supported ansible-core, only for `ansible-test sanity`.
venv-core-2.16: $(CORE216_STAMP)

$(CORE216_STAMP): tests/requirements-core-2.16.txt
	test -x $(CORE216)/bin/python || $(PYTHON) -m venv $(CORE216)
	$(CORE216)/bin/python -m pip install -q -r tests/requirements-core-2.16.txt
	touch $@

collection-link:
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn ../../../.. $(COLLECTION_LINK)

# --- running things -----------------------------------------------------------------------------

sim: venv
	$(VBIN)/python tests/simulator/run.py

demo: venv collection-link
	tests/setup/demo.sh

bench: venv collection-link
	$(VBIN)/python tests/benchmarks/run.py

# --- generated documentation ----------------------------------------------------------------------

# The options: blocks of the resource modules, protection_config's items and the doc fragments are
# generated from the declarations (plugins/module_utils/resources/, connection.py, module.py).
generate: venv collection-link
	$(VBIN)/python tests/setup/generate-docs.py

# --- gates --------------------------------------------------------------------------------------

# Fails when regenerating the documentation would change a committed file.
generated: venv collection-link
	$(VBIN)/python tests/setup/generate-docs.py --check

test: venv venv-core-2.16 collection-link
	tests/setup/run-gates.sh $(GATES)

test-sim: venv
	$(PYTEST) tests/simulator/tests $(PYTEST_ARGS)

test-unit: venv collection-link
	$(PYTEST) tests/unit $(PYTEST_ARGS)

# Recorded wire traces (tests/replay/traces, one per dialect) replayed through the modules.
test-replay: venv collection-link
	$(PYTEST) tests/replay $(PYTEST_ARGS)

test-integration: venv collection-link
	$(PYTEST) tests/integration $(PYTEST_ARGS)

# Faults, bad input, secrets and TLS through real playbooks against the simulator's fault injection.
test-reliability: venv collection-link
	$(PYTEST) tests/reliability $(PYTEST_ARGS)

# protect.yml through ansible-runner with a private data directory laid out the way AWX does it.
test-runner: venv collection-link
	$(PYTEST) tests/runner $(PYTEST_ARGS)

# The drill and compliance HTML pages made by the real playbooks, rendered in headless Chromium (installed by
# tests/setup/system-packages.sh when missing): not empty, no console message, the figures drawn, printable.
test-reports: venv collection-link
	tests/setup/system-packages.sh
	$(PYTEST) tests/reports $(PYTEST_ARGS)

# AWX/Controller as code (awx/controller/): survey specs valid by AWX's rules, every job template's playbook
# exists, and each surveyed playbook runs through ansible-runner with its survey's answers.
test-awx: venv collection-link
	$(PYTEST) tests/awx $(PYTEST_ARGS)

# The benchmark script runs (a quick pass); its numbers are reported by `make bench`, never asserted.
test-bench-smoke: venv collection-link
	$(PYTEST) tests/benchmarks/test_bench_smoke.py $(PYTEST_ARGS)

# Every role's molecule scenario (default driver on localhost, simulator started in create/prepare):
# converge -> idempotence -> verify -> destroy.
molecule: venv collection-link
	@ls roles/*/molecule/default/molecule.yml >/dev/null
	for role in roles/*/; do \
	  [ -f "$$role/molecule/default/molecule.yml" ] || continue; \
	  echo "== molecule test: $$role"; \
	  (cd "$$role" && ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) $(VBIN)/molecule test) || exit 1; \
	done

# ansible-test sanity --venv on the oldest and newest ansible-core this Python runs; no ignore files.
# The two runs use separate copies and venv caches, so they run side by side on the 2 cores.
sanity: venv venv-core-2.16
	mkdir -p .build
	tests/setup/run-sanity.sh $(CORE216) > .build/sanity-2.16.log 2>&1 & pid216=$$!; \
	tests/setup/run-sanity.sh $(VENV) > .build/sanity-2.19.log 2>&1 & pid219=$$!; \
	rc=0; wait $$pid216 || rc=1; wait $$pid219 || rc=1; \
	for core in 2.16 2.19; do \
	  grep -E '^(ERROR|FATAL|WARNING|Running sanity test|== )' .build/sanity-$$core.log | sed "s/^/[core $$core] /"; \
	done; \
	[ $$rc -eq 0 ] || { echo "sanity FAILED (full logs: .build/sanity-2.16.log .build/sanity-2.19.log)"; exit 1; }

sanity-2.16: venv venv-core-2.16
	tests/setup/run-sanity.sh $(CORE216)

sanity-2.19: venv
	tests/setup/run-sanity.sh $(VENV)

# ansible-lint, production profile, over roles/, playbooks/ and awx/ (config: .ansible-lint).
lint: venv collection-link
	@find roles playbooks -name "*.yml" | grep -q . || { echo "lint: no YAML in roles/ or playbooks/ -- a gate that checks nothing fails"; exit 1; }
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) $(VBIN)/ansible-lint --nocolor --profile production roles playbooks awx

docs-lint: venv collection-link
	tests/setup/docs-lint.sh

changelog-lint: venv
	$(VBIN)/antsibull-changelog lint
	$(VBIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@ls changelogs/fragments/*.yml >/dev/null 2>&1 || grep -q 'release_date' changelogs/changelog.yaml || { echo 'changelog-lint: no fragments and no releases'; exit 1; }

build-install: venv
	tests/setup/build-install.sh

ee: venv
	tests/setup/ee-check.sh

# The docsite (antsibull-docs + Sphinx, warnings are errors) into docs/build/html.
docs: venv collection-link
	tests/setup/build-docsite.sh

clean:
	rm -rf $(VENV) .venvs .build tests/output .pytest_cache .hypothesis .sim reports context dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
