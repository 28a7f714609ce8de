# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Integration fixtures: the simulator, and real `ansible-playbook` runs against it.

`play(tasks, check=False, diff=False, env=None)` runs the tasks in one play on localhost (each task
registered, errors ignored) and returns (results, stdout); the results are read back from a JSON file
the play writes at its end, so no callback plugin is needed.  Connection options come from the
SCV_* environment, TLS verified with the simulator's CA (never validate_certs: false).
"""

import json
import os
import subprocess
import sys

import pytest
import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from pytest_fixtures import sim, simulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import


def _link_collection():
    namespace_dir = os.path.join(COLLECTIONS_PATH, "ansible_collections", "snapcenter")
    if not os.path.lexists(os.path.join(namespace_dir, "vsphere")):
        os.makedirs(namespace_dir, exist_ok=True)
        os.symlink(os.path.join("..", "..", "..", ".."), os.path.join(namespace_dir, "vsphere"))


_link_collection()


def simulator_env(running):
    return {
        "SCV_HOSTNAME": running.host,
        "SCV_PORT": str(running.port),
        "SCV_USERNAME": running.username,
        "SCV_PASSWORD": running.password,
        "SCV_CA_PATH": running.ca_path,
        "SCV_VCENTER_PORT": str(running.vcenter_port),
    }


def run_play(running, workdir, tasks, check=False, diff=False, env=None, play_extra=None):
    results_file = os.path.join(str(workdir), "results.json")
    if os.path.exists(results_file):
        os.remove(results_file)
    registered = []
    play_tasks = []
    for index, task in enumerate(tasks):
        task = dict(task)
        task.setdefault("register", "result_%d" % index)
        task.setdefault("ignore_errors", True)
        registered.append(task["register"])
        play_tasks.append(task)
    play_tasks.append({
        "name": "Save the results",
        "ansible.builtin.copy": {"dest": results_file,
                                 "content": "{{ [%s] | to_json }}" % ", ".join(registered)},
        "check_mode": False,
        "diff": False,
    })
    play = {"hosts": "localhost", "connection": "local", "gather_facts": False,
            "vars": {"ansible_python_interpreter": sys.executable}, "tasks": play_tasks}
    play.update(play_extra or {})
    playbook = os.path.join(str(workdir), "play.yml")
    with open(playbook, "w") as handle:
        yaml.safe_dump([play], handle, sort_keys=False)
    command = [ANSIBLE_PLAYBOOK, playbook]
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    full_env = dict(os.environ)
    full_env.update(simulator_env(running))
    full_env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_NOCOLOR": "1",
                     "ANSIBLE_LOCALHOST_WARNING": "0", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0"})
    full_env.update(env or {})
    completed = subprocess.run(command, env=full_env, capture_output=True, text=True, timeout=300, check=False)
    if not os.path.exists(results_file):
        raise AssertionError("the play did not finish:\n%s\n%s" % (completed.stdout, completed.stderr))
    with open(results_file) as handle:
        return json.load(handle), completed.stdout


@pytest.fixture
def play(sim, tmp_path):  # noqa: F811  pylint: disable=redefined-outer-name
    """play(tasks, check=False, diff=False, env=None) -> (results, stdout) against the reset simulator."""

    def run(tasks, **kwargs):
        return run_play(sim, tmp_path, tasks, **kwargs)

    return run
