# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.snapcenter.vsphere.plugins.modules import backup_info
from ops_world import API, FAILED, GROUP, NEW, OLD, UUID, vcenter

VM_BACKUPS = API + "/vm/vm-101/backups"


def test_vm_by_name_newest_first_with_iso_times(fake_http, run_module):
    vcenter(fake_http)
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, FAILED, NEW]})
    result = run_module(backup_info, {"vm": "web01"})
    assert result["changed"] is False
    assert [b["name"] for b in result["backups"]] == ["rg_web_failed", "rg_web_new", "rg_web_old"]
    newest = result["backups"][1]
    assert newest["start_time"] == "11/28/2026 01:30:05 PM"
    assert newest["start_time_iso"] == "2026-11-28T13:30:05"
    assert newest["status"] == "completed"
    assert newest["resource_group"] == "rg_web"


def test_filters_status_latest_and_time_window(fake_http, run_module):
    vcenter(fake_http)
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, FAILED, NEW]})
    result = run_module(backup_info, {"vm": "vm-101", "status": ["completed"], "latest": True})
    assert [b["name"] for b in result["backups"]] == ["rg_web_new"]
    result = run_module(backup_info, {"vm": "vm-101", "newer_than": "2026-11-28T00:00",
                                      "older_than": "2026-11-28T14:00"})
    assert [b["name"] for b in result["backups"]] == ["rg_web_new"]
    result = run_module(backup_info, {"vm": "vm-101", "name": "rg_web_old"})
    assert [b["id"] for b in result["backups"]] == [41]


def test_deleted_vm_by_uuid_needs_no_vcenter(fake_http, run_module):
    fake_http.route("GET", API + "/vm/%s/backups" % UUID, {"backupResponseList": [NEW]})
    result = run_module(backup_info, {"vm_uuid": UUID})
    assert [b["id"] for b in result["backups"]] == [42]
    assert all("/vcenter/" not in path for dummy, path, dummy2 in fake_http.sent())


def test_resource_group_and_datastore(fake_http, run_module):
    vcenter(fake_http)
    other_group = dict(OLD, backupId=60, resourceGroupId=8)
    fake_http.route("GET", API + "/resource-groups", {"resourceGroupResponseList": [GROUP]})
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, NEW, other_group]})
    result = run_module(backup_info, {"resource_group": "rg_web"})
    assert [b["id"] for b in result["backups"]] == [42, 41]
    fake_http.route("GET", API + "/datastores/datastore-11/backups", {"backupResponseList": [OLD]})
    result = run_module(backup_info, {"datastore": "nfs_ds01"})
    assert [b["id"] for b in result["backups"]] == [41]


def test_bad_input(fake_http, run_module):
    vcenter(fake_http)
    result = run_module(backup_info, {"vm": "web01", "vm_uuid": UUID})
    assert result["failed"] and "mutually exclusive" in result["msg"]
    result = run_module(backup_info, {"vm": "nope"})
    assert result["option"] == "vm"
    result = run_module(backup_info, {"vm": "vm-101", "newer_than": "yesterday"})
    assert result["option"] == "newer_than"
