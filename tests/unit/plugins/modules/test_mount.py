# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.snapcenter.vsphere.plugins.modules import mount
from ops_world import API, HOSTS, JOBS, LOCATIONS, NEW, OLD, job, started_job, vcenter

DS = API + "/datastores"
MOUNTED = {"datastoreMoref": "datastore-901", "datastoreName": "nfs_ds01_mount", "esxHostName": "esx02.test",
           "backupId": 42}


def appliance(fake_http, mounted=(), lowercase=False, jobs_listed=None, copy_in_vcenter=True):
    vcenter(fake_http)
    if copy_in_vcenter:
        # vSphere's view of the mounted copy (VMware's datastore Info).
        fake_http.route("GET", "/api/vcenter/datastore/datastore-901", raw={
            "name": "nfs_ds01_mount", "type": "NFS", "accessible": True, "free_space": 1, "multiple_host_access": False,
            "thin_provisioning_supported": True})
    if jobs_listed is not None:
        # The jobs the exactly-once check reads (mount: when nothing is mounted; unmount: per copy).
        fake_http.route("GET", JOBS, list(jobs_listed), times=1)
    fake_http.route("GET", DS + "/datastore-11/backups", {"backupResponseList": [OLD, dict(NEW, mounted=bool(mounted))]})
    hosts, snapshots = ("availableesxhosts", "snapshotlocations") if lowercase else ("availableEsxHosts", "snapshotlocators")
    fake_http.route("GET", DS + "/datastore-11/" + hosts, {"availableEsxHostsList": HOSTS})
    fake_http.route("GET", DS + "/backups/42/" + snapshots, {"snapshotLocationsList": LOCATIONS})
    fake_http.route("GET", DS + "/backups/42/mounted", {"mountedDatastoresList": list(mounted)}, times=1)


@pytest.mark.parametrize("with_job_id, lowercase", [(True, False), (False, True)], ids=["published", "lowercase"])
def test_mount_latest_on_a_host(fake_http, run_module, with_job_id, lowercase):
    appliance(fake_http, lowercase=lowercase, jobs_listed=[])
    started_job(fake_http, DS + "/backups/42/mount", job(50, "mountBackup"), with_job_id=with_job_id)
    fake_http.route("GET", DS + "/backups/42/mounted", {"mountedDatastoresList": [MOUNTED]})
    result = run_module(mount, {"datastore": "nfs_ds01", "esx_host": "host-22"})
    assert result["changed"] is True, result
    assert fake_http.writes() == [("POST", DS + "/backups/42/mount", {
        "datastore": "nfs_ds01", "location": "svm_nfs:vol1@rg_web_new", "esxHostName": "esx02.test"})]
    assert result["datastore"] == {"name": "nfs_ds01_mount", "moref": "datastore-901", "esx_host": "esx02.test",
                                   "backup_id": 42, "backup": "rg_web_new", "visible": True, "accessible": True}


def test_already_mounted_is_unchanged(fake_http, run_module):
    appliance(fake_http, mounted=[MOUNTED])
    result = run_module(mount, {"datastore": "nfs_ds01"})
    assert result["changed"] is False
    assert result["datastore"]["moref"] == "datastore-901"
    assert fake_http.writes() == []


def test_check_mode_plans_the_mount(fake_http, run_module):
    appliance(fake_http, jobs_listed=[])
    result = run_module(mount, {"datastore": "nfs_ds01", "location": "secondary"}, check_mode=True)
    assert result["changed"] is True
    assert result["datastore"]["esx_host"] == "esx01.test"


def test_unmount_every_mounted_copy_then_nothing(fake_http, run_module):
    appliance(fake_http, mounted=[MOUNTED], jobs_listed=[])
    started_job(fake_http, DS + "/unmount", job(51, "unmountBackup"))
    result = run_module(mount, {"datastore": "nfs_ds01", "state": "unmounted"})
    assert result["changed"] is True
    assert fake_http.writes() == [("POST", DS + "/unmount", {"datastoreMoref": "datastore-901"})]
    assert [m["moref"] for m in result["unmounted"]] == ["datastore-901"]


def test_unmount_when_nothing_is_mounted(fake_http, run_module):
    appliance(fake_http)
    result = run_module(mount, {"datastore": "nfs_ds01", "state": "unmounted", "backup": "rg_web_new"})
    assert result["changed"] is False


@pytest.mark.parametrize("args, option", [
    ({"datastore": "nope"}, "datastore"),
    ({"datastore": "nfs_ds01", "esx_host": "esx09.test"}, "esx_host"),
    ({"datastore": "nfs_ds01", "backup": "nope"}, "backup"),
])
def test_bad_input(fake_http, run_module, args, option):
    appliance(fake_http)
    result = run_module(mount, args)
    assert result["option"] == option
    assert fake_http.writes() == []


def mount_job(job_id, status, host="esx02.test", backup_id=42, moref="datastore-11", job_type="mountBackup"):
    return job(job_id, job_type, status=status, backupId=backup_id,
               name="Mount backup rg_web_new of datastore nfs_ds01 on %s" % host,
               entities=[{"moref": moref, "name": "nfs_ds01", "type": "DATASTORE"}])


@pytest.mark.parametrize("esx_host", [None, "esx02.test"], ids=["any-host", "that-host"])
def test_a_running_mount_of_the_same_backup_is_waited_on_not_doubled(fake_http, run_module, esx_host):
    appliance(fake_http, jobs_listed=[mount_job(52, "RUNNING")])
    fake_http.route("GET", JOBS + "/52", mount_job(52, "COMPLETED"))
    fake_http.route("GET", DS + "/backups/42/mounted", {"mountedDatastoresList": [MOUNTED]})
    args = {"datastore": "nfs_ds01"}
    if esx_host:
        args["esx_host"] = esx_host
    result = run_module(mount, args)
    assert result["changed"] is False, result
    assert result["earlier_job"]["id"] == "52" and "job 52" in result["msg"]
    assert result["datastore"]["moref"] == "datastore-901"
    assert fake_http.writes() == []


def test_a_running_mount_on_another_host_does_not_stop_a_mount_on_this_one(fake_http, run_module):
    appliance(fake_http, jobs_listed=[mount_job(53, "RUNNING", host="esx01.test")])
    started_job(fake_http, DS + "/backups/42/mount", job(54, "mountBackup"))
    fake_http.route("GET", DS + "/backups/42/mounted", {"mountedDatastoresList": [MOUNTED]})
    result = run_module(mount, {"datastore": "nfs_ds01", "esx_host": "esx02.test"})
    assert result["changed"] is True and result["earlier_job"] is None, result
    assert len(fake_http.writes()) == 1


def test_a_running_unmount_of_a_copy_is_waited_on_not_doubled(fake_http, run_module):
    appliance(fake_http, mounted=[MOUNTED], jobs_listed=[mount_job(55, "RUNNING", moref="datastore-901",
                                                                   job_type="unmountBackup")])
    fake_http.route("GET", JOBS + "/55", mount_job(55, "COMPLETED", moref="datastore-901", job_type="unmountBackup"))
    result = run_module(mount, {"datastore": "nfs_ds01", "state": "unmounted"})
    assert result["changed"] is False, result
    assert [j["id"] for j in result["earlier_jobs"]] == ["55"] and result["job"]["id"] == "55"
    assert fake_http.writes() == []


def test_a_mounted_copy_vcenter_does_not_know_is_reported_not_visible(fake_http, run_module):
    appliance(fake_http, mounted=[MOUNTED], copy_in_vcenter=False)
    fake_http.route("GET", "/api/vcenter/datastore/datastore-901", status=404, raw={"error_type": "NOT_FOUND"})
    result = run_module(mount, {"datastore": "nfs_ds01"}, check_mode=True)
    assert result["changed"] is False
    assert result["datastore"]["visible"] is False and result["datastore"]["accessible"] is None
