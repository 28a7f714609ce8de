# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import schedule, schedule_info
from ops_world import API

SCHEDULES = API + "/schedules"
PURGE = {"name": "Schedule-PurgeBackups", "cronExpression": "0 0 1 * * ?", "description": "Purges backups"}
JOBS = {"name": "Schedule-PurgeJobs", "cronExpression": "0 0 3 * * ?", "description": "Purges jobs"}


def test_change_puts_the_cron_with_diff(fake_http, run_module):
    fake_http.route("GET", SCHEDULES, [PURGE, JOBS], times=1)
    fake_http.route("PUT", SCHEDULES, dict(PURGE, cronExpression="0 30 2 ? * SUN"))
    fake_http.route("GET", SCHEDULES, [dict(PURGE, cronExpression="0 30 2 ? * SUN"), JOBS])
    result = run_module(schedule, {"name": "Schedule-PurgeBackups", "cron": "0  30 2 ? * SUN"}, diff=True)
    assert result["changed"] is True
    assert fake_http.writes() == [("PUT", SCHEDULES, {"name": "Schedule-PurgeBackups",
                                                      "cronExpression": "0 30 2 ? * SUN"})]
    assert result["diff"]["before"]["cron"] == "0 0 1 * * ?"
    assert result["diff"]["after"]["cron"] == "0 30 2 ? * SUN"
    assert result["schedule"]["cron"] == "0 30 2 ? * SUN"


def test_same_cron_is_unchanged_and_check_mode_writes_nothing(fake_http, run_module):
    fake_http.route("GET", SCHEDULES, [PURGE, JOBS])
    result = run_module(schedule, {"name": "Schedule-PurgeBackups", "cron": "0 0 1 * * ?"})
    assert result["changed"] is False
    result = run_module(schedule, {"name": "Schedule-PurgeBackups", "cron": "0 0 4 * * ?"}, check_mode=True)
    assert result["changed"] is True
    assert result["schedule"]["cron"] == "0 0 4 * * ?"


@pytest.mark.parametrize("cron", ["0 0 1 * *", "0 0 25 * * ?", "0 0 1 * * *", "0 61 1 ? * MON", "x 0 1 * * ?",
                                  "0 0 1 ? * MON#7", "0 0 1 ? 13 MON", "0 0 1 * * ? 1800"])
def test_invalid_cron_fails_before_any_request(fake_http, run_module, cron):
    result = run_module(schedule, {"name": "Schedule-PurgeBackups", "cron": cron})
    assert result["failed"] is True
    assert result["option"] == "cron"
    assert fake_http.sent() == []


@pytest.mark.parametrize("cron", ["0 0 1 * * ?", "0 */15 * ? * MON-FRI", "0 0 12 L * ?", "0 0 12 ? * 6#3",
                                  "0 0 12 15W JAN,JUL ?", "0 0 0 ? * SUNL 2027", "0 0/5 8-18 ? * 2-6"])
def test_valid_quartz_forms(fake_http, run_module, cron):
    fake_http.route("GET", SCHEDULES, [PURGE])
    result = run_module(schedule, {"name": "Schedule-PurgeBackups", "cron": cron}, check_mode=True)
    assert "failed" not in result, result
    assert result["schedule"]["cron"] == cron


def test_schedule_info_lists_and_filters(fake_http, run_module):
    fake_http.route("GET", SCHEDULES, [PURGE, JOBS])
    result = run_module(schedule_info, {})
    assert [s["name"] for s in result["schedules"]] == ["Schedule-PurgeBackups", "Schedule-PurgeJobs"]
    assert result["schedules"][0]["cron"] == "0 0 1 * * ?"
    result = run_module(schedule_info, {"name": "Schedule-PurgeJobs"})
    assert [s["name"] for s in result["schedules"]] == ["Schedule-PurgeJobs"]
