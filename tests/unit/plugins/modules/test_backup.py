# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import datetime

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import backup
from ops_world import API, GROUP, NEW, OLD, backup as make_backup, job, started_job

GROUPS = API + "/resource-groups"
BACKUP_NOW = GROUPS + "/backupnow"
VM_BACKUPS = API + "/vm/vm-101/backups"


def groups(fake_http, group=None):
    fake_http.route("GET", GROUPS, {"resourceGroupResponseList": [group or GROUP]})


@pytest.mark.parametrize("with_job_id", [True, False], ids=["job-id", "no-job-id"])
def test_backup_starts_backupnow_waits_and_returns_the_backup(fake_http, run_module, with_job_id):
    groups(fake_http)
    started_job(fake_http, BACKUP_NOW, job(17, status="COMPLETED", resourceGroupId=7, backupId="42"),
                with_job_id=with_job_id)
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, NEW]})
    result = run_module(backup, {"resource_group": "rg_web"})
    assert result["changed"] is True, result
    assert fake_http.writes() == [("POST", BACKUP_NOW, {"resourceGroupId": 7, "policyId": 3})]
    assert result["job"]["id"] == "17"
    assert result["job"]["status"] == "completed"
    assert result["backup"]["id"] == 42
    assert result["backup"]["name"] == "rg_web_new"
    assert result["backup"]["time"] == "2026-11-28T13:30:05"
    assert result["backup"]["locations"] == ["primary"]


def test_no_job_id_ignores_a_job_of_another_group(fake_http, run_module):
    groups(fake_http)
    fake_http.route("GET", API + "/jobs", [], times=1)
    fake_http.route("POST", BACKUP_NOW, None)
    fake_http.route("GET", API + "/jobs", [job(18, resourceGroupId=99), job(17, status="RUNNING", resourceGroupId=7)])
    fake_http.route("GET", API + "/jobs/17", job(17, status="RUNNING", resourceGroupId=7))
    result = run_module(backup, {"resource_group": "rg_web", "wait": False})
    assert result["job"] == {"id": "17", "status": "running"}
    assert result["backup"] is None


def test_check_mode_writes_nothing_and_reports_a_change(fake_http, run_module):
    groups(fake_http)
    result = run_module(backup, {"resource_group": "rg_web"}, check_mode=True)
    assert result["changed"] is True
    assert fake_http.writes() == []


def test_max_age_skips_when_a_fresh_backup_exists(fake_http, run_module):
    fresh_time = (datetime.datetime.now() - datetime.timedelta(hours=2)).strftime("%m/%d/%Y %I:%M:%S %p")
    groups(fake_http)
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, make_backup(50, "fresh", fresh_time)]})
    result = run_module(backup, {"resource_group": "rg_web", "max_age": "24h"})
    assert result["changed"] is False
    assert result["backup"]["name"] == "fresh"
    assert fake_http.writes() == []


def test_max_age_ignores_failed_and_other_policy_backups(fake_http, run_module):
    now = (datetime.datetime.now() - datetime.timedelta(minutes=5)).strftime("%m/%d/%Y %I:%M:%S %p")
    groups(fake_http)
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [
        make_backup(50, "failed", now, status="FAILED"), make_backup(51, "weekly", now, policy_id=9)]})
    result = run_module(backup, {"resource_group": "rg_web", "max_age": "1h"}, check_mode=True)
    assert result["changed"] is True


@pytest.mark.parametrize("value", ["24x", "1 day", "-3h", "0m", "h"])
def test_invalid_max_age_fails_before_any_request(fake_http, run_module, value):
    result = run_module(backup, {"resource_group": "rg_web", "max_age": value})
    assert result["failed"] is True
    assert result["option"] == "max_age"
    assert fake_http.sent() == []


def test_unknown_group_and_policy_fail_naming_the_option(fake_http, run_module):
    groups(fake_http)
    result = run_module(backup, {"resource_group": "rg_nope"})
    assert (result["failed"], result["option"]) == (True, "resource_group")
    assert "rg_nope" in result["msg"]
    result = run_module(backup, {"resource_group": "rg_web", "policy": "hourly"})
    assert (result["failed"], result["option"]) == (True, "policy")
    assert fake_http.writes() == []


def test_several_policies_need_the_policy_option(fake_http, run_module):
    groups(fake_http, dict(GROUP, policies=[{"id": 3, "name": "daily"}, {"id": 4, "name": "weekly"}]))
    result = run_module(backup, {"resource_group": "rg_web"})
    assert result["option"] == "policy"
    assert "daily, weekly" in result["msg"]
    result = run_module(backup, {"resource_group": "rg_web", "policy": "weekly"}, check_mode=True)
    assert result["changed"] is True


def test_a_failed_job_fails_the_task_with_its_messages_and_id(fake_http, run_module):
    groups(fake_http)
    started_job(fake_http, BACKUP_NOW, job(17, status="FAILED", messages=["Volume vol1 is offline"]))
    result = run_module(backup, {"resource_group": "rg_web"})
    assert result["failed"] is True
    assert "Volume vol1 is offline" in result["msg"]
    assert result["job"]["id"] == "17"


def test_check_mode_backup_of_a_group_an_earlier_task_only_planned(fake_http, run_module):
    fake_http.route("GET", API + "/resource-groups", {"resourceGroupResponseList": []})
    result = run_module(backup, {"resource_group": "web_tier"}, check_mode=True)
    assert result["changed"] is True and result["job"] is None
    assert any("no resource group named 'web_tier' exists yet" in w for w in result["warnings"]), result
    outside = run_module(backup, {"resource_group": "web_tier"})
    assert outside["failed"] and outside["option"] == "resource_group"


def test_a_job_that_ends_with_warnings_succeeds_with_a_warning(fake_http, run_module):
    fake_http.route("GET", API + "/resource-groups", {"resourceGroupResponseList": [GROUP]})
    done = job(18, "backup", status="WARNING", messages=["VM web02 was skipped: it is powered off"])
    started_job(fake_http, API + "/resource-groups/backupnow", done)
    result = run_module(backup, {"resource_group": "rg_web"})
    assert not result.get("failed") and result["changed"] is True and result["job"]["status"] == "warning"
    assert any("job 18 (backup) ended with warnings: VM web02 was skipped" in w for w in result["warnings"]), result


def test_max_age_asks_one_entity_and_needs_a_backup_of_the_group_as_it_is(fake_http, run_module):
    """A group of two VMs: one backup list request (not one per VM). A fresh backup taken before web02
    joined the group does not count: the group as it is has no fresh backup, so one is taken."""
    fresh_time = (datetime.datetime.now() - datetime.timedelta(hours=2)).strftime("%m/%d/%Y %I:%M:%S %p")
    two = dict(GROUP, entities=GROUP["entities"] + [{"moref": "vm-102", "name": "web02", "type": "VM"}])
    groups(fake_http, two)
    before_web02 = make_backup(50, "fresh_without_web02", fresh_time)
    both = dict(make_backup(51, "fresh_both", fresh_time), entities=two["entities"])
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, before_web02, both]}, times=1)
    result = run_module(backup, {"resource_group": "rg_web", "max_age": "24h"})
    assert result["changed"] is False and result["backup"]["name"] == "fresh_both"
    assert [(m, p) for m, p, dummy in fake_http.sent() if "/backups" in p] == [("GET", VM_BACKUPS)]
    fake_http.route("GET", VM_BACKUPS, {"backupResponseList": [OLD, before_web02]})
    result = run_module(backup, {"resource_group": "rg_web", "max_age": "24h"}, check_mode=True)
    assert result["changed"] is True
