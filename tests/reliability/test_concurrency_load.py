# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Several ansible-playbook runs at once against one appliance, and a load run (20 forks x 10 hosts).

Outcomes are asserted; timings are only reported (requests/s, the slowest task), never asserted.
"""

import json
import os

import pytest

from reliability_helpers import REPO_ROOT, assert_no_traceback, finish_playbook, ok, run_playbook, scv_requests, start_playbook

GROUP_POLICY = [{"name": "pol_shared"}]


@pytest.fixture
def shared_policy(sim, api):
    api.protect("rg_seed", ["vm-104"])   # the storage system and an on-demand policy pol_rg_seed
    api.call("POST", "/4.1/policies", {"name": "pol_shared", "frequency": "ON_DEMAND",
                                       "retention": {"type": "COUNT", "value": 10}})
    sim.clear_requests()


def group_task(name, vm="web01"):
    return {"snapcenter.vsphere.resource_group": {"name": name, "vms": [vm], "policies": GROUP_POLICY}}


def groups_named(api, name):
    listed = (api.call("GET", "/4.1/resource-groups") or {}).get("resourceGroupResponseList") or []
    return [g for g in listed if g["name"] == name]


def run_at_once(sim, task_lists):
    started = [start_playbook(sim, tasks) for tasks in task_lists]
    return [finish_playbook(*one) for one in started]


def test_five_runs_at_once_creating_different_groups_all_succeed(sim, api, shared_policy):
    vms = ["web01", "web02", "db01", "app01", "web01"]
    runs = run_at_once(sim, [[group_task("rg_c%d" % n, vms[n])] for n in range(5)])
    for run in runs:
        assert_no_traceback(run)
        assert ok(run[0])["changed"] is True
    for n in range(5):
        assert len(groups_named(api, "rg_c%d" % n)) == 1
    assert len([e for e in scv_requests(sim, "POST", "/4.1/resource-groups") if e["status"] < 300]) == 5


def test_two_runs_creating_the_same_group_one_creates_the_other_converges(sim, api, shared_policy):
    """Both runs read "no such group" and both send the create: the appliance holds each create for 4 s
    (latency fault), so the two reads come before either write, every time.  One create wins; the other
    gets 409 "already exists", re-reads, and must report changed: false."""
    sim.inject(method="POST", path=r"/4\.1/resource-groups$", latency=4, count=2)
    runs = run_at_once(sim, [[group_task("rg_same")], [group_task("rg_same")]])
    for run in runs:
        assert_no_traceback(run)
    results = [ok(run[0]) for run in runs]
    assert len(groups_named(api, "rg_same")) == 1
    posts = scv_requests(sim, "POST", "/4.1/resource-groups")
    assert sorted(p["status"] for p in posts) == [200, 409], posts
    assert results[0]["resource_group"]["id"] == results[1]["resource_group"]["id"]
    assert sorted(r["changed"] for r in results) == [False, True], "the run whose create got 409 reported a change"


TIMING_CALLBACK = '''
import json, os, time
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.started = {}
        self.durations = []

    def v2_runner_on_start(self, host, task):
        self.started[(host.get_name(), task._uuid)] = time.monotonic()

    def _done(self, result):
        key = (result._host.get_name(), result._task._uuid)
        if key in self.started:
            self.durations.append({"host": key[0], "task": result._task.get_name(),
                                   "seconds": time.monotonic() - self.started.pop(key)})

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_skipped = _done

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["TASK_TIMING_FILE"], "w") as out:
            json.dump(self.durations, out)
'''


def test_load_twenty_forks_ten_hosts_info_and_idempotent_config(sim, api, shared_policy, tmp_path):
    api.call("POST", "/4.1/resource-groups", {
        "name": "rg_load", "entities": ["vm-101"], "policies": [{"id": api_policy_id(api, "pol_shared")}],
        "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER"})
    sim.clear_requests()
    plugins = tmp_path / "callback_plugins"
    plugins.mkdir()
    (plugins / "task_timing.py").write_text(TIMING_CALLBACK)
    timing_file = str(tmp_path / "timing.json")
    hosts = ["scv-node%02d" % n for n in range(10)]
    tasks = [
        {"name": "policy_info", "snapcenter.vsphere.policy_info": {}},
        {"name": "resource_group_info", "snapcenter.vsphere.resource_group_info": {}},
        {"name": "storage_system_info", "snapcenter.vsphere.storage_system_info": {}},
        {"name": "schedule_info", "snapcenter.vsphere.schedule_info": {}},
        {"name": "report_info", "snapcenter.vsphere.report_info": {}},
        {"name": "policy (idempotent)", "snapcenter.vsphere.policy": {
            "name": "pol_shared", "frequency": "on_demand", "retention_count": 10}},
        {"name": "resource_group (idempotent)", "snapcenter.vsphere.resource_group": {
            "name": "rg_load", "vms": ["web01"], "policies": GROUP_POLICY}},
    ]
    run = run_playbook(sim, tasks, inventory_hosts=hosts, forks=20, workdir=str(tmp_path),
                       env={"ANSIBLE_CALLBACK_PLUGINS": str(plugins), "ANSIBLE_CALLBACKS_ENABLED": "task_timing",
                            "TASK_TIMING_FILE": timing_file})
    assert_no_traceback(run)
    problems = []
    for host in hosts:
        for task, result in zip(tasks, run.host(host)):
            if result.get("failed"):
                problems.append("%s %s: %s" % (host, task["name"], result.get("msg")))
            elif task["name"].endswith("(idempotent)") and result.get("changed"):
                problems.append("%s %s: changed" % (host, task["name"]))
    assert not problems, "\n".join(problems)
    assert sim.writes() == []

    # Report (not asserted): requests per second at the appliance, and the slowest task.
    entries = sim.requests()
    span = max(e["time"] + e.get("duration", 0) for e in entries) - min(e["time"] for e in entries)
    with open(timing_file) as timing:
        durations = [d for d in json.load(timing) if not d["task"].startswith(("recorded", "save results"))]
    slowest = max(durations, key=lambda d: d["seconds"])
    report = {"module_runs": len(hosts) * len(tasks), "requests": len(entries),
              "scv_requests": len([e for e in entries if e["listener"] == "scv"]),
              "seconds_at_appliance": round(span, 2), "requests_per_second": round(len(entries) / span, 1),
              "play_seconds": round(run.seconds, 1),
              "slowest_task": {"task": slowest["task"], "host": slowest["host"],
                               "seconds": round(slowest["seconds"], 2)}}
    output_dir = os.path.join(REPO_ROOT, "tests", "output")
    os.makedirs(output_dir, exist_ok=True)
    with open(os.path.join(output_dir, "reliability-load.json"), "w") as out:
        json.dump(report, out, indent=2)
    print("\nload: %s" % json.dumps(report))


def api_policy_id(api, name):
    listed = (api.call("GET", "/4.1/policies") or {}).get("policyResponseList") or []
    return next(p["id"] for p in listed if p["name"] == name)
