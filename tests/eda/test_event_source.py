# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The event source's main(queue, args) against the simulator: each condition once, with names as well as
ids; no replay of old jobs unless asked; the appliance unreachable and recovered; the token renewed; a fixed
number of requests per poll."""

import time

import pytest

from eda_helpers import RunningSource, load_plugin, source_args
from testbed import ONTAP, Api

INTERVAL = 0.3


@pytest.fixture
def api(sim):
    return Api(sim)


def start_backup(api, group_id, policy_id):
    api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_id, "policyId": policy_id})


def polls_of(sim, status):
    """How many polls the source made so far (each reads the jobs of a watched status once)."""
    return sum(1 for r in sim.requests() if r["path"].endswith("/4.1/jobs") and status in str(r["query"]))


def wait_polls(sim, count, timeout=15, status="FAILED"):
    deadline = time.monotonic() + timeout
    start = polls_of(sim, status)
    while polls_of(sim, status) < start + count:
        assert time.monotonic() < deadline, "the source did not poll"
        time.sleep(0.05)


def test_a_failed_backup_is_reported_once_with_names_and_ids(sim, api):
    group_id, policy_id = api.protect("rg_web", ["vm-101", "vm-102"])
    with RunningSource(source_args(sim, interval=INTERVAL, watch=["job_failed"])) as source:
        wait_polls(sim, 1)
        sim.next_job("backup", "fail")
        start_backup(api, group_id, policy_id)
        source.wait_for(lambda events: events, what="job_failed")
        wait_polls(sim, 3)
    assert len(source.events) == 1, source.events
    event = source.events[0]
    assert event["type"] == "job_failed" and event["appliance"] == sim.host
    assert event["job"]["type"] == "backup" and event["job"]["status"] == "failed"
    assert event["resource_group"] == {"id": str(group_id), "name": "rg_web"}
    assert event["policy"] == {"id": str(policy_id), "name": "pol_rg_web"}
    assert event["vms"] == [{"name": "web01", "moref": "vm-101"}, {"name": "web02", "moref": "vm-102"}]
    assert any("failure injected" in message for message in event["messages"])


def test_jobs_that_ended_before_the_start_are_not_replayed_unless_asked(sim, api):
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    sim.next_job("backup", "fail")
    failed = api.backup_now(group_id, policy_id)
    assert failed["status"] == "FAILED"
    with RunningSource(source_args(sim, interval=INTERVAL, watch=["job_failed"])) as source:
        wait_polls(sim, 3)
    assert source.events == []
    with RunningSource(source_args(sim, interval=INTERVAL, watch=["job_failed"], replay=True)) as source:
        source.wait_for(lambda events: events)
        wait_polls(sim, 2)
    assert [e["job"]["id"] for e in source.events] == [str(failed["id"])]


def test_a_stuck_job_is_reported_once_and_its_failure_after_marking_it(sim, api):
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    args = source_args(sim, interval=INTERVAL, watch=["job_failed", "job_stuck"], stuck_after="1s")
    with RunningSource(args) as source:
        wait_polls(sim, 1)
        sim.next_job("backup", "stuck")
        start_backup(api, group_id, policy_id)
        stuck = source.wait_for(lambda events: events, what="job_stuck")[0]
        assert stuck["type"] == "job_stuck"
        assert stuck["running_seconds"] >= 1 and stuck["stuck_after_seconds"] == 1
        assert stuck["resource_group"]["name"] == "rg_web"
        wait_polls(sim, 3)
        assert len(source.events) == 1
        # What the job_stuck rulebook does: mark it failed.  That failure is a condition of its own.
        api.call("PUT", "/4.1/jobs/%s/failJobs" % stuck["job"]["id"])
        source.wait_for(lambda events: len(events) == 2)
        wait_polls(sim, 2)
    assert [e["type"] for e in source.events] == ["job_stuck", "job_failed"]
    assert source.events[1]["job"]["id"] == stuck["job"]["id"]


def test_a_backup_with_a_warning(sim, api):
    # Only the SVM of nfs_ds02 is registered: db01's backup covers vmfs_ds01 too, so it is partial.
    api.call("POST", "/4.1/storage-system", dict(ONTAP, name="svm_nfs"))
    policy = api.call("POST", "/4.1/policies", {"name": "pol_db", "frequency": "ON_DEMAND",
                                                "retention": {"type": "COUNT", "value": 3}})
    group = api.call("POST", "/4.1/resource-groups", {
        "name": "rg_db", "entities": ["vm-103"], "policies": [{"id": policy["id"]}],
        "spanningDatastores": {"spanningType": "INCLUDE_ALL"}, "notification": "NEVER"})
    with RunningSource(source_args(sim, interval=INTERVAL, watch=["job_warning"])) as source:
        wait_polls(sim, 1, status="WARNING")
        start_backup(api, group["id"], policy["id"])
        event = source.wait_for(lambda events: events, what="job_warning")[0]
    assert event["type"] == "job_warning" and event["job"]["status"] == "warning"
    assert event["resource_group"]["name"] == "rg_db" and event["vms"] == [{"name": "db01", "moref": "vm-103"}]


def test_stale_and_unprotected_vms_once_each_until_they_change(sim, api):
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    api.backup_now(group_id, policy_id)
    args = source_args(sim, interval=INTERVAL, watch=["backup_stale", "vm_unprotected"], rpo="2s")
    with RunningSource(args) as source:
        source.wait_for(lambda events: len(events) >= 3, what="the unprotected VMs")
        unprotected = sorted(e["vm"]["name"] for e in source.of_type("vm_unprotected"))
        assert unprotected == ["app01", "db01", "web02"]
        stale = source.wait_for(lambda events: any(e["type"] == "backup_stale" for e in events))
        stale = [e for e in stale if e["type"] == "backup_stale"]
        assert len(stale) == 1 and stale[0]["vm"] == {"name": "web01", "moref": "vm-101"}
        assert stale[0]["resource_groups"] == ["rg_web"] and stale[0]["rpo_seconds"] == 2
        assert stale[0]["last_backup"]["status"] == "completed" and stale[0]["age_seconds"] >= 2
        # A fresh backup clears it; it comes back, once, when that one is older than the RPO too.
        api.backup_now(group_id, policy_id)
        source.wait_for(lambda events: len([e for e in events if e["type"] == "backup_stale"]) == 2)
        time.sleep(INTERVAL * 4)
    assert len(source.of_type("vm_unprotected")) == 3
    assert len(source.of_type("backup_stale")) == 2
    first, second = source.of_type("backup_stale")
    assert first["last_backup"]["name"] != second["last_backup"]["name"]


def test_an_unreachable_appliance_is_one_event_then_backoff_then_recovered(sim):
    args = source_args(sim, interval=INTERVAL, watch=["job_failed"], max_backoff=2)
    with RunningSource(args) as source:
        wait_polls(sim, 1)
        sim.inject(path="/4.1/jobs", status=503, count=None)
        event = source.wait_for(lambda events: events, what="appliance_unreachable")[0]
        assert event["type"] == "appliance_unreachable" and event["reason"] == "appliance_error"
        assert "HTTP 503" in event["error"] and event["retry_in_seconds"] > 0
        failed_at = time.monotonic()
        time.sleep(3)
        tries = [r for r in sim.requests() if r["status"] == 503]
        sim.clear_faults()
        recovered = source.wait_for(lambda events: len(events) == 2, what="appliance_recovered")[1]
    assert recovered["type"] == "appliance_recovered" and recovered["failed_polls"] >= 2
    assert recovered["unreachable_seconds"] >= 3
    # Backoff: far fewer tries than one per interval (each poll is 2 tries: retries=1).
    assert len(tries) <= 2 * (1 + (time.monotonic() - failed_at) / 0.6), len(tries)
    assert len(source.of_type("appliance_unreachable")) == 1


def test_a_connection_refused_is_unreachable_too(sim):
    args = source_args(sim, interval=INTERVAL, port=1, max_backoff=1)
    with RunningSource(args) as source:
        event = source.wait_for(lambda events: events)[0]
    assert event["type"] == "appliance_unreachable" and event["reason"] == "connection"


def test_wrong_credentials_are_reported_as_an_authentication_problem(sim):
    args = source_args(sim, interval=INTERVAL, password="Wr0ng-Passw0rd-4711", max_backoff=1)
    with RunningSource(args) as source:
        event = source.wait_for(lambda events: events)[0]
    assert event["type"] == "appliance_unreachable" and event["reason"] == "authentication"
    assert "Wr0ng-Passw0rd-4711" not in str(event)


def test_an_expired_token_is_renewed_without_an_event(sim, api):
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    with RunningSource(source_args(sim, interval=INTERVAL, watch=["job_failed"])) as source:
        wait_polls(sim, 2)
        sim.expire_tokens()
        wait_polls(sim, 2)
        api.token = sim.login()
        sim.next_job("backup", "fail")
        start_backup(api, group_id, policy_id)
        source.wait_for(lambda events: events)
    assert [e["type"] for e in source.events] == ["job_failed"]
    logins = [r for r in sim.requests() if r["path"].endswith("/auth/login")]
    assert len(logins) >= 2 and any(r["status"] == 401 for r in sim.requests())


def test_requests_per_poll_are_few_and_fixed(sim, api):
    """With every condition watched one poll is 5 GETs, whatever happens; the resource-group list comes on
    top only in a poll that reports a job of a group not seen before."""
    plugin = load_plugin()
    watcher = plugin["build_watcher"](source_args(sim, stuck_after="1h", rpo="1h"))
    assert watcher.requests_per_poll == 5
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    sim.clear_requests()
    counts = []
    for index in range(4):
        if index == 2:
            sim.next_job("backup", "fail")
            api.backup_now(group_id, policy_id)
            sim.clear_requests()
        watcher.step()
        log = sim.requests(clear=True)
        counts.append((len([r for r in log if not r["path"].endswith("/auth/login")]),
                       [r["path"] for r in log if r["path"].endswith("/resource-groups")]))
    assert [count for count, dummy in counts] == [5, 5, 6, 5], counts
    assert counts[2][1] == ["/api/4.1/resource-groups"]


def test_bad_arguments_fail_naming_the_argument(sim):
    plugin = load_plugin()
    with pytest.raises(ValueError, match="watch: unknown condition"):
        plugin["build_watcher"](source_args(sim, watch=["job_failed", "backup_failed"]))
    with pytest.raises(ValueError, match="stuck_after"):
        plugin["build_watcher"](source_args(sim, stuck_after="soon"))
    with pytest.raises(ValueError, match="port"):
        plugin["build_watcher"](source_args(sim, port="eighty"))
