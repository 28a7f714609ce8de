# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import policy

LIST = "/api/4.1/policies"

STORED = {
    "id": "7", "name": "daily_14d", "description": "", "frequency": "DAILY",
    "retention": {"type": "DAYS", "value": 14}, "snapMirror": False, "snapVault": True, "snapshotLabel": "daily",
    "vmConsistency": False, "includeIndependentDisks": False, "lockingPeriod": None,
}

WANTED = {"name": "daily_14d", "frequency": "daily", "retention_days": 14, "snapvault": True,
          "snapshot_label": "daily"}


def listing(*items):
    return {"policyResponseList": list(items)}


def test_create_body_and_result_vocabulary(fake_http, run_module):
    fake_http.route("GET", LIST, listing(), times=1)
    fake_http.route("POST", LIST, STORED)
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(policy, WANTED)
    assert result["changed"] is True
    assert fake_http.writes() == [("POST", LIST, {
        "name": "daily_14d", "description": "", "frequency": "DAILY", "retention": {"type": "DAYS", "value": 14},
        "snapMirror": False, "snapVault": True, "snapshotLabel": "daily", "vmConsistency": False,
        "includeIndependentDisks": False, "lockingPeriod": None})]
    assert result["policy"] == {
        "id": "7", "name": "daily_14d", "description": "", "frequency": "daily", "retention_count": None,
        "retention_days": 14, "snapmirror": False, "snapvault": True, "snapshot_label": "daily",
        "vm_consistency": False, "include_independent_disks": False, "locking_period": None}


def test_same_settings_are_not_a_change(fake_http, run_module):
    fake_http.route("GET", LIST, listing(dict(STORED, id=7)))
    result = run_module(policy, WANTED)
    assert result["changed"] is False
    assert fake_http.writes() == []
    assert result["policy"]["id"] == "7"


def test_switching_retention_type_puts_the_whole_policy(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    fake_http.route("PUT", LIST + "/7", None)
    result = run_module(policy, {"name": "daily_14d", "retention_count": 10, "locking_period": {
        "value": 7, "unit": "days"}}, diff=True)
    assert result["changed"] is True
    expected = dict(STORED, retention={"type": "COUNT", "value": 10}, lockingPeriod={"value": 7, "unit": "DAYS"})
    assert fake_http.writes() == [("PUT", LIST + "/7", expected)]
    assert result["diff"]["before"]["retention_days"] == 14
    assert result["diff"]["after"]["retention_days"] is None
    assert result["diff"]["after"]["retention_count"] == 10
    assert result["diff"]["after"]["locking_period"] == {"value": 7, "unit": "days"}


def test_check_mode_update_writes_nothing(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED))
    result = run_module(policy, {"name": "daily_14d", "description": "changed"}, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["policy"]["description"] == "changed"
    assert fake_http.writes() == []


def test_delete_and_delete_again(fake_http, run_module):
    fake_http.route("GET", LIST, listing(STORED), times=1)
    fake_http.route("DELETE", LIST + "/7", None)
    fake_http.route("GET", LIST, listing())
    assert run_module(policy, {"name": "daily_14d", "state": "absent"})["changed"] is True
    assert run_module(policy, {"name": "daily_14d", "state": "absent"})["changed"] is False
    assert fake_http.writes() == [("DELETE", LIST + "/7", None)]


@pytest.mark.parametrize("args, option", [
    ({"retention_count": 0, "frequency": "daily"}, "retention_count"),
    ({"retention_count": 1019, "frequency": "daily"}, "retention_count"),
    ({"retention_count": 1, "snapvault": True, "frequency": "daily"}, "retention_count"),
    ({"retention_days": 5, "frequency": "daily", "snapshot_label": "x" * 32}, "snapshot_label"),
    ({"retention_days": 5}, "frequency"),
    ({"frequency": "daily"}, "retention_count"),
])
def test_bad_input_fails_before_any_write(fake_http, run_module, args, option):
    fake_http.route("GET", LIST, listing())
    result = run_module(policy, dict(args, name="p1"))
    assert result["failed"]
    assert result["msg"].startswith(option + ":"), result["msg"]
    assert fake_http.writes() == []


def test_snapvault_on_an_existing_policy_checks_its_retention(fake_http, run_module):
    fake_http.route("GET", LIST, listing(dict(STORED, retention={"type": "COUNT", "value": 1}, snapVault=False)))
    result = run_module(policy, {"name": "daily_14d", "snapvault": True})
    assert result["failed"]
    assert result["msg"] == "retention_count: must be between 2 and 1018 with snapvault, got 1"


@pytest.mark.parametrize("name", ["daily 14d", "daily-14d", "a/b", "x,y", "q?"])
def test_forbidden_name_characters_fail_before_any_request(fake_http, run_module, name):
    result = run_module(policy, {"name": name, "frequency": "daily", "retention_count": 3})
    assert result["failed"]
    assert result["msg"].startswith("name:")
    assert fake_http.requests == []


def test_both_retention_options_are_refused(fake_http, run_module):
    result = run_module(policy, {"name": "p1", "retention_count": 3, "retention_days": 3})
    assert result["failed"]
    assert "retention_count" in result["msg"] and "retention_days" in result["msg"]
    assert fake_http.requests == []


def test_locking_period_on_an_appliance_known_to_be_too_old_fails_before_any_write(fake_http, run_module):
    fake_http.route("GET", "/api/4.1/policies", {"policyResponseList": []})
    result = run_module(policy, {"name": "locked", "frequency": "daily", "retention_count": 7,
                                 "locking_period": {"value": 7, "unit": "days"}, "appliance_version": "4.9.1"})
    assert result["failed"] and result["option"] == "locking_period"
    assert "needs SCV 5.0 or later; this appliance is SCV 4.9.1" in result["msg"]
    assert fake_http.writes() == []
    newer = run_module(policy, {"name": "plain", "frequency": "daily", "retention_count": 7, "appliance_version": "4.9.1"},
                       check_mode=True)
    assert newer["changed"] is True
