#!/usr/bin/env bash
# Decision environment gate (no container runtime needed):
#  1. `ansible-builder create` the build context from extensions/eda/decision-environment.yml into .build/de/
#  2. check what the image build would install: this collection (galaxy), ansible-rulebook (pip), a Java 17
#     runtime (bindep), on the declared base image, with the collections introspected for their own needs
#  3. check that the Python requirements resolve with the collection's own: pip install --dry-run
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$repo_root/.venv/bin"
work="$repo_root/.build/de"
rm -rf "$work"
mkdir -p "$work"
cp "$repo_root/extensions/eda/decision-environment.yml" "$work/"

echo "== ansible-builder create"
cd "$work"
"$bin/ansible-builder" create -f decision-environment.yml -c context --output-filename Containerfile
fail() { echo "de: $*" >&2; exit 1; }
for expected in context/Containerfile context/_build/requirements.yml context/_build/requirements.txt \
        context/_build/bindep.txt context/_build/scripts/introspect.py; do
    [ -e "$expected" ] || fail "generated context lacks $expected"
done
grep -q '^ARG EE_BASE_IMAGE="registry.access.redhat.com/ubi9/python-311' context/Containerfile || fail "unexpected base image"
grep -q 'introspect.py introspect' context/Containerfile || fail "the Containerfile does not introspect the collections"
grep -q 'ansible-galaxy collection install' context/Containerfile || fail "the Containerfile installs no collection"
"$bin/python" - context/_build/requirements.yml <<'PY'
import sys, yaml
collections = [item["name"] for item in yaml.safe_load(open(sys.argv[1]))["collections"]]
assert "snapcenter.vsphere" in collections, collections
PY
grep -Eq '^ansible-rulebook' context/_build/requirements.txt || fail "ansible-rulebook is not in the Python requirements"
grep -Eq '^java-17-openjdk-headless \[platform:rpm\]' context/_build/bindep.txt || fail "no Java 17 runtime in bindep"

echo "== the Python requirements resolve (with the collection's own)"
"$bin/python" -m pip install --dry-run --ignore-installed --quiet --report "$work/pip-report.json" \
    -r context/_build/requirements.txt -r "$repo_root/requirements.txt" 2>&1 | grep -v "^WARNING: Location" || true
"$bin/python" - "$work/pip-report.json" <<'PY'
import json, sys
names = sorted(item["metadata"]["name"].lower().replace("_", "-") for item in json.load(open(sys.argv[1]))["install"])
for needed in ("ansible-rulebook", "requests", "drools-jpy"):
    assert needed in names, (needed, names)
print("de: would install " + ", ".join(names))
PY
