# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Helpers for the operation modules' integration tests: playbook runs against a simulator of a given
dialect (through conftest.run_play), and protection set up through the REST API directly.
"""

import tempfile

import requests

from testbed import run_play  # noqa: E402
# conftest puts tests/simulator on sys.path.
from harness import Simulator  # noqa: F401  pylint: disable=unused-import
from testbed import ONTAP, Api  # noqa: F401  pylint: disable=unused-import


# The dialects every workflow runs in (contract section 4).
DIALECTS = [
    {"paths": "published", "ids": "int", "job_ids": "on"},
    {"paths": "lowercase", "ids": "str", "job_ids": "off"},
]


def run_tasks(sim, tasks, check=False, diff=False):
    """Run `tasks` in one play against `sim` (conftest.run_play); returns (results in order, output).
    Task i is registered as ``result_<i>``, so later tasks can use an earlier result."""
    return run_play(sim, tempfile.mkdtemp(prefix="ops-play-"), tasks, check=check, diff=diff)


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


def untagged(value):
    """Inventory data as plain values: ansible-core 2.19+ writes a value an inventory plugin got from outside
    (not trusted as a template) as {"__ansible_unsafe": value}, older cores write the value itself."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((k, untagged(v)) for k, v in value.items())
    if isinstance(value, list):
        return [untagged(v) for v in value]
    return value
