# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The snapcenter.vsphere.scv inventory plugin over a fleet: one source, two simulated appliances (the
demo world and a generated world of 2,000 VMs), run by the real `ansible-inventory`.

Asserted: each appliance's VMs with their site, the site and resource group groups, a VM covered only
through a datastore-based group being in that group before its first backup, the request cost per
appliance (independent of the number of VMs), and the cache per appliance.
"""

import json
import os
import subprocess
import sys

import pytest
import requests

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position
from ops_helpers import untagged  # noqa: E402  pylint: disable=wrong-import-position

VENV_BIN = os.path.join(REPO_ROOT, ".venv", "bin")
ANSIBLE_INVENTORY = os.path.join(VENV_BIN, "ansible-inventory")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
COLLECTION_LINK = os.path.join(COLLECTIONS_PATH, "ansible_collections", "snapcenter", "vsphere")
LARGE = "vms=2000,datastores=20,hosts=8,backups=1,group_size=50"


def ensure_collection_link():
    if not os.path.exists(COLLECTION_LINK):
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink("../../../..", COLLECTION_LINK)


def api(sim, method, path, body=None):
    response = requests.request(method, sim.scv_url + path, json=body, headers={"Token": sim.login()},
                                verify=sim.ca_path, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["response"]


@pytest.fixture(scope="module")
def fleet():
    """The demo appliance with a datastore-based group that has no backup yet, and a large generated one."""
    ensure_collection_link()
    with Simulator(job_seconds=0) as demo, Simulator(job_seconds=0, generate=LARGE) as large:
        policy = api(demo, "POST", "/4.1/policies", {
            "name": "daily", "frequency": "DAILY", "retention": {"type": "COUNT", "value": 7},
            "snapMirror": False, "snapVault": False, "snapshotLabel": "", "vmConsistency": False,
            "includeIndependentDisks": False, "lockingPeriod": None})
        # vmfs_ds01 (datastore-13) holds app01 (vm-104) and a disk of db01 (vm-103); never backed up.
        api(demo, "POST", "/4.1/resource-groups", {
            "name": "rg_app_ds", "entities": ["datastore-13"], "policies": [{"id": policy["id"]}],
            "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER"})
        api(demo, "POST", "/4.1/resource-groups", {
            "name": "rg_web", "entities": ["vm-101", "vm-102"], "policies": [{"id": policy["id"]}],
            "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER"})
        yield {"demo": demo, "large": large}


def config(fleet, tmp_path, extra=""):
    demo, large = fleet["demo"], fleet["large"]
    text = """\
plugin: snapcenter.vsphere.scv
username: {user}
with_backups: false
hostnames: site_name
credentials:
  sim:
    username: {user}
    password_env: TEST_FLEET_SCV_PASSWORD
appliances:
  - site: demo
    hostname: {host}
    port: {demo_port}
    vcenter_port: {demo_vc}
    ca_path: {demo_ca}
    credential: sim
  - site: large
    hostname: {host}
    port: {large_port}
    vcenter_port: {large_vc}
    ca_path: {large_ca}
    credential: sim
""".format(user=demo.username, host=demo.host, demo_port=demo.port, demo_vc=demo.vcenter_port, demo_ca=demo.ca_path,
           large_port=large.port, large_vc=large.vcenter_port, large_ca=large.ca_path)
    text += extra
    path = tmp_path / "fleet.scv.yml"
    path.write_text(text)
    return str(path)


def run_inventory(source, password, *args):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("SCV_", "ANSIBLE_")))
    env.update({"TEST_FLEET_SCV_PASSWORD": password, "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH,
                "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true",
                "ANSIBLE_NOCOLOR": "1", "PATH": VENV_BIN + os.pathsep + env.get("PATH", "")})
    result = subprocess.run([ANSIBLE_INVENTORY, "-i", source, "--list"] + list(args), env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert password not in result.stdout + result.stderr

    return untagged(json.loads(result.stdout))


def hosts_of(inventory, group):
    return sorted(inventory.get(group, {}).get("hosts", []))


def requests_by_listener(sim):
    seen = sim.requests(clear=True)
    return ([(e["method"], e["path"]) for e in seen if e["listener"] == "scv"],
            [(e["method"], e["path"], e["query"]) for e in seen if e["listener"] == "vcenter"])


def test_fleet_inventory_sites_groups_and_cost(fleet, tmp_path):
    demo, large = fleet["demo"], fleet["large"]
    for sim in (demo, large):
        sim.clear_requests()
    inventory = run_inventory(config(fleet, tmp_path), demo.password)
    hostvars = inventory["_meta"]["hostvars"]
    # Every VM of both sites (templates are in no report), each with its site.
    demo_hosts = hosts_of(inventory, "scv_site_demo")
    assert demo_hosts == ["demo_app01", "demo_db01", "demo_web01", "demo_web02"]
    assert len(hosts_of(inventory, "scv_site_large")) == 2000 - 2000 // 50
    assert hostvars["demo_web01"]["scv_site"] == "demo" and hostvars["demo_web01"]["scv_appliance"] == demo.host
    # The datastore-based group holds its VMs before any backup ("covered, never backed up").
    assert hosts_of(inventory, "scv_rg_rg_app_ds") == ["demo_app01", "demo_db01"]
    assert hosts_of(inventory, "scv_rg_rg_web") == ["demo_web01", "demo_web02"]
    assert len(hosts_of(inventory, "scv_rg_rg_gen_0001")) == 50

    # Cost: 1 login + 3 lists per appliance, whatever its size; vCenter only where a datastore group is.
    demo_scv, demo_vc = requests_by_listener(demo)
    large_scv, large_vc = requests_by_listener(large)
    assert len(demo_scv) == 4 and len(large_scv) == 4
    assert large_vc == []
    # The simulator honours the datastore filter: one probe and one request for the one datastore.
    assert [m for m, dummy, dummy2 in demo_vc] == ["POST", "GET", "GET"]
    assert "datastores=datastore-0" in demo_vc[1][2] and demo_vc[2][2] == "datastores=datastore-13"


def test_vm_details_way_gives_the_same_groups(fleet, tmp_path):
    """VMware's way (no datastore filter): one details request per VM the protected-VM report does not
    list, at the site with a datastore-based group."""
    demo = fleet["demo"]
    demo.clear_requests()
    inventory = run_inventory(config(fleet, tmp_path, "datastore_members: vm_details\n"), demo.password)
    assert hosts_of(inventory, "scv_rg_rg_app_ds") == ["demo_app01", "demo_db01"]
    dummy, demo_vc = requests_by_listener(demo)
    details = sorted(path for method, path, dummy2 in demo_vc if path.startswith("/api/vcenter/vm/"))
    assert details == ["/api/vcenter/vm/vm-101", "/api/vcenter/vm/vm-102", "/api/vcenter/vm/vm-103",
                       "/api/vcenter/vm/vm-104"]


def test_cache_per_appliance(fleet, tmp_path):
    demo, large = fleet["demo"], fleet["large"]
    cache = "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % (tmp_path / "cache")
    first = run_inventory(config(fleet, tmp_path, cache), demo.password)
    for sim in (demo, large):
        sim.clear_requests()
    second = run_inventory(config(fleet, tmp_path, cache), demo.password)
    assert second == first
    assert requests_by_listener(demo) == ([], []) and requests_by_listener(large) == ([], [])
    assert len(list((tmp_path / "cache").iterdir())) == 2
