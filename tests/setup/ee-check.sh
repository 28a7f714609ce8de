#!/usr/bin/env bash
# Execution environment gate (no container runtime needed):
#  1. build the collection tarball and lay out tests/ee/ as a build directory in .build/ee/
#  2. `ansible-builder create` the build context from tests/ee/execution-environment.yml (Python 3.12 base,
#     ansible-core 2.21: checked in the generated Containerfile)
#  3. replay the image build's galaxy + introspection stages on the host: install the tarball from the
#     context, run the context's own introspect.py over it, and check that the Python requirements it
#     writes (what the image will pip install) list `requests` from snapcenter.vsphere
#  4. check those requirements resolve: pip install --dry-run --ignore-installed
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$repo_root/.venv/bin"
work="$repo_root/.build/ee"
rm -rf "$work"
mkdir -p "$work/collections"
cp "$repo_root"/tests/ee/execution-environment.yml "$repo_root"/tests/ee/requirements.yml "$work/"

echo "== collection tarball"
"$bin/ansible-galaxy" collection build --output-path "$work/dist" "$repo_root" >/dev/null
mv "$work"/dist/snapcenter-vsphere-*.tar.gz "$work/collections/snapcenter-vsphere.tar.gz"

echo "== ansible-builder create"
cd "$work"
"$bin/ansible-builder" create -f execution-environment.yml -c context --output-filename Containerfile
for expected in context/Containerfile context/_build/requirements.yml context/_build/scripts/introspect.py \
        context/_build/collections/snapcenter-vsphere.tar.gz; do
    [ -e "$expected" ] || { echo "ee: generated context lacks $expected" >&2; exit 1; }
done
grep -q 'introspect.py introspect' context/Containerfile || { echo "ee: Containerfile does not introspect collections" >&2; exit 1; }
# The example is for a Python 3.12 base with ansible-core 2.21 (tests/ee/execution-environment.yml).
grep -q '^ARG PYCMD="/usr/bin/python3.12"' context/Containerfile || { echo "ee: Containerfile does not use Python 3.12" >&2; exit 1; }
grep -q '^ARG ANSIBLE_INSTALL_REFS="ansible-core>=2.21,<2.22' context/Containerfile || { echo "ee: Containerfile does not install ansible-core 2.21" >&2; exit 1; }
grep -E '^ARG (EE_BASE_IMAGE|PYCMD|ANSIBLE_INSTALL_REFS)=' context/Containerfile

echo "== introspection, as the image build's builder stage runs it"
"$bin/ansible-galaxy" collection install --offline --force -p "$work/usr-share-ansible/collections" \
    context/_build/collections/snapcenter-vsphere.tar.gz >/dev/null 2>&1
"$bin/python" context/_build/scripts/introspect.py introspect "$work/usr-share-ansible/collections" \
    --write-pip="$work/requirements.txt" --write-bindep="$work/bindep.txt"
grep -E '^requests([<>=!~ ;].*)?# from collection snapcenter.vsphere' "$work/requirements.txt" \
    || { echo "ee: the generated Python requirements do not list requests from snapcenter.vsphere" >&2; exit 1; }

echo "== the generated Python requirements resolve"
"$bin/python" -m pip install --dry-run --ignore-installed --quiet --report "$work/pip-report.json" -r "$work/requirements.txt" 2>&1 \
    | grep -v "^WARNING: Location" || true
"$bin/python" - "$work/pip-report.json" <<'PY'
import json, sys
installs = json.load(open(sys.argv[1]))["install"]
names = sorted(item["metadata"]["name"].lower() for item in installs)
assert "requests" in names, names
print("ee: would install " + ", ".join(names))
PY
