"""Audit logs: one hash-chained entry per write, no secrets, verification, tampering, rolling, config."""
import gzip
import hashlib
import json
import re

import pytest
import requests

from harness import Simulator
from simclient import ScvClient, VcenterClient

TIME = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} (AM|PM)$")
ENTRY_KEYS = ["time", "user", "category", "operation", "object", "objectId", "result", "details", "hash"]
USER = "administrator@vsphere.local"


@pytest.fixture
def scv(sim):
    return ScvClient(sim)


def _entries(scv, file_name="audit.log"):
    content = scv.get(f"/4.1/audit/logs/{file_name}")["content"]
    return [json.loads(line) for line in content.splitlines()]


def _independent_chain_check(entries, previous="0" * 64):
    """The documented rule, written out here: sha256(previous hash + canonical entry without hash)."""
    for entry in entries:
        body = {k: v for k, v in entry.items() if k != "hash"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert entry["hash"] == hashlib.sha256((previous + canonical).encode()).hexdigest(), entry
        previous = entry["hash"]
    return previous


def _run_every_audited_write(scv, sim):
    """One of each audited write, in order; returns the (category, operation, result) expected."""
    failed_login = requests.post(f"{sim.scv_url}/4.1/auth/login", json={"username": "intruder",
                                                                        "password": "Guess-123"},
                                 verify=sim.ca_path, timeout=30)
    assert failed_login.status_code == 401
    system = scv.register_cluster()
    scv.put("/4.1/storage-system", json=dict(system, timeout=90))
    policy = scv.create_policy()
    duplicate = {"name": policy["name"], "frequency": "DAILY", "retention": {"type": "COUNT", "value": 2}}
    scv.call("POST", "/4.1/policies", json=duplicate, expect=409)
    scv.put(f"/4.1/policies/{policy['id']}", json=dict(duplicate, retention={"type": "COUNT", "value": 5}))
    group = scv.create_group("rg_web", ["vm-101", "datastore-11"], policy["id"])
    replacement = {"name": "rg_web", "entities": ["vm-101", "datastore-11"], "policies": [{"id": policy["id"]}]}
    scv.put(f"/4.1/resource-groups/{group['id']}", json=replacement)
    scv.post(f"/4.1/resource-groups/{group['id']}/suspend")
    scv.post(f"/4.1/resource-groups/{group['id']}/resume")
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]
    locations = scv.get(f"/4.1/vm/backups/{backup_id}/snapshotlocations")["snapshotLocationsList"]
    nfs01 = next(loc for loc in locations if loc["datastore"] == "nfs_ds01")
    scv.run_job(f"/4.1/vm/vm-101/backups/{backup_id}/restore",
                {"restartVM": False, "restoreLocations": [dict(nfs01, esxHost="esx01.demo.local")]}, "restore")
    vmdks = scv.get(f"/4.1/vm/vm-101/backups/{backup_id}/vmdklocations")["vmdkLocationsList"]
    scv.run_job(f"/4.1/vm/vm-101/backups/{backup_id}/restorevmdks", {
        "esxHost": "esx01.demo.local", "vmdkRestoreLocations": [{"restoreFromLocation": nfs01, "vmdkToRestore": vmdks[0],
                                                                 "restoreToDatastore": "nfs_ds01"}]}, "restoreVmdk")
    scv.run_job("/4.1/vm/vm-101/attachvmdks", {"backupId": backup_id, "vmdkLocations": vmdks}, "attachVmdk")
    attached = [v for v in scv.get("/4.1/vm/vm-101/backups/vmdklocations")["vmdkLocationsList"]
                if v["attachedFromBackupId"] is not None]
    scv.run_job("/4.1/vm/vm-101/detachvmdks", {"vmdksToDetach": attached}, "detachVmdk")
    scv.run_job(f"/4.1/datastores/backups/{backup_id}/mount",
                {"datastore": "nfs_ds01", "location": nfs01["location"], "esxHostName": "esx01.demo.local"},
                "mountBackup")
    mounted = scv.get(f"/4.1/datastores/backups/{backup_id}/mounted")["mountedDatastoresList"][0]
    scv.run_job("/4.1/datastores/unmount", {"datastoreMoref": mounted["datastoreMoref"]}, "unmountBackup")
    sim.next_job("backup", "stuck")
    backup_now = {"resourceGroupId": group["id"], "policyId": policy["id"]}
    stuck = scv.start_job("/4.1/resource-groups/backupnow", backup_now, "backup")
    scv.put(f"/4.1/jobs/{stuck}/failJobs")
    scv.put("/4.1/schedules", json={"name": "Schedule-PurgeJobs", "cronExpression": "0 0 2 ? * *"})
    scv.call("PATCH", "/4.1/storage-system", json={"existingSVM": {"name": "cluster1.demo.local"},
                                                   "newSVM": {"name": "cluster2.demo.local"}})
    scv.put("/4.1/audit/config", json={"enabled": True, "maxFileSizeMB": 20, "maxFiles": 10,
                                       "syslog": {"enabled": False, "port": 514, "protocol": "UDP"}})
    scv.delete(f"/4.1/resource-groups/{group['id']}")
    scv.delete(f"/4.1/policies/{policy['id']}")
    scv.delete(f"/4.1/storage-system/{system['id']}")
    return [("ACCOUNT", "LOGIN", "SUCCESS"),   # the client's own login
            ("ACCOUNT", "LOGIN", "FAILURE"),
            ("STORAGE_SYSTEM", "CREATE", "SUCCESS"), ("STORAGE_SYSTEM", "MODIFY", "SUCCESS"),
            ("POLICY", "CREATE", "SUCCESS"), ("POLICY", "CREATE", "FAILURE"), ("POLICY", "MODIFY", "SUCCESS"),
            ("RESOURCE_GROUP", "CREATE", "SUCCESS"), ("RESOURCE_GROUP", "MODIFY", "SUCCESS"),
            ("RESOURCE_GROUP", "SUSPEND", "SUCCESS"), ("RESOURCE_GROUP", "RESUME", "SUCCESS"),
            ("BACKUP", "BACKUP", "SUCCESS"), ("RESTORE", "RESTORE", "SUCCESS"), ("VMDK", "RESTORE", "SUCCESS"),
            ("VMDK", "ATTACH", "SUCCESS"), ("VMDK", "DETACH", "SUCCESS"), ("MOUNT", "MOUNT", "SUCCESS"),
            ("MOUNT", "UNMOUNT", "SUCCESS"), ("BACKUP", "BACKUP", "SUCCESS"), ("JOB", "FAIL", "SUCCESS"),
            ("SCHEDULE", "MODIFY", "SUCCESS"), ("STORAGE_SYSTEM", "RENAME", "SUCCESS"), ("AUDIT", "MODIFY", "SUCCESS"),
            ("RESOURCE_GROUP", "DELETE", "SUCCESS"), ("POLICY", "DELETE", "SUCCESS"),
            ("STORAGE_SYSTEM", "DELETE", "SUCCESS")]


def test_every_write_is_one_chained_entry_without_secrets(scv, sim):
    expected = _run_every_audited_write(scv, sim)
    entries = _entries(scv)
    assert [(e["category"], e["operation"], e["result"]) for e in entries] == expected
    for entry in entries:
        assert list(entry) == ENTRY_KEYS and TIME.match(entry["time"])
        assert entry["objectId"] is None or isinstance(entry["objectId"], str)
    assert entries[1]["user"] == "intruder" and "invalid" in entries[1]["details"].lower()
    assert all(e["user"] == USER for i, e in enumerate(entries) if i != 1)
    created = entries[2]
    assert created["object"] == "cluster1.demo.local" and created["objectId"].isdigit()
    assert entries[5]["object"] == "daily" and "already exists" in entries[5]["details"]
    restore = entries[12]
    assert restore["object"] == "web01" and restore["objectId"] == "vm-101" and "Restore VM web01" in restore["details"]
    assert entries[21]["details"] == "Cluster cluster1.demo.local renamed to cluster2.demo.local"
    _independent_chain_check(entries)
    text = scv.get("/4.1/audit/logs/audit.log")["content"]
    for secret in ("netapp-demo-1", sim.password, "Guess-123", scv.token):
        assert secret not in text


def test_reads_and_unauthenticated_calls_are_not_audited(scv, sim):
    scv.get("/4.1/policies")
    scv.get("/4.1/audit/logs")
    requests.post(f"{sim.scv_url}/4.1/policies", json={}, verify=sim.ca_path, timeout=30)   # no token: 401
    assert [e["operation"] for e in _entries(scv)] == ["LOGIN"]


def test_validation_failures_are_audited_with_the_reason(scv):
    body = {"name": "p", "frequency": "YEARLY", "retention": {"type": "COUNT", "value": 1}}
    scv.call("POST", "/4.1/policies", json=body, expect=400)
    failure = _entries(scv)[-1]
    assert (failure["category"], failure["result"]) == ("POLICY", "FAILURE") and "frequency" in failure["details"]


def test_list_verify_and_tamper(scv, sim):
    scv.register_cluster()
    scv.create_policy()
    listed = scv.get("/4.1/audit/logs")["auditLogFiles"]
    assert [f["fileName"] for f in listed] == ["audit.log"]
    audit_log = listed[0]
    assert audit_log["entries"] == 3 and audit_log["integrityStatus"] == "UNVERIFIED"
    assert audit_log["lastVerifiedTime"] is None and TIME.match(audit_log["createdTime"])
    content = scv.get("/4.1/audit/logs/audit.log")["content"]
    assert audit_log["sizeBytes"] == len(content.encode())
    assert {k: v for k, v in scv.get("/4.1/audit/logs/audit.log").items() if k != "content"} == audit_log

    verified = scv.post("/4.1/audit/verify")
    assert verified["result"] == "PASSED" and TIME.match(verified["verifiedTime"])
    assert verified["files"] == [{"fileName": "audit.log", "integrityStatus": "VERIFIED", "firstBadEntry": None}]
    after = scv.get("/4.1/audit/logs")["auditLogFiles"][0]
    assert after["integrityStatus"] == "VERIFIED" and after["lastVerifiedTime"] == verified["verifiedTime"]

    sim.tamper_audit(line=2, field="object", value="somebody-else")
    assert scv.get("/4.1/audit/logs")["auditLogFiles"][0]["integrityStatus"] == "VERIFIED"   # until verified again
    failed = scv.post("/4.1/audit/verify")
    assert failed["result"] == "FAILED"
    assert failed["files"] == [{"fileName": "audit.log", "integrityStatus": "TAMPERED", "firstBadEntry": 2}]
    assert scv.get("/4.1/audit/logs")["auditLogFiles"][0]["integrityStatus"] == "TAMPERED"
    scv.create_policy("weekly")   # a new entry does not hide the tampering
    assert scv.get("/4.1/audit/logs")["auditLogFiles"][0]["integrityStatus"] == "TAMPERED"


def test_new_entries_after_a_verification_are_unverified(scv):
    scv.post("/4.1/audit/verify")
    scv.create_policy()
    assert scv.get("/4.1/audit/logs")["auditLogFiles"][0]["integrityStatus"] == "UNVERIFIED"


def test_a_deleted_entry_is_detected(scv, sim):
    scv.register_cluster()
    scv.create_policy()
    sim.tamper_audit(line=3, delete=True)
    result = scv.post("/4.1/audit/verify")
    # the last entry is gone: the chain stops short of the last hash written
    assert result["result"] == "FAILED" and result["files"][0]["firstBadEntry"] == 3


def test_file_names_are_validated(scv):
    for name, status in (("passwd", 400), ("audit.log.bak", 400), ("..", 404), ("audit-20990101-000000.log.gz", 404),
                         ("..%2F..%2Fetc%2Fpasswd", 404), ("%2Fetc%2Fpasswd", 404)):
        assert scv.raw("GET", f"/4.1/audit/logs/{name}").status_code == status, name


def test_config_defaults_replace_and_validation(scv):
    assert scv.get("/4.1/audit/config") == {"enabled": True, "maxFileSizeMB": 10, "maxFiles": 10,
                                            "syslog": {"enabled": False, "server": None, "port": 514,
                                                       "protocol": "UDP"}}
    wanted = {"enabled": True, "maxFileSizeMB": 5, "maxFiles": 4,
              "syslog": {"enabled": True, "server": "syslog.demo.local", "port": 6514, "protocol": "TLS"}}
    assert scv.put("/4.1/audit/config", json=wanted) == wanted
    assert scv.get("/4.1/audit/config") == wanted
    scv.put("/4.1/audit/config", json={"maxFiles": 3})   # a replacement: what is left out takes its default
    assert scv.get("/4.1/audit/config")["syslog"] == {"enabled": False, "server": None, "port": 514, "protocol": "UDP"}
    for body, field in (({"syslog": {"enabled": True, "port": 0, "server": "s"}}, "syslog.port"),
                        ({"syslog": {"enabled": True, "port": 65536, "server": "s"}}, "syslog.port"),
                        ({"syslog": {"protocol": "FTP"}}, "syslog.protocol"),
                        ({"syslog": {"enabled": True}}, "syslog.server"),
                        ({"syslog": {"enabled": True, "server": " "}}, "syslog.server"),
                        ({"maxFiles": 11}, "maxFiles"), ({"maxFiles": 0}, "maxFiles"),
                        ({"maxFileSizeMB": 0}, "maxFileSizeMB"), ({"enabled": "sometimes"}, "enabled")):
        answer = scv.call("PUT", "/4.1/audit/config", json=body, expect=400)
        assert answer["responseMessage"][0].startswith(field), (body, answer)


def test_disabled_audit_records_only_its_own_configuration(scv):
    scv.put("/4.1/audit/config", json={"enabled": False})
    scv.create_policy()
    scv.put("/4.1/audit/config", json={"enabled": True})
    assert [(e["category"], e["details"][:12]) for e in _entries(scv)] == [
        ("ACCOUNT", "Login"), ("AUDIT", "enabled=Fals"), ("AUDIT", "enabled=True")]


def test_files_roll_keep_the_chain_and_at_most_max_files():
    with Simulator(extra_args=["--audit-roll-entries", "4"]) as rolling:
        scv = ScvClient(rolling)
        for number in range(13):
            scv.create_policy(f"p{number}")
        listed = scv.get("/4.1/audit/logs")["auditLogFiles"]
        names = [f["fileName"] for f in listed]
        assert names[0] == "audit.log" and len(names) == 4   # 14 entries: 4 + 4 + 4 rolled, 2 active
        assert all(re.fullmatch(r"audit-\d{8}-\d{6}(-\d+)?\.log\.gz", name) for name in names[1:])
        assert [f["entries"] for f in listed] == [2, 4, 4, 4]
        oldest_first = list(reversed(names))
        previous = "0" * 64
        for name in oldest_first:   # one chain across the files, oldest first
            entries = _entries(scv, name)
            previous = _independent_chain_check(entries, previous)
        rolled = scv.get(f"/4.1/audit/logs/{names[1]}")
        assert rolled["sizeBytes"] == len(gzip.compress(rolled["content"].encode(), mtime=0))
        assert scv.post("/4.1/audit/verify")["result"] == "PASSED"
        scv.put("/4.1/audit/config", json={"maxFiles": 2})
        assert [f["fileName"] for f in scv.get("/4.1/audit/logs")["auditLogFiles"]] == names[:2]
        # the oldest kept file still verifies: its first entry chains from a removed file
        assert scv.post("/4.1/audit/verify")["result"] == "PASSED"
        rolling.tamper_audit(file_name=names[1], line=1, field="user", value="root")
        result = scv.post("/4.1/audit/verify")
        assert result["files"] == [{"fileName": "audit.log", "integrityStatus": "VERIFIED", "firstBadEntry": None},
                                   {"fileName": names[1], "integrityStatus": "TAMPERED", "firstBadEntry": 1}]


def test_vcenter_calls_are_not_scv_audit_entries(scv, sim):
    vcenter = VcenterClient(sim)
    vcenter.raw("POST", "/api/vcenter/vm/vm-101/power", params={"action": "stop"})
    assert [e["category"] for e in _entries(scv)] == ["ACCOUNT"]
