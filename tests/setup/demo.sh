#!/usr/bin/env bash
# `make demo`: start the SCV simulator, run playbooks/protect.yml against it with TLS verified,
# print the compliance report, stop the simulator (also on failure or Ctrl-C).
#
#   tests/setup/demo.sh [extra ansible-playbook arguments, e.g. --diff or -v]
#
# Environment: SCV_DEMO_PORT / SCV_DEMO_VCENTER_PORT (default 8144 / 8443; a busy port is replaced
# by a free one and passed to the playbook), SCV_DEMO_JOB_SECONDS (default 1).
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo_root"

venv="$repo_root/.venv"
if [[ ! -x "$venv/bin/ansible-playbook" ]]; then
    make venv
fi
# The collection is found through .build/collections/ansible_collections/snapcenter/vsphere -> repo.
link="$repo_root/.build/collections/ansible_collections/snapcenter/vsphere"
if [[ ! -e "$link" ]]; then
    mkdir -p "$(dirname "$link")"
    ln -sfn ../../../.. "$link"
fi

sim_dir="$repo_root/.sim"
report_dir="$repo_root/reports"
python="$venv/bin/python"

stop_simulator() {
    "$python" "$repo_root/tests/setup/sim_ctl.py" stop --dir "$sim_dir" >/dev/null || true
}
trap stop_simulator EXIT
trap 'exit 130' INT TERM

"$python" "$repo_root/tests/setup/sim_ctl.py" start --dir "$sim_dir" \
    --port "${SCV_DEMO_PORT:-8144}" --vcenter-port "${SCV_DEMO_VCENTER_PORT:-8443}" \
    --job-seconds "${SCV_DEMO_JOB_SECONDS:-1}"
# shellcheck disable=SC1091
source "$sim_dir/sim.env"

export ANSIBLE_COLLECTIONS_PATH="$repo_root/.build/collections"
export ANSIBLE_ROLES_PATH="$repo_root/roles"
export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-1}"
"$venv/bin/ansible-playbook" -i "$repo_root/playbooks/inventory/demo" "$repo_root/playbooks/protect.yml" \
    -e "scv_port=$SCV_SIM_PORT" -e "scv_vcenter_port=$SCV_SIM_VCENTER_PORT" \
    -e "scv_report_dir=$report_dir" "$@"

echo
echo "================ compliance report ($report_dir/compliance.md) ================"
cat "$report_dir/compliance.md"
echo "(HTML version: $report_dir/compliance.html)"
