# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of the snapcenter.vsphere.scv inventory plugin: the pure record building, and parse()
against a stand-in client (no HTTP)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

# tests/unit/conftest.py installs ansible's collection loader, which the plugin loader below needs.
from ansible_collections.snapcenter.vsphere.plugins.inventory import scv
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.snapcenter.vsphere.plugins.module_utils import connection
from ansible_collections.snapcenter.vsphere.plugins.module_utils import vcenter as vcenter_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvAuthError, ScvNotFoundError

PROTECTED = [
    {"vmName": "web01", "vmMoref": "vm-101", "resourceGroups": ["rg_web"],
     "lastBackupName": "rg_web_11-28-2026_10.00.00.0000", "lastBackupTime": "11/28/2026 10:00:00 AM",
     "lastBackupStatus": "COMPLETED"},
]
UNPROTECTED = [
    {"vmName": "web02", "vmMoref": "vm-102"},
    {"vmName": "db01", "vmMoref": "vm-103"},
]
GROUPS = [
    {"id": 7, "name": "rg_web", "entities": [
        {"moref": "vm-101", "name": "web01", "type": "VM"},
        {"moref": "vm-102", "name": "web02", "type": "VM"},
        {"moref": "datastore-11", "name": "nfs_ds01", "type": "DATASTORE"},
    ]},
    {"id": "8", "name": "rg-odd name", "entities": [{"moref": "vm-104", "name": "app01", "type": "VM"}]},
]
BACKUPS = {
    "vm-101": [
        {"backupId": 1, "backupName": "rg_web_old", "status": "COMPLETED", "startTime": "11/27/2026 10:00:00 AM"},
        {"backupId": 3, "backupName": "rg_web_new", "status": "FAILED", "startTime": "11/28/2026 01:00:00 PM"},
        {"backupId": 2, "backupName": "rg_web_mid", "status": "COMPLETED", "startTime": "11/28/2026 10:00:00 AM"},
    ],
    "vm-102": [],
    "vm-103": [],
    "vm-104": [{"backupId": "9", "backupName": "odd", "status": "PARTIAL", "startTime": None,
                "endTime": "11/01/2026 09:05:00 PM"}],
}


# ---- pure parts -------------------------------------------------------------------------------------

def test_collect_vms_merges_reports_and_group_members():
    vms = scv.collect_vms(PROTECTED, UNPROTECTED, GROUPS)
    assert sorted(vms) == ["vm-101", "vm-102", "vm-103", "vm-104"]  # datastore entity is not a VM
    assert vms["vm-101"]["protected"] is True
    assert vms["vm-101"]["resource_groups"] == ["rg_web"]  # report + group: listed once
    assert vms["vm-101"]["report_backup"]["name"] == "rg_web_11-28-2026_10.00.00.0000"
    assert vms["vm-102"] == {"moref": "vm-102", "name": "web02", "protected": False,
                             "resource_groups": ["rg_web"], "report_backup": None}
    assert vms["vm-103"]["resource_groups"] == []
    assert vms["vm-104"]["name"] == "app01"  # known only from its resource group


def test_collect_vms_accepts_group_objects_in_report_and_missing_names():
    protected = [{"vmMoref": "vm-9", "resourceGroups": [{"id": 1, "name": "a"}, "b", {"name": "a"}]}]
    vms = scv.collect_vms(protected, [], [{"name": "c", "entities": [{"moref": "vm-9"}]}])
    assert vms["vm-9"]["resource_groups"] == ["a", "b", "c"]
    assert vms["vm-9"]["name"] == "vm-9"  # no name anywhere: the moref stands in


def test_newest_backup_by_time_not_list_order():
    assert scv.newest_backup(BACKUPS["vm-101"]) == {
        "id": "3", "name": "rg_web_new", "time": "11/28/2026 01:00:00 PM", "status": "FAILED"}


def test_newest_backup_uses_end_time_and_handles_none():
    assert scv.newest_backup(BACKUPS["vm-104"])["time"] == "11/01/2026 09:05:00 PM"
    assert scv.newest_backup([]) is None
    assert scv.newest_backup(None) is None
    undated = [{"backupId": 1, "backupName": "x"}, {"backupId": 2, "backupName": "y", "startTime": "garbage"}]
    dated = undated + [{"backupId": 3, "backupName": "z", "startTime": "01/01/2020 01:00:00 AM"}]
    assert scv.newest_backup(undated)["name"] == "y"  # no dates at all: the last one
    assert scv.newest_backup(dated)["name"] == "z"  # a dated backup beats undated ones


def test_select_by_resource_groups():
    vms = scv.collect_vms(PROTECTED, UNPROTECTED, GROUPS)
    assert scv.select_by_resource_groups(vms, []) == ["vm-101", "vm-102", "vm-103", "vm-104"]
    assert scv.select_by_resource_groups(vms, ["rg_web"]) == ["vm-101", "vm-102"]
    assert scv.select_by_resource_groups(vms, ["nope"]) == []


def test_host_vars_converts_time_to_iso():
    vms = scv.collect_vms(PROTECTED, UNPROTECTED, GROUPS)
    hv = scv.host_vars(vms["vm-101"], scv.newest_backup(BACKUPS["vm-101"]))
    assert hv == {
        "scv_moref": "vm-101", "scv_vm_name": "web01", "scv_resource_groups": ["rg_web"], "scv_protected": True,
        "scv_last_backup_id": "3", "scv_last_backup_name": "rg_web_new",
        "scv_last_backup_time": "11/28/2026 01:00:00 PM", "scv_last_backup_time_iso": "2026-11-28T13:00:00",
        "scv_last_backup_status": "FAILED"}
    empty = scv.host_vars(vms["vm-103"], None)
    assert empty["scv_last_backup_name"] is None and empty["scv_last_backup_time_iso"] is None


def test_assign_host_names_disambiguates_duplicates():
    records = [{"scv_vm_name": "web01", "scv_moref": "vm-1"}, {"scv_vm_name": "web01", "scv_moref": "vm-2"},
               {"scv_vm_name": "db01", "scv_moref": "vm-3"}]
    mapping, duplicates = scv.assign_host_names(records)
    assert sorted(mapping) == ["db01", "web01_vm-1", "web01_vm-2"]
    assert duplicates == ["web01"]
    mapping, duplicates = scv.assign_host_names(records, "moref")
    assert sorted(mapping) == ["vm-1", "vm-2", "vm-3"] and duplicates == []


@pytest.mark.parametrize("name, expected", [
    ("demo.scv.yml", True), ("demo.scv.yaml", True), ("demo.yml", False), ("scv.yml", False)])
def test_verify_file(tmp_path, name, expected):
    path = tmp_path / name
    path.write_text("plugin: snapcenter.vsphere.scv\n")
    assert new_plugin().verify_file(str(path)) is expected


# ---- parse() with a stand-in client -------------------------------------------------------------------

class FakeClient:
    """Answers like ScvClient.call() from the tables above and counts the calls."""

    instances = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.calls = []
        FakeClient.instances.append(self)

    def call(self, name, path_params=None, body=None, query=None, read=None):
        answer = self._answer(name, path_params)
        return read(answer, None) if read else answer

    def _answer(self, name, path_params):
        self.calls.append((name, path_params))
        if name == "reports.protected_vms":
            return PROTECTED
        if name == "reports.unprotected_vms":
            return UNPROTECTED
        if name == "resource_groups.list":
            return GROUPS
        if name == "vm.backups":
            moref = path_params["vm"]
            if moref not in BACKUPS:
                raise ScvNotFoundError("GET", "/4.1/vm/%s/backups" % moref, 404, ["no such VM"])
            return BACKUPS[moref]
        raise AssertionError("unexpected call %s" % name)


# What vCenter says of the disks of the VMs the protected-VM report does not list (datastore-11 is nfs_ds01,
# the datastore entity of rg_web): only web02, already a member of rg_web, has a disk there.
VM_DATASTORES = {"vm-102": ["nfs_ds01"], "vm-103": ["nfs_ds02", "vmfs_ds01"], "vm-104": ["vmfs_ds01"]}


class FakeVcenter:
    """Answers like VcenterClient.get() as a real vCenter does: no datastore filter on the VM list (400),
    VM details with disks."""

    instances = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.calls = []
        FakeVcenter.instances.append(self)

    # The client's own list lookups, over this fake's get().
    list_by = vcenter_module.VcenterClient.list_by
    names_of = vcenter_module.VcenterClient.names_of

    def get(self, path, query=None):
        from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import VcenterError
        self.calls.append((path, query))
        if path == "/api/vcenter/vm":
            raise VcenterError("GET", path, 400, "unknown filter datastores")
        moref = path.rsplit("/", 1)[1]
        return {"name": moref, "disks": dict(
            (str(2000 + i), {"backing": {"type": "VMDK_FILE", "vmdk_file": "[%s] %s/%s.vmdk" % (ds, moref, moref)}})
            for i, ds in enumerate(VM_DATASTORES.get(moref, [])))}


@pytest.fixture
def fake_client(monkeypatch):
    FakeClient.instances = []
    FakeVcenter.instances = []
    # The plugin builds its clients through the collection's one factory.
    monkeypatch.setattr(connection, "ScvClient", FakeClient)
    monkeypatch.setattr(vcenter_module, "VcenterClient", FakeVcenter)
    for name in ("SCV_HOSTNAME", "SCV_USERNAME", "SCV_PASSWORD", "SCV_TOKEN", "SCV_PORT", "SCV_CA_PATH",
                 "SCV_VALIDATE_CERTS"):
        monkeypatch.delenv(name, raising=False)
    return FakeClient


def new_plugin():
    plugin = inventory_loader.get("snapcenter.vsphere.scv")
    assert isinstance(plugin, scv.InventoryModule)  # the same module the tests patch
    return plugin


def run_plugin(tmp_path, config, cache=True, name="demo.scv.yml"):
    path = tmp_path / name
    path.write_text(config)
    inventory = InventoryData()
    plugin = new_plugin()
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    if plugin.get_option("cache"):
        plugin.update_cache_if_changed()  # what InventoryManager does after parse()
    return inventory, plugin


BASE = "plugin: snapcenter.vsphere.scv\nhostname: scv.example.com\nusername: u\npassword: p\n"


def members(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts())


def test_parse_groups_and_host_vars(tmp_path, fake_client):
    inventory, dummy = run_plugin(tmp_path, BASE)
    assert members(inventory, "scv_protected") == ["web01"]
    assert members(inventory, "scv_unprotected") == ["app01", "db01", "web02"]
    assert members(inventory, "scv_rg_rg_web") == ["web01", "web02"]
    assert members(inventory, "scv_rg_rg_odd_name") == ["app01"]  # sanitized group name
    web01 = inventory.get_host("web01").get_vars()
    assert web01["scv_moref"] == "vm-101"
    assert web01["scv_last_backup_name"] == "rg_web_new"
    assert web01["scv_last_backup_status"] == "FAILED"
    client = fake_client.instances[0]
    assert client.kwargs["hostname"] == "scv.example.com" and client.kwargs["port"] == 8144
    assert client.kwargs["validate_certs"] is True
    # one call per list, one backup list per VM
    assert sorted(n for n, dummy in client.calls).count("vm.backups") == 4
    assert len(client.calls) == 7


def test_parse_credentials_from_environment(tmp_path, fake_client, monkeypatch):
    monkeypatch.setenv("SCV_HOSTNAME", "env-scv")
    monkeypatch.setenv("SCV_USERNAME", "env-user")
    monkeypatch.setenv("SCV_PASSWORD", "env-pass")
    monkeypatch.setenv("SCV_PORT", "9144")
    monkeypatch.setenv("SCV_VALIDATE_CERTS", "false")
    monkeypatch.setenv("SCV_CA_PATH", "/tmp/ca.pem")
    run_plugin(tmp_path, "plugin: snapcenter.vsphere.scv\n")
    kwargs = fake_client.instances[0].kwargs
    assert (kwargs["hostname"], kwargs["username"], kwargs["password"], kwargs["port"]) == (
        "env-scv", "env-user", "env-pass", 9144)
    assert kwargs["validate_certs"] is False and kwargs["ca_path"] == "/tmp/ca.pem"
    assert callable(kwargs["warn"])


def test_without_backups_uses_report_and_fewer_requests(tmp_path, fake_client):
    inventory, dummy = run_plugin(tmp_path, BASE + "with_backups: false\n")
    assert inventory.get_host("web01").get_vars()["scv_last_backup_name"] == "rg_web_11-28-2026_10.00.00.0000"
    assert inventory.get_host("web02").get_vars()["scv_last_backup_name"] is None
    assert [n for n, dummy in fake_client.instances[0].calls] == [
        "reports.protected_vms", "reports.unprotected_vms", "resource_groups.list"]


def test_resource_groups_include_list_limits_hosts_and_requests(tmp_path, fake_client):
    inventory, dummy = run_plugin(tmp_path, BASE + "resource_groups: [rg_web]\n")
    assert sorted(inventory.hosts) == ["web01", "web02"]
    backups_for = [p["vm"] for n, p in fake_client.instances[0].calls if n == "vm.backups"]
    assert backups_for == ["vm-101", "vm-102"]


def test_filters_compose_groups_keyed_groups(tmp_path, fake_client):
    config = BASE + (
        "filters:\n  - scv_resource_groups | length > 0\n"
        "compose:\n  ansible_host: scv_vm_name ~ '.lab'\n"
        "groups:\n  needs_attention: scv_last_backup_status != 'COMPLETED'\n"
        "keyed_groups:\n  - key: scv_last_backup_status | default('none', true) | lower\n    prefix: backup\n")
    inventory, dummy = run_plugin(tmp_path, config)
    assert sorted(inventory.hosts) == ["app01", "web01", "web02"]  # db01 is in no group
    assert inventory.get_host("web01").get_vars()["ansible_host"] == "web01.lab"
    assert members(inventory, "needs_attention") == ["app01", "web01", "web02"]
    assert members(inventory, "backup_failed") == ["web01"]
    assert members(inventory, "backup_partial") == ["app01"]
    assert members(inventory, "backup_none") == ["web02"]


def test_bad_filter_strict_fails_and_lenient_drops(tmp_path, fake_client):
    with pytest.raises(AnsibleParserError, match="could not evaluate the filter"):
        run_plugin(tmp_path, BASE + "strict: true\nfilters:\n  - no_such_var > 1\n")
    inventory, dummy = run_plugin(tmp_path, BASE + "filters:\n  - no_such_var > 1\n")
    assert not inventory.hosts


def test_hostnames_moref_and_prefix(tmp_path, fake_client):
    inventory, dummy = run_plugin(tmp_path, BASE + "hostnames: moref\ngroup_prefix: snap_\n")
    assert members(inventory, "snap_protected") == ["vm-101"]
    assert members(inventory, "snap_rg_rg_web") == ["vm-101", "vm-102"]


def test_vanished_vm_is_a_warning_not_a_failure(tmp_path, fake_client, monkeypatch):
    extra = UNPROTECTED + [{"vmName": "gone", "vmMoref": "vm-999"}]
    monkeypatch.setattr(FakeClient, "call", _with_answer(FakeClient.call, "reports.unprotected_vms", extra))
    warnings = []
    inventory = InventoryData()
    plugin = new_plugin()
    monkeypatch.setattr(plugin.display, "warning", warnings.append)
    path = tmp_path / "demo.scv.yml"
    path.write_text(BASE)
    plugin.parse(inventory, DataLoader(), str(path))
    assert inventory.get_host("gone").get_vars()["scv_last_backup_name"] is None
    assert any("vm-999" in w and "no such VM" in w for w in warnings)


def _with_answer(original, endpoint, answer):
    def call(self, name, path_params=None, body=None, query=None, read=None):
        if name == endpoint:
            self.calls.append((name, path_params))
            return read(answer, None) if read else answer
        return original(self, name, path_params=path_params, body=body, query=query, read=read)
    return call


def test_api_error_is_a_parser_error_with_method_path_status(tmp_path, fake_client, monkeypatch):
    def refuse(self, name, path_params=None, body=None, query=None, read=None):
        raise ScvAuthError("POST", "/4.1/auth/login", 401, ["authentication failed"])
    monkeypatch.setattr(FakeClient, "call", refuse)
    with pytest.raises(AnsibleParserError) as info:
        run_plugin(tmp_path, BASE)
    text = str(info.value)
    assert "POST" in text and "/4.1/auth/login" in text and "401" in text


def test_cache_reused_and_refetched_when_fetch_options_change(tmp_path, fake_client):
    cache_dir = tmp_path / "cache"
    config = BASE + "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % cache_dir
    run_plugin(tmp_path, config, cache=True)
    assert len(fake_client.instances) == 1
    inventory, dummy = run_plugin(tmp_path, config, cache=True)
    assert len(fake_client.instances) == 1  # answered from the cache, no client made
    assert members(inventory, "scv_rg_rg_web") == ["web01", "web02"]
    cached = [f.read_text() for f in cache_dir.iterdir()]
    assert cached and all('"p"' not in text and "password" not in text for text in cached)
    run_plugin(tmp_path, config + "with_backups: false\n", cache=True)
    assert len(fake_client.instances) == 2  # other fetch options: not served from the old cache
    run_plugin(tmp_path, config, cache=False)  # --flush-cache
    assert len(fake_client.instances) == 3
