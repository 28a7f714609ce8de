# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reliability test helpers: real `ansible-playbook` runs against the simulator (fixtures: conftest.py).

`run_playbook(sim, tasks, ...)` writes a temporary playbook in which every task sits in its own
block/rescue (so a failing task is recorded, not fatal, and no `ignore_errors` hides anything), runs
`.venv/bin/ansible-playbook` with ANSIBLE_COLLECTIONS_PATH=<repo>/.build/collections and SCV_* pointing
at the simulator (TLS verified with the simulator's CA), and returns a `PlayRun` with the registered
results (read back from a JSON file the play writes), stdout, stderr and the return code.

Set-up that is not under test (a storage system, a policy, a resource group, a backup) goes through the
simulator's REST API directly (`Api`), never through the collection.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")
SIMULATOR_DIR = os.path.join(REPO_ROOT, "tests", "simulator")
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)

from harness import Simulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from testbed import ONTAP, Api, link_collection, simulator_env  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

link_collection()


def ansible_env(sim=None, extra=None):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("SCV_"))
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_HOST_KEY_CHECKING": "false",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
    })
    if sim is not None:
        env.update(simulator_env(sim))
    env.update(extra or {})
    return env


class PlayRun:
    def __init__(self, results, stdout, stderr, returncode, seconds):
        self.results = results          # {host: [result of task 0, result of task 1, ...]}
        self.stdout = stdout
        self.stderr = stderr
        self.returncode = returncode
        self.seconds = seconds

    @property
    def output(self):
        return self.stdout + self.stderr

    def host(self, name="localhost"):
        return self.results[name]

    def __getitem__(self, index):
        return self.results["localhost"][index]

    def __len__(self):
        return len(self.results["localhost"])


def build_playbook(tasks, workdir, hosts="localhost", play_vars=None, module_defaults=None, strategy=None,
                   spread_over=None):
    """A playbook running `tasks`, each in a block/rescue, registering r0, r1, ... and saving them.

    spread_over: a list of inventory host names; task i then runs only on host i % len(hosts), so
    independent tasks run side by side (one fork per host) instead of one after another.
    """
    results_dir = os.path.join(workdir, "results")
    os.makedirs(results_dir, exist_ok=True)
    play_tasks = []
    registered = []
    for index, task in enumerate(tasks):
        name = "r%d" % index
        registered.append(name)
        task = dict(task)
        task.setdefault("name", "task %d" % index)
        task["register"] = name
        block = {}
        if spread_over:
            block["when"] = "inventory_hostname == %r" % spread_over[index % len(spread_over)]
        play_tasks.append(dict(block, **{
            "name": "block %d" % index,
            "block": [task],
            "rescue": [{"name": "recorded %d" % index, "ansible.builtin.debug": {"msg": "task %d failed" % index},
                        "check_mode": False}],
        }))
    collected = "{{ [%s] | to_json }}" % ", ".join(
        "%s | default({'skipped_or_missing': true})" % n for n in registered)
    play_tasks.append({"name": "save results", "ansible.builtin.copy": {
        "content": collected, "dest": os.path.join(results_dir, "{{ inventory_hostname }}.json")},
        "check_mode": False, "diff": False, "no_log": True})
    play = {"name": "reliability", "hosts": hosts, "gather_facts": False, "tasks": play_tasks}
    if play_vars:
        play["vars"] = play_vars
    if module_defaults:
        play["module_defaults"] = module_defaults
    if strategy or spread_over:
        play["strategy"] = strategy or "free"
    playbook = os.path.join(workdir, "play.yml")
    with open(playbook, "w") as out:
        yaml.safe_dump([play], out, sort_keys=False)
    return playbook, results_dir


def playbook_command(playbook, inventory=None, check=False, diff=False, verbosity=0, forks=None):
    command = [ANSIBLE_PLAYBOOK, playbook]
    command += ["-i", inventory] if inventory else ["-i", "localhost,", "-c", "local"]
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    if verbosity:
        command.append("-" + "v" * verbosity)
    if forks:
        command += ["--forks", str(forks)]
    return command


def read_results(results_dir):
    results = {}
    for name in sorted(os.listdir(results_dir)):
        with open(os.path.join(results_dir, name)) as answer:
            results[name[:-len(".json")]] = json.load(answer)
    return results


def run_playbook(sim, tasks, check=False, diff=False, verbosity=0, env=None, inventory_hosts=None, forks=None,
                 play_vars=None, module_defaults=None, workdir=None, timeout=300, parallel=None):
    """Run `tasks` in one play against `sim`; returns a PlayRun.  Fails the test when the play did not
    reach its end (a results file per host).

    parallel=N: independent tasks spread over N local inventory hosts run side by side; the results
    still come back in task order as run.results["localhost"].
    """
    if parallel:
        workers = ["worker%d" % n for n in range(parallel)]
        process, results_dir, started = start_playbook(sim, tasks, check=check, diff=diff, verbosity=verbosity,
                                                       env=env, inventory_hosts=workers, forks=parallel,
                                                       play_vars=play_vars, module_defaults=module_defaults,
                                                       workdir=workdir, spread_over=workers)
        run = finish_playbook(process, results_dir, started, timeout=timeout, expected_hosts=workers)
        run.results["localhost"] = [run.results[workers[i % parallel]][i] for i in range(len(tasks))]
        return run
    process, results_dir, started = start_playbook(sim, tasks, check=check, diff=diff, verbosity=verbosity, env=env,
                                                   inventory_hosts=inventory_hosts, forks=forks,
                                                   play_vars=play_vars, module_defaults=module_defaults,
                                                   workdir=workdir)
    return finish_playbook(process, results_dir, started, timeout=timeout, expected_hosts=inventory_hosts)


def start_playbook(sim, tasks, check=False, diff=False, verbosity=0, env=None, inventory_hosts=None, forks=None,
                   play_vars=None, module_defaults=None, workdir=None, spread_over=None):
    """Start ansible-playbook in the background; finish_playbook() collects it."""
    workdir = workdir or tempfile.mkdtemp(prefix="reliability-play-")
    inventory = None
    hosts = "localhost"
    if inventory_hosts:
        inventory = os.path.join(workdir, "inventory.ini")
        with open(inventory, "w") as out:
            out.write("[scv]\n")
            for host in inventory_hosts:
                out.write("%s ansible_connection=local ansible_python_interpreter=%s\n" % (host, sys.executable))
        hosts = "scv"
    playbook, results_dir = build_playbook(tasks, workdir, hosts=hosts, play_vars=play_vars,
                                           module_defaults=module_defaults, spread_over=spread_over)
    command = playbook_command(playbook, inventory, check=check, diff=diff, verbosity=verbosity, forks=forks)
    started = time.monotonic()
    process = subprocess.Popen(command, env=ansible_env(sim, env), cwd=workdir, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    return process, results_dir, started


def finish_playbook(process, results_dir, started, timeout=300, expected_hosts=None):
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        raise AssertionError("ansible-playbook did not end within %ss:\n%s\n%s" % (timeout, stdout, stderr))
    seconds = time.monotonic() - started
    results = read_results(results_dir)
    wanted = set(expected_hosts or ["localhost"])
    if set(results) != wanted:
        raise AssertionError("the play did not finish on %s (rc %s):\n%s\n%s" % (
            sorted(wanted - set(results)), process.returncode, stdout, stderr))
    return PlayRun(results, stdout, stderr, process.returncode, seconds)


def assert_no_traceback(run):
    # ansible-core 2.19+ keeps a module failure that failed_when overrode under `failed_when_suppressed_exception`:
    # that is core's bookkeeping of an ordinary failure, not a crash.
    output = run.output.replace('"failed_when_suppressed_exception"', '"failed_when_suppressed"')
    for marker in ("Traceback (most recent call last)", "MODULE FAILURE", "exception"):
        where = output.find(marker)
        # The text around the first occurrence, which is what tells what went wrong.
        assert where < 0, "%r in the output:\n%s" % (marker, output[max(0, where - 2500):where + 1500])


def ok(result):
    assert not result.get("failed"), result.get("msg", result)
    return result


def failed(result):
    assert result.get("failed") is True, "expected a failure, got %r" % (result,)
    return result


def scv_requests(sim, method=None, path_suffix=None, path_contains=None):
    """The SCV listener's logged requests, optionally filtered."""
    entries = [e for e in sim.requests() if e["listener"] == "scv"]
    if method:
        entries = [e for e in entries if e["method"] == method]
    if path_suffix:
        entries = [e for e in entries if e["path"].endswith(path_suffix)]
    if path_contains:
        entries = [e for e in entries if path_contains in e["path"]]
    return entries
