# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""protection_config_info with mocked HTTP: the export is protection_config's own vocabulary, in a stable
order, and applying it (prune on) changes nothing; what cannot be expressed is named, not dropped."""

import pytest

from test_protection_config import GROUPS, LOGIN, VMS, FakeScv, desired  # pylint: disable=import-error

from ansible_collections.snapcenter.vsphere.plugins.modules import protection_config, protection_config_info


@pytest.fixture
def scv(fake_http):
    return FakeScv(fake_http, vm_count=10)


def export(run_module):
    result = run_module(protection_config_info, {})
    assert result.get("failed") is not True, result
    assert result["changed"] is False
    return result


def reapply(scv, run_module, result):
    scv.http.requests[:] = []
    again = run_module(protection_config, dict(result["desired_state"], prune=True, prune_storage_systems=True,
                                               prune_keep=result["prune_keep"]))
    assert again.get("failed") is not True, again
    return again


def test_export_speaks_protection_config_items_sorted_and_round_trips(scv, run_module):
    state = desired(3, 2)
    state["resource_groups"].reverse()
    state["policies"][1]["snapvault"] = True
    state["policies"][1]["retention_count"] = 2
    run_module(protection_config, dict(state, schedules=[{"name": "Schedule-PurgeBackups", "cron": "0 30 3 * * ?"}]))
    scv.http.requests[:] = []
    result = export(run_module)
    exported = result["desired_state"]
    assert scv.http.writes() == []
    assert exported["storage_systems"] == [{"name": "cluster1.example.com", "ontap_username": "admin",
                                            "ontap_protocol": "https", "ontap_port": 443, "ontap_timeout": 60,
                                            "preferred_ip": "", "asup": False, "syslog": False}]
    assert [g["name"] for g in exported["resource_groups"]] == ["rg_000", "rg_001", "rg_002"]
    assert exported["resource_groups"][1]["vms"] == ["vm001"]
    assert exported["resource_groups"][1]["policies"] == [
        {"name": "pol_01", "schedule": {"every": 1, "start_time": "2026-12-01T01:30"}}]
    assert exported["policies"][1]["snapvault"] is True and "id" not in exported["policies"][1]
    assert exported["schedules"] == [{"name": "Schedule-PurgeBackups", "cron": "0 30 3 * * ?"}]
    assert result["unmanaged"] == [] and "warnings" not in result
    # One login, one list per kind, one vCenter session, VMs by moref then by name.
    assert len(scv.http.requests) == 8, [(r.method, r.path) for r in scv.http.requests]

    again = reapply(scv, run_module, result)
    assert again["changed"] is False and scv.http.writes() == []
    assert export(run_module)["desired_state"] == exported, "a second export is the same"


def test_what_cannot_be_expressed_is_warned_about_kept_out_and_kept_from_pruning(scv, run_module):
    run_module(protection_config, desired(2, 1))
    vvol = {"id": 900, "name": "rg_vvol", "description": "", "entities": [{"moref": "vvol-7", "name": "vv", "type": "VVOL"}],
            "policies": [], "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER",
            "status": "PRODUCTION"}
    scv.objects[GROUPS].append(vvol)
    result = export(run_module)
    assert [g["name"] for g in result["desired_state"]["resource_groups"]] == ["rg_000", "rg_001"]
    assert [(u["kind"], u["name"]) for u in result["unmanaged"]] == [("resource_group", "rg_vvol")]
    assert "rg_vvol" in result["warnings"][-1] and "prune_keep" in result["warnings"][-1]
    assert result["prune_keep"]["resource_groups"] == ["rg_vvol"]
    again = reapply(scv, run_module, result)
    assert again["changed"] is False and scv.http.writes() == [], "kept: neither changed nor deleted"


def test_a_vm_name_vcenter_has_twice_is_exported_as_its_moref(scv, run_module):
    run_module(protection_config, desired(2, 1))
    vm_route = next(route for route in scv.http.routes if route["path"] == VMS)
    vm_route["raw"] = vm_route["raw"] + [{"vm": "vm-5000", "name": "vm001"}]
    result = export(run_module)
    groups = result["desired_state"]["resource_groups"]
    assert groups[0]["vms"] == ["vm000"] and groups[1]["vms"] == ["vm-1001"]
    assert any("'vm001' matches 2 objects" in warning for warning in result["warnings"])
    again = reapply(scv, run_module, result)
    assert again["changed"] is False and scv.http.writes() == []


def test_an_empty_appliance_exports_empty_lists_and_needs_no_vcenter(scv, run_module):
    result = export(run_module)
    assert result["desired_state"]["policies"] == [] and result["desired_state"]["resource_groups"] == []
    assert [r.path for r in scv.http.requests if r.path != LOGIN] == [
        "/api/4.1/storage-system", "/api/4.1/policies", "/api/4.1/resource-groups", "/api/4.1/schedules"]
