"""The vCenter stand-in: VM filters, datastore details, mounted backups as datastores."""
import pytest

from simclient import ScvClient, VcenterClient


@pytest.fixture
def vcenter(sim):
    return VcenterClient(sim)


def _names(vms):
    return sorted(vm["name"] for vm in vms)


def test_vm_list_filters(vcenter):
    assert _names(vcenter.get("/api/vcenter/vm", params={"datastores": "datastore-12"})) == ["db01", "tmpl-rhel9"]
    assert _names(vcenter.get("/api/vcenter/vm", params={"datastores": ["datastore-11", "datastore-13"]})) == \
        ["app01", "db01", "web01", "web02"]
    assert _names(vcenter.get("/api/vcenter/vm", params={"hosts": "host-22"})) == \
        _names(vm for vm in vcenter.get("/api/vcenter/vm") if vcenter.get(f"/api/vcenter/vm/{vm['vm']}")["host"] == "host-22")
    assert _names(vcenter.get("/api/vcenter/vm", params={"datastores": "datastore-13", "names": "db01"})) == ["db01"]
    off = vcenter.get("/api/vcenter/vm", params={"power_states": "POWERED_OFF"})
    assert off and all(vm["power_state"] == "POWERED_OFF" for vm in off)
    assert vcenter.get("/api/vcenter/vm", params={"datastores": "datastore-404"}) == []


def test_datastore_details(vcenter, sim):
    details = vcenter.get("/api/vcenter/datastore/datastore-11")
    assert details == {"name": "nfs_ds01", "type": "NFS", "accessible": True, "free_space": 612 * 1024 ** 3,
                       "capacity": 1024 * 1024 ** 3, "multiple_host_access": True,
                       "thin_provisioning_supported": True}
    missing = vcenter.raw("GET", "/api/vcenter/datastore/datastore-404")
    assert missing.status_code == 404 and missing.json()["error_type"] == "NOT_FOUND"
    vcenter.session_id = "no-such-session"
    assert vcenter.raw("GET", "/api/vcenter/datastore/datastore-11").status_code == 401


def test_mounted_backup_is_a_datastore_until_unmounted(vcenter, sim):
    scv = ScvClient(sim)
    scv.register_cluster()
    policy = scv.create_policy()
    group = scv.create_group("rg_ds", ["datastore-11"], policy["id"])
    backup_id = scv.backup_now(group["id"], policy["id"])["backupId"]
    location = scv.get(scv.ds_snapshot_path(backup_id))["snapshotLocationsList"][0]
    scv.run_job(f"/4.1/datastores/backups/{backup_id}/mount",
                {"datastore": "nfs_ds01", "location": location["location"], "esxHostName": "esx01.demo.local"},
                "mountBackup")
    mounted = scv.get(f"/4.1/datastores/backups/{backup_id}/mounted")["mountedDatastoresList"][0]
    listed = {ds["datastore"]: ds for ds in vcenter.get("/api/vcenter/datastore")}
    assert listed[mounted["datastoreMoref"]]["name"] == mounted["datastoreName"]
    details = vcenter.get(f"/api/vcenter/datastore/{mounted['datastoreMoref']}")
    assert details["accessible"] is True and details["name"] == mounted["datastoreName"]
    assert details["multiple_host_access"] is False   # mounted on one host
    scv.run_job("/4.1/datastores/unmount", {"datastoreMoref": mounted["datastoreMoref"]}, "unmountBackup")
    assert mounted["datastoreMoref"] not in {ds["datastore"] for ds in vcenter.get("/api/vcenter/datastore")}
    assert vcenter.raw("GET", f"/api/vcenter/datastore/{mounted['datastoreMoref']}").status_code == 404
