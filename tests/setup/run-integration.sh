#!/usr/bin/env bash
# Run the `ansible-test integration` targets (tests/integration/targets/) with one ansible-core, against
# simulators started for the run and stopped at its end (also on failure or Ctrl-C).
#
#   tests/setup/run-integration.sh VENV [TARGET...]
#
# VENV    virtualenv holding the ansible-core under test (its bin/ansible-test is used): .venv (2.21) for
#         `make test-integration-targets`, .venvs/core-2.16 for `make test-integration-smoke-2.16`
# TARGET  targets under tests/integration/targets/ (default: all of them)
#
# Environment:
#   SCV_DIALECTS       the API dialects to start a simulator for (default "published lowercase"): published
#                      paths, int ids and job ids (the main simulator), and lowercase paths, string ids and
#                      no job ids; the operation targets repeat their tests against each
#   INTEGRATION_ARGS   extra ansible-test arguments, e.g. "-v" or "--retry-on-error"
#
# What it does:
# - copies the collection to .build/integration-<core>/ansible_collections/snapcenter/vsphere (ansible-test
#   needs that path and resolves real paths; it lists files with git, hence the `git init`);
# - starts one simulator per dialect (tests/setup/sim_ctl.py, .venv's Python, free ports, jobs end at once:
#   --job-seconds 0) and writes tests/integration/integration_config.yml into the copy
#   (tests/setup/integration-config.py): hostname, ports, each simulator's CA, the login, the /_sim URLs;
#   TLS stays verified (validate_certs: true with that CA);
# - runs `ansible-test integration --venv --python X.Y` (X.Y: VENV's Python): ansible-test makes a virtual
#   environment with ansible-core's requirements and tests/integration/requirements.txt (requests); its pip
#   bootstrap comes from tests/setup/seed-ansible-test-pip.py, since its download host is unreachable here.
# No targets, or a target that is not there, fails: a gate that runs nothing fails.
set -euo pipefail

venv=$(cd "$1" && pwd)
shift
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
targets_dir="$repo_root/tests/integration/targets"
python="$repo_root/.venv/bin/python"   # the simulator's packages are in the main venv

if ! compgen -G "$targets_dir/*/tasks/main.yml" >/dev/null; then
    echo "run-integration: no ansible-test integration targets in tests/integration/targets/ -- nothing to run" >&2
    exit 1
fi
for target in "$@"; do
    [ -f "$targets_dir/$target/tasks/main.yml" ] || { echo "run-integration: no target tests/integration/targets/$target" >&2; exit 1; }
done
read -r -a dialects <<<"${SCV_DIALECTS:-published lowercase}"
[ "${#dialects[@]}" -ge 1 ] || { echo "run-integration: SCV_DIALECTS names no dialect" >&2; exit 1; }

core_version=$("$venv/bin/python" -c 'import ansible.release as r; print(".".join(r.__version__.split(".")[:2]))')
controller=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
copy_root="$repo_root/.build/integration-$core_version"
collection=$("$repo_root/tests/setup/copy-collection.sh" "$copy_root")
git -C "$collection" init -q
# ansible-test's cache (pip bootstrap), apart per ansible-core, as for sanity.
export HOME="$repo_root/.build/ansible-test-home/integration-$core_version"
mkdir -p "$HOME"
"$venv/bin/python" "$repo_root/tests/setup/seed-ansible-test-pip.py" "$venv/bin/python" >/dev/null
# --venv --python X.Y: ansible-test finds pythonX.Y on PATH (a pyenv shim of an unselected version does not run).
python_bin="$repo_root/.build/python-bin"
"$repo_root/tests/setup/find-python.sh" --link "$python_bin" "$controller" >/dev/null

sim_dirs=()
stop_simulators() {
    for sim_dir in "${sim_dirs[@]}"; do
        "$python" "$repo_root/tests/setup/sim_ctl.py" stop --dir "$sim_dir" >/dev/null || true
    done
}
trap stop_simulators EXIT
trap 'exit 130' INT TERM

config_args=()
for dialect in "${dialects[@]}"; do
    case $dialect in
        published) dialect_args=() ;;
        lowercase) dialect_args=(--paths lowercase --ids str --job-ids off) ;;
        *) echo "run-integration: unknown dialect '$dialect' in SCV_DIALECTS (published, lowercase)" >&2; exit 1 ;;
    esac
    sim_dir="$copy_root/sim-$dialect"
    sim_dirs+=("$sim_dir")
    "$python" "$repo_root/tests/setup/sim_ctl.py" start --dir "$sim_dir" --port 0 --vcenter-port 0 --job-seconds 0 \
        --vars-file "$sim_dir/vars.json" "${dialect_args[@]}"
    config_args+=("$dialect=$sim_dir/vars.json")
done
"$python" "$repo_root/tests/setup/integration-config.py" "$collection/tests/integration/integration_config.yml" "${config_args[@]}"

echo "== ansible-test integration on ansible-core $("$venv/bin/python" -c "import ansible.release as r; print(r.__version__)")," \
    "controller Python $controller, simulators: ${dialects[*]}; ${*:-all targets}"
start=$(date +%s)
read -r -a extra_args <<<"${INTEGRATION_ARGS:-}"
cd "$collection"
PATH="$venv/bin:$python_bin:$PATH" "$venv/bin/ansible-test" integration --venv --python "$controller" --color no \
    "${extra_args[@]}" "$@"
echo "== ansible-test integration on ansible-core $core_version passed in $(( $(date +%s) - start ))s"
