# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every data-protection workflow of the seed document as real playbooks against the simulator, in two
dialects (published paths / int ids / job ids; lowercase paths / string ids / no job ids).

One simulator per dialect, reset before each test; protection is set up through the REST API directly.
"""

import pytest

from ops_helpers import DIALECTS, Api, Simulator, Vcenter, run_tasks

WEB01_UUID = "50123e4a-0001-4c6b-9a10-000000000101"


@pytest.fixture(scope="module", params=DIALECTS, ids=lambda d: "%(paths)s-%(ids)s-jobids_%(job_ids)s" % d)
def dialect_sim(request):
    with Simulator(job_seconds=0, **request.param) as running:
        yield running


@pytest.fixture
def sim(dialect_sim):
    dialect_sim.reset()
    dialect_sim.clear_faults()
    dialect_sim.clear_requests()
    return dialect_sim


@pytest.fixture
def api(sim):
    return Api(sim)


@pytest.fixture
def web_backup(api):
    """rg_web protects web01 (with a SnapMirror copy) and has one backup."""
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    api.backup_now(group_id, policy_id)
    api.sim.clear_requests()
    return api.vm_backups("vm-101")[0]


def ok(result):
    assert not result.get("failed"), result.get("msg", result)
    return result


def in_check_mode(task):
    return dict(task, check_mode=True)


def write_names(sim):
    """The last path segment of every write the simulator saw (login excluded)."""
    return [w["path"].rsplit("/", 1)[-1] for w in sim.writes()]


def test_on_demand_backup_then_max_age_skips(sim, api):
    api.protect("rg_web", ["vm-101"])
    sim.clear_requests()
    backup = {"snapcenter.vsphere.backup": {"resource_group": "rg_web"}}
    results, output = run_tasks(sim, [
        in_check_mode(backup),
        backup,
        {"snapcenter.vsphere.backup": {"resource_group": "rg_web", "max_age": "1h"}},
        {"snapcenter.vsphere.backup_info": {"resource_group": "rg_web", "latest": True}},
    ])
    planned, made, skipped, info = [ok(r) for r in results]
    assert planned["changed"] is True and planned["job"] is None
    assert made["changed"] is True and made["job"]["status"] == "completed"
    assert made["backup"]["name"].startswith("rg_web_")
    assert made["backup"]["locations"] == ["primary", "secondary"]
    assert skipped["changed"] is False
    assert skipped["backup"]["id"] == made["backup"]["id"]
    assert [b["name"] for b in info["backups"]] == [made["backup"]["name"]]
    # the check-mode run and the max_age run wrote nothing
    assert write_names(sim) == ["backupnow"]


def test_restore_vm_check_mode_plan_then_restore(sim, web_backup):
    sim.clear_requests()
    task = {"snapcenter.vsphere.restore": {"vm": "web01", "location": "secondary"}}
    results, output = run_tasks(sim, [in_check_mode(task), task])
    planned, restored = [ok(r) for r in results]
    plan = planned["plan"]
    assert planned["changed"] is True and planned["job"] is None
    assert plan["backup"]["name"] == web_backup["backupName"]
    assert plan["esx_host"]["moref"] == "host-21"  # web01's current host
    assert plan["locations"][0]["location_type"] == "SECONDARY"
    assert restored["job"]["status"] == "completed"
    assert restored["plan"]["backup"]["id"] == plan["backup"]["id"]
    assert write_names(sim) == ["restore"]
    assert sim.password not in output


def test_restore_deleted_vm_by_uuid(sim, web_backup):
    vcenter = Vcenter(sim)
    vcenter.request("POST", "/api/vcenter/vm/vm-101/power", params={"action": "stop"})
    vcenter.request("DELETE", "/api/vcenter/vm/vm-101")
    assert vcenter.vms_named("web01") == []
    results, dummy = run_tasks(sim, [
        {"snapcenter.vsphere.backup_info": {"vm_uuid": WEB01_UUID}},
        {"snapcenter.vsphere.restore": {"vm_uuid": WEB01_UUID, "esx_host": "esx02.demo.local"}},
    ])
    info, restored = [ok(r) for r in results]
    assert [b["name"] for b in info["backups"]] == [web_backup["backupName"]]
    assert restored["job"]["status"] == "completed"
    back = vcenter.vms_named("web01")
    assert len(back) == 1 and back[0]["vm"] != "vm-101"


def test_restore_vmdk_to_another_datastore(sim, web_backup):
    results, dummy = run_tasks(sim, [{"snapcenter.vsphere.restore": {
        "vm": "web01", "vmdks": ["[nfs_ds01] web01/web01.vmdk"], "datastore": "nfs_ds02"}}])
    restored = ok(results[0])
    assert restored["job"]["type"] == "restoreVmdk"
    assert restored["plan"]["vmdks"] == [{"path": "[nfs_ds01] web01/web01.vmdk", "datastore": "nfs_ds02",
                                          "location": restored["plan"]["vmdks"][0]["location"]}]
    assert Vcenter(sim).request("GET", "/api/vcenter/vm/vm-101")["datastores"] == ["nfs_ds02"]


def test_attach_then_detach_twice_each(sim, web_backup):
    attach = {"snapcenter.vsphere.vmdk": {"vm": "web01", "vmdks": ["all"], "target_vm": "app01"}}
    detach = {"snapcenter.vsphere.vmdk": {"vm": "web01", "vmdks": ["all"], "target_vm": "app01",
                                          "state": "detached"}}
    results, dummy = run_tasks(sim, [attach, attach, detach, detach])
    first, second, third, fourth = [ok(r) for r in results]
    assert (first["changed"], second["changed"], third["changed"], fourth["changed"]) == (True, False, True, False)
    assert first["job"]["type"] == "attachVmdk" and third["job"]["type"] == "detachVmdk"
    assert write_names(sim) == ["attachvmdks", "detachvmdks"]


def test_mount_then_unmount_twice_each(sim, api):
    group_id, policy_id = api.protect("rg_ds", ["datastore-11"], snapmirror=False)
    api.backup_now(group_id, policy_id)
    sim.clear_requests()
    mount = {"snapcenter.vsphere.mount": {"datastore": "nfs_ds01", "esx_host": "esx02.demo.local"}}
    unmount = {"snapcenter.vsphere.mount": {"datastore": "nfs_ds01", "state": "unmounted"}}
    results, dummy = run_tasks(sim, [in_check_mode(mount), mount, mount, in_check_mode(unmount), unmount, unmount])
    planned, first, second, planned_unmount, third, fourth = [ok(r) for r in results]
    assert planned["changed"] is True and planned_unmount["changed"] is True
    assert (first["changed"], second["changed"], third["changed"], fourth["changed"]) == (True, False, True, False)
    assert first["datastore"]["esx_host"] == "esx02.demo.local"
    assert first["datastore"]["moref"] and first["datastore"]["moref"] == second["datastore"]["moref"]
    assert third["unmounted"][0]["moref"] == first["datastore"]["moref"]
    assert write_names(sim) == ["mount", "unmount"]


def test_job_logs_download(sim, api, tmp_path):
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    backup_job = api.backup_now(group_id, policy_id)
    dest = str(tmp_path / "backup-job.log")
    results, dummy = run_tasks(sim, [
        {"snapcenter.vsphere.job_info": {"type": "backup", "status": "completed", "newer_than": "1h"}},
        {"snapcenter.vsphere.job_info": {"id": str(backup_job["id"]), "logs_dest": dest}},
    ])
    listed, one = [ok(r) for r in results]
    assert str(backup_job["id"]) in [j["id"] for j in listed["jobs"]]
    assert one["job"]["status"] == "completed" and one["logs_changed"] is True
    with open(dest) as log:
        assert "rg_web" in log.read()


def test_fail_a_stuck_job(sim, api):
    api.protect("rg_web", ["vm-101"])
    sim.next_job("backup", "stuck")
    stuck = {"id": "{{ result_0.job.id }}", "state": "failed"}
    results, dummy = run_tasks(sim, [
        {"snapcenter.vsphere.backup": {"resource_group": "rg_web", "wait": False}},
        {"snapcenter.vsphere.job_info": {"type": "backup", "status": "running"}},
        {"snapcenter.vsphere.job": stuck, "check_mode": True},
        {"snapcenter.vsphere.job": stuck},
        {"snapcenter.vsphere.job": stuck},
        {"snapcenter.vsphere.job_info": {"id": "{{ result_0.job.id }}"}},
    ])
    started, running, planned, first, second, info = [ok(r) for r in results]
    assert started["job"]["status"] == "running"
    assert [j["id"] for j in running["jobs"]] == [started["job"]["id"]]
    assert planned["changed"] is True
    assert (first["changed"], second["changed"]) == (True, False)
    assert info["job"]["status"] == "failed"
    assert len([w for w in sim.writes() if w["path"].endswith("/failJobs")]) == 1


def test_failed_backup_job_fails_the_task_with_its_messages(sim, api):
    api.protect("rg_web", ["vm-101"])
    sim.next_job("backup", "fail")
    results, dummy = run_tasks(sim, [{"snapcenter.vsphere.backup": {"resource_group": "rg_web"}}])
    assert results[0]["failed"] is True
    assert results[0]["job"]["id"] and results[0]["job"]["status"] == "failed"
    assert results[0]["job"]["id"] in results[0]["msg"]


def test_reports(sim, web_backup):
    results, dummy = run_tasks(sim, [{"snapcenter.vsphere.report_info": {}}])
    report = ok(results[0])
    assert "web01" in [vm["name"] for vm in report["protected"]]
    assert "db01" in [vm["name"] for vm in report["unprotected"]]
    assert report["counts"] == {"protected": len(report["protected"]), "unprotected": len(report["unprotected"])}


def test_schedule_change_is_idempotent(sim):
    task = {"snapcenter.vsphere.schedule": {"name": "Schedule-PurgeJobs", "cron": "0 15 4 ? * SUN"}}
    results, dummy = run_tasks(sim, [in_check_mode(task), task, task,
                                     {"snapcenter.vsphere.schedule_info": {"name": "Schedule-PurgeJobs"}}], diff=True)
    planned, first, second, info = [ok(r) for r in results]
    assert planned["changed"] is True and planned["diff"]["after"]["cron"] == "0 15 4 ? * SUN"
    assert (first["changed"], second["changed"]) == (True, False)
    assert write_names(sim) == ["schedules"]
    assert info["schedules"][0]["cron"] == "0 15 4 ? * SUN"


BAD_INPUT = [
    ("unknown VM", {"snapcenter.vsphere.restore": {"vm": "no-such-vm"}}, "vm"),
    ("unknown datastore", {"snapcenter.vsphere.mount": {"datastore": "no_such_ds"}}, "datastore"),
    ("unknown host", {"snapcenter.vsphere.restore": {"vm": "web01", "esx_host": "esx99.demo.local"}}, "esx_host"),
    ("unknown resource group", {"snapcenter.vsphere.backup": {"resource_group": "rg_nope"}}, "resource_group"),
    ("unknown policy", {"snapcenter.vsphere.backup": {"resource_group": "rg_web", "policy": "nope"}}, "policy"),
    ("unknown backup", {"snapcenter.vsphere.restore": {"vm": "web01", "backup": "nope"}}, "backup"),
    ("latest when none", {"snapcenter.vsphere.restore": {"vm": "db01"}}, "backup"),
    ("vmdk not in backup", {"snapcenter.vsphere.vmdk": {"vm": "web01", "vmdks": ["web01/x.vmdk"]}}, "vmdks"),
    ("datastore not available", {"snapcenter.vsphere.restore": {
        "vm": "web01", "vmdks": ["all"], "datastore": "no_such_ds"}}, "datastore"),
    ("template", {"snapcenter.vsphere.restore": {"vm": "tmpl-rhel9"}}, "vm"),
    ("vm and vm_uuid", {"snapcenter.vsphere.restore": {"vm": "web01", "vm_uuid": WEB01_UUID}}, None),
    ("invalid max_age", {"snapcenter.vsphere.backup": {"resource_group": "rg_web", "max_age": "soon"}}, "max_age"),
    ("invalid cron", {"snapcenter.vsphere.schedule": {"name": "Schedule-PurgeJobs", "cron": "0 0 25 * * ?"}}, "cron"),
]


def test_bad_input_fails_clearly_before_any_write(sim, web_backup):
    sim.clear_requests()
    results, dummy = run_tasks(sim, [task for dummy, task, dummy2 in BAD_INPUT])
    for (label, dummy, option), result in zip(BAD_INPUT, results):
        assert result.get("failed") is True, (label, result)
        if option:
            assert result.get("option") == option, (label, result["msg"])
        else:
            assert "mutually exclusive" in result["msg"], (label, result["msg"])
    assert sim.writes() == []


def test_check_mode_never_writes(sim, web_backup):
    sim.clear_requests()
    results, dummy = run_tasks(sim, [
        {"snapcenter.vsphere.restore": {"vm": "web01"}},
        {"snapcenter.vsphere.restore": {"vm": "web01", "vmdks": ["all"]}},
        {"snapcenter.vsphere.vmdk": {"vm": "web01", "vmdks": ["all"]}},
        {"snapcenter.vsphere.backup": {"resource_group": "rg_web"}},
    ], check=True)
    assert all(ok(r)["changed"] for r in results)
    assert sim.writes() == []
