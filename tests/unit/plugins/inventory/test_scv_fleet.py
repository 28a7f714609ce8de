# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The snapcenter.vsphere.scv inventory plugin over a fleet (several appliances in one source), and the
members of datastore-based resource groups: parse() against stand-in clients (no HTTP)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.snapcenter.vsphere.plugins.inventory import scv
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.snapcenter.vsphere.plugins.module_utils import connection
from ansible_collections.snapcenter.vsphere.plugins.module_utils import vcenter as vcenter_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvConnectionError, VcenterError

# Two sites with the same VM names and morefs (two vCenters), each with a VM group and a datastore group.
SITES = {
    "scv-fra.example.com": {
        "protected": [{"vmName": "web01", "vmMoref": "vm-101", "resourceGroups": ["rg_web", "rg_ds"],
                       "lastBackupName": "rg_web_1", "lastBackupTime": "11/28/2026 10:00:00 AM",
                       "lastBackupStatus": "COMPLETED"}],
        "unprotected": [{"vmName": "db01", "vmMoref": "vm-103"}, {"vmName": "app01", "vmMoref": "vm-104"}],
        "groups": [{"id": 1, "name": "rg_web", "entities": [{"moref": "vm-101", "name": "web01", "type": "VM"}]},
                   {"id": 2, "name": "rg_ds", "entities": [
                       {"moref": "datastore-11", "name": "nfs_ds01", "type": "DATASTORE"}]}],
    },
    "scv-ams.example.com": {
        "protected": [],
        "unprotected": [{"vmName": "web01", "vmMoref": "vm-101"}, {"vmName": "db02", "vmMoref": "vm-109"}],
        "groups": [{"id": 5, "name": "rg_web", "entities": [{"moref": "vm-101", "name": "web01", "type": "VM"}]}],
    },
}
# Per vCenter: datastore name -> the VMs with a disk there (fra: db01 is on nfs_ds01 but never backed up).
DISKS = {"scv-fra.example.com": {"vm-101": ["nfs_ds01"], "vm-103": ["nfs_ds01"], "vm-104": ["vmfs_ds01"]},
         "scv-ams.example.com": {}}


class FakeClient:
    instances = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.calls = []
        FakeClient.instances.append(self)

    def call(self, name, path_params=None, body=None, query=None, read=None):
        self.calls.append(name)
        site = SITES.get(self.kwargs["hostname"])
        if site is None:
            raise ScvConnectionError("POST", "/4.1/auth/login", "connection refused")
        answer = {"reports.protected_vms": site["protected"], "reports.unprotected_vms": site["unprotected"],
                  "resource_groups.list": site["groups"], "vm.backups": []}[name]
        return read(answer, None) if read else answer


class FakeVcenter:
    """VMware's API (no datastore filter: 400), or with `honours_filter` the simulator's extension."""

    instances = []
    honours_filter = False

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.calls = []
        FakeVcenter.instances.append(self)

    # The client's own list lookups, over this fake's get().
    list_by = vcenter_module.VcenterClient.list_by
    names_of = vcenter_module.VcenterClient.names_of

    def get(self, path, query=None):
        self.calls.append((path, query))
        disks = DISKS[self.kwargs["hostname"]]
        if path == "/api/vcenter/vm":
            if not self.honours_filter:
                raise VcenterError("GET", path, 400, "unknown filter")
            wanted = set(query["datastores"])
            names = {"datastore-11": "nfs_ds01"}
            return [{"vm": vm} for vm, on in sorted(disks.items())
                    if wanted.intersection(m for m, n in names.items() if n in on)]
        moref = path.rsplit("/", 1)[1]
        return {"disks": dict((str(i), {"backing": {"vmdk_file": "[%s] x/x.vmdk" % ds}})
                              for i, ds in enumerate(disks.get(moref, [])))}


@pytest.fixture
def fakes(monkeypatch):
    FakeClient.instances = []
    FakeVcenter.instances = []
    FakeVcenter.honours_filter = False
    monkeypatch.setattr(connection, "ScvClient", FakeClient)
    monkeypatch.setattr(vcenter_module, "VcenterClient", FakeVcenter)
    for name in ("SCV_HOSTNAME", "SCV_USERNAME", "SCV_PASSWORD", "SCV_TOKEN", "SCV_PORT", "SCV_CA_PATH"):
        monkeypatch.delenv(name, raising=False)
    return FakeClient, FakeVcenter


def run_plugin(tmp_path, config, cache=True):
    path = tmp_path / "fleet.scv.yml"
    path.write_text(config)
    inventory = InventoryData()
    plugin = inventory_loader.get("snapcenter.vsphere.scv")
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    if plugin.get_option("cache"):
        plugin.update_cache_if_changed()
    return inventory, plugin


def members(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts())


FLEET = """\
plugin: snapcenter.vsphere.scv
username: default-user
password: default-pass
ca_path: /etc/pki/corp.pem
with_backups: false
credentials:
  corp:
    username: svc-scv
    password_env: TEST_SCV_CORP_PASSWORD
appliances:
  - site: fra
    hostname: scv-fra.example.com
    credential: corp
  - site: ams
    hostname: scv-ams.example.com
    token: ams-token
    vcenter_hostname: vc-ams.example.com
"""


def test_each_appliance_gets_its_own_connection(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "from-awx")
    monkeypatch.setenv("SCV_TOKEN", "a-token-for-one-appliance")   # never spread over the fleet
    run_plugin(tmp_path, FLEET)
    by_host = dict((c.kwargs["hostname"], c.kwargs) for c in fakes[0].instances)
    fra, ams = by_host["scv-fra.example.com"], by_host["scv-ams.example.com"]
    assert (fra["username"], fra["password"], fra["token"]) == ("svc-scv", "from-awx", None)
    assert (ams["username"], ams["password"], ams["token"]) == ("default-user", "default-pass", "ams-token")
    assert fra["ca_path"] == ams["ca_path"] == "/etc/pki/corp.pem"
    # Four requests per appliance, whatever the number of VMs (with_backups: false).
    assert all(len(c.calls) == 3 for c in fakes[0].instances)


def test_site_groups_host_vars_and_names_across_sites(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    inventory, dummy = run_plugin(tmp_path, FLEET)
    # web01 exists at both sites (same name, same moref in two vCenters): named with its site.
    assert sorted(inventory.hosts) == ["app01", "db01", "db02", "web01_ams", "web01_fra"]
    assert members(inventory, "scv_site_fra") == ["app01", "db01", "web01_fra"]
    assert members(inventory, "scv_site_ams") == ["db02", "web01_ams"]
    assert members(inventory, "scv_rg_rg_web") == ["web01_ams", "web01_fra"]
    web01 = inventory.get_host("web01_fra").get_vars()
    assert (web01["scv_site"], web01["scv_appliance"], web01["scv_moref"]) == ("fra", "scv-fra.example.com", "vm-101")


@pytest.mark.parametrize("hostnames, expected", [
    ("site_name", ["ams_db02", "ams_web01", "fra_app01", "fra_db01", "fra_web01"]),
    ("site_moref", ["ams_vm-101", "ams_vm-109", "fra_vm-101", "fra_vm-103", "fra_vm-104"]),
    ("moref", ["vm-101_ams", "vm-101_fra", "vm-103", "vm-104", "vm-109"]),
])
def test_hostnames_in_a_fleet(tmp_path, fakes, monkeypatch, hostnames, expected):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    inventory, dummy = run_plugin(tmp_path, FLEET + "hostnames: %s\n" % hostnames)
    assert sorted(inventory.hosts) == expected


def test_a_vm_on_a_protected_datastore_is_in_that_group_before_its_first_backup(tmp_path, fakes, monkeypatch):
    """db01 has a disk on nfs_ds01 (rg_ds's datastore) and no backup yet: it is in rg_ds all the same.
    Against VMware's API (no datastore filter) that costs one VM details request per VM the protected-VM
    report does not list, at the sites that have datastore-based groups."""
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    inventory, dummy = run_plugin(tmp_path, FLEET + "hostnames: site_name\n")
    assert members(inventory, "scv_rg_rg_ds") == ["fra_db01", "fra_web01"]
    assert inventory.get_host("fra_db01").get_vars()["scv_resource_groups"] == ["rg_ds"]
    assert inventory.get_host("fra_app01").get_vars()["scv_resource_groups"] == []
    fra = [v for v in fakes[1].instances if v.kwargs["hostname"] == "scv-fra.example.com"]
    assert len(fakes[1].instances) == 1 and fra   # ams has no datastore-based group: vCenter not asked
    paths = [path for path, dummy in fra[0].calls]
    assert paths == ["/api/vcenter/vm", "/api/vcenter/vm/vm-103", "/api/vcenter/vm/vm-104"]   # probe, then details


def test_a_vcenter_with_a_datastore_filter_is_asked_once_per_datastore(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    fakes[1].honours_filter = True
    inventory, dummy = run_plugin(tmp_path, FLEET + "hostnames: site_name\n")
    assert members(inventory, "scv_rg_rg_ds") == ["fra_db01", "fra_web01"]
    calls = fakes[1].instances[0].calls
    assert [q["datastores"] for dummy, q in calls] == [["datastore-0"], ["datastore-11"]]   # probe + 1


def test_datastore_members_none_asks_nothing(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    inventory, dummy = run_plugin(tmp_path, FLEET + "hostnames: site_name\ndatastore_members: none\n")
    assert members(inventory, "scv_rg_rg_ds") == ["fra_web01"]
    assert fakes[1].instances == []


def test_failing_appliance_fails_the_source_naming_it(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    config = FLEET + "  - site: down\n    hostname: scv-down.example.com\n"
    with pytest.raises(AnsibleParserError, match="down: .*connection refused"):
        run_plugin(tmp_path, config)


def test_failing_appliance_with_warn_leaves_it_out_or_takes_its_cache(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    warnings = []
    monkeypatch.setattr(inventory_loader.get("snapcenter.vsphere.scv").display, "warning", warnings.append)
    cache = "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % (tmp_path / "c")
    config = FLEET + "on_appliance_error: warn\nhostnames: site_name\n" + cache
    run_plugin(tmp_path, config)
    # ams goes down: a refresh keeps fra fresh and takes ams from its cache entry, with a warning.
    monkeypatch.delitem(SITES, "scv-ams.example.com")
    inventory, dummy = run_plugin(tmp_path, config, cache=False)
    assert members(inventory, "scv_site_ams") == ["ams_db02", "ams_web01"]
    assert any("ams" in w and "from the cache" in w for w in warnings)
    # Without a cache entry it is left out, with a warning naming it and why.
    inventory, dummy = run_plugin(tmp_path, FLEET + "on_appliance_error: warn\nhostnames: site_name\n")
    assert "scv_site_ams" not in inventory.groups
    assert members(inventory, "scv_site_fra") == ["fra_app01", "fra_db01", "fra_web01"]
    assert any("ams (scv-ams.example.com) left out: " in w and "connection refused" in w for w in warnings)


def test_cache_is_kept_per_appliance(tmp_path, fakes, monkeypatch):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    cache = "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % (tmp_path / "c")
    one = ("plugin: snapcenter.vsphere.scv\nusername: u\npassword: p\nwith_backups: false\n" + cache
           + "appliances:\n  - {site: fra, hostname: scv-fra.example.com}\n")
    run_plugin(tmp_path, one)
    assert len(fakes[0].instances) == 1
    # A second appliance joins: only it is asked; fra comes from its own cache entry.
    run_plugin(tmp_path, one + "  - {site: ams, hostname: scv-ams.example.com}\n")
    assert [c.kwargs["hostname"] for c in fakes[0].instances] == ["scv-fra.example.com", "scv-ams.example.com"]
    inventory, dummy = run_plugin(tmp_path, one + "  - {site: ams, hostname: scv-ams.example.com}\n")
    assert len(fakes[0].instances) == 2
    assert members(inventory, "scv_site_ams") == ["db02", "web01_ams"]
    cached = [f.read_text() for f in (tmp_path / "c").iterdir()]
    assert len(cached) == 2 and all('"p"' not in text and "password" not in text for text in cached)


@pytest.mark.parametrize("items, message", [
    ("  - {site: x, hostname: h, colour: red}\n", r"appliances\[2\]: unknown option\(s\) colour"),
    ("  - {site: x}\n", r"appliances\[2\]: hostname is required"),
    ("  - {hostname: h, credential: nope}\n", "credential 'nope' is not in credentials"),
    ("  - {hostname: h, password_env: TEST_SCV_UNSET_VARIABLE}\n", "TEST_SCV_UNSET_VARIABLE is not set"),
    ("  - {site: fra, hostname: other}\n", "site 'fra' is listed twice"),
])
def test_bad_appliance_items_fail_naming_the_item(tmp_path, fakes, monkeypatch, items, message):
    monkeypatch.setenv("TEST_SCV_CORP_PASSWORD", "x")
    monkeypatch.delenv("TEST_SCV_UNSET_VARIABLE", raising=False)
    with pytest.raises(AnsibleParserError, match=message):
        run_plugin(tmp_path, FLEET + items)
    assert fakes[0].instances == []   # checked before anything is asked


def test_single_appliance_form_has_a_site(tmp_path, fakes):
    inventory, dummy = run_plugin(tmp_path, "plugin: snapcenter.vsphere.scv\nhostname: scv-ams.example.com\n"
                                            "username: u\npassword: p\nsite: ams\n")
    assert members(inventory, "scv_site_ams") == ["db02", "web01"]
    inventory, dummy = run_plugin(tmp_path, "plugin: snapcenter.vsphere.scv\nhostname: scv-ams.example.com\n"
                                            "username: u\npassword: p\n")
    assert inventory.get_host("web01").get_vars()["scv_site"] == "scv-ams.example.com"
    assert "scv_site_scv_ams_example_com" in inventory.groups


def test_assign_host_names_both_within_and_across_sites():
    records = [{"scv_vm_name": "a", "scv_moref": "vm-1", "scv_site": "x"},
               {"scv_vm_name": "a", "scv_moref": "vm-2", "scv_site": "x"},
               {"scv_vm_name": "a", "scv_moref": "vm-1", "scv_site": "y"}]
    mapping, duplicates = scv.assign_host_names(records)
    assert sorted(mapping) == ["a_x_vm-1", "a_x_vm-2", "a_y_vm-1"] and duplicates == ["a"]
