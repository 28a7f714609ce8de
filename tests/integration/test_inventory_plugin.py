# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The snapcenter.vsphere.scv inventory plugin run by the real `ansible-inventory` against the simulator.

Protection is set up through the REST API directly (requests, TLS verified against the simulator's CA),
so this test depends on the inventory plugin and the simulator only.
"""

import json
import os
import subprocess
import sys
import time

import pytest
import requests

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position
from ops_helpers import untagged  # noqa: E402  pylint: disable=wrong-import-position

VENV_BIN = os.path.join(REPO_ROOT, ".venv", "bin")
ANSIBLE_INVENTORY = os.path.join(VENV_BIN, "ansible-inventory")
# The oldest supported ansible-core, from the Makefile's second virtualenv.
ANSIBLE_INVENTORY_OLDEST = os.path.join(REPO_ROOT, ".venvs", "core-2.16", "bin", "ansible-inventory")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
COLLECTION_LINK = os.path.join(COLLECTIONS_PATH, "ansible_collections", "snapcenter", "vsphere")

ONTAP = {"name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1"}
# Run-wide markers the simulator writes nowhere else, so a match in the output is a leak.
SECRET_MARKERS = ("netapp-demo-1",)

BASE_CONFIG = """\
plugin: snapcenter.vsphere.scv
"""

FULL_CONFIG = BASE_CONFIG + """\
keyed_groups:
  - key: scv_last_backup_status | default('none', true) | lower
    prefix: backup
compose:
  ansible_host: scv_vm_name ~ '.demo.local'
  backup_day: scv_last_backup_time_iso[:10] if scv_last_backup_time_iso else 'never'
groups:
  needs_backup: not scv_protected
"""


def ensure_collection_link():
    """.build/collections/ansible_collections/snapcenter/vsphere -> the repo (as `make collection-link`)."""
    if not os.path.exists(COLLECTION_LINK):
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink("../../../..", COLLECTION_LINK)


class ScvApi:
    """Just enough of the REST API to set up protection: every call verifies TLS against the CA."""

    def __init__(self, sim):
        self.sim = sim
        self.token = sim.login()

    def call(self, method, path, body=None):
        response = requests.request(method, self.sim.scv_url + path, json=body, headers={"Token": self.token},
                                    verify=self.sim.ca_path, timeout=30)
        assert response.status_code == 200, "%s %s: %s %s" % (method, path, response.status_code, response.text)
        return response.json()["response"]

    def protect_web_tier(self):
        self.call("POST", "/4.1/storage-system", dict(ONTAP, protocol="HTTPS", port=443, timeout=60, preferredIp="",
                                                      platformType="AFF", asup=False, syslog=False))
        policy = self.call("POST", "/4.1/policies", {
            "name": "on_demand_7", "description": "inventory test", "frequency": "ON_DEMAND",
            "retention": {"type": "COUNT", "value": 7}, "snapMirror": False, "snapVault": False,
            "snapshotLabel": "", "vmConsistency": False, "includeIndependentDisks": False, "lockingPeriod": None})
        group = self.call("POST", "/4.1/resource-groups", {
            "name": "web_tier", "description": "inventory test", "entities": ["vm-101", "vm-102"],
            "policies": [{"id": policy["id"]}], "spanningDatastores": {"spanningType": "EXCLUDE_ALL"},
            "notification": "NEVER"})
        # An empty group is still a group: it must not break the plugin (and adds no host).
        self.call("POST", "/4.1/resource-groups", {
            "name": "db_tier", "description": "", "entities": ["vm-103"], "policies": [{"id": policy["id"]}],
            "spanningDatastores": {"spanningType": "EXCLUDE_ALL"}, "notification": "NEVER"})
        job_id = self.call("POST", "/4.1/resource-groups/backupnow",
                           {"resourceGroupId": group["id"], "policyId": policy["id"]})["jobId"]
        deadline = time.monotonic() + 30
        while True:
            job = self.call("GET", "/4.1/jobs/%s" % job_id)
            if job["status"] != "RUNNING":
                break
            assert time.monotonic() < deadline, "backup job %s still running" % job_id
            time.sleep(0.2)
        assert job["status"] == "COMPLETED", job
        return job


@pytest.fixture(scope="module")
def sim():
    ensure_collection_link()
    with Simulator(job_seconds=0) as running:
        ScvApi(running).protect_web_tier()
        yield running


@pytest.fixture
def scv_env(sim):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("SCV_", "ANSIBLE_")):
            del env[name]
    env.update({
        "SCV_HOSTNAME": sim.host,
        "SCV_PORT": str(sim.port),
        "SCV_USERNAME": sim.username,
        "SCV_PASSWORD": sim.password,
        "SCV_CA_PATH": sim.ca_path,
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH,
        # A source the plugin cannot parse must fail the run, not leave an empty inventory behind.
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
        "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true",
        "ANSIBLE_NOCOLOR": "1",
        "PATH": VENV_BIN + os.pathsep + env.get("PATH", ""),
    })
    return env


def write_config(tmp_path, text, name="demo.scv.yml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def run_inventory(source, env, *args, check=True, executable=ANSIBLE_INVENTORY):
    result = subprocess.run([executable, "-i", source] + list(args), env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    if check:
        assert result.returncode == 0, "ansible-inventory failed:\n%s\n%s" % (result.stdout, result.stderr)
    for marker in SECRET_MARKERS + (env.get("SCV_PASSWORD") or "\0",):
        assert marker not in result.stdout + result.stderr
    return result


def parse_graph(text):
    """{group: sorted direct host members} from `ansible-inventory --graph` output."""
    groups = {}
    stack = []  # (column of the entry, group name)
    for line in text.splitlines():
        if not line.strip():
            continue
        column = line.find("|--")
        entry = line[column + 3:] if column >= 0 else line.strip()
        while stack and stack[-1][0] >= column:
            stack.pop()
        if entry.startswith("@"):
            name = entry[1:].rstrip(":")
            groups.setdefault(name, [])
            stack.append((column, name))
        else:
            groups[stack[-1][1]].append(entry)
    return dict((group, sorted(hosts)) for group, hosts in groups.items())


def inventory_json(result):
    """`ansible-inventory --list` as plain data (see ops_helpers.untagged)."""
    return untagged(json.loads(result.stdout))


def scv_requests(sim):
    return [(entry["method"], entry["path"]) for entry in sim.requests() if entry["listener"] == "scv"]


def test_graph_groups_vms_by_resource_group_and_protection(sim, scv_env, tmp_path):
    source = write_config(tmp_path, FULL_CONFIG)
    sim.clear_requests()
    graph = parse_graph(run_inventory(source, scv_env, "--graph").stdout)
    assert graph["scv_protected"] == ["web01", "web02"]
    assert graph["scv_unprotected"] == ["app01", "db01"]
    assert graph["scv_rg_web_tier"] == ["web01", "web02"]
    assert graph["scv_rg_db_tier"] == ["db01"]
    # keyed_groups and groups from the config
    assert graph["backup_completed"] == ["web01", "web02"]
    assert graph["backup_none"] == ["app01", "db01"]
    assert graph["needs_backup"] == ["app01", "db01"]
    # Request cost: one login, three lists, one backup list per VM; reads only.
    calls = scv_requests(sim)
    assert calls.count(("POST", "/api/4.1/auth/login")) == 1
    assert sorted(c for c in calls if c[0] == "GET" and "/vm/" not in c[1]) == [
        ("GET", "/api/4.1/reports/protectedVM"), ("GET", "/api/4.1/reports/unProtectedVM"),
        ("GET", "/api/4.1/resource-groups")]
    assert sorted(c[1] for c in calls if "/vm/" in c[1]) == [
        "/api/4.1/vm/vm-101/backups", "/api/4.1/vm/vm-102/backups", "/api/4.1/vm/vm-103/backups",
        "/api/4.1/vm/vm-104/backups"]
    assert len(calls) == 8
    assert not sim.writes()


def test_list_host_vars_and_compose(sim, scv_env, tmp_path):
    source = write_config(tmp_path, FULL_CONFIG)
    inventory = inventory_json(run_inventory(source, scv_env, "--list"))
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(hostvars) == ["app01", "db01", "web01", "web02"]

    web01 = hostvars["web01"]
    assert web01["scv_moref"] == "vm-101"
    assert web01["scv_vm_name"] == "web01"
    assert web01["scv_resource_groups"] == ["web_tier"]
    assert web01["scv_protected"] is True
    assert web01["scv_last_backup_status"] == "COMPLETED"
    assert web01["scv_last_backup_name"].startswith("web_tier_")
    assert web01["scv_last_backup_id"]
    # "11/28/2026 10:12:11 AM" -> "2026-11-28T10:12:11"
    month, day, rest = web01["scv_last_backup_time"].split("/", 2)
    assert web01["scv_last_backup_time_iso"].startswith("%s-%s-%s" % (rest[:4], month, day))
    assert web01["ansible_host"] == "web01.demo.local"
    assert web01["backup_day"] == web01["scv_last_backup_time_iso"][:10]
    assert hostvars["web02"]["scv_last_backup_name"] == web01["scv_last_backup_name"]  # one backup, both VMs

    db01 = hostvars["db01"]
    assert db01["scv_moref"] == "vm-103" and db01["scv_resource_groups"] == ["db_tier"]
    assert db01["scv_protected"] is False
    assert db01["scv_last_backup_name"] is None and db01["scv_last_backup_time_iso"] is None
    assert db01["backup_day"] == "never"
    assert hostvars["app01"]["scv_resource_groups"] == []
    assert sorted(inventory["scv_rg_web_tier"]["hosts"]) == ["web01", "web02"]


def oldest_core_can_run_the_plugin():
    if not os.path.exists(ANSIBLE_INVENTORY_OLDEST):
        return False
    python = os.path.join(os.path.dirname(ANSIBLE_INVENTORY_OLDEST), "python")
    return subprocess.run([python, "-c", "import requests"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not oldest_core_can_run_the_plugin(),
                    reason="the ansible-core 2.16 venv is missing or lacks requests (tests/requirements-core-2.16.txt)")
def test_same_inventory_on_oldest_core(sim, scv_env, tmp_path):
    """ansible-core 2.16 (values wrapped as unsafe there) gives the same groups and host vars."""
    source = write_config(tmp_path, FULL_CONFIG)
    newest = inventory_json(run_inventory(source, scv_env, "--list"))
    oldest = inventory_json(run_inventory(source, scv_env, "--list", executable=ANSIBLE_INVENTORY_OLDEST))
    newest["_meta"].pop("profile", None)  # 2.19 names its JSON profile; 2.16 has none
    assert oldest == newest


def test_include_list_filters_and_no_backup_requests(sim, scv_env, tmp_path):
    config = BASE_CONFIG + "resource_groups: [web_tier, db_tier]\nwith_backups: false\nfilters:\n  - scv_moref != 'vm-102'\n"
    source = write_config(tmp_path, config)
    sim.clear_requests()
    inventory = inventory_json(run_inventory(source, scv_env, "--list"))
    assert sorted(inventory["_meta"]["hostvars"]) == ["db01", "web01"]
    # the newest backup comes from the protected-VM report
    assert inventory["_meta"]["hostvars"]["web01"]["scv_last_backup_status"] == "COMPLETED"
    assert not [c for c in scv_requests(sim) if "/vm/" in c[1]]
    assert len(scv_requests(sim)) == 4


def test_hostnames_moref_and_token_from_environment(sim, scv_env, tmp_path):
    env = dict(scv_env, SCV_TOKEN=sim.login())
    del env["SCV_PASSWORD"]
    del env["SCV_USERNAME"]
    source = write_config(tmp_path, BASE_CONFIG + "hostnames: moref\ngroup_prefix: snap_\nwith_backups: false\n")
    sim.clear_requests()
    graph = parse_graph(run_inventory(source, env, "--graph").stdout)
    assert graph["snap_protected"] == ["vm-101", "vm-102"]
    assert graph["snap_rg_web_tier"] == ["vm-101", "vm-102"]
    assert ("POST", "/api/4.1/auth/login") not in scv_requests(sim)  # the token was reused


def test_wrong_password_fails_loudly_without_leaking(sim, scv_env, tmp_path):
    env = dict(scv_env, SCV_PASSWORD="wrong-Secret-123")
    source = write_config(tmp_path, BASE_CONFIG)
    result = run_inventory(source, env, "--list", check=False)
    assert result.returncode != 0
    assert "authentication failed" in result.stderr
    assert "wrong-Secret-123" not in result.stdout + result.stderr


def test_tls_is_verified(sim, scv_env, tmp_path):
    env = dict(scv_env)
    del env["SCV_CA_PATH"]  # the simulator's CA is in no trust store
    result = run_inventory(write_config(tmp_path, BASE_CONFIG), env, "--list", check=False)
    assert result.returncode != 0
    assert "certificate verif" in result.stderr.lower()


def test_cache_serves_second_run_without_requests_even_with_appliance_down(sim, scv_env, tmp_path):
    """Last in this module: it stops the simulator."""
    cache_dir = tmp_path / "cache"
    config = FULL_CONFIG + "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\ncache_timeout: 3600\n" % cache_dir
    source = write_config(tmp_path, config)
    sim.clear_requests()
    first = inventory_json(run_inventory(source, scv_env, "--list"))
    assert len(scv_requests(sim)) == 8
    cached_files = list(cache_dir.iterdir())
    assert cached_files
    assert all(sim.password not in f.read_text() for f in cached_files)

    sim.clear_requests()
    second = inventory_json(run_inventory(source, scv_env, "--list"))
    assert scv_requests(sim) == []
    assert second == first

    sim.stop()
    third = inventory_json(run_inventory(source, scv_env, "--list"))
    assert third == first
    # and the cache was really what answered: a flushed cache with the appliance down fails
    flushed = run_inventory(source, scv_env, "--list", "--flush-cache", check=False)
    assert flushed.returncode != 0
    assert "snapcenter.vsphere.scv" in flushed.stderr
