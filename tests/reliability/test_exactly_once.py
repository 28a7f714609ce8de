# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Restore exactly once: the AWX relaunch case through real playbooks against the simulator.

A job template relaunched in AWX runs the very same task again: after the first job ended (the operator
did not see it finish), or while the appliance still runs it (the first AWX job lost its connection or was
cancelled). Either way the simulator's request log must show one restore call, and the second task reports
changed=false naming the earlier job.
"""

import os
import time

import pytest

from reliability_helpers import REPO_ROOT, assert_no_traceback, ok, run_playbook, scv_requests, start_playbook

OUTPUT = os.path.join(REPO_ROOT, "tests", "output")


@pytest.fixture
def protected(sim, api):
    """rg_web (web01, web02) and rg_ds (nfs_ds01) each with one backup; db01 in rg_db with one."""
    web = api.protect("rg_web", ["vm-101", "vm-102"])
    api.backup_now(*web)
    ds = api.protect("rg_ds", ["datastore-11"], snapmirror=False)
    api.backup_now(*ds)
    db = api.protect("rg_db", ["vm-103"], snapmirror=False)
    api.backup_now(*db)
    sim.clear_requests()
    return api


def job_list(api, job_type):
    return api.call("GET", "/4.1/jobs", query={"type": job_type}) or []


def log_lines(sim, contains):
    """The request log lines of the calls that matter here (method path status), for the report."""
    return ["%s %s%s %s" % (e["method"], e["path"], ("?" + e["query"]) if e.get("query") else "", e["status"])
            for e in scv_requests(sim)
            if any(word in e["path"] for word in contains)]


def save_log(name, lines):
    os.makedirs(OUTPUT, exist_ok=True)
    with open(os.path.join(OUTPUT, "relaunch-%s.log" % name), "w") as out:
        out.write("\n".join(lines) + "\n")


def wait_for_post(sim, suffix, process, timeout=60):
    deadline = time.monotonic() + timeout
    while not scv_requests(sim, "POST", suffix):
        assert process.poll() is None, "the first run ended before it sent POST %s" % suffix
        assert time.monotonic() < deadline, "POST %s was never sent" % suffix
        time.sleep(0.1)


RESTORE_WEB01 = {"snapcenter.vsphere.restore": {"vm": "web01", "backup": "latest"}}


def test_relaunch_after_the_first_restore_ended_restores_once(sim, protected):
    first = run_playbook(sim, [RESTORE_WEB01])
    second = run_playbook(sim, [RESTORE_WEB01])
    assert_no_traceback(second)
    done, again = ok(first[0]), ok(second[0])
    assert done["changed"] is True and done["job"]["status"] == "completed"
    assert again["changed"] is False, again
    assert again["earlier_job"]["id"] == done["job"]["id"]
    assert "job %s" % done["job"]["id"] in again["msg"] and "ended completed" in again["msg"]
    assert len(scv_requests(sim, "POST", "/restore")) == 1
    assert len(job_list(protected, "restore")) == 1
    save_log("after-end", log_lines(sim, ("/restore", "/jobs", "/auth/login")))


def test_relaunch_while_the_first_restore_runs_waits_on_it(sim, protected):
    sim.config(job_seconds=4)
    process, dummy_results, dummy_started = start_playbook(sim, [RESTORE_WEB01])
    wait_for_post(sim, "/restore", process)
    # AWX lost the first job (cancelled, controller restarted): the restore goes on on the appliance.
    process.kill()
    process.communicate()
    [running] = job_list(protected, "restore")
    assert running["status"] == "RUNNING"
    second = run_playbook(sim, [RESTORE_WEB01])
    assert_no_traceback(second)
    again = ok(second[0])
    assert again["changed"] is False, again
    assert str(again["earlier_job"]["id"]) == str(running["id"])
    assert again["job"]["status"] == "completed", "the second task waited for the first job's end"
    assert again["restored_vm"]["moref"] == "vm-101"
    assert len(scv_requests(sim, "POST", "/restore")) == 1
    assert [j["status"] for j in job_list(protected, "restore")] == ["COMPLETED"]
    save_log("while-running", log_lines(sim, ("/restore", "/jobs", "/auth/login")))


def test_a_restore_with_the_window_off_restores_again(sim, protected):
    task = {"snapcenter.vsphere.restore": {"vm": "web01", "idempotency_window": "0"}}
    run = run_playbook(sim, [task, task])
    assert ok(run[0])["changed"] is True and ok(run[1])["changed"] is True
    assert len(scv_requests(sim, "POST", "/restore")) == 2


def test_a_deleted_vm_and_vmdks_are_restored_once_too(sim, protected):
    web02_uuid = "50123e4a-0002-4c6b-9a10-000000000102"
    from ops_vcenter import delete_vm  # noqa: E402  pylint: disable=import-outside-toplevel
    delete_vm(sim, "vm-102")
    deleted = {"snapcenter.vsphere.restore": {"vm_uuid": web02_uuid}}
    disks = {"snapcenter.vsphere.restore": {"vm": "db01", "vmdks": ["all"]}}
    run = run_playbook(sim, [deleted, deleted, disks, disks])
    assert_no_traceback(run)
    first, again, vmdks, vmdks_again = [ok(r) for r in run]
    assert first["changed"] is True and first["restored_vm"]["name"] == "web02"
    assert again["changed"] is False and again["earlier_job"]["id"] == first["job"]["id"], again
    assert vmdks["changed"] is True and vmdks_again["changed"] is False
    assert len(scv_requests(sim, "POST", "/restore")) == 1
    assert len(scv_requests(sim, "POST", "/restorevmdks")) == 1


@pytest.mark.parametrize("operation", ["mount", "attach"])
def test_relaunch_while_a_mount_or_attach_runs_waits_on_it(sim, protected, operation):
    task, suffix, job_type = {
        "mount": ({"snapcenter.vsphere.mount": {"datastore": "nfs_ds01", "esx_host": "esx02.demo.local"}},
                  "/mount", "mountBackup"),
        "attach": ({"snapcenter.vsphere.vmdk": {"vm": "web01", "vmdks": ["all"], "target_vm": "app01"}},
                   "/attachvmdks", "attachVmdk"),
    }[operation]
    sim.config(job_seconds=4)
    process, dummy_results, dummy_started = start_playbook(sim, [task])
    wait_for_post(sim, suffix, process)
    process.kill()
    process.communicate()
    second = run_playbook(sim, [task, task])
    assert_no_traceback(second)
    waited, third = ok(second[0]), ok(second[1])
    assert waited["changed"] is False and waited["earlier_job"] is not None, waited
    assert third["changed"] is False
    assert len(scv_requests(sim, "POST", suffix)) == 1
    assert [j["status"] for j in job_list(protected, job_type)] == ["COMPLETED"]
