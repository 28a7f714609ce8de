# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import vmdk
from ops_world import API, DISK, NEW, OLD, job, started_job, vcenter

ATTACHED = dict(DISK, vmdkPath="[nfs_ds01] .snapshot/rg_web_new/web01/web01.vmdk", diskKey=2001,
                controller="SCSI 1:0", attachedFromBackupId=42)


def appliance(fake_http, current_on="vm-104", current=(DISK,)):
    vcenter(fake_http)
    fake_http.route("GET", API + "/vm/vm-101/backups", {"backupResponseList": [OLD, NEW]})
    fake_http.route("GET", API + "/vm/vm-101/backups/42/vmdklocations", {"vmdkLocationsList": [DISK]})
    fake_http.route("GET", API + "/vm/%s/backups/vmdklocations" % current_on, {"vmdkLocationsList": list(current)})


@pytest.mark.parametrize("with_job_id", [True, False], ids=["job-id", "no-job-id"])
def test_attach_to_another_vm(fake_http, run_module, with_job_id):
    appliance(fake_http)
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
    appliance(fake_http, current_on="vm-101")
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
