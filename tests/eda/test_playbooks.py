# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The playbooks the rulebooks run, given an event as ansible-rulebook gives it (extra variable ansible_eda),
against the simulator: the stuck-job playbook's grace period, marking and notification; the retry playbook's
guards."""

import http.server
import json
import os
import subprocess
import sys
import threading

from eda_helpers import RunningSource, source_args
from testbed import COLLECTIONS_PATH, REPO_ROOT, Api, simulator_env

ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")


def run_eda_playbook(sim, tmp_path, name, event, extra=None):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text("scv_appliances:\n  hosts:\n    scv-sim:\n      ansible_connection: local\n"
                         "      ansible_python_interpreter: %s\n" % sys.executable)
    variables = tmp_path / "event.json"
    variables.write_text(json.dumps(dict({"ansible_eda": {"event": event}}, **(extra or {}))))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1", **simulator_env(sim))
    completed = subprocess.run([ANSIBLE_PLAYBOOK, "-i", str(inventory), "-e", "@%s" % variables,
                                os.path.join(REPO_ROOT, "playbooks", name)],
                               env=env, capture_output=True, text=True, timeout=180, check=False)
    return completed


def event_of(sim, condition, **args):
    """The source's event for the first job in that condition."""
    with RunningSource(source_args(sim, interval=0.3, watch=[condition], **args)) as source:
        return source.wait_for(lambda events: events, what=condition)[0]


def test_a_stuck_job_is_marked_failed_after_its_grace_period_and_notified(sim, tmp_path):
    api = Api(sim)
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    sim.next_job("backup", "stuck")
    api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_id, "policyId": policy_id})
    event = event_of(sim, "job_stuck", stuck_after="1s")
    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (the http.server name)
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = run_eda_playbook(sim, tmp_path, "eda_fail_stuck_job.yml", event, {
            "scv_stuck_grace_seconds": 1, "scv_notify_url": "http://127.0.0.1:%d/hook" % server.server_port})
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "scv-stuck: job %s" % event["job"]["id"] in done.stdout and "was marked failed" in done.stdout
    assert api.call("GET", "/4.1/jobs/%s" % event["job"]["id"])["status"] == "FAILED"
    assert len(received) == 1 and received[0]["job"]["id"] == event["job"]["id"]
    assert "marked failed" in received[0]["text"]


def test_a_job_that_ends_within_its_grace_period_is_left_alone(sim, tmp_path):
    api = Api(sim)
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    sim.config(job_seconds=3)
    api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_id, "policyId": policy_id})
    event = event_of(sim, "job_stuck", stuck_after="1s")
    done = run_eda_playbook(sim, tmp_path, "eda_fail_stuck_job.yml", event, {"scv_stuck_grace_seconds": 30})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ended on its own as completed" in done.stdout
    assert not [r for r in sim.writes() if r["path"].endswith("/failJobs")]


def test_the_retry_starts_nothing_while_a_backup_of_the_group_runs(sim, tmp_path):
    api = Api(sim)
    group_id, policy_id = api.protect("rg_web", ["vm-101"])
    sim.next_job("backup", "fail")
    failed = api.backup_now(group_id, policy_id)
    event = event_of(sim, "job_failed", replay=True)
    assert event["job"]["id"] == str(failed["id"])
    sim.next_job("backup", "stuck")
    api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_id, "policyId": policy_id})
    sim.clear_requests()
    done = run_eda_playbook(sim, tmp_path, "eda_retry_backup.yml", event)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "a backup of rg_web is running already; nothing started" in done.stdout
    assert not [r for r in sim.writes() if r["path"].endswith("/backupnow")]


def test_the_retry_is_left_to_the_host_of_the_appliance_the_event_came_from(sim, tmp_path):
    event = {"type": "job_failed", "appliance": "scv2.example.com", "job": {"id": "7", "type": "backup"},
             "resource_group": {"id": "3", "name": "rg_web"}, "policy": None}
    done = run_eda_playbook(sim, tmp_path, "eda_retry_backup.yml", event)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "TASK [Look for a backup" not in done.stdout and sim.writes() == []
