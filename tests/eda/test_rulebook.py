# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-rulebook with the collection's rulebook snapcenter.vsphere.scv_backup_retry and its event source,
against the simulator (Java 17 from tests/setup/install-java.sh, which `make test-eda` runs first).

1. A backup job fails (the simulator's /_sim/jobs/next control): the retry playbook runs and the simulator
   receives exactly one new backup request for that group.
2. A backup whose retry fails as well: the retry's failure is an event too, and nothing is retried again.

The run is bounded (RUN_TIMEOUT) and stops itself (SIGINT, then SIGKILL).  The events seen, the time from the
job failing to the retry backup being requested, and the requests per poll are printed and written to
.build/eda/integration-report.json.  No password or token may appear in anything ansible-rulebook printed.
"""

import datetime
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from harness import Simulator
from testbed import COLLECTIONS_PATH, REPO_ROOT, Api, simulator_env

RULEBOOK = "snapcenter.vsphere.scv_backup_retry"
ANSIBLE_RULEBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-rulebook")
INTERVAL = 1
JOB_SECONDS = 1
RUN_TIMEOUT = 150
REPORT = os.path.join(REPO_ROOT, ".build", "eda", "integration-report.json")
_EVENT_BLOCK = re.compile(r"\[received event\].*?\nEvent:\n(\{.*?\})\n\*{10}", re.S)


def issued_tokens(state_file):
    with sqlite3.connect(state_file) as db:
        rows = dict(db.execute("SELECT name, blob FROM sim_state WHERE name IN ('tokens', 'vcenter_sessions')"))
    return [token for name in ("tokens", "vcenter_sessions") for token in json.loads(rows.get(name) or "{}")]


class Rulebook:
    """ansible-rulebook in the background, its output in a file."""

    def __init__(self, sim, workdir):
        self.sim = sim
        self.workdir = str(workdir)
        self.output = os.path.join(self.workdir, "ansible-rulebook.out")
        self.process = None

    def start(self):
        inventory = os.path.join(self.workdir, "inventory.yml")
        with open(inventory, "w", encoding="utf-8") as handle:
            handle.write("scv_appliances:\n  hosts:\n    scv-sim:\n      ansible_connection: local\n"
                         "      ansible_python_interpreter: %s\n" % sys.executable)
        variables = os.path.join(self.workdir, "vars.yml")
        with open(variables, "w", encoding="utf-8") as handle:
            handle.write("scv_events_interval: %d\n" % INTERVAL)
        env = dict(os.environ)
        env.update(simulator_env(self.sim))
        env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1",
                    "ANSIBLE_LOCALHOST_WARNING": "0", "PATH": os.path.dirname(ANSIBLE_RULEBOOK) + os.pathsep +
                    env.get("PATH", "")})
        with open(self.output, "wb") as out:
            # -v: the source's log lines (its requests per poll) and ansible-rulebook's own; --print-events.
            self.process = subprocess.Popen(
                [ANSIBLE_RULEBOOK, "--rulebook", RULEBOOK, "--inventory", inventory, "--vars", variables,
                 "--print-events", "-v"],
                cwd=self.workdir, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        return self

    def text(self):
        with open(self.output, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def events(self):
        """The events ansible-rulebook received (--print-events blocks)."""
        import ast  # the blocks are Python reprs (pprint)
        return [ast.literal_eval(block) for block in _EVENT_BLOCK.findall(self.text())]

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def wait_until(predicate, deadline, what, rulebook):
    while time.monotonic() < deadline:
        if rulebook.process.poll() is not None:
            raise AssertionError("ansible-rulebook ended (%s) while waiting for %s:\n%s" % (
                rulebook.process.returncode, what, rulebook.text()[-4000:]))
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for %s; ansible-rulebook printed:\n%s" % (what, rulebook.text()[-4000:]))


def backupnow_requests(sim):
    return [r for r in sim.requests() if r["method"] == "POST" and r["path"].endswith("/resource-groups/backupnow")]


def backup_jobs(api, group_id):
    jobs = api.call("GET", "/4.1/jobs", query={"type": "backup"}) or []
    return sorted((j for j in jobs if str(j["resourceGroupId"]) == str(group_id)), key=lambda j: int(j["id"]))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if shutil.which("java") is None:
        pytest.fail("no java on PATH: ansible-rulebook needs Java 17 (run tests/setup/install-java.sh, as "
                    "`make test-eda` does)")
    workdir = tmp_path_factory.mktemp("rulebook")
    state_file = str(workdir / "sim-state.db")
    report = {}
    with Simulator(job_seconds=JOB_SECONDS, state_file=state_file) as sim:
        api = Api(sim)
        group_a, policy_a = api.protect("rg_a", ["vm-101"])
        group_b, policy_b = api.protect("rg_b", ["vm-102"])
        rulebook = Rulebook(sim, workdir).start()
        deadline = time.monotonic() + RUN_TIMEOUT
        try:
            started = time.monotonic()
            wait_until(lambda: any(r["path"].endswith("/4.1/jobs") for r in sim.requests()), deadline,
                       "the first poll", rulebook)
            report["seconds_to_first_poll"] = round(time.monotonic() - started, 1)
            polls_before = len([r for r in sim.requests() if r["path"].endswith("/4.1/jobs")])

            # 1. A scheduled backup fails: one retry.
            sim.next_job("backup", "fail")
            api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_a, "policyId": policy_a})
            original = backupnow_requests(sim)[-1]
            retry = wait_until(lambda: backupnow_requests(sim)[1:2], deadline, "the retry backup", rulebook)[0]
            failed_at = original["time"] + JOB_SECONDS     # the simulator's clock runs at real time here
            report["seconds_from_failure_to_retry_request"] = round(retry["time"] - failed_at, 2)
            wait_until(lambda: "scv-retry: backup of rg_a started again" in rulebook.text(), deadline,
                       "the retry playbook's output", rulebook)
            # Four more polls: nothing else may happen.
            time.sleep(4 * INTERVAL + 1)
            report["backup_requests_after_failure_a"] = len(backupnow_requests(sim)) - 1
            jobs_a = backup_jobs(api, group_a)
            received = datetime.datetime.strptime(rulebook.events()[0]["meta"]["received_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
            report["seconds_from_failure_to_event"] = round(
                received.replace(tzinfo=datetime.timezone.utc).timestamp() - failed_at, 2)

            # 2. The retry fails as well: its failure is reported, and not retried.
            requests_before_b = len(backupnow_requests(sim))
            sim.next_job("backup", "fail")
            sim.next_job("backup", "fail")
            api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_b, "policyId": policy_b})
            wait_until(lambda: len([e for e in rulebook.events() if (e.get("resource_group") or {}).get("name") == "rg_b"])
                       >= 2, deadline, "the failure of rg_b's retry", rulebook)
            time.sleep(4 * INTERVAL + 1)
            report["backup_requests_b"] = len(backupnow_requests(sim)) - requests_before_b
            jobs_b = backup_jobs(api, group_b)
            polls = len([r for r in sim.requests() if r["path"].endswith("/4.1/jobs")]) - polls_before
            report["polls"] = polls
        finally:
            rulebook.stop()
        report["events"] = [{"type": e["type"], "job": e["job"]["id"], "status": e["job"]["status"],
                             "resource_group": (e.get("resource_group") or {}).get("name")}
                            for e in rulebook.events()]
        text = rulebook.text()
        secrets = [sim.password] + issued_tokens(state_file)
        report["ansible_rulebook_exit_code"] = rulebook.process.returncode
    os.makedirs(os.path.dirname(REPORT), exist_ok=True)
    with open(REPORT, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
    print("\neda integration: %s" % json.dumps(report, indent=2))
    yield {"report": report, "text": text, "secrets": secrets, "jobs_a": jobs_a, "jobs_b": jobs_b}


def test_the_source_was_loaded_from_the_collection_and_polled(run):
    assert "Loading rulebook from" in run["text"]
    assert re.search(r"scv_events: watching job_failed on 127\.0\.0\.1 every 1\.0s \(1 request\(s\) per poll\)", run["text"])
    assert run["report"]["polls"] >= 10


def test_a_failed_backup_is_retried_exactly_once(run):
    report = run["report"]
    assert report["backup_requests_after_failure_a"] == 1, "exactly one new backup request for rg_a"
    assert [job["status"] for job in run["jobs_a"]] == ["FAILED", "COMPLETED"]
    assert "scv-retry: backup of rg_a started again as job %s (job %s had failed)" % (
        run["jobs_a"][1]["id"], run["jobs_a"][0]["id"]) in run["text"]
    assert 0 < report["seconds_from_failure_to_retry_request"] < 3 * INTERVAL + 10


def test_a_retry_that_fails_too_is_not_retried_again(run):
    assert [job["status"] for job in run["jobs_b"]] == ["FAILED", "FAILED"]
    assert run["report"]["backup_requests_b"] == 2, "the original and one retry, never a third"
    failed_b = [e for e in run["report"]["events"] if e["resource_group"] == "rg_b"]
    assert [e["job"] for e in failed_b] == [str(job["id"]) for job in run["jobs_b"]]


def test_each_failure_is_one_event(run):
    events = run["report"]["events"]
    assert [e["type"] for e in events] == ["job_failed"] * 3
    assert len(set(e["job"] for e in events)) == 3


def test_no_password_or_token_in_what_ansible_rulebook_printed(run):
    assert len(run["secrets"]) >= 3, "the run logged in (source, playbooks, test set-up)"
    for secret in run["secrets"]:
        assert secret not in run["text"], "a secret (%s...) is in ansible-rulebook's output" % secret[:4]
