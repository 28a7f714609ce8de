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
#
# Python versions: the controller is VENV's Python; the module target versions are those this ansible-test
# supports within tests/config.yml's modules.python_requires (3.11-3.13 on core 2.21, 3.11-3.12 on 2.16).
# ansible-test finds each Python as pythonX.Y on PATH, where a pyenv shim of an unselected version does not
# run, so tests/setup/find-python.sh finds them and links them into .build/python-bin/, first on PATH.
# A missing target Python fails the gate (ansible-test itself would only skip it with a warning), and so
# does an ansible-test "could not be found" skip for one. Other Pythons the ansible-test supports (used
# for controller-side code such as the inventory plugin) are linked when present and named when not.
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

# The Pythons this ansible-test knows, and the target Pythons it will test for the modules: those within
# tests/config.yml's python_requires. Controller-side code (the inventory plugin, tests) is also compiled
# and imported on every controller Python this ansible-test supports.
read -r supported_line required_line <<<"$("$venv/bin/python" - "$source_dir/tests/config.yml" <<'PY'
import sys
import yaml
from packaging.specifiers import SpecifierSet
from ansible_test._util.target.common.constants import CONTROLLER_PYTHON_VERSIONS, REMOTE_ONLY_PYTHON_VERSIONS
requires = yaml.safe_load(open(sys.argv[1]))['modules']['python_requires']
supported = REMOTE_ONLY_PYTHON_VERSIONS + CONTROLLER_PYTHON_VERSIONS
print(','.join(supported), ','.join(v for v in supported if v in SpecifierSet(requires)) or '-')
PY
)"
IFS=, read -r -a supported_pythons <<<"$supported_line"
IFS=, read -r -a target_pythons <<<"$required_line"
[ "${target_pythons[0]}" != - ] || { echo "run-sanity: no Python this ansible-test supports is within tests/config.yml's python_requires" >&2; exit 1; }
python_bin="$repo_root/.build/python-bin"
# Every target Python must be there; the other supported ones are linked when the machine has them.
"$repo_root/tests/setup/find-python.sh" --link "$python_bin" "${target_pythons[@]}" >/dev/null \
    || { echo "run-sanity: ansible-test sanity on core $core_version needs Python ${target_pythons[*]} (see above)" >&2; exit 1; }
not_here=()
for version in "${supported_pythons[@]}"; do
    [[ " ${target_pythons[*]} " == *" $version "* ]] && continue
    "$repo_root/tests/setup/find-python.sh" --quiet --link "$python_bin" "$version" >/dev/null || not_here+=("$version")
done

"$repo_root/tests/setup/copy-collection.sh" "$copy_root" "$source_dir" >/dev/null
git -C "$collection" init -q

# ansible-test keeps its venvs and pip bootstrap cache under ~/.ansible/test. A HOME per ansible-core
# keeps the 2.16 and 2.21 runs (run side by side by `make sanity`) and other users' runs from racing
# on the same cached venvs.
export HOME="$repo_root/.build/ansible-test-home/$core_version"
mkdir -p "$HOME"

# ansible-test's own pip bootstrap download is unreachable here; seed its cache (idempotent).
"$venv/bin/python" "$repo_root/tests/setup/seed-ansible-test-pip.py" "$venv/bin/python" >/dev/null

controller=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
echo "== ansible-test sanity on ansible-core $("$venv/bin/python" -c "import ansible.release as r; print(r.__version__)")," \
    "controller Python $controller, module target Pythons ${target_pythons[*]}"
start=$(date +%s)
cd "$collection"
# The ansible-test under test must be first on PATH for its helper processes; then the Python links;
# .venv/bin adds shellcheck. SANITY_ARGS: extra ansible-test arguments, e.g. SANITY_ARGS="--test pylint".
read -r -a extra_args <<<"${SANITY_ARGS:-}"
# SANITY_SKIP_UNREACHABLE=1 (only `make test-core-pre` sets it): a sanity test whose requirements are
# downloaded from a URL instead of the package index (2.22.0rc1's pylint takes dill from a GitHub archive,
# which this machine cannot reach) is skipped, and said so. The blocking runs never skip.
if [ "${SANITY_SKIP_UNREACHABLE:-}" = 1 ]; then
    requirements_dir=$("$venv/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements"))')
    for requirements in "$requirements_dir"/sanity.*.txt; do
        url=$(grep -oE ' @ https?://[^/]+' "$requirements" | head -1 | sed 's/^ @ //') || true
        [ -n "$url" ] || continue
        test_name=$(basename "$requirements" .txt)
        test_name=${test_name#sanity.}
        echo "run-sanity: NOT RUN: sanity test '$test_name' (its requirements download from $url, not from the package index)"
        extra_args+=(--skip-test "$test_name")
    done
fi
log="$copy_root/ansible-test-sanity.log"
rc=0
PATH="$venv/bin:$python_bin:$repo_root/.venv/bin:$PATH" "$venv/bin/ansible-test" sanity --venv --color no \
    "${extra_args[@]}" 2>&1 | tee "$log" || rc=$?
# A skip for a missing target Python fails; a missing controller-only Python is said, not hidden.
for version in "${target_pythons[@]}"; do
    if grep -q "on Python $version because it could not be found" "$log"; then
        echo "run-sanity: ansible-test skipped tests on target Python $version (not found); that is a failure here" >&2
        exit 1
    fi
done
# Pythons outside the module target range that ansible-test wanted (for controller-side code such as the
# inventory plugin, on the controller Pythons it supports) but could not find: said, not hidden.
for version in "${not_here[@]}"; do
    skipped=$(sed -n "s/.*Skipping sanity test \"\([a-z-]*\)\" on Python $version because it could not be found.*/\1/p" "$log" | sort -u | tr '\n' ' ')
    [ -z "$skipped" ] || echo "run-sanity: not tested on Python $version (not on this machine; outside the module target range): $skipped"
done
[ "$rc" -eq 0 ] || exit "$rc"
echo "== ansible-test sanity on ansible-core $core_version passed in $(( $(date +%s) - start ))s"
