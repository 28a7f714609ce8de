# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import (
    policy_info,
    resource_group_info,
    storage_system_info,
)

CASES = [
    (storage_system_info, "/api/4.1/storage-system", "storageSystemResponseList", "storage_systems",
     {"id": 1, "name": "a.example.com", "userName": "u", "protocol": "HTTPS", "port": 443, "timeout": 60,
      "preferredIp": "", "platformType": "AFF", "asup": False, "syslog": False, "type": "SVM", "svms": []},
     {"id": "1", "name": "a.example.com", "ontap_username": "u", "ontap_protocol": "https", "ontap_port": 443,
      "ontap_timeout": 60, "preferred_ip": "", "platform_type": "AFF", "asup": False, "syslog": False}),
    (policy_info, "/api/4.1/policies", "policyResponseList", "policies",
     {"id": 2, "name": "p1", "description": "d", "frequency": "WEEKLY", "retention": {"type": "COUNT", "value": 4},
      "snapMirror": True, "snapVault": False, "snapshotLabel": "", "vmConsistency": True,
      "includeIndependentDisks": False, "lockingPeriod": {"value": 1, "unit": "MONTHS"}},
     {"id": "2", "name": "p1", "description": "d", "frequency": "weekly", "retention_count": 4,
      "retention_days": None, "snapmirror": True, "snapvault": False, "snapshot_label": "", "vm_consistency": True,
      "include_independent_disks": False, "locking_period": {"value": 1, "unit": "months"}}),
    (resource_group_info, "/api/4.1/resource-groups", "resourceGroupResponseList", "resource_groups",
     {"id": 3, "name": "rg1", "description": "", "entities": [
         {"moref": "vm-1", "name": "web01", "type": "VM"}, {"moref": "datastore-2", "name": "ds1", "type": "DATASTORE"}],
      "policies": [{"id": 2, "name": "p1", "schedule": {"frequency": "WEEKLY", "daysOfWeek": ["SUNDAY"],
                                                        "startTime": "12/06/2026 03:00 AM"}}],
      "spanningDatastores": {"spanningType": "CUSTOM", "datastores": ["datastore-9"]}, "notification": "ERROR",
      "emailSettings": {"from": "a@x", "to": ["b@x"], "subject": "s"}, "latestSnapshotName": True,
      "customSnapshotFormat": "$ResourceGroup_$Policy", "status": "UNDER_MAINTENANCE", "lastRunStatus": None},
     {"id": "3", "name": "rg1", "description": "", "vms": ["web01"], "datastores": ["ds1"],
      "policies": [{"name": "p1", "schedule": {"every": None, "start_time": "2026-12-06T03:00",
                                               "days_of_week": ["sunday"], "days_of_month": None}}],
      "spanning": "custom", "spanning_datastores": ["datastore-9"], "notification": "error",
      "email": {"from": "a@x", "to": ["b@x"], "subject": "s"}, "latest_snapshot_name": True,
      "snapshot_name_format": "$ResourceGroup_$Policy", "suspended": True}),
]


@pytest.mark.parametrize("module, path, list_key, result_key, stored, expected", CASES)
def test_info_lists_everything_in_the_module_vocabulary(fake_http, run_module, module, path, list_key,
                                                        result_key, stored, expected):
    other = dict(stored, id=99, name="other")
    fake_http.route("GET", path, {list_key: [stored, other]})
    result = run_module(module, {}, check_mode=True)
    assert result["changed"] is False
    assert result[result_key][0] == expected
    assert [item["name"] for item in result[result_key]] == [stored["name"], "other"]
    assert fake_http.sent() == [("GET", path, None)]


@pytest.mark.parametrize("module, path, list_key, result_key, stored, expected", CASES)
def test_info_filters_by_name(fake_http, run_module, module, path, list_key, result_key, stored, expected):
    fake_http.route("GET", path, {list_key: [stored, dict(stored, id=99, name="other")]})
    assert run_module(module, {"name": "other"})[result_key][0]["id"] == "99"
    assert run_module(module, {"name": "missing"})[result_key] == []
