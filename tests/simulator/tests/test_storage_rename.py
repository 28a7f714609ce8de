"""PATCH /4.1/storage-system renames registered clusters and SVMs; backups stay usable."""
import pytest

from simclient import ScvClient


@pytest.fixture
def scv(sim):
    return ScvClient(sim)


def _rename(scv, old, new, expect=200):
    return scv.call("PATCH", "/4.1/storage-system", expect=expect,
                    json={"existingSVM": {"name": old}, "newSVM": {"name": new}})


def _protected_backup(scv, entities):
    policy = scv.create_policy(snapMirror=True, snapshotLabel="daily")
    group = scv.create_group("rg_web", entities, policy["id"], spanning="INCLUDE_ALL")
    job = scv.backup_now(group["id"], policy["id"])
    return policy, group, job["backupId"]


def test_cluster_rename_keeps_id_svms_and_backups(scv):
    cluster = scv.register_cluster()
    policy, group, backup_id = _protected_backup(scv, ["vm-101"])
    renamed = _rename(scv, "cluster1.demo.local", "cluster9.demo.local")["response"]
    assert renamed["id"] == cluster["id"] and renamed["type"] == "CLUSTER"
    assert renamed["name"] == "cluster9.demo.local" and renamed["svms"] == cluster["svms"]
    assert [s["name"] for s in scv.get("/4.1/storage-system")["storageSystemResponseList"]] == ["cluster9.demo.local"]
    # ONTAP answers under the new name now: a modify finds it, the old name is unknown
    assert scv.put("/4.1/storage-system", json=dict(renamed, timeout=90))["timeout"] == 90
    scv.call("POST", "/4.1/storage-system", expect=400,
             json={"name": "cluster1.demo.local", "userName": "admin", "password": "netapp-demo-1"})
    # protection goes on, and the backup from before the rename restores
    scv.backup_now(group["id"], policy["id"])
    location = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"][0]
    scv.run_job(f"/4.1/vm/vm-101/backups/{backup_id}/restore",
                {"restartVM": False, "restoreLocations": [dict(location, esxHost="esx01.demo.local")]}, "restore")


def test_svm_of_a_registered_cluster_rename_keeps_old_locations_working(scv):
    cluster = scv.register_cluster()
    policy, group, backup_id = _protected_backup(scv, ["datastore-11"])
    before = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"]
    primary = next(loc for loc in before if loc["locationType"] == "PRIMARY")
    secondary = next(loc for loc in before if loc["locationType"] == "SECONDARY")
    answer = _rename(scv, "svm_nfs", "svm_nfs_prod")
    assert answer["response"]["id"] == cluster["id"]   # the registration that holds the SVM
    assert {s["name"] for s in answer["response"]["svms"]} == {"svm_nfs_prod", "svm_san"}
    after = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"]
    assert next(loc for loc in after if loc["locationType"] == "PRIMARY")["location"] == \
        primary["location"].replace("svm_nfs:", "svm_nfs_prod:")
    # the DR partner SVM is another SVM: its name does not change
    assert next(loc for loc in after if loc["locationType"] == "SECONDARY")["storageSystem"] == secondary["storageSystem"]
    # a location string from before the rename still names the snapshot
    mount = {"datastore": "nfs_ds01", "location": primary["location"], "esxHostName": "esx01.demo.local"}
    scv.run_job(f"/4.1/datastores/backups/{backup_id}/mount", mount, "mountBackup")
    assert scv.backup_now(group["id"], policy["id"])["status"] == "COMPLETED"
    newest = scv.get("/4.1/datastores/datastore-11/backups")["backupResponseList"][0]
    location = scv.get(f"/4.1/vm/backups/{newest['backupId']}/snapshotlocations")["snapshotLocationsList"][0]
    assert location["storageSystem"] == "svm_nfs_prod"


def test_rename_conflicts_and_unknown_names(scv):
    scv.register_cluster()
    scv.post("/4.1/storage-system", json={"name": "svm_san", "userName": "admin", "password": "netapp-demo-1"})
    for old, taken in (("cluster1.demo.local", "svm_san"),    # a registered SVM
                       ("cluster1.demo.local", "svm_nfs"),    # an SVM ONTAP has
                       ("svm_nfs", "cluster1.demo.local")):   # a registered cluster
        assert "already exists" in _rename(scv, old, taken, expect=409)["responseMessage"][0]
    assert "existingSVM.name" in _rename(scv, "cluster7.demo.local", "x", expect=404)["responseMessage"][0]
    _rename(scv, "svm_nfs", "svm_nfs", expect=200)   # same name: nothing to do


def test_registered_svm_rename_follows_into_its_cluster_registration(scv):
    svm = scv.post("/4.1/storage-system", json={"name": "svm_san", "userName": "admin", "password": "netapp-demo-1"})
    renamed = _rename(scv, "svm_san", "svm_block")["response"]
    assert renamed["id"] == svm["id"] and renamed["name"] == "svm_block" and renamed["type"] == "SVM"
    cluster = scv.register_cluster()   # ONTAP now reports the SVM under its new name
    assert {s["name"] for s in cluster["svms"]} == {"svm_nfs", "svm_block"}
