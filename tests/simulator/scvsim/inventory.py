"""Questions about the environment (vCenter objects, ONTAP registration) that several areas ask."""
from .errors import bad_request, not_found


def vms(state) -> dict:
    return state["vcenter"]["vms"]


def datastores(state) -> dict:
    return state["vcenter"]["datastores"]


def hosts(state) -> dict:
    return state["vcenter"]["hosts"]


def vm_by_moref_or_uuid(state, key: str) -> dict | None:
    found = vms(state).get(key)
    if found is None:
        found = next((vm for vm in vms(state).values() if vm["instanceUuid"] == key), None)
    return found


def require_vm(state, moref: str) -> dict:
    vm = vms(state).get(moref)
    if vm is None:
        raise not_found(f"No VM with moref '{moref}'")
    return vm


def require_datastore(state, moref: str) -> dict:
    datastore = datastores(state).get(moref)
    if datastore is None:
        raise not_found(f"No datastore with moref '{moref}'")
    return datastore


def datastore_by_name_or_moref(state, key: str) -> dict | None:
    found = datastores(state).get(key)
    if found is None:
        found = next((ds for ds in datastores(state).values() if ds["name"] == key), None)
    return found


def host_by_name_or_moref(state, key: str, field: str) -> dict:
    found = hosts(state).get(key) or next((h for h in hosts(state).values() if h["name"] == key), None)
    if found is None:
        raise bad_request(f"{field}: unknown ESX host '{key}'")
    return found


def entity_of(state, moref: str) -> dict | None:
    """The `{moref, name, type}` form resource groups and backups answer, or None if it is gone."""
    if moref in vms(state):
        return {"moref": moref, "name": vms(state)[moref]["name"], "type": "VM"}
    if moref in datastores(state):
        return {"moref": moref, "name": datastores(state)[moref]["name"], "type": "DATASTORE"}
    return None


def vm_datastore_morefs(vm: dict) -> list[str]:
    """Datastores holding the VM's disks; the first one (its home) is the primary datastore."""
    ordered = []
    for disk in vm["disks"]:
        if disk["datastoreMoref"] not in ordered:
            ordered.append(disk["datastoreMoref"])
    return ordered


def vms_on_datastore(state, moref: str) -> list[dict]:
    return [vm for vm in vms(state).values() if moref in vm_datastore_morefs(vm)]


def all_svm_names(state) -> set[str]:
    return {svm for cluster in state["ontap"]["clusters"] for svm in cluster["svms"]}


def cluster_of_svm(state, svm: str) -> dict | None:
    return next((c for c in state["ontap"]["clusters"] if svm in c["svms"]), None)


def storage_system_for_svm(state, svm: str) -> dict | None:
    """The registered storage system that manages the SVM: the SVM itself or its cluster."""
    for system in state["storage_systems"].values():
        if system["name"] == svm or (system["type"] == "CLUSTER"
                                     and svm in [s["name"] for s in system["svms"]]):
            return system
    return None


def disk_view(state, disk: dict) -> dict:
    """A VMDK location as answered (contract: vmdkPath, diskKey, controller, datastore, ...)."""
    datastore = datastores(state).get(disk["datastoreMoref"])
    name = datastore["name"] if datastore else disk.get("_datastoreName", "")
    return {"vmdkPath": disk["vmdkPath"], "diskKey": disk["diskKey"], "controller": disk["controller"],
            "datastore": name, "datastoreMoref": disk["datastoreMoref"], "capacityGB": disk["capacityGB"],
            "attachedFromBackupId": disk["attachedFromBackupId"]}


def host_view(host: dict) -> dict:
    return {"name": host["name"], "moref": host["moref"]}
