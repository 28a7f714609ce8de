# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets: a representative play run with -vvv and --diff leaks no password (SCV or ONTAP) and no token
(SCV token or vCenter session id) in stdout, stderr, returned values (except `login`'s token) or error
messages.  Every token the appliance issued is read back from the simulator's state file, so even tokens
of logins the test never saw are looked for."""

import json
import sqlite3

import pytest

from reliability_helpers import Simulator, assert_no_traceback, run_playbook

ONTAP_PASSWORD = "netapp-demo-1"
WRONG_SCV_PASSWORD = "Wr0ng-scv-Passw0rd-4711"
WRONG_ONTAP_PASSWORD = "Wr0ng-ontap-Passw0rd-0815"


def issued_tokens(state_file):
    with sqlite3.connect(state_file) as db:
        rows = dict(db.execute("SELECT name, blob FROM sim_state WHERE name IN ('tokens', 'vcenter_sessions')"))
    tokens = []
    for name in ("tokens", "vcenter_sessions"):
        tokens += list(json.loads(rows.get(name) or "{}"))
    return tokens


@pytest.fixture(scope="module")
def verbose_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("secrets")
    state_file = str(folder / "state.db")
    trace_file = str(folder / "trace.jsonl")
    with Simulator(job_seconds=0, state_file=state_file) as sim:
        token = "{{ r0.token }}"
        tasks = [
            # As documented: the login's result is registered with no_log.
            {"snapcenter.vsphere.login": {}, "no_log": True},
            {"snapcenter.vsphere.storage_system": {"token": token, "name": "cluster1.demo.local",
                                                   "ontap_username": "admin", "ontap_password": ONTAP_PASSWORD}},
            {"snapcenter.vsphere.storage_system": {"token": token, "name": "cluster1.demo.local",
                                                   "ontap_username": "admin", "ontap_password": ONTAP_PASSWORD,
                                                   "update_password": "always"}},
            {"snapcenter.vsphere.policy": {"token": token, "name": "pol_daily", "frequency": "daily",
                                           "retention_count": 7}},
            {"snapcenter.vsphere.resource_group": {"token": token, "name": "rg_web", "vms": ["web01"],
                                                   "policies": [{"name": "pol_daily", "schedule": {"every": 1, "start_time": "2026-12-01T01:30"}}]}},
            {"snapcenter.vsphere.backup": {"token": token, "resource_group": "rg_web"}},
            {"snapcenter.vsphere.restore": {"vm": "web01"}},
            {"snapcenter.vsphere.storage_system_info": {}},
            {"snapcenter.vsphere.protection_config": {"storage_systems": [
                {"name": "cluster1.demo.local", "ontap_username": "admin", "ontap_password": ONTAP_PASSWORD,
                 "update_password": "always"}]}},
            # Errors must not echo secrets either.
            {"snapcenter.vsphere.login": {"password": WRONG_SCV_PASSWORD}},
            {"snapcenter.vsphere.policy_info": {"password": WRONG_SCV_PASSWORD}},
            {"snapcenter.vsphere.storage_system": {"name": "cluster1.demo.local", "ontap_username": "admin",
                                                   "ontap_password": WRONG_ONTAP_PASSWORD,
                                                   "update_password": "always"}},
            {"snapcenter.vsphere.storage_system": {"name": "cluster2.demo.local", "ontap_username": "admin",
                                                   "ontap_password": WRONG_ONTAP_PASSWORD}},
        ]
        # The same run writes a wire trace: it must hold everything but the secrets.
        run = run_playbook(sim, tasks, verbosity=3, diff=True, env={"SCV_TRACE_FILE": trace_file})
        run.trace_file = trace_file
        secrets = [sim.password, ONTAP_PASSWORD, WRONG_SCV_PASSWORD, WRONG_ONTAP_PASSWORD]
        tokens = issued_tokens(state_file)
        yield run, secrets, tokens


def test_the_play_did_the_work(verbose_run):
    """The check below proves something only if the play really logged in, wrote and failed."""
    run, dummy_secrets, tokens = verbose_run
    assert_no_traceback(run)
    results = run.results["localhost"]
    assert results[0].get("token") and not results[0].get("failed")
    for index in range(1, 9):
        assert not results[index].get("failed"), (index, results[index].get("msg"))
    assert results[1]["changed"] is True and results[5]["changed"] is True
    assert results[9]["failed"] and results[10]["failed"]
    assert results[11]["failed"] or results[12]["failed"]
    assert len(tokens) >= 5
    assert "--- before" in run.stdout or '"before"' in run.stdout, "no diff was shown"


def test_no_password_or_token_in_the_output(verbose_run):
    run, secrets, tokens = verbose_run
    for secret in secrets + tokens:
        for stream_name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
            assert secret not in stream, "a secret (%s...) is in %s" % (secret[:4], stream_name)


def test_no_password_or_token_in_returned_values_or_messages(verbose_run):
    run, secrets, tokens = verbose_run
    results = run.results["localhost"]
    login_token = results[0]["token"]
    for index, result in enumerate(results):
        text = json.dumps(result)
        for secret in secrets + tokens:
            if index == 0 and secret == login_token:
                continue   # login's documented return value
            assert secret not in text, "task %d returned a secret (%s...): %s" % (
                index, secret[:4], result.get("msg", ""))


def test_the_wire_trace_holds_every_exchange_and_no_secret(verbose_run):
    run, secrets, tokens = verbose_run
    with open(run.trace_file, encoding="utf-8") as handle:
        text = handle.read()
    records = [json.loads(line) for line in text.splitlines()]
    exchanges = [r for r in records if r["kind"] == "exchange"]
    # Both services, the writes and the failures are in it, with their bodies.
    assert set(r["service"] for r in exchanges) == {"scv", "vcenter"}
    assert any(r["method"] == "POST" and r["path"].endswith("/4.1/storage-system") for r in exchanges)
    assert any(r["status"] == 401 for r in exchanges)
    restore = [r for r in exchanges if r["method"] == "POST" and r["path"].endswith("/restore")]
    assert restore and restore[0]["request"]["body"]["restoreLocations"], restore
    assert all(r["duration_ms"] >= 0 and r["pid"] and r["ts"] for r in exchanges)
    login = [r for r in exchanges if r["path"].endswith("/4.1/auth/login") and r["status"] == 200][0]
    assert login["request"]["body"]["password"] == "********"
    assert login["response"]["body"]["response"]["token"] == "********"
    assert any(r["request"]["headers"].get("Token") == "********" for r in exchanges)
    for secret in secrets + tokens:
        assert secret not in text, "the trace holds a secret (%s...)" % secret[:4]
