# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Faults through real playbooks: for each, the task outcome is asserted AND the simulator's request
log is checked (what was sent, how often, when)."""

import socket
import time

import pytest

from reliability_helpers import (Api, Simulator, assert_no_traceback, failed, finish_playbook, ok, run_playbook,
                                 scv_requests, start_playbook)


def statuses(entries):
    return [e["status"] for e in entries]


# --- reads: retried -------------------------------------------------------------------------------

def test_busy_throttled_and_dropped_reads_are_retried(sim):
    """503 twice on one GET, 429 + Retry-After: 2 on another, a dropped connection on a third: each
    task succeeds, with one warning per retry; the log shows the retries and the wait asked for."""
    sim.inject(method="GET", path=r"/4\.1/policies$", status=503, count=2)
    sim.inject(method="GET", path=r"/4\.1/resource-groups$", status=429, retry_after=2, count=1)
    sim.inject(method="GET", path=r"/4\.1/storage-system$", drop=True, count=1)
    run = run_playbook(sim, [
        {"snapcenter.vsphere.policy_info": {}},
        {"snapcenter.vsphere.resource_group_info": {}},
        {"snapcenter.vsphere.storage_system_info": {}},
    ])
    assert_no_traceback(run)
    busy, throttled, dropped = [ok(r) for r in run]

    busy_warnings = [w for w in busy.get("warnings", []) if "HTTP 503" in w]
    assert len(busy_warnings) == 2, busy.get("warnings")
    assert all("GET /4.1/policies" in w for w in busy_warnings)
    assert statuses(scv_requests(sim, "GET", "/4.1/policies")) == [503, 503, 200]

    assert [w for w in throttled.get("warnings", []) if "HTTP 429" in w and "2.0s" in w], throttled.get("warnings")
    gets = scv_requests(sim, "GET", "/4.1/resource-groups")
    assert statuses(gets) == [429, 200]
    waited = gets[1]["time"] - gets[0]["time"]
    assert 1.9 <= waited <= 15, "Retry-After: 2 but the retry came after %.2fs" % waited

    assert len([w for w in dropped.get("warnings", []) if "connection error" in w]) == 1, dropped.get("warnings")
    assert statuses(scv_requests(sim, "GET", "/4.1/storage-system")) == [None, 200]


# --- writes that start jobs: never retried blindly -------------------------------------------------

@pytest.fixture
def protected(api):
    """rg_web protects web01 and has a backup; rg_ds protects nfs_ds01 and has a backup."""
    web = api.protect("rg_web", ["vm-101"])
    api.backup_now(*web)
    ds = api.protect("rg_ds", ["datastore-11"], snapmirror=False)
    api.backup_now(*ds)
    return {"rg_web": web, "rg_ds": ds}


BACKUP = {"snapcenter.vsphere.backup": {"resource_group": "rg_web"}}
RESTORE = {"snapcenter.vsphere.restore": {"vm": "web01"}}
MOUNT = {"snapcenter.vsphere.mount": {"datastore": "nfs_ds01", "esx_host": "esx02.demo.local"}}


def job_ids(api, job_type):
    return sorted(str(j["id"]) for j in (api.call("GET", "/4.1/jobs", query={"type": job_type}) or []))


def test_500_on_a_post_that_starts_a_job_is_not_retried(sim, api, protected):
    sim.clear_requests()
    before = dict((t, job_ids(api, t)) for t in ("backup", "restore", "mountBackup"))
    for suffix in ("backupnow", "restore", "mount"):
        sim.inject(method="POST", path=r"/%s$" % suffix, status=500, count=5)
    run = run_playbook(sim, [BACKUP, RESTORE, MOUNT])
    assert_no_traceback(run)
    for result, suffix in zip(run, ("backupnow", "restore", "mount")):
        failed(result)
        assert "HTTP 500" in result["msg"] and "/%s" % suffix in result["msg"], result["msg"]
        assert "Injected fault" in result["msg"], "SCV's own message is missing: %s" % result["msg"]
        assert result.get("status") == 500 and result.get("method") == "POST"
        assert len(scv_requests(sim, "POST", "/" + suffix)) == 1, "POST /%s was retried" % suffix
    sim.clear_faults()
    assert dict((t, job_ids(api, t)) for t in before) == before


def test_lost_answer_after_the_appliance_acted_finds_the_job_and_never_posts_twice(sim, api, protected):
    """The connection drops after the appliance started the backup / restore: the module finds the job
    it started in the job list; exactly one POST and one new job each."""
    sim.clear_requests()
    backups_before, restores_before = job_ids(api, "backup"), job_ids(api, "restore")
    sim.inject(method="POST", path=r"/backupnow$", after_handling=True, count=1)
    sim.inject(method="POST", path=r"/restore$", after_handling=True, count=1)
    run = run_playbook(sim, [BACKUP, RESTORE])
    assert_no_traceback(run)
    backup, restore = ok(run[0]), ok(run[1])
    new_backups = sorted(set(job_ids(api, "backup")) - set(backups_before))
    new_restores = sorted(set(job_ids(api, "restore")) - set(restores_before))
    assert len(new_backups) == 1 and len(new_restores) == 1
    assert str(backup["job"]["id"]) == new_backups[0] and backup["job"]["status"] == "completed"
    assert str(restore["job"]["id"]) == new_restores[0]
    posts = scv_requests(sim, "POST", "/backupnow")
    assert len(posts) == 1 and posts[0]["status"] is None and posts[0].get("handled_status") == 200
    assert len(scv_requests(sim, "POST", "/restore")) == 1


# --- authentication and restarts -------------------------------------------------------------------

def test_token_expired_mid_play_means_one_relogin_per_task_and_the_play_goes_on(sim):
    """A token from `login` reused by later tasks; all tokens expire between tasks: the next task gets a
    401, logs in once, repeats its call once, and the play goes on."""
    expire = {"ansible.builtin.uri": {"url": "https://%s:%s/_sim/tokens/expire" % (sim.host, sim.port),
                                      "method": "POST", "ca_path": sim.ca_path, "validate_certs": True}}
    run = run_playbook(sim, [
        {"snapcenter.vsphere.login": {}},
        {"snapcenter.vsphere.policy_info": {"token": "{{ r0.token }}"}},
        expire,
        {"snapcenter.vsphere.policy_info": {"token": "{{ r0.token }}"}},
        {"snapcenter.vsphere.resource_group_info": {}},
    ])
    assert_no_traceback(run)
    for index in (0, 1, 2, 3, 4):
        ok(run[index])
    entries = scv_requests(sim)
    logins = [i for i, e in enumerate(entries) if e["path"].endswith("/auth/login")]
    refused = [i for i, e in enumerate(entries) if e["status"] == 401]
    # login task, the re-login of task 3, the fresh login of task 4 (no token given).
    assert len(logins) == 3, [(e["method"], e["path"], e["status"]) for e in entries]
    assert len(refused) == 1
    after = entries[refused[0] + 1:refused[0] + 3]
    assert [(e["method"], e["path"].rsplit("/", 1)[-1], e["status"]) for e in after] == [
        ("POST", "login", 200), ("GET", "policies", 200)]


def test_simulator_restart_mid_play_is_bridged_by_retries_and_state_survives(tmp_path):
    state_file = str(tmp_path / "state.json")
    with Simulator(job_seconds=0, state_file=state_file) as restarting:
        api = Api(restarting)
        api.protect("rg_keep", ["vm-101"])
        flags = tmp_path / "flags"
        flags.mkdir()
        process, results_dir, started = start_playbook(restarting, [
            {"snapcenter.vsphere.policy_info": {}},
            {"ansible.builtin.copy": {"dest": str(flags / "paused"), "content": "x"}},
            {"ansible.builtin.wait_for": {"path": str(flags / "go"), "timeout": 120}},
            {"snapcenter.vsphere.resource_group_info": {"retries": 8}},
            {"snapcenter.vsphere.policy_info": {}},
        ])
        deadline = time.monotonic() + 120
        while not (flags / "paused").exists():
            assert time.monotonic() < deadline and process.poll() is None, "the play never reached the pause"
            time.sleep(0.1)
        restarting.stop()
        # While the appliance is down, its port accepts and drops connections (as a restarting appliance
        # behind a load balancer would); once the play has hit that at least once, the simulator comes back.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as down:
            down.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            down.bind((restarting.host, restarting.port))
            down.listen(8)
            down.settimeout(120)
            (flags / "go").write_text("x")
            connection, dummy_address = down.accept()
            connection.close()
        restarting.start()
        run = finish_playbook(process, results_dir, started)
        assert_no_traceback(run)
        before, dummy_pause, dummy_wait, bridged, after = [ok(r) for r in run]
        assert [g["name"] for g in bridged["resource_groups"]] == ["rg_keep"]
        assert [w for w in bridged.get("warnings", []) if "connection error" in w], bridged.get("warnings")
        assert before["policies"] == after["policies"] and [p["name"] for p in after["policies"]] == ["pol_rg_keep"]
        # The restarted process logged the bridged call.
        assert scv_requests(restarting, "GET", "/4.1/resource-groups")


# --- jobs that fail or hang ------------------------------------------------------------------------

def test_failed_job_then_stuck_job_then_failing_it(sim, api, protected):
    sim.next_job("backup", "fail")
    sim.next_job("backup", "stuck")
    sim.clear_requests()
    run = run_playbook(sim, [
        BACKUP,
        {"snapcenter.vsphere.backup": {"resource_group": "rg_web", "wait_timeout": 2}},
        {"snapcenter.vsphere.job": {"id": "{{ r1.job.id }}", "state": "failed"}},
        {"snapcenter.vsphere.job": {"id": "{{ r1.job.id }}", "state": "failed"}},
        {"snapcenter.vsphere.job_info": {"id": "{{ r1.job.id }}"}},
    ])
    assert_no_traceback(run)
    failed_job, stuck, cleared, again, info = run[0], run[1], run[2], run[3], run[4]

    failed(failed_job)
    job = failed_job["job"]
    assert job["status"] == "failed" and job["messages"], job
    assert ("job %s" % job["id"]) in failed_job["msg"]
    assert any(m in failed_job["msg"] for m in job["messages"]), failed_job["msg"]

    failed(stuck)
    assert ("job %s" % stuck["job"]["id"]) in stuck["msg"]
    assert "wait_timeout=2" in stuck["msg"] and "last status: running" in stuck["msg"], stuck["msg"]

    assert ok(cleared)["changed"] is True
    assert ok(again)["changed"] is False
    assert ok(info)["job"]["status"] == "failed"
    assert len(scv_requests(sim, "PUT", "/failJobs")) == 1
    assert len(scv_requests(sim, "POST", "/backupnow")) == 2
