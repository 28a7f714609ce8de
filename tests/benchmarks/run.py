#!/usr/bin/env python
"""The performance benchmark of snapcenter.vsphere (`make bench`), against the SCV simulator.

    .venv/bin/python tests/benchmarks/run.py [--quick] [--only protect,baseline,scale,jobwait,overhead,fleet,large]
                                             [--runs N] [--sizes 50,200,500] [--out benchmarks]

Scenarios (issues 7 and 17):
  protect   playbooks/protect.yml, first run on a fresh simulator and re-run
  baseline  tests/benchmarks/baseline/protect.yml (ansible.builtin.uri, as public examples do it),
            first run and re-run, and our/baseline ratios
  scale     N resource groups (a VM each, one of N/10 policies): first apply and re-apply,
            (a) one resource_group task per item in a loop, (b) one protection_config task
  jobwait   one backup task with jobs of 5 s to 30 min (the long ones on a faster simulated clock,
            --time-scale): the delay between the job's end and the task noticing it, and the polls
  overhead  50 policy_info tasks against 50 ansible.builtin.ping tasks; what a module run spends before
            its first request, and its imports (python -X importtime)
  fleet     protect.yml over 1, 5 and 10 simulated appliances x 200 resource groups, forks = appliances
  large     one appliance with 5,000 VMs (--generate): simulator start-up, report_info, backup_info, the
            inventory plugin, protection_config with 1,000 resource groups; peak memory of each process

Wall seconds are measured around ansible-playbook; HTTP requests come from the simulator's own request
log (so they count what really reached the appliance and vCenter).  Each number is the median of the
runs.  Results: <out>/results.json, <out>/results.md, the table on stdout and in docs/benchmarks.md.
This script asserts nothing about timings: it measures and reports. Every simulator it starts is stopped
by it, everything runs on loopback, and every command it runs is killed after COMMAND_TIMEOUT seconds.
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
ALL_SCENARIOS = ("protect", "baseline", "scale", "jobwait", "overhead", "fleet", "large")
# Every ansible-playbook / ansible-inventory run of the benchmark is stopped after this many seconds.
COMMAND_TIMEOUT = 1800
LOGIN_PATH = re.compile(r"/auth/login$")
VCENTER_SESSION_PATH = re.compile(r"^/api/session$")
JOB_POLL_PATH = re.compile(r"/4\.1/jobs/[^/]+$")
BACKUP_NOW_PATH = re.compile(r"/resource-groups/backupnow$")

# The resource_group loop way (the slow comparison, minutes per size) runs once per size: its gap to
# protection_config is tens of times, far beyond run-to-run noise.
# Job wait: (job length in simulated seconds, simulator clock speed-up): the long jobs run on a faster
# simulated clock (--time-scale), so 30 minutes take 30 real seconds.
FULL = {"runs": 3, "sizes": [50, 200, 500], "loop_runs_above": {0: 1},
        "jobs": [(5, 1), (20, 1), (60, 4), (300, 15), (1800, 60)], "overhead_tasks": 50,
        "fleet_sizes": [1, 5, 10], "fleet_groups": 200, "fleet_backups": 2,
        "large_world": "vms=5000,datastores=50,hosts=16,backups=3,jobs=2000", "large_groups": 1000,
        "large_starts": 3}
QUICK = {"runs": 1, "sizes": [20], "loop_runs_above": {}, "jobs": [(3, 1)], "overhead_tasks": 10,
         "fleet_sizes": [1, 2], "fleet_groups": 10, "fleet_backups": 1,
         "large_world": "vms=400,datastores=8,hosts=2,backups=1,jobs=50", "large_groups": 40, "large_starts": 1}


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

    def playbook(self, playbook, extra_vars=None, inventory=None, check=False, env_extra=None):
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
        env = ansible_env(timings_file)
        env.update(env_extra or {})
        with open(log_file, "w") as log:
            returncode = run_bounded(command, env, log)
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
            "rc": returncode,
            "tasks": len(tasks),
            "tasks_changed": sum(1 for t in tasks if t["changed"]),
            "tasks_failed": sum(1 for t in tasks if t["failed"]),
            "log": os.path.relpath(log_file, REPO_ROOT) if log_file.startswith(REPO_ROOT) else log_file,
        })
        metrics["_tasks"] = tasks
        metrics["_requests"] = requests
        if self.verbose or returncode != 0:
            print("    %s rc=%s %.1fs %d requests (log %s)" % (
                os.path.basename(playbook), returncode, wall, metrics["requests"], log_file),
                file=sys.stderr)
        return metrics


def run_bounded(command, env, log, timeout=COMMAND_TIMEOUT):
    """Run a command in its own process group; after `timeout` seconds the whole group is killed (so an
    ansible-playbook and its workers never outlive the benchmark). Returns the exit code."""
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        print("    %s killed after %d s" % (os.path.basename(command[0]), timeout), file=sys.stderr)
        return -9
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


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


def old_schedule_polls(job_seconds):
    """Polls the fixed schedule of the collection before issue 17 made for a job of that length (at once,
    +0.2, +0.4, +0.8, then every 1.8 s), request times left out: 'today' for the job wait targets."""
    moment, polls, interval = 0.0, 1, 0.2
    while moment < job_seconds:
        moment += interval
        polls += 1
        interval = min(1.8, interval * 2)
    return polls


def jobwait_run(bench, job_seconds, scale):
    """One backup task waiting for a job of `job_seconds` simulated seconds on a clock `scale` times faster."""
    metrics = bench.playbook(os.path.join(SCENARIOS_DIR, "jobwait_backup.yml"))
    task = next((t for t in metrics["_tasks"] if t["action"].endswith("backup")), None)
    requests = metrics["_requests"]
    start = next((e for e in requests if e["method"] == "POST" and BACKUP_NOW_PATH.search(e["path"])), None)
    polls = [e for e in requests if e["method"] == "GET" and JOB_POLL_PATH.search(e["path"])
             and (start is None or e["time"] >= start["time"])]
    run = summarize_run(metrics)
    run.update({"job_seconds": job_seconds, "time_scale": scale, "polls": len(polls),
                "polls_fixed_schedule": old_schedule_polls(job_seconds),
                "allowed_delay_seconds": round(max(1.0, 0.05 * job_seconds), 3)})
    if task is not None:
        run["task_seconds"] = task["seconds"]
        run["late_seconds"] = round(task["seconds"] - job_seconds / float(scale), 3)
    if start is not None and polls:
        # How long after the job ended the module's last poll saw it, on the simulated clock: the pure
        # waiting delay (the job started when the simulator handled the POST).
        job_end = start["time"] + job_seconds / float(scale)
        run["notice_delay_seconds"] = round((polls[-1]["time"] - job_end) * scale, 3)
    return run


def scenario_jobwait(make_sim, workdir, settings, verbose):
    """One backup task per job length; lengths above a few seconds on a faster simulated clock."""
    results = {}
    scales = sorted(set(scale for dummy, scale in settings["jobs"]))
    for scale in scales:
        lengths = [length for length, s in settings["jobs"] if s == scale]
        print("  job wait: %s s on a %sx clock" % (", ".join(str(n) for n in lengths), scale), file=sys.stderr)
        with make_sim(extra_args=["--time-scale", str(scale)] if scale != 1 else ()) as sim:
            bench = Bench(sim, workdir, verbose)
            setup = bench.playbook(os.path.join(SCENARIOS_DIR, "jobwait_setup.yml"))
            if setup["rc"] != 0:
                raise SystemExit("job wait set-up failed; see %s" % setup["log"])
            # The same task with a job that ends at once: what the task costs without any waiting.
            for length in ([0] if scale == 1 else []) + lengths:
                sim.config(job_seconds=length)
                results[str(length)] = median_of([jobwait_run(bench, length, scale)
                                                  for dummy in range(settings["runs"])])
    reference = results.get("0", {}).get("task_seconds")
    for length, entry in results.items():
        if length != "0" and reference is not None and entry.get("task_seconds") is not None \
                and entry.get("time_scale") == 1:
            entry["late_beyond_0s_job"] = round(entry["task_seconds"] - float(length) - reference, 3)
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
        "ratio_cpu": ratio(info_result.get("cpu_seconds"), ping_result.get("cpu_seconds")),
        "pre_request": scenario_pre_request(bench, bench.workdir, settings),
    }


# ---------------------------------------------------------------------------------------------------
# Per-task cost: what a module spends before its first request
# ---------------------------------------------------------------------------------------------------

def probe_interpreter(workdir):
    """A Python interpreter for module runs that measures each one (probe.py): start, end, peak memory."""
    path = os.path.join(workdir, "probe-python")
    if not os.path.exists(path):
        with open(path, "w") as handle:
            handle.write('#!/bin/sh\nexec "%s" "%s" "$@"\n' % (sys.executable, os.path.join(HERE, "probe.py")))
        os.chmod(path, 0o755)
    return path


def read_probes(path, module=None):
    records = []
    if os.path.exists(path):
        with open(path) as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    if module:
        records = [r for r in records if r["module"] == "AnsiballZ_%s.py" % module]
    return records


def import_breakdown(ansiballz, runs=3):
    """`python -X importtime` of a kept AnsiballZ file: milliseconds (median of runs) of the imports by who
    brings them: Python and ansible's module_utils (what ansible.builtin.ping needs too), requests, and
    this collection's own module_utils and module."""
    samples = []
    for dummy in range(runs):
        completed = subprocess.run([sys.executable, "-X", "importtime", ansiballz], capture_output=True, text=True,
                                   timeout=120, check=False)
        entries = []   # (depth, name, cumulative microseconds), children before their parent (importtime's order)
        for line in completed.stderr.splitlines():
            parts = line.split("|")
            if len(parts) != 3 or not parts[1].strip().isdigit():
                continue
            name = parts[2].rstrip()[1:]
            entries.append(((len(name) - len(name.lstrip())) // 2, name.strip(), int(parts[1].strip())))
        total = sum(us for depth, name, us in entries if depth == 0)

        def outermost(predicate):
            """Microseconds of the imports matching `predicate` that no other matching import brought in."""
            found, stack = 0, []   # stack of (depth, matches or inside a match), walked parent first
            for depth, name, us in reversed(entries):
                while stack and stack[-1][0] >= depth:
                    stack.pop()
                inside = any(flag for dummy, flag in stack)
                matches = predicate(name)
                if matches and not inside:
                    found += us
                stack.append((depth, matches or inside))
            return found

        def ours(name):
            return name.startswith("ansible_collections.snapcenter.vsphere.plugins.")
        collection = outermost(ours)
        requests_us = outermost(lambda name: name == "requests")
        basic = outermost(lambda name: name == "ansible.module_utils.basic")
        # requests is imported by the collection's client: its time is counted apart from the collection's.
        samples.append({"all_imports_ms": total / 1000.0, "ansible_module_utils_basic_ms": basic / 1000.0,
                        "requests_ms": requests_us / 1000.0,
                        "collection_ms": max(0, collection - requests_us - (basic if basic_inside(entries) else 0))
                        / 1000.0})
    return dict((key, round(statistics.median(s[key] for s in samples), 1)) for key in samples[0])


def basic_inside(entries):
    """Whether ansible.module_utils.basic was first imported by the collection's code (then its time is
    inside the collection's cumulative time)."""
    stack = []
    for depth, name, dummy in reversed(entries):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if name == "ansible.module_utils.basic":
            return any(n.startswith("ansible_collections.snapcenter.vsphere.plugins.") for dummy2, n in stack)
        stack.append((depth, name))
    return False


def scenario_pre_request(bench, workdir, settings):
    """policy_info tasks through the probe interpreter: from the module process's start to its first
    request (the simulator's request log), its run time, and an import time breakdown."""
    count = max(5, settings["overhead_tasks"] // 5)
    playbook = overhead_playbook(os.path.join(workdir, "pre_request.yml"), "snapcenter.vsphere.policy_info", count)
    probe_file = os.path.join(workdir, "probe-pre-request.jsonl")
    remote_tmp = os.path.join(workdir, "remote-tmp")
    metrics = bench.playbook(playbook, extra_vars={"ansible_python_interpreter": probe_interpreter(workdir)},
                             env_extra={"BENCH_PROBE_FILE": probe_file, "ANSIBLE_KEEP_REMOTE_FILES": "1",
                                        "ANSIBLE_REMOTE_TMP": remote_tmp})
    probes = read_probes(probe_file, "policy_info")
    gets = sorted(e["time"] for e in metrics["_requests"] if e["method"] == "GET" and "/policies" in e["path"])
    before_first, run_seconds = [], []
    for probe in probes:
        first = next((t for t in gets if probe["started"] <= t <= probe["ended"]), None)
        if first is not None:
            before_first.append(first - probe["started"])
        run_seconds.append(probe["ended"] - probe["started"])
    result = {"tasks": count, "module_runs": len(probes),
              "module_seconds": round(statistics.median(run_seconds), 3) if run_seconds else None,
              "before_first_request_seconds": round(statistics.median(before_first), 3) if before_first else None,
              "module_cpu_seconds": round(statistics.median(p["cpu_seconds"] for p in probes), 3) if probes else None}
    kept = sorted(glob_files(remote_tmp, "AnsiballZ_policy_info.py"))
    if kept:
        result["imports"] = import_breakdown(kept[-1])
    ping_kept = []
    ping_playbook = overhead_playbook(os.path.join(workdir, "pre_request_ping.yml"), "ansible.builtin.ping", 1)
    bench.playbook(ping_playbook, env_extra={"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": remote_tmp + "-ping"})
    ping_kept = sorted(glob_files(remote_tmp + "-ping", "AnsiballZ_ping.py"))
    if ping_kept:
        result["ping_imports"] = import_breakdown(ping_kept[-1])
    shutil.rmtree(remote_tmp, ignore_errors=True)
    shutil.rmtree(remote_tmp + "-ping", ignore_errors=True)
    return result


def glob_files(root, name):
    found = []
    for parent, dummy, names in os.walk(root):
        found.extend(os.path.join(parent, n) for n in names if n == name)
    return found


# ---------------------------------------------------------------------------------------------------
# Fleet: many appliances, one inventory, forks = appliances
# ---------------------------------------------------------------------------------------------------

def fleet_inventory(directory, sims, state, workdir):
    """An inventory of one scv_appliances host per simulator (its own port, CA and report directory), the
    desired state in group_vars, the fleet directory in group_vars/all."""
    reports = os.path.join(directory, "reports")
    hosts = {}
    for index, sim in enumerate(sims):
        site = "site%02d" % (index + 1)
        hosts[site] = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                       "ansible_pipelining": os.environ.get("BENCH_PIPELINING", "true") == "true",
                       "scv_site": site, "scv_port": sim.port, "scv_vcenter_port": sim.vcenter_port,
                       "scv_ca_path": sim.ca_path, "scv_report_dir": os.path.join(reports, site)}
    os.makedirs(os.path.join(directory, "group_vars", "scv_appliances"), exist_ok=True)
    os.makedirs(os.path.join(directory, "group_vars", "all"), exist_ok=True)
    write_json(os.path.join(directory, "hosts.json"), {"scv_appliances": {"hosts": hosts}})
    shared = {"scv_hostname": sims[0].host, "scv_vcenter_hostname": sims[0].host, "scv_username": sims[0].username,
              "scv_password": sims[0].password, "scv_validate_certs": True}
    shared.update(state)
    write_json(os.path.join(directory, "group_vars", "scv_appliances", "main.json"), shared)
    write_json(os.path.join(directory, "group_vars", "all", "fleet.json"), {"scv_fleet_dir": reports})
    return directory


def write_json(path, data):
    with open(path, "w") as handle:
        json.dump(data, handle)


def fleet_playbook(inventory, sims, workdir, forks, tag):
    """protect.yml over the fleet inventory; wall, CPU and requests (from every simulator's log)."""
    timings_file = os.path.join(workdir, "timings-%s.json" % tag)
    log_file = os.path.join(workdir, "ansible-%s.log" % tag)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), PROTECT_PLAYBOOK,
               "-i", inventory, "-f", str(forks)]
    for sim in sims:
        sim.clear_requests()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(log_file, "w") as log:
        returncode = run_bounded(command, ansible_env(timings_file), log)
    wall = time.monotonic() - started
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    per_appliance = [request_metrics(sim.requests(clear=True)) for sim in sims]
    tasks = []
    if os.path.exists(timings_file):
        with open(timings_file) as handle:
            tasks = json.load(handle)["tasks"]
    run = {
        "rc": returncode,
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round((usage_after.ru_utime - usage_before.ru_utime)
                             + (usage_after.ru_stime - usage_before.ru_stime), 3),
        "requests": sum(m["requests"] for m in per_appliance),
        "requests_per_appliance": round(sum(m["requests"] for m in per_appliance) / float(len(sims)), 1),
        "requests_per_appliance_max": max(m["requests"] for m in per_appliance),
        "logins": sum(m["logins"] for m in per_appliance),
        "writes": sum(m["writes"] for m in per_appliance),
        "tasks_failed": sum(1 for t in tasks if t["failed"]),
        "log": log_file,
    }
    if returncode != 0:
        print("    protect.yml over %d appliance(s) rc=%s (log %s)" % (len(sims), returncode, log_file), file=sys.stderr)
    return run


def scenario_fleet(make_sim, workdir, settings, verbose):
    """protect.yml over 1, 5, 10 simulated appliances (each its own simulator) with N resource groups each;
    first run on fresh appliances and re-run, forks = appliances."""
    groups = settings["fleet_groups"]
    world = scale_world(groups, os.path.join(workdir, "fleet-world-%d.yml" % groups))
    state = scale_state(groups, world)
    names = [g["name"] for g in state["scv_resource_groups"]]
    state.update({"scv_backup_resource_groups": names[:settings["fleet_backups"]], "scv_backup_max_age": "24h"})
    results = {}
    for size in settings["fleet_sizes"]:
        print("  fleet: %d appliance(s) x %d resource groups" % (size, groups), file=sys.stderr)
        sims = []
        try:
            for dummy in range(size):
                sims.append(make_sim(world=world).start())
            inventory = fleet_inventory(os.path.join(workdir, "fleet-%d" % size), sims, state, workdir)
            firsts, reruns = [], []
            for run in range(settings["runs"]):
                for sim in sims:
                    sim.reset()
                firsts.append(fleet_playbook(inventory, sims, workdir, size, "fleet%d-%d-first" % (size, run)))
                reruns.append(fleet_playbook(inventory, sims, workdir, size, "fleet%d-%d-rerun" % (size, run)))
            results[str(size)] = {"appliances": size, "resource_groups": groups,
                                  "first": median_of(firsts), "rerun": median_of(reruns)}
        finally:
            for sim in sims:
                sim.close()
    one = results.get("1") or results.get(str(min(settings["fleet_sizes"])))
    for entry in results.values():
        entry["rerun_vs_one"] = ratio(entry["rerun"]["wall_seconds"], one["rerun"]["wall_seconds"])
        entry["rerun_cpu_vs_one"] = ratio(entry["rerun"]["cpu_seconds"], one["rerun"]["cpu_seconds"])
    return results


# ---------------------------------------------------------------------------------------------------
# Large site: one appliance with thousands of VMs
# ---------------------------------------------------------------------------------------------------

def large_task_playbook(path, module, args):
    """One task of `module`, its options from extra vars (bench_<name>), connection and token from vars."""
    lines = ["---", "- name: Large site, %s" % module, "  hosts: scv", "  gather_facts: false", "  tasks:",
             "    - name: Measured", "      %s:" % module]
    for key in ("hostname", "port", "username", "password", "ca_path", "vcenter_hostname", "vcenter_port"):
        lines.append('        %s: "{{ scv_%s }}"' % (key, key))
    lines.append('        token: "{{ bench_token }}"')
    for key in sorted(args):
        lines.append('        %s: "{{ bench_%s }}"' % (key, key))
    lines.append("      register: bench_result")
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def large_state(count, vm_names):
    """`count` resource groups of 4 VMs each (by name, no templates) over count/10 policies."""
    policy_count = max(1, count // 10)
    policies = [{"name": "large_policy_%03d" % (i + 1), "description": "benchmark policy", "frequency": "daily",
                 "retention_count": 7} for i in range(policy_count)]
    groups = []
    for index in range(count):
        members = [vm_names[(index * 4 + k) % len(vm_names)] for k in range(4)]
        groups.append({"name": "large_rg_%04d" % (index + 1), "description": "benchmark resource group",
                       "vms": members, "policies": [{"name": policies[index % policy_count]["name"],
                                                     "schedule": {"every": 1, "start_time": "2026-12-01T01:30"}}]})
    return policies, groups


def generated_vm_names(spec):
    """The non-template VM names of a generated world (tests/simulator/README.md, "Generated worlds"):
    vm00001..., every 50th a template."""
    count = int(dict(part.split("=") for part in spec.split(","))["vms"])
    return ["vm%05d" % n for n in range(1, count + 1) if n % 50 != 0]


def inventory_run(sim, workdir, tag, with_backups):
    """ansible-inventory --list over the large site; wall, requests, hosts, peak memory of the process."""
    config = os.path.join(workdir, "large-%s.scv.yml" % tag)
    with open(config, "w") as handle:
        handle.write("plugin: snapcenter.vsphere.scv\nhostname: %s\nport: %d\nusername: %s\npassword: %s\n"
                     "ca_path: %s\nvcenter_port: %d\nwith_backups: %s\n" % (
                         sim.host, sim.port, sim.username, sim.password, sim.ca_path, sim.vcenter_port,
                         "true" if with_backups else "false"))
    output = os.path.join(workdir, "inventory-%s.json" % tag)
    env = ansible_env(os.path.join(workdir, "unused-timings.json"))
    sim.clear_requests()
    started = time.monotonic()
    with open(output, "w") as out:
        process = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", config,
                                    "--list"], cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            dummy_pid, status, usage = wait4_bounded(process)
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    wall = time.monotonic() - started
    requests = sim.requests(clear=True)
    hosts = 0
    try:
        with open(output) as handle:
            hosts = len(json.load(handle).get("_meta", {}).get("hostvars", {}))
    except ValueError:
        pass
    metrics = request_metrics(requests)
    metrics.update({"wall_seconds": round(wall, 3), "hosts": hosts, "rc": os.waitstatus_to_exitcode(status),
                    "peak_memory_mib": round(usage.ru_maxrss / 1024.0, 1),
                    "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3)})
    return metrics


def wait4_bounded(process, timeout=COMMAND_TIMEOUT):
    """os.wait4 of a child, killing its process group after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.05)


def large_module_run(bench, workdir, module, args, tag):
    """One module task against the large site through the probe interpreter."""
    probe_file = os.path.join(workdir, "probe-%s.jsonl" % tag)
    playbook = large_task_playbook(os.path.join(workdir, "large-%s.yml" % tag), module, args)
    extra = dict(("bench_%s" % key, value) for key, value in args.items())
    extra.update({"bench_token": bench.sim.login(), "ansible_python_interpreter": probe_interpreter(workdir)})
    metrics = bench.playbook(playbook, extra_vars=extra, env_extra={"BENCH_PROBE_FILE": probe_file})
    probes = read_probes(probe_file, module.rsplit(".", 1)[1])
    task = next((t for t in metrics["_tasks"] if t["task"] == "Measured"), {})
    run = summarize_run(metrics)
    run["task_seconds"] = task.get("seconds")
    run["peak_memory_mib"] = round(max(p["max_rss_kib"] for p in probes) / 1024.0, 1) if probes else None
    run["module_cpu_seconds"] = round(sum(p["cpu_seconds"] for p in probes), 3) if probes else None
    if os.path.exists(probe_file):
        os.remove(probe_file)
    return run


def scenario_large(make_sim, workdir, settings, verbose):
    """One appliance with a generated world of thousands of VMs (--generate)."""
    spec = settings["large_world"]
    results = {"world": spec}
    starts = []
    for dummy in range(settings["large_starts"]):
        began = time.monotonic()
        with make_sim(generate=spec):
            starts.append(time.monotonic() - began)
    results["simulator_start_seconds"] = round(statistics.median(starts), 3)
    results["simulator_start_seconds_all"] = [round(s, 3) for s in starts]
    runs = settings["runs"]
    vm_names = generated_vm_names(spec)
    policies, groups = large_state(settings["large_groups"], vm_names)
    with make_sim(generate=spec) as sim:
        bench = Bench(sim, workdir, verbose)
        print("  large: %s (started in %.2f s)" % (spec, results["simulator_start_seconds"]), file=sys.stderr)
        measured = [
            ("report_info", "snapcenter.vsphere.report_info", {"report": "all"}),
            ("backup_info_vm", "snapcenter.vsphere.backup_info", {"vm": vm_names[0]}),
            ("backup_info_datastore", "snapcenter.vsphere.backup_info", {"datastore": "ds0001"}),
            ("backup_info_resource_group", "snapcenter.vsphere.backup_info", {"resource_group": "rg_gen_0001"}),
        ]
        for key, module, args in measured:
            results[key] = median_of([large_module_run(bench, workdir, module, args, key) for dummy in range(runs)])
        results["inventory"] = median_of([inventory_run(sim, workdir, "report", False) for dummy in range(runs)])
        # with_backups: one backup list request per VM, measured once (it is the expensive way).
        results["inventory_with_backups"] = inventory_run(sim, workdir, "backups", True)
        args = {"policies": policies, "resource_groups": groups}
        firsts, reruns = [], []
        for dummy in range(runs):
            sim.reset()
            firsts.append(large_module_run(bench, workdir, "snapcenter.vsphere.protection_config", args, "pc_first"))
            reruns.append(large_module_run(bench, workdir, "snapcenter.vsphere.protection_config", args, "pc_rerun"))
        results["protection_config"] = {"resource_groups": len(groups), "policies": len(policies),
                                        "vms_named": len(set(v for g in groups for v in g["vms"])),
                                        "first": median_of(firsts), "rerun": median_of(reruns)}
    return results


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
        if float(job_seconds) < 5:
            continue
        add("jobwait %ss" % job_seconds, "notice delay <= max(1 s, 5 %%) = %s s" % entry.get("allowed_delay_seconds"),
            entry.get("notice_delay_seconds"), entry.get("allowed_delay_seconds"))
        add("jobwait %ss" % job_seconds, "polls <= fixed schedule (%s)" % entry.get("polls_fixed_schedule"),
            entry.get("polls"), entry.get("polls_fixed_schedule"))
    fleet = results.get("fleet") or {}
    if fleet:
        largest = fleet[max(fleet, key=int)]
        add("fleet %s" % max(fleet, key=int), "re-run wall <= 2x the 1-appliance re-run", largest.get("rerun_vs_one"), 2)
        add("fleet %s" % max(fleet, key=int), "re-run writes = 0", largest["rerun"]["writes"], 0)
        one = fleet.get("1")
        if one:
            add("fleet %s" % max(fleet, key=int), "re-run requests per appliance <= 1-appliance run's (%s)" %
                one["rerun"]["requests_per_appliance"], largest["rerun"]["requests_per_appliance"],
                one["rerun"]["requests_per_appliance"])
    large = results.get("large") or {}
    if large.get("inventory"):
        add("large", "inventory requests, with_backups false <= 4", large["inventory"]["requests"], 4)
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
                  "Job lengths are simulated seconds; jobs of a minute and more run on a faster simulated clock "
                  "(`--time-scale`), and the module follows the appliance's clock (its `Date` header). Notice "
                  "delay = the module's last poll minus the job's end, on the simulated clock. Fixed-schedule "
                  "polls: what the schedule before issue 17 (at once, +0.2, +0.4, +0.8, then every 1.8 s) takes "
                  "for that length.", "",
                  "| job s | clock | polls | fixed-schedule polls | notice delay s | allowed s | task s (real) | "
                  "late s beyond the 0 s job's task |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for job_seconds, entry in sorted(results["jobwait"].items(), key=lambda kv: float(kv[0])):
            lines.append("| %s | %sx | %s | %s | %s | %s | %s | %s |" % (
                job_seconds, entry.get("time_scale", 1), entry.get("polls"), entry.get("polls_fixed_schedule"),
                entry.get("notice_delay_seconds"), entry.get("allowed_delay_seconds"), entry.get("task_seconds"),
                entry.get("late_beyond_0s_job", "-")))
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
        ratios = (data["ratio_wall"], data["ratio_task_seconds"], data.get("ratio_cpu"))
        lines += ["", "Ratio policy_info/ping: wall %s, task time %s, CPU %s." % ratios, ""]
        pre = data.get("pre_request")
        if pre:
            lines += ["What one policy_info module run spends (median of %d runs, measured by a stand-in "
                      "interpreter, tests/benchmarks/probe.py): %s s from the process start to its first request, "
                      "%s s in all, %s CPU s." % (pre["module_runs"], pre["before_first_request_seconds"],
                                                  pre["module_seconds"], pre["module_cpu_seconds"]), ""]
            if pre.get("imports"):
                imports, ping = pre["imports"], pre.get("ping_imports") or {}
                lines += ["| `python -X importtime` of the AnsiballZ file, ms | policy_info | ping |",
                          "|---|---:|---:|",
                          "| every import | %s | %s |" % (imports["all_imports_ms"], ping.get("all_imports_ms", "-")),
                          "| of which ansible.module_utils.basic | %s | %s |" % (
                              imports["ansible_module_utils_basic_ms"], ping.get("ansible_module_utils_basic_ms", "-")),
                          "| of which requests | %s | - |" % imports["requests_ms"],
                          "| of which this collection's module_utils and module | %s | - |" % imports["collection_ms"],
                          ""]
    if "fleet" in results:
        lines += ["### 6. Fleet: protect.yml over N appliances, forks = N", "",
                  "Each appliance is its own simulator with its own resource groups (the same desired state: "
                  "storage, N/10 policies, the resource groups, backups of the first groups while a 24 h old one "
                  "is missing, the compliance report and the site record).", "",
                  "| appliances | groups each | first run s | CPU s | requests per appliance | re-run s | CPU s | "
                  "CPU s per appliance | requests per appliance | re-run writes | re-run / 1 appliance (wall) | (CPU) |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for size, entry in sorted(results["fleet"].items(), key=lambda kv: int(kv[0])):
            first, rerun = entry["first"], entry["rerun"]
            lines.append("| %s | %s | %.2f | %.2f | %s | %.2f | %.2f | %.2f | %s | %s | %s | %s |" % (
                size, entry["resource_groups"], first["wall_seconds"], first["cpu_seconds"],
                first["requests_per_appliance"], rerun["wall_seconds"], rerun["cpu_seconds"],
                rerun["cpu_seconds"] / float(size), rerun["requests_per_appliance"], rerun["writes"],
                entry.get("rerun_vs_one"), entry.get("rerun_cpu_vs_one")))
        lines.append("")
    if "large" in results:
        data = results["large"]
        lines += ["### 7. Large site: one appliance, `--generate %s`" % data["world"], "",
                  "Simulator start-up (process start to ready): %s s (median of %s)." % (
                      data["simulator_start_seconds"], len(data["simulator_start_seconds_all"])), "",
                  "| what | wall s | task s | requests | by method | peak memory MiB | hosts |",
                  "|---|---:|---:|---:|---|---:|---:|"]
        rows = [("report_info (report: all)", data.get("report_info")),
                ("backup_info vm", data.get("backup_info_vm")),
                ("backup_info datastore", data.get("backup_info_datastore")),
                ("backup_info resource_group (50 VMs)", data.get("backup_info_resource_group")),
                ("inventory plugin, with_backups: false", data.get("inventory")),
                ("inventory plugin, with_backups: true (1 run)", data.get("inventory_with_backups"))]
        pc = data.get("protection_config")
        if pc:
            rows += [("protection_config first apply, %s groups" % pc["resource_groups"], pc["first"]),
                     ("protection_config re-apply, %s groups" % pc["resource_groups"], pc["rerun"])]
        for label, entry in rows:
            if not entry:
                continue
            lines.append("| %s | %.2f | %s | %s | %s | %s | %s |" % (
                label, entry["wall_seconds"], entry.get("task_seconds", "-"), entry["requests"],
                fmt_methods(entry) or "-", entry.get("peak_memory_mib", "-"), entry.get("hosts", "-")))
        lines += ["", "Wall s of the module rows is the whole ansible-playbook run (start-up included); task s is "
                  "the task; peak memory is the module process's (the inventory rows: ansible-inventory's).", ""]
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
        "runs given. The scenarios and targets are those of the performance issue (7) and of the fleet issue",
        "(17); see `tests/benchmarks/run.py` for how each is measured. The machine's other work shows in wall",
        "times (see the load average below); CPU seconds are the benchmark's own processes.",
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
    parser.add_argument("--fleet-sizes", help="comma-separated numbers of appliances for the fleet scenario")
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
    if args.fleet_sizes:
        settings["fleet_sizes"] = [int(s) for s in args.fleet_sizes.split(",") if s]
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

    def make_sim(world=None, job_seconds=0, generate=None, extra_args=()):
        return Simulator(job_seconds=job_seconds, world=world, generate=generate, extra_args=list(extra_args))

    try:
        demo_scenarios = [s for s in ("protect", "baseline", "overhead") if s in only]
        if demo_scenarios:
            with make_sim() as sim:
                bench = Bench(sim, workdir, args.verbose)
                for name in demo_scenarios:
                    print("running %s ..." % name, file=sys.stderr)
                    function = globals()["scenario_" + name]
                    results[name] = function(bench, settings)
        # Each of these starts (and stops) the simulators it needs.
        for name in ("scale", "jobwait", "fleet", "large"):
            if name in only:
                print("running %s ..." % name, file=sys.stderr)
                results[name] = globals()["scenario_" + name](make_sim, workdir, settings, args.verbose)
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
