# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""protection_config through real ansible-playbook runs against the simulator (demo world)."""

import copy
import re

ONTAP_PASSWORD = "netapp-demo-1"

STATE = {
    "storage_systems": [{"name": "cluster1.demo.local", "ontap_username": "admin",
                         "ontap_password": ONTAP_PASSWORD}],
    "policies": [
        {"name": "daily_7", "frequency": "daily", "retention_count": 7},
        {"name": "hourly_24", "frequency": "hourly", "retention_count": 24, "vm_consistency": True},
    ],
    "resource_groups": [
        {"name": "rg_web", "vms": ["web01", "web02"],
         "policies": [{"name": "daily_7", "schedule": {"every": 1, "start_time": "2026-12-01T01:30"}}]},
        {"name": "rg_db", "vms": ["db01"], "spanning": "include_all",
         "policies": [{"name": "hourly_24", "schedule": {"every": 4, "start_time": "2026-12-01T00:15"}}]},
        {"name": "rg_app_datastore", "datastores": ["vmfs_ds01"],
         "policies": [{"name": "daily_7", "schedule": {"every": 1, "start_time": "2026-12-01T02:30"}}]},
    ],
    "schedules": [{"name": "Schedule-PurgeBackups", "cron": "0 0 3 * * ?"}],
}


def task(**options):
    return {"snapcenter.vsphere.protection_config": options}


def scv_requests(sim):
    return [e for e in sim.requests() if e["listener"] == "scv"]


def test_apply_then_reapply_is_unchanged_with_one_login_and_no_write(sim, play):
    results, dummy = play([task(**STATE)])
    first = results[0]
    assert first.get("failed") is not True, first
    assert first["changed"] is True
    assert [o["name"] for o in first["resource_groups"]] == ["rg_web", "rg_db", "rg_app_datastore"]
    assert sorted(first["resource_groups"][0]["vms"]) == ["web01", "web02"]
    # Dependency order on the wire: storage, then policies, then groups, then the schedule.
    writes = [(e["method"], e["path"]) for e in sim.writes()]
    kinds = [re.sub(r"^/api/4\.1/([a-z-]+).*", r"\1", path) for dummy_method, path in writes]
    assert kinds == ["storage-system", "policies", "policies", "resource-groups", "resource-groups",
                     "resource-groups", "schedules"]

    sim.clear_requests()
    results, dummy = play([task(**STATE)])
    again = results[0]
    assert again["changed"] is False, again["actions"]
    assert set(a["action"] for a in again["actions"]) == {"none"}
    assert sim.writes() == []
    requests = sim.requests()
    assert len([e for e in requests if e["path"].endswith("/auth/login")]) == 1
    # One login, one list per kind (4), one vCenter session and one lookup per kind of name (VMs, datastores).
    assert len(requests) <= 8, [(e["method"], e["path"]) for e in requests]


def test_check_mode_diff_plans_everything_and_writes_nothing(sim, play):
    results, stdout = play([task(**STATE)], check=True, diff=True)
    planned = results[0]
    assert planned["changed"] is True
    assert sim.writes() == []
    assert [(a["kind"], a["action"]) for a in planned["actions"]] == (
        [("storage_system", "create"), ("policy", "create"), ("policy", "create")]
        + [("resource_group", "create")] * 3 + [("schedule", "update")])
    after = planned["diff"]["after"]
    assert after["storage_systems"]["cluster1.demo.local"]["ontap_password"] == "********"
    assert after["schedules"]["Schedule-PurgeBackups"]["cron"] == "0 0 3 * * ?"
    assert ONTAP_PASSWORD not in stdout
    assert "rg_web" in stdout and "hourly_24" in stdout   # the plan is printed by --diff


def test_prune_deletes_groups_before_policies_and_keeps_storage(sim, play):
    extra = copy.deepcopy(STATE)
    extra["policies"].append({"name": "weekly_old", "frequency": "weekly", "retention_count": 4})
    extra["resource_groups"].append({"name": "rg_old", "vms": ["app01"], "policies": [
        {"name": "weekly_old", "schedule": {"days_of_week": ["sunday"], "start_time": "2026-12-06T03:00"}}]})
    results, dummy = play([task(**extra)])
    assert results[0]["changed"] is True, results[0]

    sim.clear_requests()
    state = copy.deepcopy(STATE)
    state.update(storage_systems=[], prune=True)
    results, dummy = play([task(**state)])
    pruned = results[0]
    assert pruned.get("failed") is not True, pruned
    assert [(a["kind"], a["name"]) for a in pruned["actions"] if a["action"] == "delete"] == [
        ("resource_group", "rg_old"), ("policy", "weekly_old")]
    assert [(e["method"], e["path"].rsplit("/", 1)[0]) for e in sim.writes()] == [
        ("DELETE", "/api/4.1/resource-groups"), ("DELETE", "/api/4.1/policies")]

    # Storage systems stay unless prune_storage_systems; the next run has nothing left to do.
    sim.clear_requests()
    results, dummy = play([task(**state)])
    assert results[0]["changed"] is False
    assert sim.writes() == []
    # Nothing to manage and nothing to prune for storage: not even read.
    assert not [e for e in scv_requests(sim) if e["path"] == "/api/4.1/storage-system"]


def test_bad_item_fails_before_any_write(sim, play):
    state = copy.deepcopy(STATE)
    state["resource_groups"][2]["policies"][0]["name"] = "no_such_policy"
    results, dummy = play([task(**state)])
    assert results[0]["failed"] is True
    assert "no_such_policy" in results[0]["msg"]
    assert sim.writes() == []
