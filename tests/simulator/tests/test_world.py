"""World files (demo, duplicates, brownfield, broken ones) and generated worlds."""
import os
import re
import time

import pytest

from harness import Simulator, SimulatorError
from simclient import ScvClient, VcenterClient

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


# --- brownfield: pre-existing configuration from the world file ------------------------------------

@pytest.fixture(scope="module")
def brownfield():
    with Simulator(world=os.path.join(WORLDS, "brownfield.yml")) as running:
        yield running


def test_brownfield_world_starts_configured(brownfield):
    brownfield.reset()
    scv = ScvClient(brownfield)
    systems = scv.get("/4.1/storage-system")["storageSystemResponseList"]
    assert [(s["name"], s["type"], s["timeout"], s["asup"]) for s in systems] == [("cluster1.demo.local", "CLUSTER", 90, True)]
    policies = {p["name"]: p for p in scv.get("/4.1/policies")["policyResponseList"]}
    assert set(policies) == {"daily", "daily_locked", "weekly_vault", "hourly", "monthly", "adhoc"}
    assert policies["daily_locked"]["lockingPeriod"] == {"value": 14, "unit": "DAYS"}
    assert policies["weekly_vault"]["snapVault"] and policies["weekly_vault"]["snapshotLabel"] == "weekly"
    assert policies["hourly"]["retention"] == {"type": "DAYS", "value": 2}
    groups = {g["name"]: g for g in scv.get("/4.1/resource-groups")["resourceGroupResponseList"]}
    assert [e["name"] for e in groups["rg_web"]["entities"]] == ["web01", "web02"]
    db = groups["rg_db"]
    assert db["spanningDatastores"] == {"spanningType": "CUSTOM", "datastores": ["datastore-13"]}
    assert db["emailSettings"] == {"from": "scv@demo.local", "to": ["dba@demo.local", "ops@demo.local"],
                                   "subject": "SCV backup of rg_db"}
    assert db["notification"] == "ERROR_OR_WARNINGS" and db["latestSnapshotName"] is True
    assert [p["schedule"]["frequency"] for p in db["policies"]] == ["DAILY", "WEEKLY", "MONTHLY"]
    assert groups["rg_app_ds"]["status"] == "UNDER_MAINTENANCE"
    assert groups["rg_app_ds"]["entities"] == [{"moref": "datastore-13", "name": "vmfs_ds01", "type": "DATASTORE"}]
    schedules = {s["name"]: s["cronExpression"] for s in scv.get("/4.1/schedules")}
    assert schedules["Schedule-PurgeJobs"] == "0 30 1 ? * *"
    assert scv.get("/4.1/audit/config")["syslog"]["server"] == "syslog.demo.local"
    # history: backups a day apart with the jobs that made them
    web = scv.get("/4.1/vm/vm-101/backups")["backupResponseList"]
    assert len(web) == 3 and all(b["status"] == "COMPLETED" for b in web)
    db_backups = scv.get("/4.1/vm/vm-103/backups")["backupResponseList"]   # rg_db and the datastore group
    assert {b["resourceGroupName"] for b in db_backups} == {"rg_db", "rg_app_ds"}
    db_backup = next(b for b in db_backups if b["resourceGroupName"] == "rg_db")
    locations = scv.get(f"/4.1/vm/backups/{db_backup['backupId']}/snapshotlocations")["snapshotLocationsList"]
    assert {loc["datastore"] for loc in locations} >= {"nfs_ds02", "vmfs_ds01"}   # CUSTOM spanning took vmfs_ds01
    jobs = scv.get("/4.1/jobs", params={"type": "backup"})
    assert len(jobs) == 6 and all(j["status"] == "COMPLETED" and j["backupId"] for j in jobs)
    assert {r["vmName"] for r in scv.get("/4.1/reports/protectedVM")} == {"web01", "web02", "db01", "app01"}


def test_brownfield_world_works_and_resets_to_its_configuration(brownfield):
    brownfield.reset()
    scv = ScvClient(brownfield)
    groups = {g["name"]: g for g in scv.get("/4.1/resource-groups")["resourceGroupResponseList"]}
    web = groups["rg_web"]
    daily = next(p for p in web["policies"] if p["name"] == "daily")
    scv.backup_now(web["id"], daily["id"])
    assert len(scv.get("/4.1/vm/vm-101/backups")["backupResponseList"]) == 4
    # the existing backups are real backups: one restores
    oldest = scv.get("/4.1/vm/vm-101/backups")["backupResponseList"][-1]
    location = scv.get(f"/4.1/vm/backups/{oldest['backupId']}/snapshotlocations")["snapshotLocationsList"][0]
    scv.run_job(f"/4.1/vm/vm-101/backups/{oldest['backupId']}/restore",
                {"restartVM": False, "restoreLocations": [dict(location, esxHost="esx01.demo.local")]}, "restore")
    scv.delete(f"/4.1/resource-groups/{groups['rg_db']['id']}")
    brownfield.reset()
    assert len(scv.get("/4.1/resource-groups")["resourceGroupResponseList"]) == 3
    assert len(scv.get("/4.1/vm/vm-101/backups")["backupResponseList"]) == 3


@pytest.mark.parametrize("section, message", [
    ("scv:\n  policies:\n    - {name: bad-name, frequency: DAILY, retention: {type: COUNT, value: 3}}\n",
     "scv.policies[0]: name"),
    ("scv:\n  resource_groups:\n    - {name: rg, entities: [nosuchvm], policies: []}\n",
     "scv.resource_groups[0].entities[0]: 'nosuchvm' names no"),
    ("scv:\n  resource_groups:\n    - {name: rg, entities: [web01], policies: [{name: nope}]}\n",
     "no policy named 'nope'"),
    ("scv:\n  storage_systems:\n    - {name: cluster1.demo.local, userName: admin, password: wrong}\n",
     "scv.storage_systems[0]: userName/password"),
    ("scv:\n  schedules:\n    - {name: Schedule-PurgeJobs, cronExpression: '* * * * *'}\n", "scv.schedules[0]"),
    ("scv:\n  widgets: []\n", "unknown section"),
])
def test_bad_preexisting_configuration_fails_to_start(tmp_path, section, message):
    world = tmp_path / "world.yml"
    with open(os.path.join(WORLDS, "demo.yml"), encoding="utf-8") as handle:
        world.write_text(handle.read() + "\n" + section)
    with pytest.raises(SimulatorError, match=re.escape(message)):
        Simulator(world=str(world)).start()


# --- generated worlds --------------------------------------------------------------------------------

def test_generated_world_shape_and_history():
    spec = "vms=300,datastores=8,hosts=4,backups=2,jobs=40,group_size=25,seed=3"
    with Simulator(generate=spec) as running:
        vcenter, scv = VcenterClient(running), ScvClient(running)
        vms = vcenter.get("/api/vcenter/vm")
        assert len(vms) == 300 and len(vcenter.get("/api/vcenter/datastore")) == 8
        assert len(vcenter.get("/api/vcenter/host")) == 4
        templates = [vm for vm in vms if vcenter.get(f"/api/vcenter/vm/{vm['vm']}")["template"]]
        assert len(templates) == 6
        assert any(vm["power_state"] == "POWERED_OFF" for vm in vms if vm not in templates)
        spanning = vcenter.get("/api/vcenter/vm/vm-1010")   # every 10th VM has disks on two datastores
        assert len(spanning["datastores"]) == 2
        assert scv.get("/4.1/storage-system")["storageSystemResponseList"][0]["name"] == "cluster1.gen.local"
        groups = scv.get("/4.1/resource-groups")["resourceGroupResponseList"]
        assert len(groups) == 10 and all(len(g["entities"]) <= 25 for g in groups)   # 80% of 294 in groups of 25
        assert len(scv.get("/4.1/vm/vm-1001/backups")["backupResponseList"]) == 2
        assert scv.get("/4.1/vm/vm-1299/backups")["backupResponseList"] == []   # the unprotected 20%
        assert len(scv.get("/4.1/jobs")) == 40
        protected, unprotected = scv.get("/4.1/reports/protectedVM"), scv.get("/4.1/reports/unProtectedVM")
        assert len(protected) == 236 and len(unprotected) == 294 - 236
        # a new backup works, and a deleted VM comes back under a moref no VM of the world has
        group = groups[0]
        scv.backup_now(group["id"], group["policies"][0]["id"])
        backup = scv.get("/4.1/vm/vm-1001/backups")["backupResponseList"][0]
        uuid = vcenter.get("/api/vcenter/vm/vm-1001")["identity"]["instance_uuid"]
        vcenter.raw("POST", "/api/vcenter/vm/vm-1001/power", params={"action": "stop"})
        assert vcenter.raw("DELETE", "/api/vcenter/vm/vm-1001").status_code == 204
        location = scv.get(f"/4.1/vm/backups/{backup['backupId']}/snapshotlocations")["snapshotLocationsList"][0]
        scv.run_job(f"/4.1/vm/{uuid}/backups/{backup['backupId']}/restore",
                    {"restartVM": False, "restoreLocations": [dict(location, esxHost="esx001.gen.local")]}, "restore")
        reborn = vcenter.vm_by_name("vm00001")["vm"]
        assert reborn == "vm-1301" and vcenter.get(f"/api/vcenter/vm/{reborn}")["identity"]["instance_uuid"] == uuid


def test_generated_worlds_are_deterministic():
    from scvsim.generate import generated_inventory, parse_generate_spec   # pylint: disable=import-outside-toplevel
    first = generated_inventory(parse_generate_spec("vms=50,seed=9"))
    assert first == generated_inventory(parse_generate_spec("vms=50,seed=9"))
    assert first != generated_inventory(parse_generate_spec("vms=50,seed=10"))


@pytest.mark.parametrize("spec", ["datastores=3", "vms=0", "vms=10,colour=blue", "vms=ten"])
def test_bad_generate_spec_is_refused(spec):
    with pytest.raises(SimulatorError, match="--generate"):
        Simulator(generate=spec).start()


def test_5000_vm_world_starts_fast_and_lists_fast():
    """Generous bounds (a shared 2-core machine): they catch O(N^2) work, which takes tens of seconds here."""
    started = time.monotonic()
    with Simulator(generate="vms=5000,datastores=50,hosts=16,backups=3,jobs=2000") as running:
        assert time.monotonic() - started < 15
        scv, vcenter = ScvClient(running), VcenterClient(running)
        for path in ("/4.1/resource-groups", "/4.1/reports/protectedVM", "/4.1/reports/unProtectedVM", "/4.1/jobs",
                     "/4.1/vm/vm-1001/backups", "/4.1/datastores/datastore-1001/backups"):
            began = time.monotonic()
            scv.get(path)
            assert time.monotonic() - began < 3, path
        began = time.monotonic()
        assert len(vcenter.get("/api/vcenter/vm")) == 5000
        assert time.monotonic() - began < 3
