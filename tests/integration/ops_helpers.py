# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Helpers for the operation modules' integration tests: playbook runs against a simulator of a given
dialect (through conftest.run_play), and protection set up through the REST API directly.
"""

import tempfile
import time

import requests

from conftest import run_play
# conftest puts tests/simulator on sys.path.
from harness import Simulator  # noqa: F401  pylint: disable=unused-import


# The dialects every workflow runs in (contract section 4).
DIALECTS = [
    {"paths": "published", "ids": "int", "job_ids": "on"},
    {"paths": "lowercase", "ids": "str", "job_ids": "off"},
]
ONTAP = {"name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1", "protocol": "HTTPS",
         "port": 443, "timeout": 60, "preferredIp": "", "platformType": "AFF", "asup": False, "syslog": False}


def run_tasks(sim, tasks, check=False, diff=False):
    """Run `tasks` in one play against `sim` (conftest.run_play); returns (results in order, output).
    Task i is registered as ``result_<i>``, so later tasks can use an earlier result."""
    return run_play(sim, tempfile.mkdtemp(prefix="ops-play-"), tasks, check=check, diff=diff)


class Api:
    """Direct REST calls for test set-up (never the collection's code)."""

    def __init__(self, sim):
        self.sim = sim
        self.token = sim.login()

    def call(self, method, path, body=None, query=None):
        response = requests.request(method, self.sim.scv_url + path, json=body, params=query, verify=self.sim.ca_path,
                                    headers={"Token": self.token}, timeout=30)
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
        """Storage system (once), a policy and a resource group; returns (group id, policy id)."""
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


class Vcenter:
    """The simulator's vCenter, driven directly (power off, delete) as a stand-in for the vSphere client."""

    def __init__(self, sim):
        self.sim = sim
        response = requests.post(sim.vcenter_url + "/api/session", auth=(sim.username, sim.password),
                                 verify=sim.ca_path, timeout=30)
        response.raise_for_status()
        self.headers = {"vmware-api-session-id": response.json()}

    def request(self, method, path, **kwargs):
        response = requests.request(method, self.sim.vcenter_url + path, headers=self.headers,
                                    verify=self.sim.ca_path, timeout=30, **kwargs)
        assert response.status_code < 400, "%s %s: %s %s" % (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def vms_named(self, name):
        return self.request("GET", "/api/vcenter/vm", params={"names": name})
