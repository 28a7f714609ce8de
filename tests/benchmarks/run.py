#!/usr/bin/env python
"""The performance benchmark of snapcenter.vsphere (`make bench`), against the SCV simulator.

    .venv/bin/python tests/benchmarks/run.py [--quick] [--only protect,baseline,scale,jobwait,overhead]
                                             [--runs N] [--sizes 50,200,500] [--out benchmarks]

Scenarios (issue 7):
  protect   playbooks/protect.yml, first run on a fresh simulator and re-run
  baseline  tests/benchmarks/baseline/protect.yml (ansible.builtin.uri, as public examples do it),
            first run and re-run, and our/baseline ratios
  scale     N resource groups (a VM each, one of N/10 policies): first apply and re-apply,
            (a) one resource_group task per item in a loop, (b) one protection_config task
  jobwait   one backup task with jobs lasting 5 s and 20 s: lateness and polls
  overhead  50 policy_info tasks against 50 ansible.builtin.ping tasks

Wall seconds are measured around ansible-playbook; HTTP requests come from the simulator's own request
log (so they count what really reached the appliance and vCenter).  Each number is the median of the
runs.  Results: <out>/results.json, <out>/results.md, the table on stdout and in docs/benchmarks.md.
This script asserts nothing about timings: it measures and reports.
"""
import argparse
import copy
import itertools
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS_ROOT = os.path.join(REPO_ROOT, ".build", "collections")
SCENARIOS_DIR = os.path.join(HERE, "scenarios")
BASELINE_PLAYBOOK = os.path.join(HERE, "baseline", "protect.yml")
PROTECT_PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "protect.yml")
DEMO_INVENTORY = os.path.join(REPO_ROOT, "playbooks", "inventory", "demo")
DEMO_WORLD = os.path.join(REPO_ROOT, "tests", "simulator", "worlds", "demo.yml")
DOCS_PAGE = os.path.join(REPO_ROOT, "docs", "benchmarks.md")

RUN_NUMBERS = itertools.count(1)   # unique file names for every playbook run of the benchmark
ALL_SCENARIOS = ("protect", "baseline", "scale", "jobwait", "overhead")
LOGIN_PATH = re.compile(r"/auth/login$")
VCENTER_SESSION_PATH = re.compile(r"^/api/session$")
JOB_POLL_PATH = re.compile(r"/4\.1/jobs/[^/]+$")
BACKUP_NOW_PATH = re.compile(r"/resource-groups/backupnow$")

# The resource_group loop way (the slow comparison, minutes per size) runs once per size: its gap to
# protection_config is tens of times, far beyond run-to-run noise.
FULL = {"runs": 3, "sizes": [50, 200, 500], "loop_runs_above": {0: 1}, "job_seconds": [5, 20],
        "overhead_tasks": 50}
QUICK = {"runs": 1, "sizes": [20], "loop_runs_above": {}, "job_seconds": [3], "overhead_tasks": 10}


# ---------------------------------------------------------------------------------------------------
# Simulator and ansible-playbook
# ---------------------------------------------------------------------------------------------------

def simulator_class():
    """The simulator harness (tests/simulator/harness.py); the benchmark shares no code with plugins/."""
    sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))
    sys.path.insert(0, REPO_ROOT)
    try:
        from harness import Simulator  # noqa: E402
    except ImportError:
        from tests.simulator.harness import Simulator  # noqa: E402
    return Simulator


def link_collection():
    """.build/collections/ansible_collections/snapcenter/vsphere -> the repo root (as `make collection-link`)."""
    namespace_dir = os.path.join(COLLECTIONS_ROOT, "ansible_collections", "snapcenter")
    link = os.path.join(namespace_dir, "vsphere")
    if not os.path.lexists(link):
        os.makedirs(namespace_dir, exist_ok=True)
        os.symlink(os.path.join("..", "..", "..", ".."), link)


def ansible_env(timings_file):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("SCV_"))
    bin_dir = os.path.dirname(sys.executable)
    env.update({
        "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_ROOT,
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(HERE, "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "bench_timings",
        "BENCH_TIMINGS_FILE": timings_file,
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        # The roles of this repository, for playbooks that name them without the collection prefix.
        "ANSIBLE_ROLES_PATH": os.path.join(REPO_ROOT, "roles"),
    })
    return env


class Bench:
    """Runs playbooks against one simulator and turns its request log into numbers."""

    def __init__(self, sim, workdir, verbose=False):
        self.sim = sim
        self.workdir = workdir
        self.verbose = verbose

    def connection_vars(self):
        sim = self.sim
        return {
            "scv_hostname": sim.host,
            "scv_port": sim.port,
            "scv_username": sim.username,
            "scv_password": sim.password,
            "scv_validate_certs": True,
            "scv_ca_path": sim.ca_path,
            "scv_vcenter_hostname": sim.host,
            "scv_vcenter_port": sim.vcenter_port,
            "scv_report_dir": os.path.join(self.workdir, "reports"),
        }

    def playbook(self, playbook, extra_vars=None, inventory=None, check=False):
        """Run one playbook; returns the metrics dict of that run (wall, requests, tasks)."""
        tag = "%03d" % next(RUN_NUMBERS)
        vars_file = os.path.join(self.workdir, "vars-%s.json" % tag)
        timings_file = os.path.join(self.workdir, "timings-%s.json" % tag)
        log_file = os.path.join(self.workdir, "ansible-%s.log" % tag)
        all_vars = self.connection_vars()
        all_vars.update(extra_vars or {})
        os.makedirs(all_vars["scv_report_dir"], exist_ok=True)
        with open(vars_file, "w") as handle:
            json.dump(all_vars, handle)
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), playbook,
                   "-e", "@" + vars_file]
        if inventory:
            command += ["-i", inventory]
        else:
            command += ["-i", os.path.join(HERE, "inventory.yml")]
        if check:
            command += ["--check", "--diff"]
        self.sim.clear_requests()
        usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        with open(log_file, "w") as log:
            completed = subprocess.run(command, cwd=REPO_ROOT, env=ansible_env(timings_file), stdout=log,
                                       stderr=subprocess.STDOUT, check=False)
        wall = time.monotonic() - started
        usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        requests = self.sim.requests(clear=True)
        with open(os.path.join(self.workdir, "requests-%s.json" % tag), "w") as handle:
            json.dump(requests, handle)   # kept with --keep, to see what each run sent
        tasks = []
        if os.path.exists(timings_file):
            with open(timings_file) as handle:
                tasks = json.load(handle)["tasks"]
        metrics = request_metrics(requests)
        metrics.update({
            "wall_seconds": round(wall, 3),
            # CPU seconds of ansible-playbook and its workers: less sensitive than wall time to other
            # work on the machine.
            "cpu_seconds": round((usage_after.ru_utime - usage_before.ru_utime)
                                 + (usage_after.ru_stime - usage_before.ru_stime), 3),
            "rc": completed.returncode,
            "tasks": len(tasks),
            "tasks_changed": sum(1 for t in tasks if t["changed"]),
            "tasks_failed": sum(1 for t in tasks if t["failed"]),
            "log": os.path.relpath(log_file, REPO_ROOT) if log_file.startswith(REPO_ROOT) else log_file,
        })
        metrics["_tasks"] = tasks
        metrics["_requests"] = requests
        if self.verbose or completed.returncode != 0:
            print("    %s rc=%s %.1fs %d requests (log %s)" % (
                os.path.basename(playbook), completed.returncode, wall, metrics["requests"], log_file),
                file=sys.stderr)
        return metrics


def request_metrics(requests):
    """Counts from the simulator's request log: by method, logins, writes, statuses, per listener."""
    by_method = {}
    statuses = {}
    listeners = {}
    logins = vcenter_sessions = writes = 0
    for entry in requests:
        method = entry["method"]
        by_method[method] = by_method.get(method, 0) + 1
        status = str(entry.get("status"))
        statuses[status] = statuses.get(status, 0) + 1
        listener = str(entry.get("listener"))
        listeners[listener] = listeners.get(listener, 0) + 1
        path = entry["path"]
        if method == "POST" and LOGIN_PATH.search(path):
            logins += 1
        elif method == "POST" and VCENTER_SESSION_PATH.search(path):
            vcenter_sessions += 1
        elif method != "GET" and not is_vcenter(entry):
            writes += 1
    return {
        "requests": len(requests),
        "by_method": by_method,
        "by_listener": listeners,
        "statuses": statuses,
        "logins": logins,
        "vcenter_sessions": vcenter_sessions,
        "writes": writes,
        "server_seconds": round(sum(e.get("duration") or 0 for e in requests), 3),
    }


def is_vcenter(entry):
    return "vc" in str(entry.get("listener", "")).lower()


def median_of(runs):
    """Median of every number across runs (nested dicts too); other values from the first run."""
    runs = [dict((k, v) for k, v in run.items() if not k.startswith("_")) for run in runs]
    result = {}
    keys = []
    for run in runs:
        keys.extend(k for k in run if k not in keys)
    for key in keys:
        values = [run.get(key) for run in runs]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, bool) for v in present):
            result[key] = present[0] if len(set(present)) == 1 else present
        elif present and all(isinstance(v, (int, float)) for v in present):
            value = statistics.median(list(present))
            result[key] = round(value, 3) if isinstance(value, float) else value
        elif present and all(isinstance(v, dict) for v in present):
            filled = [dict((k, v.get(k, 0)) for k in set().union(*present)) for v in present]
            result[key] = median_of(filled)
        else:
            result[key] = present[0] if present else None
    if len(runs) > 1:
        result["runs"] = len(runs)
        walls = [run.get("wall_seconds") for run in runs if run.get("wall_seconds") is not None]
        if walls:
            result["wall_seconds_all"] = walls
    return result


# ---------------------------------------------------------------------------------------------------
# Worlds and desired states
# ---------------------------------------------------------------------------------------------------

def scale_world(count, path):
    """A simulator world (see tests/simulator/README.md, "World files") with `count` VMs on NFS."""
    import yaml  # the simulator's own dependency, present in the venv
    with open(DEMO_WORLD) as handle:
        world = yaml.safe_load(handle)
    datastores = [d["moref"] for d in world["datastores"] if d.get("type") == "NFS"]
    hosts = [h["moref"] for dc in world["datacenters"] for h in dc["hosts"]]
    vms = []
    for index in range(count):
        number = index + 1
        vms.append({
            "moref": "vm-%d" % (10000 + number),
            "name": scale_vm_name(number),
            "instance_uuid": "50123e4a-%04x-4c6b-9a10-%012d" % (number % 65536, 10000 + number),
            "host": hosts[index % len(hosts)],
            "folder": "/DC1/vm/bench",
            "power_state": "POWERED_ON",
            "cpu_count": 1,
            "memory_size_MiB": 1024,
            "disks": [{"datastore": datastores[index % len(datastores)],
                       "file": "%s/%s.vmdk" % (scale_vm_name(number), scale_vm_name(number)), "capacity_gb": 10}],
        })
    world["vms"] = world["vms"] + vms
    with open(path, "w") as handle:
        yaml.safe_dump(world, handle, sort_keys=False)
    return path


def scale_vm_name(number):
    return "bench_vm_%04d" % number


def scale_state(count, world_path):
    """Desired state for `count` resource groups, each with one VM and one of count/10 policies."""
    import yaml
    with open(world_path) as handle:
        world = yaml.safe_load(handle)
    cluster = world["ontap"][0]
    policy_count = max(1, count // 10)
    policies = [{"name": "bench_policy_%03d" % (i + 1), "description": "benchmark policy",
                 "frequency": "daily", "retention_count": 7} for i in range(policy_count)]
    groups = []
    for index in range(count):
        groups.append({
            "name": "bench_rg_%04d" % (index + 1),
            "description": "benchmark resource group",
            "vms": [scale_vm_name(index + 1)],
            "policies": [{"name": policies[index % policy_count]["name"],
                          "schedule": {"every": 1, "start_time": "2026-12-01T01:30"}}],
        })
    storage = [{"name": cluster["cluster"], "ontap_username": cluster["username"],
                "ontap_password": cluster["password"]}]
    return {"scv_storage_systems": storage, "scv_policies": policies, "scv_resource_groups": groups}


def overhead_playbook(path, module, count):
    """`count` separate tasks of one module (not a loop: the per-task cost is what is measured)."""
    lines = ["---",
             "- name: Per-task overhead, %d x %s" % (count, module),
             "  hosts: scv",
             "  gather_facts: false",
             "  module_defaults:",
             "    group/snapcenter.vsphere.scv: &connection",
             "      hostname: \"{{ scv_hostname }}\"",
             "      port: \"{{ scv_port }}\"",
             "      username: \"{{ scv_username }}\"",
             "      password: \"{{ scv_password }}\"",
             "      token: \"{{ scv_session.token | default(omit) }}\"",
             "      ca_path: \"{{ scv_ca_path }}\"",
             "      vcenter_port: \"{{ scv_vcenter_port }}\"",
             "  tasks:",
             "    - name: Log in once",
             "      snapcenter.vsphere.login:",
             "      register: scv_session",
             "      no_log: true"]
    for index in range(count):
        lines += ["    - name: Task %d" % (index + 1), "      %s:" % module]
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


# ---------------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------------

def summarize_run(metrics):
    return dict((k, v) for k, v in metrics.items() if not k.startswith("_"))


def first_and_rerun(bench, playbook, runs, inventory=None, extra_vars=None, describe_rerun=None):
    """`runs` times: fresh simulator, first run, re-run.  Returns {'first': median, 'rerun': median}."""
    firsts, reruns = [], []
    for dummy in range(runs):
        bench.sim.reset()
        firsts.append(bench.playbook(playbook, extra_vars=extra_vars, inventory=inventory))
        reruns.append(bench.playbook(playbook, extra_vars=extra_vars, inventory=inventory))
    result = {"first": median_of(firsts), "rerun": median_of(reruns)}
    if describe_rerun:
        result["rerun"]["observed"] = describe_rerun(reruns[-1])
    return result


def describe_baseline_rerun(metrics):
    """What the non-idempotent baseline did when run a second time."""
    conflicts = metrics["statuses"].get("409", 0)
    backups = sum(1 for e in metrics["_requests"] if e["method"] == "POST" and BACKUP_NOW_PATH.search(e["path"]))
    creates = sum(1 for e in metrics["_requests"] if e["method"] == "POST" and not is_vcenter(e)
                  and not LOGIN_PATH.search(e["path"]) and not BACKUP_NOW_PATH.search(e["path"]))
    return {"create_posts_resent": creates, "http_409": conflicts, "duplicate_backups_started": backups,
            "failed": metrics["rc"] != 0}


def scenario_protect(bench, settings):
    if not os.path.exists(PROTECT_PLAYBOOK):
        raise SystemExit("playbooks/protect.yml is missing")
    return first_and_rerun(bench, PROTECT_PLAYBOOK, settings["runs"], inventory=DEMO_INVENTORY)


def scenario_baseline(bench, settings):
    return first_and_rerun(bench, BASELINE_PLAYBOOK, settings["runs"], inventory=DEMO_INVENTORY,
                           describe_rerun=describe_baseline_rerun)


def scenario_scale(make_sim, workdir, settings, verbose):
    results = {}
    for count in settings["sizes"]:
        world = scale_world(count, os.path.join(workdir, "world-%d.yml" % count))
        state = scale_state(count, world)
        loop_runs = settings["runs"]
        for threshold, runs in settings["loop_runs_above"].items():
            if count >= threshold:
                loop_runs = min(loop_runs, runs)
        print("  scale %d: loop (%d run(s)), protection_config (%d run(s))" % (count, loop_runs, settings["runs"]),
              file=sys.stderr)
        with make_sim(world=world) as sim:
            bench = Bench(sim, workdir, verbose)
            entry = {}
            if count in settings["loop_sizes"]:
                entry["loop"] = first_and_rerun(bench, os.path.join(SCENARIOS_DIR, "scale_loop.yml"), loop_runs,
                                                extra_vars=state)
            entry["protection_config"] = first_and_rerun(
                bench, os.path.join(SCENARIOS_DIR, "scale_protection_config.yml"), settings["runs"],
                extra_vars=state)
            entry["resource_groups"] = count
            entry["policies"] = len(state["scv_policies"])
        results[str(count)] = entry
    return results


def scenario_jobwait(bench, settings):
    """One backup task; lateness = task seconds - job seconds; polls = GETs of the job."""
    bench.sim.reset()
    setup = bench.playbook(os.path.join(SCENARIOS_DIR, "jobwait_setup.yml"))
    if setup["rc"] != 0:
        raise SystemExit("job wait set-up failed; see %s" % setup["log"])
    results = {}
    # The same task with a job that ends at once: what the task costs without any waiting (module start,
    # login, reads), so the waiting's own lateness can be told apart from it.
    for job_seconds in [0] + list(settings["job_seconds"]):
        bench.sim.config(job_seconds=job_seconds)
        runs = []
        for dummy in range(settings["runs"]):
            metrics = bench.playbook(os.path.join(SCENARIOS_DIR, "jobwait_backup.yml"))
            task = next((t for t in metrics["_tasks"] if t["action"].endswith("backup")), None)
            requests = metrics["_requests"]
            polls = [e for e in requests if e["method"] == "GET" and JOB_POLL_PATH.search(e["path"])]
            start = next((e for e in requests if e["method"] == "POST" and BACKUP_NOW_PATH.search(e["path"])), None)
            run = summarize_run(metrics)
            run["job_seconds"] = job_seconds
            run["polls"] = len(polls)
            if task is not None:
                run["task_seconds"] = task["seconds"]
                run["late_seconds"] = round(task["seconds"] - job_seconds, 3)
            if start is not None and polls:
                # How long after the job ended the module's last poll saw it: the pure waiting delay.
                run["notice_delay_seconds"] = round(polls[-1]["time"] - (start["time"] + job_seconds), 3)
            runs.append(run)
        results[str(job_seconds)] = median_of(runs)
        reference = results["0"].get("task_seconds")
        if job_seconds and reference is not None and results[str(job_seconds)].get("task_seconds") is not None:
            results[str(job_seconds)]["late_beyond_0s_job"] = round(
                results[str(job_seconds)]["task_seconds"] - job_seconds - reference, 3)
    bench.sim.config(job_seconds=0)
    return results


def scenario_overhead(bench, settings):
    count = settings["overhead_tasks"]
    bench.sim.reset()
    ping = overhead_playbook(os.path.join(bench.workdir, "overhead_ping.yml"), "ansible.builtin.ping", count)
    info = overhead_playbook(os.path.join(bench.workdir, "overhead_info.yml"), "snapcenter.vsphere.policy_info",
                             count)
    pings, infos = [], []
    for dummy in range(settings["runs"]):
        for playbook, bucket in ((ping, pings), (info, infos)):
            metrics = bench.playbook(playbook)
            measured = [t["seconds"] for t in metrics["_tasks"] if t["task"].startswith("Task ")]
            run = summarize_run(metrics)
            run["task_seconds_sum"] = round(sum(measured), 3)
            run["task_seconds_mean"] = round(sum(measured) / len(measured), 4) if measured else None
            bucket.append(run)
    ping_result, info_result = median_of(pings), median_of(infos)
    return {
        "tasks": count,
        "ping": ping_result,
        "policy_info": info_result,
        "ratio_wall": ratio(info_result["wall_seconds"], ping_result["wall_seconds"]),
        "ratio_task_seconds": ratio(info_result.get("task_seconds_sum"), ping_result.get("task_seconds_sum")),
    }


def ratio(ours, theirs):
    if not ours or not theirs:
        return None
    return round(float(ours) / float(theirs), 3)


# ---------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------

def machine():
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal"):
                    memory = "%.1f GiB" % (int(line.split()[1]) / 1048576.0)
                    break
    except OSError:
        pass
    try:
        import ansible
        ansible_version = ansible.__version__ if hasattr(ansible, "__version__") else None
        if ansible_version is None:
            from ansible.release import __version__ as ansible_version
    except ImportError:
        ansible_version = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                                text=True, check=False).stdout.strip() or None
    except OSError:
        commit = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "ansible_core": ansible_version,
        "commit": commit,
        "load_average": load_average(),
    }


def load_average():
    """The 1-minute load average: other work on the machine inflates wall times."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def targets(results):
    """[(scenario, what, value, target, met)] for the issue's targets that were measured."""
    rows = []

    def add(scenario, what, value, limit, compare="le"):
        if value is None:
            return
        met = value <= limit if compare == "le" else value >= limit
        rows.append({"scenario": scenario, "target": what, "value": value, "limit": limit, "met": met})

    protect = results.get("protect")
    if protect:
        add("protect", "re-run writes = 0", protect["rerun"]["writes"], 0)
        add("protect", "re-run logins <= 1", protect["rerun"]["logins"], 1)
    scale = results.get("scale") or {}
    if "500" in scale:
        bulk = scale["500"]["protection_config"]
        add("scale 500 protection_config", "re-apply seconds <= 10", bulk["rerun"]["wall_seconds"], 10)
        add("scale 500 protection_config", "re-apply requests <= 10", bulk["rerun"]["requests"], 10)
        add("scale 500 protection_config", "first apply seconds <= 60", bulk["first"]["wall_seconds"], 60)
    for job_seconds, entry in sorted((results.get("jobwait") or {}).items(), key=lambda kv: float(kv[0])):
        if job_seconds == "0":
            continue
        add("jobwait %ss" % job_seconds, "late <= 1 s (task - job)", entry.get("late_seconds"), 1)
        add("jobwait %ss" % job_seconds, "late <= 1 s (beyond the 0 s job's task)", entry.get("late_beyond_0s_job"), 1)
        add("jobwait %ss" % job_seconds, "notice delay <= 1 s (last poll - job end)",
            entry.get("notice_delay_seconds"), 1)
        add("jobwait %ss" % job_seconds, "polls <= 15", entry.get("polls"), 15)
    overhead = results.get("overhead")
    if overhead:
        add("overhead", "policy_info/ping wall ratio <= 1.5", overhead["ratio_wall"], 1.5)
        add("overhead", "policy_info/ping task-time ratio <= 1.5", overhead["ratio_task_seconds"], 1.5)
    return rows


def fmt_methods(entry):
    return " ".join("%s %s" % (m, entry["by_method"][m]) for m in sorted(entry["by_method"]))


def row(name, entry):
    return "| %s | %.2f | %.2f | %s | %s | %s | %s | %s |" % (
        name, entry["wall_seconds"], entry["cpu_seconds"], entry["requests"], fmt_methods(entry) or "-", entry["logins"],
        entry["writes"], entry.get("tasks_changed", "-"))


def markdown(report):
    results = report["results"]
    lines = []
    head = ["| run | wall s | CPU s | requests | by method | logins | writes | changed tasks |",
            "|---|---:|---:|---:|---|---:|---:|---:|"]
    if "protect" in results or "baseline" in results:
        lines += ["### 1-2. protect.yml and the ansible.builtin.uri baseline", ""] + head
        for key, label in (("protect", "protect.yml"), ("baseline", "baseline (uri)")):
            if key in results:
                lines.append(row(label + " first run", results[key]["first"]))
                lines.append(row(label + " re-run", results[key]["rerun"]))
        lines.append("")
        if "protect" in results and "baseline" in results:
            ours, base = results["protect"], results["baseline"]
            lines += ["| our/baseline | wall | requests |", "|---|---:|---:|"]
            for phase in ("first", "rerun"):
                lines.append("| %s | %s | %s |" % (
                    "first run" if phase == "first" else "re-run",
                    ratio(ours[phase]["wall_seconds"], base[phase]["wall_seconds"]),
                    ratio(ours[phase]["requests"], base[phase]["requests"])))
            lines.append("")
        if "baseline" in results and "observed" in results["baseline"]["rerun"]:
            seen = results["baseline"]["rerun"]["observed"]
            lines += ["Baseline re-run: re-sent %d create POSTs, got %d HTTP 409s, started %d duplicate "
                      "backups%s." % (seen["create_posts_resent"], seen["http_409"], seen["duplicate_backups_started"],
                                      ", and failed" if seen["failed"] else ""), ""]
    if "scale" in results:
        lines += ["### 3. Scale: N resource groups (a VM each, N/10 policies)", "",
                  "| N | way | first apply s | CPU s | requests | re-apply s | CPU s | requests | "
                  "re-apply writes | runs |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for count, entry in sorted(results["scale"].items(), key=lambda kv: int(kv[0])):
            for way, label in (("loop", "resource_group loop"), ("protection_config", "protection_config")):
                if way not in entry:
                    lines.append("| %s | %s | not run | | | | | | | |" % (count, label))
                    continue
                data = entry[way]
                lines.append("| %s | %s | %.2f | %.2f | %s | %.2f | %.2f | %s | %s | %s |" % (
                    count, label, data["first"]["wall_seconds"], data["first"]["cpu_seconds"],
                    data["first"]["requests"], data["rerun"]["wall_seconds"], data["rerun"]["cpu_seconds"],
                    data["rerun"]["requests"], data["rerun"]["writes"], data["first"].get("runs", 1)))
        lines.append("")
    if "jobwait" in results:
        lines += ["### 4. Job wait (one backup task)", "",
                  "| job s | task s | late s (task - job) | late s beyond the 0 s job's task | "
                  "notice delay s (last poll - job end) | polls |",
                  "|---:|---:|---:|---:|---:|---:|"]
        for job_seconds, entry in sorted(results["jobwait"].items(), key=lambda kv: float(kv[0])):
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                job_seconds, entry.get("task_seconds"), entry.get("late_seconds"),
                entry.get("late_beyond_0s_job", "-"), entry.get("notice_delay_seconds"), entry.get("polls")))
        lines.append("")
    if "overhead" in results:
        data = results["overhead"]
        lines += ["### 5. Per-task overhead (%d tasks each, after one login)" % data["tasks"], "",
                  "| playbook | wall s | sum of task s | mean task s | requests |", "|---|---:|---:|---:|---:|"]
        for key in ("ping", "policy_info"):
            entry = data[key]
            cells = (key, entry["wall_seconds"], entry.get("task_seconds_sum"), entry.get("task_seconds_mean"),
                     entry["requests"])
            lines.append("| %s | %.2f | %s | %s | %s |" % cells)
        ratios = (data["ratio_wall"], data["ratio_task_seconds"])
        lines += ["", "Ratio policy_info/ping: wall %s, task time %s." % ratios, ""]
    if report["targets"]:
        lines += ["### Targets", "", "| scenario | target | measured | met |", "|---|---|---:|---|"]
        for target in report["targets"]:
            met = "yes" if target["met"] else "**no**"
            lines.append("| %s | %s | %s | %s |" % (target["scenario"], target["target"], target["value"], met))
        lines.append("")
    return "\n".join(lines)


def docs_page(report, table):
    info = report["machine"]
    return "\n".join([
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python tests/benchmarks/run.py`); do not edit by hand.",
        "Every number is measured against the SCV simulator on the machine below (jobs last 0 s unless",
        "stated); requests are counted from the simulator's request log; each value is the median of the",
        "runs given. The scenarios and targets are those of the performance issue; see",
        "`tests/benchmarks/run.py` for how each is measured.",
        "",
        "- Date: %s" % report["date"],
        "- Mode: %s, %s run(s) per measurement; the resource_group loop way: %s, at N = %s" % (
            "quick" if report["quick"] else "full", report["runs"], report.get("loop_runs_note", "as above"),
            ", ".join(str(n) for n in report.get("loop_sizes", [])) or "none"),
        "- Machine: %s, %s cores, %s RAM; %s" % (info["cpu"], info["cores"], info["memory"], info["os"]),
        "- Python %s, ansible-core %s, commit %s" % (info["python"], info["ansible_core"], info["commit"]),
        "- Benchmark duration: %.0f s; 1-minute load average at the end: %s (on 2 cores, above 2 means other "
        "work competed and wall times are inflated; CPU s is ansible-playbook's own CPU time)" % (
            report["duration_seconds"], info["load_average"]),
        "",
        table,
    ]) + "\n"


# ---------------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one run, small sizes: a smoke run")
    parser.add_argument("--only", default=",".join(ALL_SCENARIOS),
                        help="comma-separated scenarios among %s" % ", ".join(ALL_SCENARIOS))
    parser.add_argument("--runs", type=int, help="runs per measurement (median); default 3, 1 with --quick")
    parser.add_argument("--sizes", help="comma-separated resource group counts for the scale scenario")
    parser.add_argument("--loop-sizes", help="sizes at which to run way (a), the resource_group loop "
                                             "(default: all sizes; it takes minutes per size at 500)")
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "benchmarks"), help="output directory")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs of each run)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    settings = copy.deepcopy(QUICK if args.quick else FULL)
    if args.runs:
        settings["runs"] = args.runs
    if args.sizes:
        settings["sizes"] = [int(s) for s in args.sizes.split(",") if s]
    settings["loop_sizes"] = ([int(s) for s in args.loop_sizes.split(",") if s] if args.loop_sizes
                              else list(settings["sizes"]))
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in ALL_SCENARIOS]
    if unknown:
        parser.error("unknown scenario(s): %s" % ", ".join(unknown))

    # Stopped with SIGTERM: unwind, so the simulator and the work directory are cleaned up.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    link_collection()
    Simulator = simulator_class()
    workdir = tempfile.mkdtemp(prefix="scv-bench-")
    started = time.monotonic()
    results = {}

    def make_sim(world=None, job_seconds=0):
        return Simulator(job_seconds=job_seconds, world=world)

    try:
        demo_scenarios = [s for s in ("protect", "baseline", "jobwait", "overhead") if s in only]
        if demo_scenarios:
            with make_sim() as sim:
                bench = Bench(sim, workdir, args.verbose)
                for name in demo_scenarios:
                    print("running %s ..." % name, file=sys.stderr)
                    function = globals()["scenario_" + name]
                    results[name] = function(bench, settings)
        if "scale" in only:
            print("running scale ...", file=sys.stderr)
            results["scale"] = scenario_scale(make_sim, workdir, settings, args.verbose)
    finally:
        if args.keep:
            print("work directory kept: %s" % workdir, file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    report = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": args.quick,
        "runs": settings["runs"],
        "loop_runs_note": ", ".join("%d run(s) at N >= %d" % (r, n) for n, r in settings["loop_runs_above"].items())
                          or "same as above",
        "sizes": settings["sizes"],
        "loop_sizes": settings["loop_sizes"],
        "scenarios": only,
        "machine": machine(),
        "duration_seconds": round(time.monotonic() - started, 1),
        "results": results,
    }
    report["targets"] = targets(results)
    table = markdown(report)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as handle:
        json.dump(report, handle, indent=2, sort_keys=True)
    with open(os.path.join(args.out, "results.md"), "w") as handle:
        handle.write(docs_page(report, table))
    if not args.no_docs:
        os.makedirs(os.path.dirname(DOCS_PAGE), exist_ok=True)
        with open(DOCS_PAGE, "w") as handle:
            handle.write(docs_page(report, table))
    print(table)
    print("benchmark took %.0f s; results in %s" % (report["duration_seconds"], args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
