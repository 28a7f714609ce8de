# snapcenter.vsphere — build, test and ecosystem gates.
# Works from a clean clone: every tool comes from the requirements files below, nothing by hand.
#   make demo   start the simulator and run the example playbook against it
#   make test   every blocking gate (see GATES below)
#
# The ansible-core / Python matrix (docs/development.md):
#   .venv               ansible-core 2.21, Python 3.12  the main venv: every gate runs here
#   .venvs/core-2.16    ansible-core 2.16, Python 3.11  blocking: test-unit-2.16, sanity (2.16 half)
#   .venvs/core-2.18    ansible-core 2.18, Python 3.12  optional: make test-core-2.18
#   .venvs/core-pre     newest ansible-core pre-release optional: make test-core-pre
# Interpreters are found by tests/setup/find-python.sh: PYTHON311= / PYTHON312= / PYTHON313= (make
# variables or environment), else pythonX.Y on PATH if it runs, else pyenv's installed versions (no need
# to select them), else /usr/local/bin, /usr/bin. A missing one is named with the ways to provide it.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PYTHON311 PYTHON312 PYTHON313
VENV := .venv
VBIN := $(CURDIR)/$(VENV)/bin
CORE216 := .venvs/core-2.16
CORE218 := .venvs/core-2.18
COREPRE := .venvs/core-pre
IMPORTER := .venvs/importer
VENV_STAMP := $(VENV)/.requirements-installed
CORE216_STAMP := $(CORE216)/.requirements-installed
CORE218_STAMP := $(CORE218)/.requirements-installed
IMPORTER_STAMP := $(IMPORTER)/.requirements-installed
MAKE_VENV := tests/setup/make-venv.sh
REQUIREMENTS := requirements.txt tests/requirements.txt tests/requirements-unit.txt tests/simulator/requirements.txt \
	tests/requirements-tools.txt
COLLECTIONS := $(CURDIR)/.build/collections
COLLECTION_LINK := .build/collections/ansible_collections/snapcenter/vsphere
PYTEST_ARGS ?=
# Tools that spawn ansible-* commands (pytest integration tests, antsibull-docs, molecule) find the venv's.
export PATH := $(VBIN):$(PATH)
# pytest exits 5 when it collected nothing; that is a failure here, never a silent pass.
PYTEST := tests/setup/pytest-gate.sh $(VBIN)/pytest

# The blocking gates `make test` runs, in order (each is also a target of its own).
GATES := generated test-unit test-unit-2.16 test-sim test-replay test-integration test-integration-targets \
	test-integration-smoke-2.16 test-reliability test-eda test-runner test-bench-smoke molecule \
	test-examples test-reports test-awx \
	sanity lint eda-lint docs-lint docs changelog-lint build-install importer ee de
# GitOps (issue 13): the flow against the simulator, and the example pipelines against their schemas.
GATES += test-gitops pipelines-lint
# Non-blocking: not in `make test`, each reports PASS/FAIL of its own.
OPTIONAL := test-core-2.18 test-core-pre

.PHONY: help venv venv-core-2.16 venv-core-2.18 venv-core-pre venv-importer pythons collection-link sim demo test \
	$(GATES) $(OPTIONAL) lint-root sanity-2.16 sanity-2.21 test-unit-2.18 sanity-2.18 test-unit-pre sanity-pre changelog bench clean generate

help:
	@echo "make demo            run playbooks/protect.yml against the simulator"
	@echo "make test            all blocking gates: $(GATES)"
	@echo "make test-core-2.18  optional: unit tests and sanity on ansible-core 2.18 (Python 3.12)"
	@echo "make test-core-pre   optional: unit tests and sanity on the newest ansible-core pre-release"
	@echo "make sim             run the simulator in the foreground"
	@echo "make bench           performance benchmarks"
	@echo "make docs            build the docsite into docs/build/html"
	@echo "make changelog       fold new changelog fragments into the current version's release (CHANGELOG.rst)"
	@echo "make pythons         show the Python interpreters the matrix uses"
	@echo "make generate        write the options documentation generated from the declarations"
	@echo "make clean           remove venvs, build and test output"

# --- environments -------------------------------------------------------------------------------

# The interpreters the blocking matrix needs: 3.11 (core 2.16), 3.12 (main venv), 3.13 (sanity target).
pythons:
	@for version in 3.11 3.12 3.13; do printf 'Python %s: ' $$version; tests/setup/find-python.sh $$version; done

venv: $(VENV_STAMP)

# The main venv: ansible-core 2.21 on Python 3.12 (a .venv on another Python is re-created).
$(VENV_STAMP): $(REQUIREMENTS)
	$(MAKE_VENV) $(VENV) 3.12 -r tests/requirements.txt -r tests/requirements-tools.txt
	touch $@

# Oldest supported ansible-core on Python 3.11: ansible-test sanity, tests/unit, the inventory comparison test.
venv-core-2.16: $(CORE216_STAMP)

$(CORE216_STAMP): tests/requirements-core-2.16.txt tests/requirements-unit.txt requirements.txt
	$(MAKE_VENV) $(CORE216) 3.11 -r tests/requirements-core-2.16.txt
	touch $@

venv-core-2.18: $(CORE218_STAMP)

$(CORE218_STAMP): tests/requirements-core-2.18.txt tests/requirements-unit.txt requirements.txt
	$(MAKE_VENV) $(CORE218) 3.12 -r tests/requirements-core-2.18.txt
	touch $@

# galaxy-importer in a venv of its own (it caps attrs below what the test tools need).
venv-importer: $(IMPORTER_STAMP)

$(IMPORTER_STAMP): tests/requirements-importer.txt
	$(MAKE_VENV) $(IMPORTER) 3.12 -r tests/requirements-importer.txt
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

test: venv venv-core-2.16 venv-importer collection-link
	tests/setup/run-gates.sh $(GATES)

test-sim: venv
	$(PYTEST) tests/simulator/tests $(PYTEST_ARGS)

test-unit: venv collection-link
	$(PYTEST) tests/unit $(PYTEST_ARGS)

# Recorded wire traces (tests/replay/traces, one per dialect) replayed through the modules.
test-replay: venv collection-link
	$(PYTEST) tests/replay $(PYTEST_ARGS)

# The same unit tests on the oldest supported ansible-core (2.16, Python 3.11).
test-unit-2.16: venv-core-2.16 collection-link
	tests/setup/pytest-gate.sh $(CURDIR)/$(CORE216)/bin/pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS)

test-integration: venv collection-link
	$(PYTEST) tests/integration $(PYTEST_ARGS)

# `ansible-test integration --venv` over every target of tests/integration/targets/ (one per module and one for
# the inventory plugin) on ansible-core 2.21 (Python 3.12), on a copy of the collection, against simulators that
# tests/setup/run-integration.sh starts (one per API dialect, TLS verified with their CA) and stops, also on
# failure. INTEGRATION_TARGETS="login policy" runs some only.
INTEGRATION_TARGETS ?=
test-integration-targets: venv
	tests/setup/run-integration.sh $(VENV) $(INTEGRATION_TARGETS)

# The smoke subset on the oldest supported ansible-core (2.16, Python 3.11), one simulator (published dialect).
INTEGRATION_SMOKE_2.16 ?= login policy resource_group backup restore inventory_scv
test-integration-smoke-2.16: venv venv-core-2.16
	SCV_DIALECTS=published tests/setup/run-integration.sh $(CORE216) $(INTEGRATION_SMOKE_2.16)

# Faults, bad input, secrets and TLS through real playbooks against the simulator's fault injection.
test-reliability: venv collection-link
	$(PYTEST) tests/reliability $(PYTEST_ARGS)

# The GitOps flow: a Git repository of desired state, export from a brownfield appliance, plan, apply,
# drift, prune guards (real ansible-playbook runs against the simulator).
test-gitops: venv collection-link
	$(PYTEST) tests/gitops $(PYTEST_ARGS)

# The example CI definitions (docs/pipelines/) against the published GitHub workflow and GitLab CI schemas.
pipelines-lint: venv
	$(VBIN)/check-jsonschema --builtin-schema vendor.github-workflows docs/pipelines/github/*.yml
	$(VBIN)/check-jsonschema --builtin-schema vendor.gitlab-ci docs/pipelines/gitlab/*.yml

# Event-Driven Ansible: the event source's main() against the simulator, and ansible-rulebook running the
# collection's rulebook (a failed backup retried exactly once). ansible-rulebook needs Java 17:
# tests/setup/install-java.sh installs Debian's openjdk-17-jre-headless when no such java is on PATH.
test-eda: venv collection-link
	tests/setup/install-java.sh
	$(PYTEST) tests/eda $(PYTEST_ARGS)

# protect.yml through ansible-runner with a private data directory laid out the way AWX does it.
test-runner: venv collection-link
	$(PYTEST) tests/runner $(PYTEST_ARGS)

# Every example of the documentation (README, each module's EXAMPLES, each role README) runs as written
# against the simulator (tests/examples/world.yml), idempotent ones twice.
test-examples: venv collection-link
	$(PYTEST) tests/examples $(PYTEST_ARGS)

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

# ansible-test sanity --venv, no ignore files, side by side on the 2 cores:
#   core 2.16: controller Python 3.11, targets 3.11 3.12
#   core 2.21: controller Python 3.12, targets 3.11 3.12 3.13
# (targets: what each ansible-test supports within tests/config.yml's python_requires; every one must be
# found, see tests/setup/run-sanity.sh). Separate copies, HOMEs and venv caches, so the runs do not race.
sanity: venv venv-core-2.16
	mkdir -p .build
	tests/setup/run-sanity.sh $(CORE216) > .build/sanity-2.16.log 2>&1 & pid216=$$!; \
	tests/setup/run-sanity.sh $(VENV) > .build/sanity-2.21.log 2>&1 & pid221=$$!; \
	rc=0; wait $$pid216 || rc=1; wait $$pid221 || rc=1; \
	for core in 2.16 2.21; do \
	  grep -E '^(ERROR|FATAL|WARNING|Running sanity test|== |run-sanity|find-python)' .build/sanity-$$core.log | sed "s/^/[core $$core] /"; \
	done; \
	[ $$rc -eq 0 ] || { echo "sanity FAILED (full logs: .build/sanity-2.16.log .build/sanity-2.21.log)"; exit 1; }

sanity-2.16: venv venv-core-2.16
	tests/setup/run-sanity.sh $(CORE216)

sanity-2.21: venv
	tests/setup/run-sanity.sh $(VENV)

# ansible-lint, production profile, from the repository root with no arguments: what the Automation Hub
# certification check runs (config: .ansible-lint). It lints everything ansible-lint recognises (roles,
# playbooks, awx/, molecule scenarios, meta/, galaxy.yml, plugin EXAMPLES, changelogs, tests/ee ...).
lint: venv
	@find roles playbooks -name "*.yml" | grep -q . || { echo "lint: no YAML in roles/ or playbooks/ -- a gate that checks nothing fails"; exit 1; }
	env -u ANSIBLE_COLLECTIONS_PATH $(VBIN)/ansible-lint --nocolor --profile production

lint-root: lint

# The event source as Automation Hub's importer checks it (galaxy-importer's EDA checks): ruff with every rule
# but the importer's ignores, and pylint with the importer's disables; here a finding fails the gate.
EDA_PLUGINS := extensions/eda/plugins
eda-lint: venv
	$(VBIN)/ruff check --no-cache --select ALL --ignore INP001,FA102,UP001,UP010,I001,FA100,PLR0913,E501 $(EDA_PLUGINS)
	$(VBIN)/pylint $(EDA_PLUGINS)/event_source/*.py --output-format=parseable -sn --disable R0801,E0401,C0103,R0913,R0902,R0903

docs-lint: venv collection-link
	tests/setup/docs-lint.sh

changelog-lint: venv
	$(VBIN)/antsibull-changelog lint
	$(VBIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@ls changelogs/fragments/*.yml >/dev/null 2>&1 || grep -q 'release_date' changelogs/changelog.yaml || { echo 'changelog-lint: no fragments and no releases'; exit 1; }

# The release entry for galaxy.yml's version, from changelogs/fragments/, into changelogs/changelog.yaml and
# CHANGELOG.rst (fragments are removed once released). Run again before the version is published, it folds
# new fragments into that same release ("release 0.1.0 already exists" is expected then).
# Its plugin cache (changelogs/.plugin-cache.yaml) is removed afterwards: a stale cache would hide new plugins.
changelog: venv collection-link
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) $(VBIN)/antsibull-changelog release
	rm -f changelogs/.plugin-cache.yaml
	$(VBIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

build-install: venv
	tests/setup/build-install.sh

# galaxy-importer (Galaxy / Automation Hub import checks) over the built tarball; fails on importer errors.
importer: venv venv-importer
	tests/setup/galaxy-importer.sh

ee: venv
	tests/setup/ee-check.sh

# The decision environment (extensions/eda/decision-environment.yml): `ansible-builder create` accepts it and
# the context installs ansible-rulebook, Java 17 and this collection (no container runtime needed).
de: venv
	tests/setup/de-check.sh

# The docsite (antsibull-docs + Sphinx, warnings are errors) into docs/build/html.
docs: venv collection-link
	tests/setup/build-docsite.sh

# --- optional, non-blocking matrix cells ------------------------------------------------------------

# ansible-core 2.18 on Python 3.12: tests/unit and ansible-test sanity (targets 3.11 3.12 3.13).
test-core-2.18: venv venv-core-2.18 collection-link
	tests/setup/run-gates.sh test-unit-2.18 sanity-2.18

test-unit-2.18: venv-core-2.18 collection-link
	tests/setup/pytest-gate.sh $(CURDIR)/$(CORE218)/bin/pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS)

sanity-2.18: venv venv-core-2.18
	tests/setup/run-sanity.sh $(CORE218)

# The newest ansible-core pre-release (pip index versions ansible-core --pre, asked with the newest
# Python here, since a pre-release may need a newer Python than the newest release). When no pre-release
# is newer than the newest release, it says so and fails (nothing was tested).
test-core-pre: venv collection-link
	tests/setup/core-pre.sh $(COREPRE)

test-unit-pre: collection-link
	tests/setup/pytest-gate.sh $(CURDIR)/$(COREPRE)/bin/pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS)

# A pre-release's sanity test whose requirements come from outside the package index is skipped and named.
sanity-pre: venv
	SANITY_SKIP_UNREACHABLE=1 tests/setup/run-sanity.sh $(COREPRE)

clean:
	rm -rf $(VENV) .venvs .build tests/output .pytest_cache .hypothesis .sim reports context dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
