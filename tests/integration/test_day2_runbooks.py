# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The day-2 runbooks end to end against the simulator, with the demo inventory:

- patch_with_rollback.yml: guard (a fresh backup of exactly the VMs' groups) -> a change that fails on
  purpose -> rollback (each VM restored from its guard backup, on its host, powered as it was) -> the play
  fails saying the change failed and the VMs were rolled back. A VM in no resource group stops the guard
  before any backup; check mode writes nothing.
- restore_vm.yml and verify_backups.yml (the drill and its evidence): see below.
"""

import json
import os
import subprocess

import pytest

from testbed import Api

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
INVENTORY = os.path.join(REPO_ROOT, "playbooks", "inventory", "demo")


def playbook(name):
    return os.path.join(REPO_ROOT, "playbooks", name)


def run(sim, tmp_path, name, *args, check=False):
    """(return code, stdout+stderr) of a playbook run against the simulator."""
    command = [ANSIBLE_PLAYBOOK, "-i", INVENTORY, playbook(name),
               "-e", f"scv_hostname={sim.host}", "-e", f"scv_port={sim.port}",
               "-e", f"scv_vcenter_hostname={sim.host}", "-e", f"scv_vcenter_port={sim.vcenter_port}",
               "-e", f"scv_ca_path={sim.ca_path}", "-e", f"scv_report_dir={tmp_path / 'reports'}", *args]
    if check:
        command.append("--check")
    env = dict(os.environ)
    env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_RETRY_FILES_ENABLED": "false"})
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=REPO_ROOT,
                               check=False)
    return completed.returncode, completed.stdout + completed.stderr


def jobs(api, job_type):
    return api.call("GET", "/4.1/jobs", query={"type": job_type}) or []


def posts(sim, suffix):
    return [e for e in sim.requests() if e["listener"] == "scv" and e["method"] == "POST" and e["path"].endswith(suffix)]


@pytest.fixture
def site(sim):
    """rg_web (web01, web02; a VM-consistent and a crash-consistent policy) and rg_db (db01)."""
    api = Api(sim)
    web = api.protect("rg_web", ["vm-101", "vm-102"])
    consistent = api.call("POST", "/4.1/policies", {"name": "consistent", "frequency": "ON_DEMAND",
                                                    "retention": {"type": "COUNT", "value": 5}, "vmConsistency": True})
    group = api.call("GET", "/4.1/resource-groups/%s" % web[0])
    group["policies"] = [{"id": web[1]}, {"id": consistent["id"]}]
    api.call("PUT", "/4.1/resource-groups/%s" % web[0], {k: v for k, v in group.items() if k != "id"})
    api.backup_now(*web)
    api.protect("rg_db", ["vm-103"])
    sim.clear_requests()
    return api


def test_patch_with_rollback_guards_fails_rolls_back_and_says_so(sim, tmp_path, site):
    rc, output = run(sim, tmp_path, "patch_with_rollback.yml", "-e", json.dumps({"patch_vms": "web01, db01"}))
    assert rc != 0, output
    assert "The change failed" in output and "the VMs were rolled back" in output, output[-3000:]
    assert "demo change: the patch of web01, db01 failed" in output, output[-6000:]
    backups = [j for j in jobs(site, "backup") if j["status"] == "COMPLETED"]
    # One fresh backup per group holding the VMs (rg_web for web01, rg_db for db01), taken by the guard.
    assert len(posts(sim, "/backupnow")) == 2
    restores = jobs(site, "restore")
    assert len(restores) == 2 and all(j["status"] == "COMPLETED" for j in restores), restores
    guard_backups = sorted(str(j["backupId"]) for j in backups[-2:])
    assert sorted(str(j["backupId"]) for j in restores) == guard_backups, "restored from the guard's own backups"
    assert sorted(e["name"] for j in restores for e in j["entities"]) == ["db01", "web01"]
    assert "web02" not in " ".join(j["name"] for j in restores), "only the guarded VMs are restored"
    # rg_web has a VM-consistent policy: the guard used it.
    assert "with Policy consistent" in " ".join(j["name"] for j in jobs(site, "backup"))
    assert "scv-demo-password" not in output


def test_patch_with_a_working_change_does_not_roll_back(sim, tmp_path, site):
    rc, output = run(sim, tmp_path, "patch_with_rollback.yml", "-e", "patch_vms=web02", "-e", "patch_demo_fail=false")
    assert rc == 0, output
    assert len(posts(sim, "/backupnow")) == 1 and posts(sim, "/restore") == []


def test_a_vm_in_no_resource_group_stops_the_guard_before_any_backup(sim, tmp_path, site):
    rc, output = run(sim, tmp_path, "patch_with_rollback.yml", "-e", "patch_vms=web01,app01")
    assert rc != 0
    assert "no resource group holds app01" in output and "Nothing was backed up" in output, output[-3000:]
    assert sim.writes() == [] or all(w["path"].endswith("/auth/login") for w in sim.writes())
    assert posts(sim, "/backupnow") == [] and posts(sim, "/restore") == []


def test_a_vm_in_no_resource_group_with_skip_is_changed_unguarded_and_reported(sim, tmp_path, site):
    rc, output = run(sim, tmp_path, "patch_with_rollback.yml", "-e", "patch_vms=web01,app01",
                     "-e", "change_guard_ungrouped=skip")
    assert rc != 0 and "the VMs were rolled back" in output
    assert "app01 not rolled back: in no resource group" in output, output[-3000:]
    assert [e["name"] for j in jobs(site, "restore") for e in j["entities"]] == ["web01"]


def test_patch_with_rollback_in_check_mode_shows_the_plan_and_writes_nothing(sim, tmp_path, site):
    rc, output = run(sim, tmp_path, "patch_with_rollback.yml", "-e", "patch_vms=web01,db01", check=True)
    assert "would be backed up with rg_web/consistent" in output, output[-3000:]
    assert "would restore" in output, output[-5000:]
    assert [w for w in sim.writes() if not w["path"].endswith("/auth/login")] == []
    assert rc != 0  # the demo change fails in check mode too, and the play says what would be rolled back


def test_rollback_refuses_without_a_recorded_backup(sim, tmp_path, site):
    play = tmp_path / "rollback.yml"
    play.write_text(json.dumps([{
        "hosts": "scv_appliances", "gather_facts": False,
        "module_defaults": {"group/snapcenter.vsphere.scv": {
            "hostname": "{{ scv_hostname }}", "port": "{{ scv_port }}", "username": "{{ scv_username }}",
            "password": "{{ scv_password }}", "ca_path": "{{ scv_ca_path }}",
            "vcenter_hostname": "{{ scv_vcenter_hostname }}", "vcenter_port": "{{ scv_vcenter_port }}"}},
        "tasks": [{"ansible.builtin.include_role": {"name": "snapcenter.vsphere.change_guard",
                                                    "tasks_from": "rollback"}}]}]))
    rc, output = run(sim, tmp_path, str(play))
    assert rc != 0 and "refusing to run without a recorded backup" in output, output[-3000:]
    assert sim.writes() == []


# -- the drill and its evidence ------------------------------------------------------------------------------

def mounted(api):
    """Every mounted copy of every backup of the demo datastores."""
    copies = []
    for moref in ("datastore-11", "datastore-12", "datastore-13"):
        for backup in (api.call("GET", "/4.1/datastores/%s/backups" % moref) or {}).get("backupResponseList", []):
            copies += (api.call("GET", "/4.1/datastores/backups/%s/mounted" % backup["backupId"]) or {}).get(
                "mountedDatastoresList", []) or []
    return copies


def drill_args(tmp_path, **extra):
    values = {"scv_verify_datastores": ["nfs_ds01"], "scv_verify_vms": [{"name": "db01", "rto": "10m"}],
              "scv_verify_esx_host": "esx02.demo.local", "scv_verify_rpo": "2h", "scv_verify_rto": "5m"}
    values.update(extra)
    return ["-e", json.dumps(values)]


@pytest.fixture
def drill_site(sim):
    api = Api(sim)
    ds = api.protect("rg_ds", ["datastore-11"], snapmirror=False)
    api.backup_now(*ds)
    db = api.protect("rg_db", ["vm-103"], snapmirror=False)
    api.backup_now(*db)
    sim.clear_requests()
    return api


def test_verify_backups_measures_rpo_and_rto_and_writes_the_evidence(sim, tmp_path, drill_site):
    rc, output = run(sim, tmp_path, "verify_backups.yml", *drill_args(tmp_path))
    assert rc == 0, output[-5000:]
    reports = tmp_path / "reports"
    summary = json.loads((reports / "drill.json").read_text())
    assert summary["failed"] == "0" or summary["failed"] == 0, summary
    by_name = {r["name"]: r for r in summary["results"]}
    assert set(by_name) == {"nfs_ds01", "db01"}
    for result in by_name.values():
        assert result["result"] == "passed", result
        assert 0 <= result["rpo_seconds"] <= result["rpo_target_seconds"]
        assert 0 < result["rto_seconds"] <= result["rto_target_seconds"]
        assert result["check"]["visible"] is True and result["check"]["accessible"] is True
    assert by_name["db01"]["datastore"] == "nfs_ds02" and by_name["db01"]["rto_target_seconds"] == 600
    assert mounted(drill_site) == [], output[-8000:]
    assert len(posts(sim, "/mount")) == 2 and len(posts(sim, "/unmount")) == 2
    junit = (reports / "drill.xml").read_text()
    from xml.etree import ElementTree  # pylint: disable=import-outside-toplevel
    suites = ElementTree.fromstring(junit)
    cases = suites.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["nfs_ds01", "db01"] and not suites.findall(".//failure")
    assert "| nfs_ds01 | PASSED |" in (reports / "drill.md").read_text()
    html = (reports / "drill.html").read_text()
    assert html.count('data-figure="rpo"') == 2 and html.count('data-figure="rto"') == 2
    os.makedirs(os.path.join(REPO_ROOT, "tests", "output"), exist_ok=True)
    with open(os.path.join(REPO_ROOT, "tests", "output", "drill-figures.json"), "w") as out:
        json.dump([{k: r[k] for k in ("kind", "name", "backup", "rpo_seconds", "rpo_target_seconds", "rto_seconds",
                                      "rto_target_seconds", "check", "result")} for r in summary["results"]], out,
                  indent=2)

    # A re-run without new backups mounts nothing again: the recorded evidence is reported.
    sim.clear_requests()
    rc, output = run(sim, tmp_path, "verify_backups.yml", *drill_args(tmp_path))
    assert rc == 0, output[-3000:]
    assert posts(sim, "/mount") == []
    again = json.loads((reports / "drill.json").read_text())
    assert all(r["reused_record"] and r["result"] == "passed" for r in again["results"])


def test_a_missed_rpo_fails_the_drill_after_writing_the_reports(sim, tmp_path, drill_site):
    # The backups are a few seconds old: a 1-second RPO target is missed by both.
    args = drill_args(tmp_path, scv_verify_rpo="1s", scv_verify_vms=["db01"])
    rc, output = run(sim, tmp_path, "verify_backups.yml", *args)
    assert rc != 0 and "RPO missed" in output, output[-3000:]
    junit = (tmp_path / "reports" / "drill.xml").read_text()
    assert junit.count("<failure") == 2
    assert mounted(drill_site) == []


def test_a_failing_mount_still_unmounts_and_fails_the_drill(sim, tmp_path, drill_site):
    sim.next_job("mountBackup", "fail")
    rc, output = run(sim, tmp_path, "verify_backups.yml", *drill_args(tmp_path))
    assert rc != 0, output[-3000:]
    summary = json.loads((tmp_path / "reports" / "drill.json").read_text())
    assert [r["result"] for r in summary["results"]] == ["failed", "passed"], summary["results"]
    assert mounted(drill_site) == []


def test_verify_backups_in_check_mode_mounts_nothing_and_writes_a_plan(sim, tmp_path, drill_site):
    rc, output = run(sim, tmp_path, "verify_backups.yml", *drill_args(tmp_path), check=True)
    assert rc == 0, output[-3000:]
    assert [w for w in sim.writes() if not w["path"].endswith("/auth/login")] == []
    summary = json.loads((tmp_path / "reports" / "drill.json").read_text())
    assert all(r["result"] == "planned" for r in summary["results"]), summary["results"]


# -- restore_vm.yml ------------------------------------------------------------------------------------------

def test_restore_vm_playbook_restores_the_chosen_vm_once(sim, tmp_path, site):
    args = ["-e", json.dumps({"restore_target_vm": "web02", "restore_from_backup": "latest",
                              "restore_to_host": "esx02.demo.local", "restore_power_on": "no"})]
    rc, output = run(sim, tmp_path, "restore_vm.yml", *args)
    assert rc == 0, output[-4000:]
    assert "web02 restored by job" in output
    [restore] = jobs(site, "restore")
    assert restore["status"] == "COMPLETED" and restore["entities"][0]["name"] == "web02"
    # Relaunched: the restore is not done again, the play still passes its post-checks.
    rc, output = run(sim, tmp_path, "restore_vm.yml", *args)
    assert rc == 0, output[-4000:]
    assert len(jobs(site, "restore")) == 1 and len(posts(sim, "/restore")) == 1


def test_restore_vm_playbook_brings_back_a_deleted_vm(sim, tmp_path, site):
    from ops_helpers import Vcenter  # noqa: E402  pylint: disable=import-outside-toplevel
    vcenter = Vcenter(sim)
    vcenter.request("POST", "/api/vcenter/vm/vm-102/power", params={"action": "stop"})
    vcenter.request("DELETE", "/api/vcenter/vm/vm-102")
    rc, output = run(sim, tmp_path, "restore_vm.yml", "-e", json.dumps({"scv_restore_vms": [
        {"vm_uuid": "50123e4a-0002-4c6b-9a10-000000000102", "name": "web02", "only_if_missing": True}]}))
    assert rc == 0, output[-4000:]
    assert [v["vm"] for v in vcenter.vms_named("web02")], "web02 is back"
    rc, output = run(sim, tmp_path, "restore_vm.yml", "--check", "-e", json.dumps({"scv_restore_vms": [
        {"vm": "web01"}]}))
    assert rc == 0 and len(posts(sim, "/restore")) == 1, "check mode restores nothing"
