"""Every workflow of the seed document, in order, through real HTTP, in each dialect."""
import pytest
import requests
from openapi_spec_validator import validate

from simclient import ScvClient, VcenterClient


@pytest.fixture
def scv(dsim):
    return ScvClient(dsim)


@pytest.fixture
def vcenter(dsim):
    return VcenterClient(dsim)


def _protected_group(scv, entities, spanning="EXCLUDE_ALL", **policy_fields):
    scv.register_cluster()
    policy = scv.create_policy(**policy_fields)
    group = scv.create_group("rg_web", entities, policy["id"], spanning=spanning)
    return policy, group


def test_backup_and_restore_workflow(scv, vcenter):
    system = scv.register_cluster()
    scv.check_id(system["id"])
    assert system["type"] == "CLUSTER" and {s["name"] for s in system["svms"]} == {"svm_nfs", "svm_san"}
    assert "password" not in system
    assert [s["name"] for s in scv.get("/4.1/storage-system")["storageSystemResponseList"]] == ["cluster1.demo.local"]

    policy = scv.create_policy(vmConsistency=True)
    assert scv.get(f"/4.1/policies/{policy['id']}")["name"] == "daily"
    assert [p["id"] for p in scv.get("/4.1/policies")["policyResponseList"]] == [policy["id"]]

    web01 = vcenter.vm_by_name("web01")["vm"]
    group = scv.create_group("rg_web", [web01], policy["id"],
                             schedule={"frequency": "DAILY", "every": 1, "startTime": "01/01/2030 01:00 AM"})
    assert group["entities"] == [{"moref": web01, "name": "web01", "type": "VM"}]
    assert group["policies"][0]["name"] == "daily" and group["status"] == "PRODUCTION"
    listed = scv.get("/4.1/resource-groups")["resourceGroupResponseList"]
    assert [g["name"] for g in listed] == ["rg_web"]

    job = scv.backup_now(group["id"], policy["id"])
    assert job["type"] == "backup" and job["endTime"] and job["backupId"] is not None
    assert any("snapshot" in message.lower() for message in job["messages"])
    assert scv.get(f"/4.1/resource-groups/{group['id']}")["lastRunStatus"] == "COMPLETED"

    backups = scv.get(f"/4.1/vm/{web01}/backups")["backupResponseList"]
    assert len(backups) == 1
    backup = backups[0]
    assert str(backup["backupId"]) == str(job["backupId"])
    assert backup["backupName"].startswith("rg_web_") and backup["status"] == "COMPLETED"
    assert backup["vmConsistent"] is True and backup["locations"] == ["PRIMARY"] and backup["mounted"] is False

    locations = scv.get(f"/4.1/vm/backups/{backup['backupId']}/snapshotlocations")["snapshotLocationsList"]
    assert locations[0]["location"] == f"svm_nfs:vol_nfs_ds01@{backup['backupName']}"
    hosts = scv.get(f"/4.1/vm/{web01}/backups/availableesxhosts")["availableEsxHostsList"]
    assert {h["name"] for h in hosts} == {"esx01.demo.local", "esx02.demo.local"}

    restore_body = {"restartVM": True, "restoreLocations": [dict(locations[0], esxHost="esx01.demo.local")]}
    restore = scv.run_job(f"/4.1/vm/{web01}/backups/{backup['backupId']}/restore", restore_body, "restore")
    assert any("Overwrote" in message for message in restore["messages"])
    # restoring to the original VM takes it out of its resource groups
    assert scv.get(f"/4.1/resource-groups/{group['id']}")["entities"] == []


def test_deleted_vm_restore_by_uuid(scv, vcenter):
    web02 = vcenter.vm_by_name("web02")["vm"]
    uuid = vcenter.get(f"/api/vcenter/vm/{web02}")["identity"]["instance_uuid"]
    policy, group = _protected_group(scv, [web02])
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]

    delete = vcenter.raw("DELETE", f"/api/vcenter/vm/{web02}")
    assert delete.status_code == 400 and delete.json()["error_type"] == "NOT_ALLOWED_IN_CURRENT_STATE"
    assert vcenter.raw("POST", f"/api/vcenter/vm/{web02}/power", params={"action": "stop"}).status_code == 204
    assert vcenter.raw("DELETE", f"/api/vcenter/vm/{web02}").status_code == 204
    assert vcenter.get("/api/vcenter/vm", params={"names": "web02"}) == []
    scv.call("GET", f"/4.1/vm/{web02}/backups", expect=404)

    backups = scv.get(f"/4.1/vm/{uuid}/backups")["backupResponseList"]
    assert [str(b["backupId"]) for b in backups] == [str(backup_id)]
    location = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"][0]
    scv.run_job(f"/4.1/vm/{uuid}/backups/{backup_id}/restore",
                {"restartVM": False, "restoreLocations": [dict(location, esxHost="esx02.demo.local")]}, "restore")
    reborn = vcenter.vm_by_name("web02")
    assert reborn["vm"] != web02 and reborn["vm"].startswith("vm-") and reborn["power_state"] == "POWERED_OFF"
    assert vcenter.get(f"/api/vcenter/vm/{reborn['vm']}")["identity"]["instance_uuid"] == uuid


def test_vmdk_restore(scv, vcenter):
    db01 = vcenter.vm_by_name("db01")["vm"]
    policy, group = _protected_group(scv, [db01], spanning="INCLUDE_ALL")
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]
    vmdks = scv.get(f"/4.1/vm/{db01}/backups/{backup_id}/vmdklocations")["vmdkLocationsList"]
    assert {v["datastore"] for v in vmdks} == {"nfs_ds02", "vmfs_ds01"}
    names = scv.get(f"/4.1/vm/{db01}/backups/{backup_id}/availabledatastores")["DatastoreNameList"]
    assert "nfs_ds01" in names
    locations = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"]
    disk = next(v for v in vmdks if v["datastore"] == "vmfs_ds01")
    source = next(loc for loc in locations if loc["datastore"] == "vmfs_ds01")
    job = scv.run_job(f"/4.1/vm/{db01}/backups/{backup_id}/restorevmdks", {
        "esxHost": "esx01.demo.local",
        "vmdkRestoreLocations": [{"restoreFromLocation": source, "vmdkToRestore": disk,
                                  "restoreToDatastore": "nfs_ds01"}]}, "restoreVmdk")
    assert any("nfs_ds01" in message for message in job["messages"])
    current = scv.get(f"/4.1/vm/{db01}/backups/vmdklocations")["vmdkLocationsList"]
    moved = next(v for v in current if v["diskKey"] == disk["diskKey"])
    assert moved["datastore"] == "nfs_ds01" and moved["vmdkPath"].startswith("[nfs_ds01] ")


def test_attach_and_detach(scv, vcenter):
    web01 = vcenter.vm_by_name("web01")["vm"]
    app01 = vcenter.vm_by_name("app01")["vm"]
    policy, group = _protected_group(scv, [web01])
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]
    vmdks = scv.get(f"/4.1/vm/{web01}/backups/{backup_id}/vmdklocations")["vmdkLocationsList"]
    scv.run_job(f"/4.1/vm/{web01}/attachvmdks",
                {"backupId": backup_id, "vmdkLocations": vmdks, "alternateVmMoref": app01}, "attachVmdk")
    current = scv.get(f"/4.1/vm/{app01}/backups/vmdklocations")["vmdkLocationsList"]
    attached = [v for v in current if v["attachedFromBackupId"] is not None]
    assert len(attached) == 1 and str(attached[0]["attachedFromBackupId"]) == str(backup_id)
    scv.check_id(attached[0]["attachedFromBackupId"])
    # attaching the same disk of the same backup twice is a conflict
    scv.call("POST", f"/4.1/vm/{web01}/attachvmdks", expect=409,
             json={"backupId": backup_id, "vmdkLocations": vmdks, "alternateVmMoref": app01})
    scv.run_job(f"/4.1/vm/{app01}/detachvmdks", {"vmdksToDetach": attached}, "detachVmdk")
    current = scv.get(f"/4.1/vm/{app01}/backups/vmdklocations")["vmdkLocationsList"]
    assert all(v["attachedFromBackupId"] is None for v in current) and len(current) == 1


def test_mount_and_unmount(scv, vcenter):
    datastore = vcenter.get("/api/vcenter/datastore", params={"names": "nfs_ds01"})[0]["datastore"]
    policy, group = _protected_group(scv, [datastore])
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]
    backups = scv.get(f"/4.1/datastores/{datastore}/backups")["backupResponseList"]
    assert [str(b["backupId"]) for b in backups] == [str(backup_id)]
    assert {e["type"] for e in backups[0]["entities"]} == {"DATASTORE"}
    locations = scv.get(scv.ds_snapshot_path(backup_id))["snapshotLocationsList"]
    hosts = scv.get(scv.ds_hosts_path(datastore))["availableEsxHostsList"]
    host = hosts[0]["name"]
    body = {"datastore": "nfs_ds01", "location": locations[0]["location"], "esxHostName": host}
    scv.run_job(f"/4.1/datastores/backups/{backup_id}/mount", body, "mountBackup")
    scv.call("POST", f"/4.1/datastores/backups/{backup_id}/mount", json=body, expect=409)
    mounted = scv.get(f"/4.1/datastores/backups/{backup_id}/mounted")["mountedDatastoresList"]
    assert len(mounted) == 1 and mounted[0]["esxHostName"] == host
    new_name = mounted[0]["datastoreName"]
    assert vcenter.get("/api/vcenter/datastore", params={"names": new_name})[0]["datastore"] == mounted[0]["datastoreMoref"]
    assert scv.get(f"/4.1/datastores/{datastore}/backups")["backupResponseList"][0]["mounted"] is True
    scv.run_job("/4.1/datastores/unmount", {"datastoreMoref": mounted[0]["datastoreMoref"]}, "unmountBackup")
    assert scv.get(f"/4.1/datastores/backups/{backup_id}/mounted")["mountedDatastoresList"] == []
    assert vcenter.get("/api/vcenter/datastore", params={"names": new_name}) == []


def test_openapi_document_follows_dialect(scv):
    response = requests.get(f"https://{scv.sim.host}:{scv.sim.port}/api/v3/api-docs", verify=scv.sim.ca_path,
                            timeout=30)
    validate(response.json())
    paths = set(response.json()["paths"])
    published = "/4.1/datastores/{datastoreMoref}/availableEsxHosts" in paths
    lowercase = "/4.1/datastores/{datastoreMoref}/availableesxhosts" in paths
    assert (published, lowercase) == ((True, False) if scv.sim.paths == "published" else (False, True))


def test_wrong_path_dialect_is_404(scv):
    other = "snapshotlocations" if scv.sim.paths == "published" else "snapshotlocators"
    scv.call("GET", f"/4.1/datastores/backups/1/{other}", expect=404)


def test_jobs_logs_and_fail_jobs(scv, dsim):
    policy, group = _protected_group(scv, ["vm-101"])
    dsim.next_job("backup", "stuck")
    job_id = scv.start_job("/4.1/resource-groups/backupnow",
                           {"resourceGroupId": group["id"], "policyId": policy["id"]}, "backup")
    assert scv.get(f"/4.1/jobs/{job_id}")["status"] == "RUNNING"
    assert [j["id"] for j in scv.get("/4.1/jobs", params={"status": "RUNNING"})] == [job_id]
    assert scv.get("/4.1/jobs", params={"type": "restore"}) == []
    failed = scv.put(f"/4.1/jobs/{job_id}/failJobs")
    assert failed["status"] == "FAILED"
    scv.call("PUT", f"/4.1/jobs/{job_id}/failJobs", expect=409)
    log = scv.raw("GET", f"/4.1/jobs/{job_id}/logs")
    assert log.status_code == 200 and log.headers["content-type"].startswith("text/plain")
    assert "failJobs" in log.text
    dsim.next_job("backup", "fail")
    scv.backup_now(group["id"], policy["id"], expect_status="FAILED")


def test_reports(scv, dsim):
    policy, group = _protected_group(scv, ["vm-101"])
    scv.backup_now(group["id"], policy["id"])
    protected = scv.get("/4.1/reports/protectedVM")
    assert [(r["vmName"], r["resourceGroups"]) for r in protected] == [("web01", ["rg_web"])]
    assert protected[0]["lastBackupStatus"] == "COMPLETED"
    unprotected = {r["vmName"] for r in scv.get("/4.1/reports/unProtectedVM")}
    assert unprotected == {"web02", "db01", "app01"}
    dsim.advance_clock(8 * 86400)
    scv.token = dsim.login()   # the simulated clock moved past the token's lifetime too
    assert scv.get("/4.1/reports/protectedVM") == []


def test_schedules(scv):
    schedules = scv.get("/4.1/schedules")
    assert {s["name"] for s in schedules} == {
        "Schedule-DatabaseDump", "Schedule-PurgeBackups", "Schedule-AsupDataCollection",
        "Schedule-ComputeStorageSaving", "Schedule-PurgeJobs",
    }
    updated = scv.put("/4.1/schedules", json={"name": "Schedule-PurgeJobs", "cronExpression": "0 0 2 ? * MON-FRI"})
    assert updated["cronExpression"] == "0 0 2 ? * MON-FRI"
    scv.call("PUT", "/4.1/schedules", json={"name": "Schedule-PurgeJobs", "cronExpression": "* * * * *"}, expect=400)


def test_storage_modify_rename_delete(scv):
    svm = scv.post("/4.1/storage-system", json={"name": "svm_nfs", "userName": "admin", "password": "netapp-demo-1"})
    assert svm["type"] == "SVM"
    modified = scv.put("/4.1/storage-system", json=dict(svm, timeout=120))
    assert modified["timeout"] == 120
    renamed = scv.call("PATCH", "/4.1/storage-system",
                       json={"existingSVM": {"name": "svm_nfs"}, "newSVM": {"name": "svm_nfs2"}})["response"]
    assert renamed["name"] == "svm_nfs2"
    policy = scv.create_policy()
    group = scv.create_group("rg_web", ["vm-101"], policy["id"])
    scv.backup_now(group["id"], policy["id"])   # still protected after the rename
    scv.call("DELETE", f"/4.1/storage-system/{svm['id']}", expect=409)
    scv.delete(f"/4.1/resource-groups/{group['id']}")
    scv.delete(f"/4.1/storage-system/{svm['id']}")
    assert scv.get("/4.1/storage-system")["storageSystemResponseList"] == []


def test_suspend_resume_and_replace(scv):
    policy, group = _protected_group(scv, ["vm-101"])
    assert scv.post(f"/4.1/resource-groups/{group['id']}/suspend")["status"] == "UNDER_MAINTENANCE"
    scv.call("POST", f"/4.1/resource-groups/{group['id']}/suspend", expect=409)
    assert scv.post(f"/4.1/resource-groups/{group['id']}/resume")["status"] == "PRODUCTION"
    replaced = scv.put(f"/4.1/resource-groups/{group['id']}", json={
        "name": "rg_web", "entities": ["vm-101", "vm-102"], "policies": [{"id": policy["id"]}]})
    assert [e["name"] for e in replaced["entities"]] == ["web01", "web02"]
    scv.call("DELETE", f"/4.1/policies/{policy['id']}", expect=409)
    scv.put(f"/4.1/policies/{policy['id']}",
            json={"name": "daily2", "frequency": "DAILY", "retention": {"type": "DAYS", "value": 3}})


def test_retention_partial_and_failed_backups(scv, dsim):
    # only svm_nfs is registered: db01's VMFS disk cannot be backed up -> PARTIAL / WARNING
    scv.post("/4.1/storage-system", json={"name": "svm_nfs", "userName": "admin", "password": "netapp-demo-1"})
    policy = scv.create_policy(retention={"type": "COUNT", "value": 2}, snapMirror=True)
    group = scv.create_group("rg_db", ["vm-103"], policy["id"], spanning="INCLUDE_ALL")
    job = scv.backup_now(group["id"], policy["id"], expect_status="WARNING")
    assert any("not registered" in m for m in job["messages"])
    backup = scv.get("/4.1/vm/vm-103/backups")["backupResponseList"][0]
    assert backup["status"] == "PARTIAL" and backup["locations"] == ["PRIMARY", "SECONDARY"]
    location = scv.get(f"/4.1/vm/backups/{backup['backupId']}/snapshotlocations")["snapshotLocationsList"][0]
    scv.call("POST", f"/4.1/vm/vm-103/backups/{backup['backupId']}/restore", expect=400,
             json={"restartVM": True, "restoreLocations": [dict(location, esxHost="esx01.demo.local")]})
    # a VMFS-only group fails outright
    vmfs_group = scv.create_group("rg_app", ["vm-104"], policy["id"])
    scv.backup_now(vmfs_group["id"], policy["id"], expect_status="FAILED")
    assert scv.get(f"/4.1/resource-groups/{vmfs_group['id']}")["lastRunStatus"] == "FAILED"
    # COUNT 2: the third backup prunes the oldest
    scv.backup_now(group["id"], policy["id"], expect_status="WARNING")
    scv.backup_now(group["id"], policy["id"], expect_status="WARNING")
    names = [b["backupName"] for b in scv.get("/4.1/vm/vm-103/backups")["backupResponseList"]]
    assert len(names) == 2 and backup["backupName"] not in names
    # DAYS retention prunes by age (the simulated clock moves forward)
    days_policy = scv.create_policy("weekly", retention={"type": "DAYS", "value": 1})
    days_group = scv.create_group("rg_web", ["vm-101"], days_policy["id"])
    scv.backup_now(days_group["id"], days_policy["id"])
    dsim.advance_clock(2 * 86400)
    scv.token = dsim.login()
    scv.backup_now(days_group["id"], days_policy["id"])
    assert len(scv.get("/4.1/vm/vm-101/backups")["backupResponseList"]) == 1
