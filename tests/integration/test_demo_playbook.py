# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The playbooks of `playbooks/` run for real against the simulator, with the demo inventory.

- protect.yml (what `make demo` runs): the first run changes SCV, the second reports changed=0, the
  play logs in exactly once, and the compliance report is written.
- reconcile.yml: with drift on the appliance, `--check --diff` shows the plan (what would be deleted
  and changed) and sends no write; the real run applies it (resource groups deleted before the
  policies they used); a second check finds nothing left to do.
"""

import os
import re
import subprocess

import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
INVENTORY = os.path.join(REPO_ROOT, "playbooks", "inventory", "demo")
RECAP = re.compile(r"^scv-demo\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def run_playbook(sim, tmp_path, playbook, *args, inventory=INVENTORY):
    """Run a playbook against the simulator; return (changed count, stdout). Fails on a failed run."""
    command = [ANSIBLE_PLAYBOOK, "-i", inventory, playbook,
               "-e", f"scv_hostname={sim.host}", "-e", f"scv_port={sim.port}",
               "-e", f"scv_vcenter_hostname={sim.host}", "-e", f"scv_vcenter_port={sim.vcenter_port}",
               "-e", f"scv_ca_path={sim.ca_path}", "-e", f"scv_report_dir={tmp_path / 'reports'}", *args]
    env = dict(os.environ)
    env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_RETRY_FILES_ENABLED": "false"})
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=REPO_ROOT,
                               check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    recap = RECAP.search(completed.stdout)
    assert recap, output
    assert recap.group(3) == "0" and recap.group(4) == "0", output
    return int(recap.group(2)), completed.stdout


def playbook(name):
    return os.path.join(REPO_ROOT, "playbooks", name)


def logins(sim):
    return [entry for entry in sim.requests()
            if entry["listener"] == "scv" and entry["path"].endswith("/auth/login")]


def test_protect_playbook_changes_then_is_idempotent(sim, tmp_path):
    changed, output = run_playbook(sim, tmp_path, playbook("protect.yml"))
    assert changed > 0, output
    assert len(logins(sim)) == 1, "one login per play, the token reused by every task"
    assert "scv-demo-password" not in output and "netapp-demo-1" not in output

    report = (tmp_path / "reports" / "compliance.md").read_text()
    for vm in ("web01", "web02", "db01", "app01"):
        assert re.search(rf"^\| {vm} \| vm-\d+ \|", report, re.M), report
    assert "rg_web_" in report  # the first backup the playbook took
    assert (tmp_path / "reports" / "compliance.html").read_text().startswith("<!DOCTYPE html>")

    sim.clear_requests()
    changed, output = run_playbook(sim, tmp_path, playbook("protect.yml"))
    assert changed == 0, output
    assert sim.writes() == [], "a converged site must see no write on a re-run"


DRIFT_PLAY = [{
    "name": "Drift the appliance away from the desired state",
    "hosts": "scv_appliances",
    "gather_facts": False,
    "module_defaults": {"group/snapcenter.vsphere.scv": {
        "hostname": "{{ scv_hostname }}", "port": "{{ scv_port }}", "username": "{{ scv_username }}",
        "password": "{{ scv_password }}", "ca_path": "{{ scv_ca_path }}",
        "vcenter_hostname": "{{ scv_vcenter_hostname }}", "vcenter_port": "{{ scv_vcenter_port }}"}},
    "tasks": [
        {"name": "A policy nobody declared", "snapcenter.vsphere.policy": {
            "name": "stray_weekly", "frequency": "weekly", "retention_count": 4}},
        {"name": "A resource group nobody declared, using it", "snapcenter.vsphere.resource_group": {
            "name": "rg_stray", "vms": ["app01"],
            "policies": [{"name": "stray_weekly",
                          "schedule": {"start_time": "2026-12-06T03:00", "days_of_week": ["sunday"]}}]}},
        {"name": "A hand edit of a declared group", "snapcenter.vsphere.resource_group": {
            "name": "rg_web", "description": "edited by hand"}},
    ],
}]


def test_reconcile_check_diff_plans_without_writing_then_applies(sim, tmp_path):
    run_playbook(sim, tmp_path, playbook("reconcile.yml"))
    drift = tmp_path / "drift.yml"
    drift.write_text(yaml.safe_dump(DRIFT_PLAY, sort_keys=False))
    run_playbook(sim, tmp_path, str(drift))

    sim.clear_requests()
    changed, plan = run_playbook(sim, tmp_path, playbook("reconcile.yml"), "--check", "--diff")
    assert sim.writes() == [], "--check must send no write"
    # One protection_config task plans it all: delete rg_stray, restore rg_web's description,
    # delete stray_weekly (groups before the policies they use).
    assert changed == 1, plan
    for action in ("delete resource_group rg_stray", "update resource_group rg_web", "delete policy stray_weekly"):
        assert action in plan, plan
    assert "edited by hand" in plan and "Web tier" in plan, "the diff shows the description going back"

    sim.clear_requests()
    changed, output = run_playbook(sim, tmp_path, playbook("reconcile.yml"), "--diff")
    assert changed == 1, output
    deletes = [entry["path"] for entry in sim.writes() if entry["method"] == "DELETE"]
    assert len(deletes) == 2, sim.writes()
    assert "resource-groups" in deletes[0] and "policies" in deletes[1], "groups before their policies"

    sim.clear_requests()
    changed, output = run_playbook(sim, tmp_path, playbook("reconcile.yml"), "--check", "--diff")
    assert changed == 0, output
    assert sim.writes() == []
