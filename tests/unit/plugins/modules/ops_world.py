# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small appliance for the operation modules' unit tests: API objects and route helpers.

Used with the fake_http fixture of tests/unit/conftest.py (which fails a test on any write in check mode).
"""

API = "/api/4.1"
JOBS = API + "/jobs"

VCENTER_VMS = [
    {"vm": "vm-101", "name": "web01", "power_state": "POWERED_ON"},
    {"vm": "vm-104", "name": "app01", "power_state": "POWERED_ON"},
    {"vm": "vm-105", "name": "tmpl-rhel9", "power_state": "POWERED_OFF"},
]
VCENTER_DATASTORES = [{"datastore": "datastore-11", "name": "nfs_ds01", "type": "NFS"}]
UUID = "50123e4a-0001-4c6b-9a10-000000000101"

GROUP = {"id": 7, "name": "rg_web", "entities": [{"moref": "vm-101", "name": "web01", "type": "VM"}],
         "policies": [{"id": 3, "name": "daily", "schedule": None}]}


def backup(backup_id, name, start, status="COMPLETED", policy_id=3, locations=("PRIMARY",)):
    return {"backupId": backup_id, "backupName": name, "resourceGroupId": 7, "resourceGroupName": "rg_web",
            "policyId": policy_id, "policyName": "daily", "status": status, "startTime": start,
            "endTime": start, "vmConsistent": False, "mounted": False, "locations": list(locations),
            "entities": [{"moref": "vm-101", "name": "web01", "type": "VM"}]}


OLD = backup(41, "rg_web_old", "11/27/2026 01:30:05 AM")
NEW = backup(42, "rg_web_new", "11/28/2026 01:30:05 PM")
FAILED = backup(43, "rg_web_failed", "11/28/2026 02:30:05 PM", status="FAILED")

LOCATIONS = [
    {"locationType": "PRIMARY", "datastore": "nfs_ds01", "datastoreMoref": "datastore-11", "storageSystem": "svm_nfs",
     "volume": "vol1", "snapshotName": "rg_web_new", "location": "svm_nfs:vol1@rg_web_new"},
    {"locationType": "SECONDARY", "datastore": "nfs_ds01", "datastoreMoref": "datastore-11",
     "storageSystem": "svm_nfs_dr", "volume": "vol1_dst", "snapshotName": "rg_web_new",
     "location": "svm_nfs_dr:vol1_dst@rg_web_new"},
]
HOSTS = [{"name": "esx01.test", "moref": "host-21"}, {"name": "esx02.test", "moref": "host-22"}]
DISK = {"vmdkPath": "[nfs_ds01] web01/web01.vmdk", "diskKey": 2000, "controller": "SCSI 0:0",
        "datastore": "nfs_ds01", "datastoreMoref": "datastore-11", "capacityGB": 40, "attachedFromBackupId": None}


def job(job_id, job_type="backup", status="COMPLETED", **extra):
    raw = {"id": job_id, "name": "%s job" % job_type, "type": job_type, "status": status,
           "startTime": "11/28/2026 01:30:05 PM", "endTime": None if status == "RUNNING" else "11/28/2026 01:31:05 PM",
           "resourceGroupId": None, "backupId": None, "messages": ["%s %s" % (job_type, status.lower())]}
    raw.update(extra)
    return raw


def vcenter(fake_http, vm_details=None):
    """vCenter's lookups (raw JSON, no SCV envelope)."""
    fake_http.route("GET", "/api/vcenter/vm", raw=VCENTER_VMS)
    fake_http.route("GET", "/api/vcenter/datastore", raw=VCENTER_DATASTORES)
    for moref, details in (vm_details or {}).items():
        fake_http.route("GET", "/api/vcenter/vm/%s" % moref, raw=details)


def vm_details(moref="vm-101", uuid=UUID, **extra):
    return dict({"name": "web01", "identity": {"instance_uuid": uuid}}, **extra)


def started_job(fake_http, post_path, done, with_job_id=True):
    """A POST that starts job `done` (an API job), in either job-id dialect, and its polling routes.

    The jobs list is empty before the POST and holds the job after it, as the no-job-id dialect needs.
    """
    job_type = done["type"]
    fake_http.route("GET", JOBS, [], times=1)
    fake_http.route("POST", post_path, {"jobId": done["id"]} if with_job_id else None)
    fake_http.route("GET", JOBS, [done])
    fake_http.route("GET", "%s/%s" % (JOBS, done["id"]), done)
    return job_type
