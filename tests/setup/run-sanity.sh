#!/usr/bin/env bash
# Run `ansible-test sanity --venv` on a copy of the collection with one ansible-core.
#
#   tests/setup/run-sanity.sh VENV [SOURCE]
#
# VENV    virtualenv holding the ansible-core under test (its bin/ansible-test is used)
# SOURCE  collection source tree (default: the repo this script lives in)
#
# ansible-test needs the collection at .../ansible_collections/<namespace>/<name> and resolves real
# paths, so a symlink does not do: the tree is copied into .build/sanity-<core>/. The copy gets its
# own `git init` because ansible-test lists files with git and would otherwise walk up to the repo's
# .git, where .build/ is ignored (no files found). Ignore files are refused: the gate is "no ignores".
set -euo pipefail

venv=$(cd "$1" && pwd)
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
source_dir=$(cd "${2:-$repo_root}" && pwd)
core_version=$("$venv/bin/python" -c 'import ansible.release as r; print(".".join(r.__version__.split(".")[:2]))')
copy_root="$repo_root/.build/sanity-$core_version"
collection="$copy_root/ansible_collections/snapcenter/vsphere"

if compgen -G "$source_dir/tests/sanity/ignore-*.txt" >/dev/null; then
    echo "run-sanity: tests/sanity/ignore-*.txt exists; this collection allows no sanity ignores" >&2
    exit 1
fi

"$repo_root/tests/setup/copy-collection.sh" "$copy_root" "$source_dir" >/dev/null
git -C "$collection" init -q

# ansible-test keeps its venvs and pip bootstrap cache under ~/.ansible/test. A HOME per ansible-core
# keeps the 2.16 and 2.19 runs (run side by side by `make sanity`) and other users' runs from racing
# on the same cached venvs.
export HOME="$repo_root/.build/ansible-test-home/$core_version"
mkdir -p "$HOME"

# ansible-test's own pip bootstrap download is unreachable here; seed its cache (idempotent).
"$venv/bin/python" "$repo_root/tests/setup/seed-ansible-test-pip.py" "$venv/bin/python" >/dev/null

echo "== ansible-test sanity on ansible-core $("$venv/bin/python" -c "import ansible.release as r; print(r.__version__)")"
start=$(date +%s)
cd "$collection"
# The ansible-test under test must be first on PATH for its helper processes; .venv/bin adds shellcheck.
# SANITY_ARGS: extra ansible-test arguments, e.g. SANITY_ARGS="--test pylint".
read -r -a extra_args <<<"${SANITY_ARGS:-}"
PATH="$venv/bin:$repo_root/.venv/bin:$PATH" "$venv/bin/ansible-test" sanity --venv --python 3.11 --color no "${extra_args[@]}"
echo "== ansible-test sanity on ansible-core $core_version passed in $(( $(date +%s) - start ))s"
