"""Jobs say what they work on (backupId, entities, a descriptive name), the jobs filters, and the
deleted-VM restore that brings a VM back under a new moref with its name and instance UUID."""
import pytest

from simclient import ScvClient, VcenterClient


@pytest.fixture
def scv(dsim):
    return ScvClient(dsim)


@pytest.fixture
def vcenter(dsim):
    return VcenterClient(dsim)


def _backup(scv, entities, spanning="EXCLUDE_ALL"):
    scv.register_cluster()
    policy = scv.create_policy()
    group = scv.create_group("rg_web", entities, policy["id"], spanning=spanning)
    job = scv.backup_now(group["id"], policy["id"])
    backup = next(b for b in scv.get(f"/4.1/vm/{entities[0]}/backups")["backupResponseList"]
                  if str(b["backupId"]) == str(job["backupId"])) if entities[0].startswith("vm-") else None
    return group, policy, job, backup


def _wait_deleted(vcenter, moref):
    assert vcenter.raw("POST", f"/api/vcenter/vm/{moref}/power", params={"action": "stop"}).status_code == 204
    assert vcenter.raw("DELETE", f"/api/vcenter/vm/{moref}").status_code == 204


def test_backup_job_names_its_group_entities_and_backup(scv):
    group, policy, job, backup = _backup(scv, ["vm-101", "vm-102"])
    assert job["name"] == f"Backup of Resource Group rg_web with Policy {policy['name']}"
    assert job["entities"] == [{"moref": "vm-101", "name": "web01", "type": "VM"},
                               {"moref": "vm-102", "name": "web02", "type": "VM"}]
    assert str(job["backupId"]) == str(backup["backupId"]) and str(job["resourceGroupId"]) == str(group["id"])
    # every field the contract names is still there
    assert {"id", "name", "type", "status", "startTime", "endTime", "resourceGroupId", "backupId",
            "messages", "entities"} <= set(job)


def test_restore_job_carries_backup_and_vm_from_the_start(scv, dsim):
    _group, _policy, _job, backup = _backup(scv, ["vm-101"])
    location = scv.get(f"/4.1/vm/backups/{backup['backupId']}/snapshotlocations")["snapshotLocationsList"][0]
    dsim.next_job("restore", "stuck")
    job_id = scv.start_job(f"/4.1/vm/vm-101/backups/{backup['backupId']}/restore",
                           {"restartVM": False, "restoreLocations": [dict(location, esxHost="esx01.demo.local")]},
                           "restore")
    running = scv.get(f"/4.1/jobs/{job_id}")
    assert running["status"] == "RUNNING"
    assert str(running["backupId"]) == str(backup["backupId"])
    assert running["name"] == f"Restore VM web01 from backup {backup['backupName']}"
    uuid = "50123e4a-0001-4c6b-9a10-000000000101"
    assert running["entities"] == [{"moref": "vm-101", "name": "web01", "type": "VM", "uuid": uuid}]
    # the filters find the job by the VM (moref or UUID) and by the backup
    queries = ({"entity": "vm-101", "type": "restore"}, {"entity": uuid},
               {"backupId": backup["backupId"], "status": "RUNNING"})
    for query in queries:
        assert [j["id"] for j in scv.get("/4.1/jobs", params=query)] == [job_id], query
    assert scv.get("/4.1/jobs", params={"entity": "vm-104"}) == []
    scv.put(f"/4.1/jobs/{job_id}/failJobs")


def test_jobs_filter_by_backup_lists_the_job_that_made_it_and_those_that_used_it(scv):
    _group, _policy, job, backup = _backup(scv, ["vm-101"])
    vmdks = scv.get(f"/4.1/vm/vm-101/backups/{backup['backupId']}/vmdklocations")["vmdkLocationsList"]
    body = {"backupId": backup["backupId"], "vmdkLocations": vmdks, "alternateVmMoref": "vm-104"}
    attach = scv.run_job("/4.1/vm/vm-101/attachvmdks", body, "attachVmdk")
    assert attach["entities"] == [{"moref": "vm-104", "name": "app01", "type": "VM"}]
    assert str(attach["backupId"]) == str(backup["backupId"])
    assert attach["name"] == f"Attach VMDKs of backup {backup['backupName']} (disks of VM web01) to VM app01"
    attached = [v for v in scv.get("/4.1/vm/vm-104/backups/vmdklocations")["vmdkLocationsList"]
                if v["attachedFromBackupId"] is not None]
    detach = scv.run_job("/4.1/vm/vm-104/detachvmdks", {"vmdksToDetach": attached}, "detachVmdk")
    assert str(detach["backupId"]) == str(backup["backupId"]) and detach["entities"][0]["moref"] == "vm-104"
    ids = [j["id"] for j in scv.get("/4.1/jobs", params={"backupId": backup["backupId"]})]
    assert ids == [job["id"], attach["id"], detach["id"]]
    assert scv.get("/4.1/jobs", params={"backupId": str(backup["backupId"]), "type": "detachVmdk"})[0]["id"] == detach["id"]
    scv.call("GET", "/4.1/jobs", params={"backupId": "abc"}, expect=400)


def test_vmdk_restore_job(scv):
    _group, _policy, _job, backup = _backup(scv, ["vm-103"], spanning="INCLUDE_ALL")
    vmdks = scv.get(f"/4.1/vm/vm-103/backups/{backup['backupId']}/vmdklocations")["vmdkLocationsList"]
    locations = scv.get(f"/4.1/vm/backups/{backup['backupId']}/snapshotlocations")["snapshotLocationsList"]
    disk = vmdks[0]
    source = next(loc for loc in locations if loc["datastoreMoref"] == disk["datastoreMoref"])
    job = scv.run_job(f"/4.1/vm/vm-103/backups/{backup['backupId']}/restorevmdks", {
        "esxHost": "esx01.demo.local",
        "vmdkRestoreLocations": [{"restoreFromLocation": source, "vmdkToRestore": disk,
                                  "restoreToDatastore": "nfs_ds01"}]}, "restoreVmdk")
    assert job["name"] == f"Restore 1 VMDK of VM db01 from backup {backup['backupName']}"
    assert str(job["backupId"]) == str(backup["backupId"])
    assert job["entities"] == [{"moref": "vm-103", "name": "db01", "type": "VM"}]


def test_mount_and_unmount_jobs(scv):
    _group, _policy, job, _backup_view = _backup(scv, ["datastore-11"])
    backup_id = job["backupId"]
    backup = scv.get("/4.1/datastores/datastore-11/backups")["backupResponseList"][0]
    location = scv.get(scv.ds_snapshot_path(backup_id))["snapshotLocationsList"][0]
    mount = scv.run_job(f"/4.1/datastores/backups/{backup_id}/mount",
                        {"datastore": "nfs_ds01", "location": location["location"], "esxHostName": "esx02.demo.local"},
                        "mountBackup")
    assert mount["name"] == f"Mount backup {backup['backupName']} of datastore nfs_ds01 on esx02.demo.local"
    assert str(mount["backupId"]) == str(backup_id)
    assert mount["entities"] == [{"moref": "datastore-11", "name": "nfs_ds01", "type": "DATASTORE"}]
    mounted = scv.get(f"/4.1/datastores/backups/{backup_id}/mounted")["mountedDatastoresList"][0]
    unmount = scv.run_job("/4.1/datastores/unmount", {"datastoreMoref": mounted["datastoreMoref"]}, "unmountBackup")
    assert unmount["name"] == f"Unmount datastore {mounted['datastoreName']} (backup {backup['backupName']})"
    assert str(unmount["backupId"]) == str(backup_id)
    assert unmount["entities"] == [{"moref": mounted["datastoreMoref"], "name": mounted["datastoreName"],
                                    "type": "DATASTORE"}]
    assert [j["type"] for j in scv.get("/4.1/jobs", params={"entity": "datastore-11"})] == ["backup", "mountBackup"]


def test_deleted_vm_comes_back_with_a_new_moref_same_name_and_uuid(scv, vcenter, dsim):
    _group, _policy, _job, backup = _backup(scv, ["vm-102"])
    old = vcenter.vm_by_name("web02")["vm"]
    uuid = vcenter.get(f"/api/vcenter/vm/{old}")["identity"]["instance_uuid"]
    morefs_before = {vm["vm"] for vm in vcenter.get("/api/vcenter/vm")}
    _wait_deleted(vcenter, old)
    location = scv.get(f"/4.1/vm/backups/{backup['backupId']}/snapshotlocations")["snapshotLocationsList"][0]
    dsim.config(job_seconds=1)
    job_id = scv.start_job(f"/4.1/vm/{uuid}/backups/{backup['backupId']}/restore",
                           {"restartVM": True, "restoreLocations": [dict(location, esxHost="esx02.demo.local")]},
                           "restore")
    running = scv.get(f"/4.1/jobs/{job_id}")
    # the VM has no moref while it does not exist; the job knows it by name and UUID
    assert running["entities"] == [{"moref": None, "name": "web02", "type": "VM", "uuid": uuid}]
    assert running["name"] == f"Restore VM web02 from backup {backup['backupName']}"
    dsim.config(job_seconds=0)
    job = scv.wait_job(job_id)
    assert job["status"] == "COMPLETED"
    # how a client finds the new moref: the VM by name in vCenter, then the instance UUID in its details
    found = vcenter.get("/api/vcenter/vm", params={"names": "web02"})
    assert len(found) == 1
    reborn = found[0]["vm"]
    assert reborn != old and reborn not in morefs_before
    details = vcenter.get(f"/api/vcenter/vm/{reborn}")
    assert details["name"] == "web02" and details["identity"]["instance_uuid"] == uuid
    assert details["host"] == "host-22" and details["power_state"] == "POWERED_ON"
    assert job["entities"] == [{"moref": reborn, "name": "web02", "type": "VM", "uuid": uuid}]
    assert [j["id"] for j in scv.get("/4.1/jobs", params={"entity": reborn, "type": "restore"})] == [job_id]
    # the new moref knows the backups taken before the deletion
    assert [b["backupId"] for b in scv.get(f"/4.1/vm/{reborn}/backups")["backupResponseList"]] == [backup["backupId"]]
    # a second restore by UUID now overwrites the re-created VM instead of creating another
    scv.run_job(f"/4.1/vm/{uuid}/backups/{backup['backupId']}/restore",
                {"restartVM": False, "restoreLocations": [dict(location, esxHost="esx02.demo.local")]}, "restore")
    assert len(vcenter.get("/api/vcenter/vm", params={"names": "web02"})) == 1
