# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""vCenter name lookups at scale: thousands of names go in several short requests, each answer is read in
one pass (not once per name)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils import vcenter
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import VcenterClient, name_batches


def test_name_batches_by_count_and_size():
    names = ["vm%05d" % i for i in range(450)]
    batches = list(name_batches(names))
    assert [len(b) for b in batches] == [200, 200, 50]
    assert sum(batches, []) == names
    long_names = ["x" * 1000 + str(i) for i in range(10)]
    assert [len(b) for b in name_batches(long_names)] == [3, 3, 3, 1]
    assert list(name_batches([])) == []


def test_find_thousands_of_names(monkeypatch):
    client = VcenterClient("vc.example.com", username="u", password="p")
    asked = []

    def get(path, query=None):
        asked.append(len(query["names"]))
        return [{"vm": "vm-%s" % name[2:], "name": name} for name in query["names"]]

    monkeypatch.setattr(client, "get", get)
    names = ["vm%05d" % i for i in range(4000)]
    found = client.morefs("vm", names)
    assert len(asked) == 20 and max(asked) <= vcenter.NAMES_PER_REQUEST
    assert found["vm00042"] == ["vm-00042"]
    # Asked once per run: a second lookup of the same names sends nothing.
    client.morefs("vm", names[:10])
    assert len(asked) == 20


def test_names_of_thousands_of_morefs_in_batches(monkeypatch):
    # The reverse lookup (moref -> name, the export's) goes in batches too: 4,000 morefs in one URL would not
    # reach vCenter through most proxies.
    client = VcenterClient("vc.example.com", username="u", password="p")
    asked = []

    def get(path, query=None):
        asked.append(len(query["vms"]))
        return [{"vm": moref, "name": "name-of-%s" % moref} for moref in query["vms"]]

    monkeypatch.setattr(client, "get", get)
    morefs = ["vm-%d" % i for i in range(4000)]
    names = client.names_of("vm", morefs + [None, "vm-7"])
    assert len(asked) == 20 and max(asked) <= vcenter.NAMES_PER_REQUEST
    assert len(names) == 4000 and names["vm-42"] == "name-of-vm-42"
    assert client.names_of("vm", []) == {} and len(asked) == 20
