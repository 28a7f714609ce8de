# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the collection's tests need around a running simulator (shared by tests/integration and
tests/reliability): set-up through the REST API directly (never through the collection's code), the
SCV_* environment a play needs to reach it, and the link that makes the collection importable.
"""

import json
import os
import subprocess
import sys
import time

import requests
import yaml

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")

# The demo world's ONTAP cluster, as a storage-system POST body.
ONTAP = {"name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1", "protocol": "HTTPS",
         "port": 443, "timeout": 60, "preferredIp": "", "platformType": "AFF", "asup": False, "syslog": False}


def link_collection():
    """.build/collections/ansible_collections/snapcenter/vsphere -> the repo (what `make collection-link` does)."""
    namespace_dir = os.path.join(COLLECTIONS_PATH, "ansible_collections", "snapcenter")
    if not os.path.lexists(os.path.join(namespace_dir, "vsphere")):
        os.makedirs(namespace_dir, exist_ok=True)
        os.symlink(os.path.join("..", "..", "..", ".."), os.path.join(namespace_dir, "vsphere"))


def simulator_env(sim):
    """The SCV_* environment a play needs to reach `sim` (TLS verified with its CA)."""
    return {
        "SCV_HOSTNAME": sim.host,
        "SCV_PORT": str(sim.port),
        "SCV_USERNAME": sim.username,
        "SCV_PASSWORD": sim.password,
        "SCV_CA_PATH": sim.ca_path,
        "SCV_VCENTER_PORT": str(sim.vcenter_port),
    }


def run_play(running, workdir, tasks, check=False, diff=False, env=None, play_extra=None):
    """Run `tasks` in one play on localhost against the simulator `running`; returns (results, stdout).

    Each task is registered (result_<i>) with errors ignored; the results are read back from a JSON file
    the play writes at its end, so no callback plugin is needed.
    """
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


class Api:
    """Direct REST calls to the simulator for test set-up."""

    def __init__(self, sim):
        self.sim = sim
        self.token = sim.login()

    def call(self, method, path, body=None, query=None):
        response = requests.request(method, self.sim.scv_url + path, json=body, params=query,
                                    verify=self.sim.ca_path, headers={"Token": self.token}, timeout=30)
        assert response.status_code < 400, "%s %s: %s %s" % (method, path, response.status_code, response.text)
        return response.json().get("response")

    def wait_jobs(self, job_type):
        """Wait until no job of the type is running; returns the newest job."""
        deadline = time.monotonic() + 30
        while True:
            jobs = self.call("GET", "/4.1/jobs", query={"type": job_type}) or []
            if all(j["status"] != "RUNNING" for j in jobs) or time.monotonic() > deadline:
                return max(jobs, key=lambda j: int(j["id"])) if jobs else None
            time.sleep(0.1)

    def protect(self, name, entities, snapmirror=True):
        """Storage system (once), an on-demand policy pol_<name> and a resource group; (group id, policy id)."""
        systems = self.call("GET", "/4.1/storage-system") or {}
        if not systems.get("storageSystemResponseList"):
            self.call("POST", "/4.1/storage-system", ONTAP)
        policy = self.call("POST", "/4.1/policies", {
            "name": "pol_%s" % name, "frequency": "ON_DEMAND", "retention": {"type": "COUNT", "value": 10},
            "snapMirror": snapmirror, "snapshotLabel": "daily" if snapmirror else ""})
        group = self.call("POST", "/4.1/resource-groups", {
            "name": name, "entities": entities, "policies": [{"id": policy["id"]}],
            "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER"})
        return group["id"], policy["id"]

    def backup_now(self, group_id, policy_id):
        self.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_id, "policyId": policy_id})
        return self.wait_jobs("backup")

    def vm_backups(self, vm):
        return (self.call("GET", "/4.1/vm/%s/backups" % vm) or {}).get("backupResponseList", [])
