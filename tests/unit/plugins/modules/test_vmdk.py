# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import vmdk
from ops_world import API, DISK, JOBS, NEW, OLD, job, started_job, vcenter

ATTACHED = dict(DISK, vmdkPath="[nfs_ds01] .snapshot/rg_web_new/web01/web01.vmdk", diskKey=2001,
                controller="SCSI 1:0", attachedFromBackupId=42)


def appliance(fake_http, current_on="vm-104", current=(DISK,), jobs_listed=None, current_later=None):
    vcenter(fake_http)
    if jobs_listed is not None:
        # The attach jobs the exactly-once check reads before an attach.
        fake_http.route("GET", JOBS, list(jobs_listed), times=1)
    fake_http.route("GET", API + "/vm/vm-101/backups", {"backupResponseList": [OLD, NEW]})
    fake_http.route("GET", API + "/vm/vm-101/backups/42/vmdklocations", {"vmdkLocationsList": [DISK]})
    current_path = API + "/vm/%s/backups/vmdklocations" % current_on
    if current_later is not None:
        # The first read answers `current`, every later one `current_later`.
        fake_http.route("GET", current_path, {"vmdkLocationsList": list(current)}, times=1)
        current = current_later
    fake_http.route("GET", current_path, {"vmdkLocationsList": list(current)})


@pytest.mark.parametrize("with_job_id", [True, False], ids=["job-id", "no-job-id"])
def test_attach_to_another_vm(fake_http, run_module, with_job_id):
    appliance(fake_http, jobs_listed=[])
    started_job(fake_http, API + "/vm/vm-101/attachvmdks", job(40, "attachVmdk"), with_job_id=with_job_id)
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["all"], "target_vm": "app01"})
    assert result["changed"] is True
    assert fake_http.writes() == [("POST", API + "/vm/vm-101/attachvmdks", {
        "backupId": 42, "vmdkLocations": [DISK], "alternateVmMoref": "vm-104"})]
    assert result["job"]["status"] == "completed"


def test_attach_is_idempotent(fake_http, run_module):
    appliance(fake_http, current_on="vm-101", current=(DISK, ATTACHED))
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["[nfs_ds01] web01/web01.vmdk"]})
    assert result["changed"] is False
    assert fake_http.writes() == []


def test_attach_check_mode(fake_http, run_module):
    appliance(fake_http, current_on="vm-101", jobs_listed=[])
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["all"]}, check_mode=True)
    assert result["changed"] is True
    assert [d["path"] for d in result["vmdks"]] == ["[nfs_ds01] web01/web01.vmdk"]


def test_detach_sends_the_attached_copies_then_is_idempotent(fake_http, run_module):
    appliance(fake_http, current_on="vm-101", current=(DISK, ATTACHED))
    started_job(fake_http, API + "/vm/vm-101/detachvmdks", job(41, "detachVmdk"))
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["web01/web01.vmdk"], "state": "detached"})
    assert result["changed"] is True
    assert fake_http.writes() == [("POST", API + "/vm/vm-101/detachvmdks", {"vmdksToDetach": [ATTACHED]})]


def test_detach_of_nothing_attached_is_unchanged(fake_http, run_module):
    appliance(fake_http, current_on="vm-101")
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["all"], "state": "detached"})
    assert result["changed"] is False
    assert fake_http.writes() == []


def test_unknown_vmdk_fails_before_any_write(fake_http, run_module):
    appliance(fake_http, current_on="vm-101")
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["web01/web01_9.vmdk"]})
    assert result["option"] == "vmdks"
    assert "web01_9.vmdk" in result["msg"]
    assert fake_http.writes() == []


def attach_job(job_id, status, target="vm-104", backup_id=42):
    return job(job_id, "attachVmdk", status=status, backupId=backup_id,
               entities=[{"moref": target, "name": "app01", "type": "VM"}])


def test_a_running_attach_of_the_same_backup_is_waited_on_and_nothing_is_attached_twice(fake_http, run_module):
    """The AWX relaunch case: the first task's attach still runs; the second waits on it, then reads the
    disks, which now hold the copy."""
    copy_on_app01 = dict(ATTACHED, diskKey=2002)
    # Before the wait the target has no copy; after it, the copy is there.
    appliance(fake_http, jobs_listed=[attach_job(45, "RUNNING")], current_later=(DISK, copy_on_app01))
    fake_http.route("GET", JOBS + "/45", attach_job(45, "COMPLETED"))
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["all"], "target_vm": "app01"})
    assert result["changed"] is False, result
    assert result["earlier_job"]["id"] == "45" and result["job"]["status"] == "completed"
    assert "job 45" in result["msg"]
    assert fake_http.writes() == []


@pytest.mark.parametrize("earlier", [attach_job(46, "RUNNING", target="vm-101"), attach_job(46, "RUNNING", backup_id=41),
                                     attach_job(46, "COMPLETED")], ids=["other-vm", "other-backup", "finished"])
def test_other_or_finished_attach_jobs_do_not_stop_an_attach(fake_http, run_module, earlier):
    appliance(fake_http, jobs_listed=[earlier])
    started_job(fake_http, API + "/vm/vm-101/attachvmdks", job(47, "attachVmdk"))
    result = run_module(vmdk, {"vm": "web01", "vmdks": ["all"], "target_vm": "app01"})
    assert result["changed"] is True and result["earlier_job"] is None, result
    assert len(fake_http.writes()) == 1
