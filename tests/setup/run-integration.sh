#!/usr/bin/env bash
# Run `ansible-test integration` targets with one ansible-core, against a fresh simulator.
#
#   tests/setup/run-integration.sh VENV [TARGET...]
#
# VENV    virtualenv holding the ansible-core under test (its bin/ansible-test is used), e.g.
#         .venvs/core-2.16 for `make test-integration-smoke-2.16`
# TARGET  targets under tests/integration/targets/ (default: all of them)
#
# The hook for the ansible-test integration targets (issue 12 item 2): the collection is copied to
# .build/integration-<core>/ansible_collections/snapcenter/vsphere (ansible-test resolves real paths, and
# lists files with git, hence the `git init`), tests/setup/with-simulator.py starts the simulator with
# .venv's Python (it needs the simulator's packages) and exports the SCV_* connection with TLS verified
# against the simulator's CA, and ansible-test runs the targets with VENV's Python (--local: that venv has
# `requests`). No targets, or no target matching, fails: a gate that runs nothing fails.
set -euo pipefail

venv=$(cd "$1" && pwd)
shift
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
targets_dir="$repo_root/tests/integration/targets"

if ! compgen -G "$targets_dir/*/tasks/main.yml" >/dev/null; then
    echo "run-integration: no ansible-test integration targets in tests/integration/targets/ -- nothing to run" >&2
    exit 1
fi
for target in "$@"; do
    [ -d "$targets_dir/$target" ] || { echo "run-integration: no target tests/integration/targets/$target" >&2; exit 1; }
done

core_version=$("$venv/bin/python" -c 'import ansible.release as r; print(".".join(r.__version__.split(".")[:2]))')
copy_root="$repo_root/.build/integration-$core_version"
collection=$("$repo_root/tests/setup/copy-collection.sh" "$copy_root")
git -C "$collection" init -q
# ansible-test's cache and temporary venvs, apart per ansible-core (as for sanity).
export HOME="$repo_root/.build/ansible-test-home/integration-$core_version"
mkdir -p "$HOME"

echo "== ansible-test integration on ansible-core $("$venv/bin/python" -c "import ansible.release as r; print(r.__version__)"): ${*:-all targets}"
cd "$collection"
PATH="$venv/bin:$PATH" "$repo_root/.venv/bin/python" "$repo_root/tests/setup/with-simulator.py" -- \
    "$venv/bin/ansible-test" integration --local --python "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
    --color no "$@"
