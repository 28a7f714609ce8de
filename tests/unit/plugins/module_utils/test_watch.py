# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The event source's watcher on a scripted client (tests/eda runs it against the simulator)."""

import datetime

import pytest

from ansible_collections.snapcenter.vsphere.plugins.module_utils import _watch
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvApiError, ScvConnectionError

NOW = datetime.datetime(2026, 11, 28, 12, 0, 0)


def job(job_id, status="FAILED", group=7, name="Backup of Resource Group rg_web with Policy daily"):
    return {"id": job_id, "name": name, "type": "backup", "status": status, "startTime": "11/28/2026 11:00:00 AM",
            "endTime": None, "resourceGroupId": group, "messages": ["it broke"]}


GROUP = {"id": 7, "name": "rg_web", "entities": [{"moref": "vm-101", "name": "web01", "type": "VM"}],
         "policies": [{"id": 3, "name": "daily"}, {"id": 4, "name": "weekly"}]}


class ScriptedClient:
    """answers[name] or answers[(name, status)]: a list, or an exception to raise."""

    hostname = "scv.test"

    def __init__(self, answers):
        self.answers = answers
        self.calls = []
        self._token = "issued-token-1234"

    def call(self, name, path_params=None, body=None, query=None, read=None):
        key = (name, (query or {}).get("status")) if name == "jobs.list" else name
        self.calls.append(key)
        answer = self.answers.get(key, [])
        if isinstance(answer, Exception):
            raise answer
        return read(answer, None) if read else answer


def watcher(client, **kwargs):
    kwargs.setdefault("now", lambda: NOW)
    kwargs.setdefault("jitter", lambda low, high: high)
    return _watch.Watcher(client, **kwargs)


def test_backoff_doubles_from_the_interval_up_to_the_cap():
    delays = [_watch.backoff_delay(n, 60, 300, jitter=lambda low, high: high) for n in range(1, 9)]
    assert delays == [5.0, 10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 300.0]
    assert _watch.backoff_delay(1, 2, 300, jitter=lambda low, high: high) == 2.0
    assert 4.0 <= _watch.backoff_delay(1, 60, 300) <= 5.0


def test_first_poll_is_the_baseline_and_each_failure_is_reported_once():
    client = ScriptedClient({("jobs.list", "FAILED"): [job(1)], "resource_groups.list": [GROUP]})
    source = watcher(client, watch=["job_failed"])
    assert source.step() == ([], 60.0)
    client.answers[("jobs.list", "FAILED")] = [job(1), job(2)]
    events, dummy = source.step()
    assert [e["job"]["id"] for e in events] == ["2"]
    assert events[0]["policy"] == {"id": "3", "name": "daily"}, "the policy the job's name names"
    assert source.step()[0] == []


def test_a_poll_that_fails_half_way_loses_no_event():
    client = ScriptedClient({("jobs.list", "FAILED"): []})
    source = watcher(client, watch=["job_failed"])
    source.step()
    client.answers[("jobs.list", "FAILED")] = [job(5)]
    client.answers["resource_groups.list"] = ScvConnectionError("GET", "/4.1/resource-groups", "reset")
    events, delay = source.step()
    assert [e["type"] for e in events] == ["appliance_unreachable"] and delay == 5.0
    client.answers["resource_groups.list"] = [GROUP]
    events, delay = source.step()
    assert [e["type"] for e in events] == ["appliance_recovered", "job_failed"] and delay == 60.0
    assert events[1]["resource_group"] == {"id": "7", "name": "rg_web"}


def test_an_outage_is_one_event_with_growing_waits():
    client = ScriptedClient({("jobs.list", "FAILED"): ScvApiError("GET", "/4.1/jobs", 503)})
    source = watcher(client, watch=["job_failed"], interval=10, max_backoff=30)
    steps = [source.step() for dummy in range(5)]
    assert [len(events) for events, dummy in steps] == [1, 0, 0, 0, 0]
    assert [delay for dummy, delay in steps] == [5.0, 10.0, 20.0, 30.0, 30.0]
    assert steps[0][0][0]["reason"] == "appliance_error"


def test_secrets_never_reach_an_event():
    error = ScvApiError("GET", "/4.1/jobs", 500, api_messages=["bad token issued-token-1234 for S3cret-pass"])
    client = ScriptedClient({("jobs.list", "FAILED"): error})
    events, dummy = watcher(client, watch=["job_failed"], secrets=["S3cret-pass"]).step()
    assert "S3cret-pass" not in str(events) and "issued-token-1234" not in str(events)
    assert "********" in events[0]["error"]


def test_a_stuck_job_counts_from_its_start_at_the_first_poll_and_from_first_sight_later():
    clock = [100.0]
    client = ScriptedClient({("jobs.list", "RUNNING"): [job(1, "RUNNING")], "resource_groups.list": [GROUP]})
    source = watcher(client, watch=["job_stuck"], stuck_after="30m", clock=lambda: clock[0])
    events, dummy = source.step()
    assert [e["job"]["id"] for e in events] == ["1"] and events[0]["running_seconds"] == 3600
    # A job that appears later, with an appliance start time far in the past (another clock), counts from now.
    client.answers[("jobs.list", "RUNNING")] = [job(1, "RUNNING"), job(2, "RUNNING")]
    assert source.step()[0] == []
    clock[0] += 1801
    events, dummy = source.step()
    assert [e["job"]["id"] for e in events] == ["2"] and events[0]["running_seconds"] == 1801


def test_watch_may_be_a_comma_separated_string_and_numbers_may_be_text():
    source = watcher(ScriptedClient({}), watch="job_failed, vm_unprotected", interval="30", replay="yes")
    assert source.watch == ("job_failed", "vm_unprotected") and source.interval == 30.0 and source.replay is True
    assert source.requests_per_poll == 2


def test_vm_conditions_from_the_reports():
    protected = [{"vmName": "web01", "vmMoref": "vm-101", "resourceGroups": ["rg_web"], "lastBackupName": "b1",
                  "lastBackupTime": "11/27/2026 08:00:00 AM", "lastBackupStatus": "COMPLETED"},
                 {"vmName": "web02", "vmMoref": "vm-102", "resourceGroups": ["rg_web"], "lastBackupName": "b2",
                  "lastBackupTime": "11/28/2026 11:00:00 AM", "lastBackupStatus": "COMPLETED"}]
    client = ScriptedClient({"reports.protected_vms": protected,
                             "reports.unprotected_vms": [{"vmName": "db01", "vmMoref": "vm-103"}]})
    source = watcher(client, watch=["backup_stale", "vm_unprotected"], rpo="26h")
    assert source.requests_per_poll == 2
    events, dummy = source.step()
    assert [(e["type"], e["vm"]["name"]) for e in events] == [("backup_stale", "web01"), ("vm_unprotected", "db01")]
    assert events[0]["age_seconds"] == 28 * 3600 and events[0]["last_backup"]["time_iso"] == "2026-11-27T08:00:00"
    assert source.step()[0] == []
    client.answers["reports.unprotected_vms"] = []
    assert source.step()[0] == []
    client.answers["reports.unprotected_vms"] = [{"vmName": "db01", "vmMoref": "vm-103"}]
    assert [e["type"] for e in source.step()[0]] == ["vm_unprotected"]


@pytest.mark.parametrize("kwargs, message", [
    ({"watch": []}, "watch: nothing to watch"),
    ({"watch": ["job_failed", "jobs"]}, "watch: unknown condition(s) jobs"),
    ({"rpo": "tomorrow"}, "rpo: 'tomorrow' is not a duration"),
    ({"interval": 0}, "interval: must be more than 0"),
    ({"interval": "often"}, "interval: 'often' is not a number of seconds"),
    ({"replay": "maybe"}, "replay: 'maybe' is not a boolean"),
])
def test_bad_settings_name_the_argument(kwargs, message):
    with pytest.raises(ValueError) as raised:
        watcher(ScriptedClient({}), **kwargs)
    assert str(raised.value).startswith(message)
