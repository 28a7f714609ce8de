# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import resource_group

GROUPS = "/api/4.1/resource-groups"
POLICIES = "/api/4.1/policies"
VMS = "/api/vcenter/vm"
DATASTORES = "/api/vcenter/datastore"

DAILY = {"id": 7, "name": "daily", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 7}}
WEEKLY = {"id": 8, "name": "weekly", "frequency": "WEEKLY", "retention": {"type": "COUNT", "value": 4}}
ADHOC = {"id": 9, "name": "adhoc", "frequency": "ON_DEMAND", "retention": {"type": "COUNT", "value": 2}}

DAILY_SCHEDULE = {"frequency": "DAILY", "every": 1, "startTime": "12/01/2026 01:30 AM"}
STORED = {
    "id": 12, "name": "web_tier", "description": "", "entities": [
        {"moref": "vm-42", "name": "web01", "type": "VM"},
        {"moref": "datastore-11", "name": "ds1", "type": "DATASTORE"}],
    "policies": [{"id": 7, "name": "daily", "schedule": DAILY_SCHEDULE}],
    "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER", "emailSettings": None,
    "latestSnapshotName": False, "customSnapshotFormat": None, "status": "PRODUCTION", "lastRunStatus": None,
}
WANTED = {"name": "web_tier", "vms": ["web01"],
          "policies": [{"name": "daily", "schedule": {"start_time": "2026-12-01T01:30"}}]}


def groups(*items):
    return {"resourceGroupResponseList": list(items)}


@pytest.fixture
def appliance(fake_http):
    fake_http.route("GET", POLICIES, {"policyResponseList": [DAILY, WEEKLY, ADHOC]})
    fake_http.route("GET", VMS, raw=[{"vm": "vm-42", "name": "web01"}, {"vm": "vm-43", "name": "web02"}])
    fake_http.route("GET", DATASTORES, raw=[{"datastore": "datastore-11", "name": "ds1"}])
    return fake_http


def test_create_resolves_names_once_and_posts_morefs_and_ids(appliance, run_module):
    appliance.route("GET", GROUPS, groups(), times=1)
    appliance.route("POST", GROUPS, STORED)
    appliance.route("GET", GROUPS, groups(STORED))
    result = run_module(resource_group, dict(WANTED, vms=["web01", "web02"], datastores=["ds1"]))
    assert result["changed"] is True
    assert appliance.writes() == [("POST", GROUPS, {
        "name": "web_tier", "description": "", "entities": ["vm-42", "vm-43", "datastore-11"],
        "policies": [{"id": 7, "schedule": DAILY_SCHEDULE}],
        "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER", "emailSettings": None,
        "latestSnapshotName": False, "customSnapshotFormat": None})]
    vcenter_gets = [r for r in appliance.requests if r.path in (VMS, DATASTORES)]
    assert [(r.path, sorted(r.query["names"])) for r in vcenter_gets] == [
        (VMS, ["web01", "web02"]), (DATASTORES, ["ds1"])]
    assert result["resource_group"]["vms"] == ["web01"]
    assert result["resource_group"]["policies"] == [{"name": "daily", "schedule": {
        "every": 1, "start_time": "2026-12-01T01:30", "days_of_week": None, "days_of_month": None}}]


def test_same_group_given_by_moref_is_not_a_change(appliance, run_module):
    appliance.route("GET", GROUPS, groups(STORED))
    result = run_module(resource_group, dict(WANTED, vms=["vm-42"], datastores=["datastore-11"]))
    assert result["changed"] is False
    assert appliance.writes() == []
    assert not [r for r in appliance.requests if r.path == VMS]


def test_update_keeps_what_was_not_given(appliance, run_module):
    appliance.route("GET", GROUPS, groups(STORED))
    appliance.route("PUT", GROUPS + "/12", None)
    result = run_module(resource_group, {"name": "web_tier", "vms": ["web01", "web02"], "notification": "error",
                                         "email": {"from": "a@x", "to": ["b@x"]}}, diff=True)
    assert result["changed"] is True
    body = appliance.writes()[0][2]
    assert body["entities"] == ["vm-42", "vm-43", "datastore-11"]
    assert body["policies"] == [{"id": 7, "schedule": DAILY_SCHEDULE}]
    assert body["notification"] == "ERROR"
    assert body["emailSettings"] == {"from": "a@x", "to": ["b@x"], "subject": None}
    assert "status" not in body and "lastRunStatus" not in body
    assert result["diff"]["before"]["vms"] == ["web01"]
    assert result["diff"]["after"]["vms"] == ["web01", "web02"]


def test_suspend_uses_its_endpoint_only(appliance, run_module):
    appliance.route("GET", GROUPS, groups(STORED), times=1)
    appliance.route("POST", GROUPS + "/12/suspend", None)
    appliance.route("GET", GROUPS, groups(dict(STORED, status="UNDER_MAINTENANCE")))
    result = run_module(resource_group, {"name": "web_tier", "suspended": True})
    assert result["changed"] is True
    assert appliance.writes() == [("POST", GROUPS + "/12/suspend", None)]
    assert result["resource_group"]["suspended"] is True


def test_weekly_schedule_in_api_form(appliance, run_module):
    appliance.route("GET", GROUPS, groups(STORED))
    appliance.route("PUT", GROUPS + "/12", None)
    run_module(resource_group, {"name": "web_tier", "policies": [
        {"name": "weekly", "schedule": {"start_time": "2026-12-06T15:00", "days_of_week": ["sunday", "monday"]}},
        {"name": "adhoc"}]})
    assert appliance.writes()[0][2]["policies"] == [
        {"id": 8, "schedule": {"frequency": "WEEKLY", "startTime": "12/06/2026 03:00 PM",
                               "daysOfWeek": ["SUNDAY", "MONDAY"]}},
        {"id": 9, "schedule": None}]


def test_weekly_schedule_answered_with_every_is_not_a_change(appliance, run_module):
    # The appliance answers `every: 1` for a weekly schedule, which takes no `every`: a re-run of the
    # resource_group module's own example must still be changed=false.
    weekly = {"frequency": "WEEKLY", "every": 1, "startTime": "12/06/2026 03:00 AM", "daysOfWeek": ["SUNDAY"]}
    appliance.route("GET", GROUPS, groups(dict(STORED, policies=[{"id": 8, "name": "weekly", "schedule": weekly}])))
    result = run_module(resource_group, {"name": "web_tier", "policies": [
        {"name": "weekly", "schedule": {"start_time": "2026-12-06T03:00", "days_of_week": ["sunday"]}}]})
    assert result["changed"] is False, result
    assert appliance.writes() == []


def test_check_mode_create_writes_nothing(appliance, run_module):
    appliance.route("GET", GROUPS, groups())
    result = run_module(resource_group, WANTED, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["diff"]["after"]["vms"] == ["web01"]
    assert appliance.writes() == []


def test_delete_then_idempotent(appliance, run_module):
    appliance.route("GET", GROUPS, groups(STORED), times=1)
    appliance.route("DELETE", GROUPS + "/12", None)
    appliance.route("GET", GROUPS, groups())
    assert run_module(resource_group, {"name": "web_tier", "state": "absent"})["changed"] is True
    assert run_module(resource_group, {"name": "web_tier", "state": "absent"})["changed"] is False
    assert appliance.writes() == [("DELETE", GROUPS + "/12", None)]


@pytest.mark.parametrize("args, option", [
    ({"policies": [{"name": "nope"}]}, "policies"),
    ({"vms": ["ghost"]}, "vms"),
    ({"datastores": ["ghost_ds"]}, "datastores"),
    ({"policies": [{"name": "adhoc", "schedule": {"start_time": "2026-12-01T01:30"}}]}, "policies[0].schedule"),
    ({"policies": [{"name": "daily", "schedule": {"start_time": "2026-12-01T01:30",
                                                  "days_of_week": ["monday"]}}]}, "policies[0].schedule"),
    ({"policies": [{"name": "weekly", "schedule": {"start_time": "2026-12-01T01:30", "every": 2}}]},
     "policies[0].schedule"),
    ({"policies": [{"name": "weekly", "schedule": {"start_time": "2026-12-01T01:30",
                                                   "days_of_month": [1]}}]}, "policies[0].schedule"),
    ({"policies": [{"name": "daily", "schedule": {"start_time": "tomorrow"}}]}, "policies[0].schedule.start_time"),
    ({"policies": [{"name": "daily"}]}, "policies[0].schedule"),
    ({"spanning_datastores": ["ds1"]}, "spanning_datastores"),
])
def test_bad_input_fails_before_any_write_naming_the_option(appliance, run_module, args, option):
    appliance.route("GET", GROUPS, groups())
    result = run_module(resource_group, dict({"name": "new_group", "vms": ["web01"]}, **args))
    assert result["failed"], result
    assert result["msg"].startswith(option + ":"), result["msg"]
    assert appliance.writes() == []


def test_forbidden_name_fails_before_any_request(appliance, run_module):
    result = run_module(resource_group, dict(WANTED, name="web tier"))
    assert result["failed"]
    assert result["msg"].startswith("name:")
    assert appliance.requests == []


def test_schedule_without_start_time_keeps_the_start_it_has(appliance, run_module):
    # The first playbook a new user writes: `schedule: {every: 1}` with no start_time.
    appliance.route("GET", GROUPS, groups(STORED))
    result = run_module(resource_group, dict(WANTED, policies=[{"name": "daily", "schedule": {"every": 1}}]))
    assert result["changed"] is False, result
    assert appliance.writes() == []


def test_schedule_without_start_time_on_create_starts_at_the_next_full_hour(appliance, run_module, monkeypatch):
    import datetime
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources import resource_group as declaration

    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 12, 1, 7, 40, 12)

    monkeypatch.setattr(declaration.datetime, "datetime", Clock)
    appliance.route("GET", GROUPS, groups(), times=1)
    appliance.route("POST", GROUPS, STORED)
    appliance.route("GET", GROUPS, groups(STORED))
    result = run_module(resource_group, dict(WANTED, policies=[{"name": "daily", "schedule": {"every": 2}}]))
    assert result["changed"] is True
    assert appliance.writes()[0][2]["policies"] == [
        {"id": 7, "schedule": {"frequency": "DAILY", "startTime": "12/01/2026 08:00 AM", "every": 2}}]


def test_check_mode_plans_a_policy_an_earlier_task_only_planned(appliance, run_module):
    # `--check` on an empty appliance: the policy task before this one did not create `fresh_14`.
    appliance.route("GET", GROUPS, groups())
    wanted = dict(WANTED, policies=[{"name": "fresh_14", "schedule": {"every": 1}}])
    result = run_module(resource_group, wanted, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["diff"]["after"]["policies"][0]["name"] == "fresh_14"
    assert any("no policy named 'fresh_14' exists yet" in w for w in result["warnings"]), result
    assert appliance.writes() == []


def test_outside_check_mode_a_missing_policy_is_an_error_before_any_write(appliance, run_module):
    appliance.route("GET", GROUPS, groups())
    result = run_module(resource_group, dict(WANTED, policies=[{"name": "fresh_14", "schedule": {"every": 1}}]))
    assert result["failed"] and result["msg"].startswith("policies: no policy named 'fresh_14'")
    assert appliance.writes() == []


def test_a_returned_weekly_schedule_given_back_is_no_change(appliance, run_module):
    # The appliance answers every: 1 for a weekly schedule too; the module returns only what a weekly
    # schedule takes, so its result fed back as the task's options is accepted and changes nothing.
    weekly_schedule = {"frequency": "WEEKLY", "every": 1, "daysOfWeek": ["MONDAY"], "startTime": "12/02/2026 01:00 AM"}
    stored = dict(STORED, policies=[{"id": 8, "name": "weekly", "schedule": weekly_schedule}])
    appliance.route("GET", GROUPS, groups(stored))
    first = run_module(resource_group, {"name": "web_tier"})
    returned = first["resource_group"]["policies"]
    assert returned == [{"name": "weekly", "schedule": {
        "every": None, "start_time": "2026-12-02T01:00", "days_of_week": ["monday"], "days_of_month": None}}]
    again = run_module(resource_group, {"name": "web_tier", "policies": returned})
    assert again["changed"] is False and appliance.writes() == []
