"""World files: the built-in demo world, the duplicates world, and a broken file."""
import os

import pytest

from harness import Simulator, SimulatorError
from simclient import VcenterClient

WORLDS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "worlds")


def test_demo_world_inventory(sim):
    vcenter = VcenterClient(sim)
    vms = {vm["name"]: vm for vm in vcenter.get("/api/vcenter/vm")}
    assert set(vms) == {"web01", "web02", "db01", "app01", "tmpl-rhel9"}
    assert all(vm["vm"].startswith("vm-") for vm in vms.values())
    assert vcenter.get(f"/api/vcenter/vm/{vms['tmpl-rhel9']['vm']}")["template"] is True
    datastores = vcenter.get("/api/vcenter/datastore", params={"names": ["nfs_ds01", "vmfs_ds01"]})
    assert {(d["name"], d["type"]) for d in datastores} == {("nfs_ds01", "NFS"), ("vmfs_ds01", "VMFS")}
    hosts = vcenter.get("/api/vcenter/host")
    assert {h["name"] for h in hosts} == {"esx01.demo.local", "esx02.demo.local"}
    assert all(h["host"].startswith("host-") and h["connection_state"] == "CONNECTED" for h in hosts)
    by_id = vcenter.get("/api/vcenter/vm", params={"vms": vms["db01"]["vm"]})
    assert [vm["name"] for vm in by_id] == ["db01"]


def test_duplicates_world_has_two_web01():
    with Simulator(world=os.path.join(WORLDS, "duplicates.yml")) as running:
        found = VcenterClient(running).get("/api/vcenter/vm", params={"names": "web01"})
        assert len(found) == 2 and len({vm["vm"] for vm in found}) == 2


def test_broken_world_file_fails_to_start(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("login: {username: a, password: b}\nvms:\n  - {moref: vm-1, name: x, host: host-404, "
                      "instance_uuid: u}\n")
    with pytest.raises(SimulatorError, match="host-404"):
        Simulator(world=str(broken)).start()
