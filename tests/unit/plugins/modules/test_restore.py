# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import restore
from ops_world import (API, DISK, HOSTS, JOBS, LOCATIONS, NEW, OLD, UUID, backup, job, started_job, vcenter,
                       vm_details)

VM = API + "/vm/vm-101"
RESTORE_42 = VM + "/backups/42/restore"


def appliance(fake_http, backups=(OLD, NEW), key="vm-101", details=None, earlier_jobs=(), runs=1):
    vcenter(fake_http, {"vm-101": details or vm_details(host="host-22"),
                        "vm-105": vm_details("vm-105", template=True)})
    # What the exactly-once check reads first: the jobs of the restore's type (one answer per module run).
    for dummy in range(runs):
        fake_http.route("GET", JOBS, list(earlier_jobs), times=1)
    base = API + "/vm/" + key
    fake_http.route("GET", base + "/backups", {"backupResponseList": list(backups)})
    for backup_id in (41, 42, 44):
        fake_http.route("GET", API + "/vm/backups/%d/snapshotlocations" % backup_id,
                        {"snapshotLocationsList": LOCATIONS})
        fake_http.route("GET", base + "/backups/%d/vmdklocations" % backup_id, {"vmdkLocationsList": [DISK]})
        fake_http.route("GET", base + "/backups/%d/availabledatastores" % backup_id,
                        {"DatastoreNameList": ["nfs_ds01", "nfs_ds02"]})
    fake_http.route("GET", base + "/backups/availableesxhosts", {"availableEsxHostsList": HOSTS})


def test_check_mode_returns_the_full_plan_and_writes_nothing(fake_http, run_module):
    appliance(fake_http)
    result = run_module(restore, {"vm": "web01"}, check_mode=True)
    assert result["changed"] is True
    plan = result["plan"]
    assert plan["backup"]["name"] == "rg_web_new"
    assert plan["vm_moref"] == "vm-101"
    assert plan["esx_host"] == {"name": "esx02.test", "moref": "host-22"}  # the VM's current host
    assert plan["restart_vm"] is True
    assert [loc["location"] for loc in plan["locations"]] == ["svm_nfs:vol1@rg_web_new"]
    assert result["job"] is None


@pytest.mark.parametrize("with_job_id", [True, False], ids=["job-id", "no-job-id"])
def test_restore_sends_the_location_with_the_host(fake_http, run_module, with_job_id):
    appliance(fake_http)
    started_job(fake_http, RESTORE_42, job(30, "restore"), with_job_id=with_job_id)
    result = run_module(restore, {"vm": "web01", "location": "secondary", "esx_host": "esx01.test"})
    assert result["changed"] is True, result
    assert fake_http.writes() == [("POST", RESTORE_42, {
        "restartVM": True, "restoreLocations": [dict(LOCATIONS[1], esxHost="esx01.test")]})]
    assert result["job"]["id"] == "30"
    assert result["job"]["status"] == "completed"


def test_backup_by_name_or_id_and_host_fallback_to_first(fake_http, run_module):
    appliance(fake_http, details=vm_details(host="host-99"), runs=2)
    result = run_module(restore, {"vm": "vm-101", "backup": "rg_web_old"}, check_mode=True)
    assert result["plan"]["backup"]["id"] == 41
    assert result["plan"]["esx_host"]["name"] == "esx01.test"
    result = run_module(restore, {"vm": "vm-101", "backup": "42"}, check_mode=True)
    assert result["plan"]["backup"]["id"] == 42


def test_partial_backup_restores_without_restart_and_warns(fake_http, run_module):
    appliance(fake_http, backups=[backup(44, "partial", "11/28/2026 03:00:00 PM", status="PARTIAL")])
    started_job(fake_http, VM + "/backups/44/restore", job(31, "restore"))
    result = run_module(restore, {"vm": "web01"})
    assert fake_http.writes()[0][2]["restartVM"] is False
    assert result["plan"]["restart_vm"] is False
    assert any("partial" in w for w in result.get("warnings", []))


def test_deleted_vm_by_uuid(fake_http, run_module):
    appliance(fake_http, key=UUID)
    started_job(fake_http, API + "/vm/%s/backups/42/restore" % UUID, job(32, "restore"))
    result = run_module(restore, {"vm_uuid": UUID, "esx_host": "host-22"})
    assert result["changed"] is True
    assert fake_http.writes()[0][2]["restoreLocations"][0]["esxHost"] == "esx02.test"
    assert result["plan"]["vm_uuid"] == UUID


def test_vmdk_restore_to_another_datastore(fake_http, run_module):
    appliance(fake_http)
    started_job(fake_http, VM + "/backups/42/restorevmdks", job(33, "restoreVmdk"))
    result = run_module(restore, {"vm": "web01", "vmdks": ["web01/web01.vmdk"], "datastore": "nfs_ds02"})
    assert result["changed"] is True
    assert fake_http.writes() == [("POST", VM + "/backups/42/restorevmdks", {
        "esxHost": "esx02.test",
        "vmdkRestoreLocations": [{"restoreFromLocation": LOCATIONS[0], "vmdkToRestore": DISK,
                                  "restoreToDatastore": "nfs_ds02"}]})]
    assert result["plan"]["vmdks"][0]["datastore"] == "nfs_ds02"


@pytest.mark.parametrize("args, option", [
    ({"vm": "nope"}, "vm"),
    ({"vm": "tmpl-rhel9"}, "vm"),
    ({"vm": "web01", "backup": "no_such_backup"}, "backup"),
    ({"vm": "web01", "esx_host": "esx09.test"}, "esx_host"),
    ({"vm": "web01", "vmdks": ["web01/other.vmdk"]}, "vmdks"),
    ({"vm": "web01", "vmdks": ["all"], "datastore": "vmfs_ds09"}, "datastore"),
])
def test_bad_input_fails_naming_the_option_before_any_write(fake_http, run_module, args, option):
    appliance(fake_http)
    result = run_module(restore, args)
    assert result["failed"] is True, result
    assert result["option"] == option, result["msg"]
    assert fake_http.writes() == []


def test_no_backup_for_latest(fake_http, run_module):
    appliance(fake_http, backups=[])
    result = run_module(restore, {"vm": "web01"})
    assert result["option"] == "backup"
    assert "no completed backup" in result["msg"]


def test_vm_and_vm_uuid_are_exclusive(fake_http, run_module):
    result = run_module(restore, {"vm": "web01", "vm_uuid": UUID})
    assert result["failed"] and "mutually exclusive" in result["msg"]
    assert fake_http.sent() == []


def test_template_known_from_vcenter_is_refused_before_any_write(fake_http, run_module):
    # The structural signal (vCenter's VM details), not the wording of an appliance message.
    appliance(fake_http, details=vm_details(host="host-21", template=True))
    fake_http.route("GET", API + "/jobs", [])
    fake_http.route("POST", RESTORE_42, None, status=400, messages=["VM web01 is a template; templates cannot be restored"])
    result = run_module(restore, {"vm": "web01"})
    assert result["option"] == "vm"
    assert "template" in result["msg"]
    assert fake_http.writes() == []


def test_a_refused_restore_reports_the_appliance_answer(fake_http, run_module):
    appliance(fake_http, details=vm_details(host="host-21"))
    fake_http.route("GET", API + "/jobs", [])
    fake_http.route("POST", RESTORE_42, None, status=400, messages=["VM web01 is a template; templates cannot be restored"])
    result = run_module(restore, {"vm": "web01"})
    assert result["failed"] and result["status"] == 400 and result["method"] == "POST"
    assert result["api_messages"] == ["VM web01 is a template; templates cannot be restored"]


def test_deleted_vm_restore_returns_the_new_moref(fake_http, run_module):
    # The deleted VM comes back under a new moref, with its name and instance UUID.
    fake_http.route("GET", "/api/vcenter/vm", raw=[{"vm": "vm-901", "name": "web01", "power_state": "POWERED_ON"}])
    fake_http.route("GET", "/api/vcenter/vm/vm-901", raw=vm_details("vm-901"))
    appliance(fake_http, key=UUID)
    started_job(fake_http, API + "/vm/%s/backups/42/restore" % UUID, job(32, "restore"))
    result = run_module(restore, {"vm_uuid": UUID, "esx_host": "host-22"})
    assert result["restored_vm"] == {"moref": "vm-901", "name": "web01", "instance_uuid": UUID}
    lookups = [r for r in fake_http.requests if r.path == "/api/vcenter/vm"]
    assert [r.query["names"] for r in lookups] == [["web01"]]


def test_restore_of_an_existing_vm_names_it_without_a_lookup(fake_http, run_module):
    appliance(fake_http)
    started_job(fake_http, RESTORE_42, job(31, "restore"))
    result = run_module(restore, {"vm": "web01"})
    assert result["restored_vm"] == {"moref": "vm-101", "name": "web01", "instance_uuid": None}


# -- exactly once ------------------------------------------------------------------------------------------

def appliance_time(minutes_ago):
    import datetime
    return (datetime.datetime.now() - datetime.timedelta(minutes=minutes_ago)).strftime("%m/%d/%Y %I:%M:%S %p")


def restore_job(job_id, status="COMPLETED", backup_id=42, moref="vm-101", uuid=UUID, ended_minutes_ago=10,
                job_type="restore"):
    return job(job_id, job_type, status=status, backupId=backup_id, name="Restore VM web01 from backup rg_web_new",
               startTime=appliance_time(ended_minutes_ago + 1),
               endTime=None if status == "RUNNING" else appliance_time(ended_minutes_ago),
               entities=[{"moref": moref, "name": "web01", "type": "VM", "uuid": uuid}])


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
def test_an_identical_restore_that_ended_within_the_window_is_not_started_again(fake_http, run_module, check_mode):
    appliance(fake_http, earlier_jobs=[restore_job(57)])
    result = run_module(restore, {"vm": "web01"}, check_mode=check_mode)
    assert result["changed"] is False, result
    assert result["earlier_job"]["id"] == "57" and result["job"]["id"] == "57"
    assert "job 57" in result["msg"] and "not started again" in result["msg"] and "ended completed" in result["msg"]
    assert result["plan"]["backup"]["id"] == 42
    assert fake_http.writes() == []


def test_a_running_identical_restore_is_waited_on(fake_http, run_module):
    appliance(fake_http, earlier_jobs=[restore_job(58, status="RUNNING")])
    fake_http.route("GET", JOBS + "/58", restore_job(58, status="RUNNING"), times=1)
    fake_http.route("GET", JOBS + "/58", restore_job(58, ended_minutes_ago=0))
    result = run_module(restore, {"vm": "web01"})
    assert result["changed"] is False, result
    assert result["job"]["status"] == "completed" and result["earlier_job"]["id"] == "58"
    assert result["restored_vm"]["moref"] == "vm-101"
    assert fake_http.writes() == []
    assert [r.path for r in fake_http.requests].count(JOBS + "/58") == 2


def test_a_running_identical_restore_that_fails_fails_the_task_without_a_new_restore(fake_http, run_module):
    appliance(fake_http, earlier_jobs=[restore_job(59, status="RUNNING")])
    fake_http.route("GET", JOBS + "/59", restore_job(59, status="FAILED"))
    result = run_module(restore, {"vm": "web01"})
    assert result["failed"] is True and "59" in result["msg"], result
    assert fake_http.writes() == []


@pytest.mark.parametrize("earlier, window", [
    (restore_job(60, ended_minutes_ago=90), "1h"),              # ended before the window
    (restore_job(60, ended_minutes_ago=1), "0"),                # the check is off
    (restore_job(60, status="FAILED"), "1h"),                   # it did not restore
    (restore_job(60, backup_id=41), "1h"),                      # another backup
    (restore_job(60, moref="vm-104", uuid="other-uuid"), "1h"),  # another VM
    (restore_job(60, job_type="restoreVmdk"), "1h"),            # another kind (listed by type: not answered)
    (dict(restore_job(60), entities=None), "1h"),               # the appliance does not say what it worked on
], ids=["old", "window-0", "failed", "other-backup", "other-vm", "other-kind", "no-entities"])
def test_a_restore_that_is_not_identical_or_not_recent_does_not_count(fake_http, run_module, earlier, window):
    earlier_list = [] if earlier["type"] != "restore" else [earlier]
    appliance(fake_http, earlier_jobs=earlier_list)
    started_job(fake_http, RESTORE_42, job(61, "restore"))
    result = run_module(restore, {"vm": "web01", "idempotency_window": window})
    assert result["changed"] is True, result
    assert result["earlier_job"] is None and result["job"]["id"] == "61"
    assert [w[:2] for w in fake_http.writes()] == [("POST", RESTORE_42)]


def test_a_deleted_vm_is_matched_by_its_instance_uuid(fake_http, run_module):
    appliance(fake_http, key=UUID, earlier_jobs=[restore_job(62, moref="vm-901")])
    result = run_module(restore, {"vm_uuid": UUID})
    assert result["changed"] is False and result["earlier_job"]["id"] == "62", result
    assert fake_http.writes() == []


def test_a_vmdk_restore_is_matched_by_kind_and_says_the_disks_are_not_known(fake_http, run_module):
    appliance(fake_http, earlier_jobs=[restore_job(63, job_type="restoreVmdk")])
    result = run_module(restore, {"vm": "web01", "vmdks": ["all"]})
    assert result["changed"] is False and result["earlier_job"]["id"] == "63", result
    assert "VMDK restore" in result["msg"]
    assert any("idempotency_window=0" in w for w in result.get("warnings", []))
    assert fake_http.writes() == []
    assert fake_http.requests[[r.path for r in fake_http.requests].index(JOBS)].query == {"type": ["restoreVmdk"]}


@pytest.mark.parametrize("window", ["soon", "-5m", "1x"])
def test_a_bad_window_fails_naming_the_option(fake_http, run_module, window):
    appliance(fake_http)
    result = run_module(restore, {"vm": "web01", "idempotency_window": window})
    assert result["failed"] is True and result["option"] == "idempotency_window", result
    assert fake_http.writes() == []


def test_a_deleted_vm_restored_earlier_but_gone_again_is_restored_again(fake_http, run_module):
    # The earlier restore by UUID completed, but the VM it brought back was deleted again: vCenter says
    # the restore's work is undone, so the same restore is sent once more.
    fake_http.route("GET", "/api/vcenter/vm", raw=[])
    appliance(fake_http, key=UUID, earlier_jobs=[restore_job(61, moref=None)])
    started_job(fake_http, API + "/vm/%s/backups/42/restore" % UUID, job(62, "restore"))
    result = run_module(restore, {"vm_uuid": UUID, "esx_host": "host-22"})
    assert result["changed"] is True and result["job"]["id"] == "62"
    assert [w[1] for w in fake_http.writes()] == [API + "/vm/%s/backups/42/restore" % UUID]
    assert any("job 61 restored the VM" in w and "restoring it again" in w for w in result["warnings"]), result


def test_a_deleted_vm_restored_earlier_and_back_is_not_restored_again(fake_http, run_module):
    fake_http.route("GET", "/api/vcenter/vm", raw=[{"vm": "vm-901", "name": "web01", "power_state": "POWERED_ON"}])
    fake_http.route("GET", "/api/vcenter/vm/vm-901", raw=vm_details("vm-901"))
    appliance(fake_http, key=UUID, earlier_jobs=[restore_job(63, moref="vm-901")])
    result = run_module(restore, {"vm_uuid": UUID, "esx_host": "host-22"})
    assert result["changed"] is False and result["earlier_job"]["id"] == "63"
    assert result["restored_vm"]["moref"] == "vm-901"
    assert fake_http.writes() == []
