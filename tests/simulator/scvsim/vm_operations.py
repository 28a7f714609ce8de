"""VM restore, VMDK restore, attach and detach: request checks (synchronous) and job completions."""
import copy

from . import inventory
from .backups import find_location, require_backup, vm_record, vm_uuid_for
from .errors import ApiError, bad_request, conflict
from .jobs import completes, create_job, job_entity, log


def _disk_by_path(disks: list[dict], path: str, field: str, owner: str) -> dict:
    for disk in disks:
        if disk["vmdkPath"] == path:
            return disk
    raise bad_request(f"{field}: '{path}' is not a VMDK of {owner}")


def _job_vm(state, key: str) -> dict:
    vm = inventory.vm_by_moref_or_uuid(state, key)
    if vm is None:
        raise ApiError(404, f"VM {key} no longer exists")
    return vm


def _remove_from_resource_groups(sim, job: dict, moref: str) -> None:
    for group in sim.state["resource_groups"].values():
        if moref in group["_entityMorefs"]:
            group["_entityMorefs"].remove(moref)
            log(sim, job, f"Removed VM {moref} from resource group {group['name']}")


# --- restore a VM (moref or instance UUID) ----------------------------------------------------

def start_restore(sim, vm_key: str, backup_id: int, body) -> dict:
    state = sim.state
    uuid = vm_uuid_for(state, vm_key)
    backup = require_backup(state, backup_id)
    record = vm_record(backup, uuid)
    if record["template"]:
        raise bad_request(f"VM {record['name']} is a template; templates cannot be restored")
    if backup["status"] == "PARTIAL" and body.restartVM:
        raise bad_request("restartVM: must be false when restoring from a partial backup")
    backed_datastores = {disk["datastoreMoref"] for disk in record["disks"]}
    hosts = []
    for index, item in enumerate(body.restoreLocations):
        location = find_location(state, backup, item.location, f"restoreLocations[{index}].location")
        if location["datastoreMoref"] not in backed_datastores:
            raise bad_request(f"restoreLocations[{index}].location: holds no disk of VM {record['name']}")
        hosts.append(inventory.host_by_name_or_moref(state, item.esxHost, f"restoreLocations[{index}].esxHost"))
    live = inventory.vm_by_moref_or_uuid(state, uuid)
    # a deleted VM has no moref until the restore re-creates it (then the entity gets the new one)
    entity = job_entity(live["moref"] if live else None, record["name"], "VM", uuid)
    return create_job(sim, "restore", f"Restore VM {record['name']} from backup {backup['backupName']}",
                      {"backupId": backup_id, "uuid": uuid, "restartVM": body.restartVM,
                       "hostMoref": hosts[0]["moref"]}, backup_id=backup_id, entities=[entity])


@completes("restore")
def complete_restore(sim, job: dict) -> str:
    state, params = sim.state, job["_params"]
    backup = state["backups"].get(str(params["backupId"]))
    if backup is None:
        raise ApiError(404, f"Backup {params['backupId']} was deleted while the restore ran")
    record = backup["_vms"][params["uuid"]]
    vm = inventory.vm_by_moref_or_uuid(state, params["uuid"])
    if vm is None:
        # a deleted VM comes back under a new moref (same name and instance UUID)
        vm = copy.deepcopy(record)
        vm["moref"] = state.next_moref("vm")
        vm["host"] = params["hostMoref"]
        for disk in vm["disks"]:
            disk.pop("_datastoreName", None)
        inventory.vms(state)[vm["moref"]] = vm
        log(sim, job, f"Re-created deleted VM {vm['name']} as {vm['moref']} on host "
                      f"{inventory.hosts(state)[vm['host']]['name']}")
        for entity in job["entities"]:
            if entity.get("uuid") == params["uuid"]:
                entity["moref"] = vm["moref"]
    else:
        restored = {disk["diskKey"]: disk for disk in record["disks"]}
        kept = [disk for disk in vm["disks"] if disk["diskKey"] not in restored]
        for disk in kept:
            if disk["attachedFromBackupId"] is not None:
                log(sim, job, f"Detached {disk['vmdkPath']} (attached from backup {disk['attachedFromBackupId']})")
        kept = [disk for disk in kept if disk["attachedFromBackupId"] is None]
        vm["disks"] = sorted([{k: v for k, v in disk.items() if k != "_datastoreName"}
                              for disk in record["disks"]] + kept, key=lambda d: d["diskKey"])
        log(sim, job, f"Overwrote VM {vm['name']} ({vm['moref']}) with backup {backup['backupName']}")
        _remove_from_resource_groups(sim, job, vm["moref"])
    vm["power_state"] = "POWERED_ON" if params["restartVM"] else "POWERED_OFF"
    if backup["status"] == "PARTIAL":
        log(sim, job, "Partial backup: only the disks it captured were restored", "WARNING")
        return "WARNING"
    return "COMPLETED"


# --- restore VMDKs ------------------------------------------------------------------------------

def start_restore_vmdks(sim, moref: str, backup_id: int, body) -> dict:
    state = sim.state
    vm = inventory.require_vm(state, moref)
    backup = require_backup(state, backup_id)
    record = vm_record(backup, vm["instanceUuid"])
    inventory.host_by_name_or_moref(state, body.esxHost, "esxHost")
    items = []
    for index, item in enumerate(body.vmdkRestoreLocations):
        field = f"vmdkRestoreLocations[{index}]"
        location = find_location(state, backup, item.restoreFromLocation.location,
                                 f"{field}.restoreFromLocation.location")
        disk = _disk_by_path(record["disks"], item.vmdkToRestore.vmdkPath, f"{field}.vmdkToRestore.vmdkPath",
                             f"VM {vm['name']} in backup {backup['backupName']}")
        if location["datastoreMoref"] != disk["datastoreMoref"]:
            raise bad_request(f"{field}.restoreFromLocation: does not hold {disk['vmdkPath']}")
        target = inventory.datastore_by_name_or_moref(state, item.restoreToDatastore)
        if target is None or target["mountedFromBackupId"] is not None:
            raise bad_request(f"{field}.restoreToDatastore: '{item.restoreToDatastore}' is not an available datastore")
        items.append({"diskKey": disk["diskKey"], "targetMoref": target["moref"]})
    count = f"{len(items)} VMDK{'s' if len(items) != 1 else ''}"
    return create_job(sim, "restoreVmdk", f"Restore {count} of VM {vm['name']} from backup {backup['backupName']}",
                      {"backupId": backup_id, "moref": moref, "items": items}, backup_id=backup_id,
                      entities=[job_entity(vm["moref"], vm["name"], "VM")])


@completes("restoreVmdk")
def complete_restore_vmdks(sim, job: dict) -> str:
    state, params = sim.state, job["_params"]
    vm = _job_vm(state, params["moref"])
    backup = state["backups"].get(str(params["backupId"]))
    if backup is None:
        raise ApiError(404, f"Backup {params['backupId']} was deleted while the restore ran")
    saved = {disk["diskKey"]: disk for disk in backup["_vms"][vm["instanceUuid"]]["disks"]}
    for item in params["items"]:
        disk = {k: v for k, v in saved[item["diskKey"]].items() if k != "_datastoreName"}
        target = inventory.datastores(state)[item["targetMoref"]]
        if target["moref"] != disk["datastoreMoref"]:
            disk["vmdkPath"] = f"[{target['name']}] {disk['vmdkPath'].split('] ', 1)[-1]}"
            disk["datastoreMoref"] = target["moref"]
        vm["disks"] = [d for d in vm["disks"] if d["diskKey"] != disk["diskKey"]] + [disk]
        vm["disks"].sort(key=lambda d: d["diskKey"])
        log(sim, job, f"Restored {disk['vmdkPath']} to datastore {target['name']}")
    return "COMPLETED"


# --- attach / detach VMDKs from a backup ---------------------------------------------------------

def start_attach(sim, moref: str, body) -> dict:
    state = sim.state
    source = inventory.require_vm(state, moref)
    backup = require_backup(state, body.backupId)
    record = vm_record(backup, source["instanceUuid"])
    target = source
    if body.alternateVmMoref:
        target = inventory.vms(state).get(body.alternateVmMoref)
        if target is None:
            raise bad_request(f"alternateVmMoref: no VM with moref '{body.alternateVmMoref}'")
    if target["template"]:
        raise bad_request(f"VM {target['name']} is a template; disks cannot be attached to it")
    paths = []
    for index, item in enumerate(body.vmdkLocations):
        disk = _disk_by_path(record["disks"], item.vmdkPath, f"vmdkLocations[{index}].vmdkPath",
                             f"VM {source['name']} in backup {backup['backupName']}")
        if any(d.get("_sourcePath") == disk["vmdkPath"] and d["attachedFromBackupId"] == backup["backupId"]
               for d in target["disks"]):
            raise conflict(f"vmdkLocations[{index}]: {disk['vmdkPath']} of this backup is already attached "
                           f"to VM {target['name']}")
        paths.append(disk["vmdkPath"])
    source_text = f" (disks of VM {source['name']})" if target is not source else ""
    return create_job(sim, "attachVmdk", f"Attach VMDKs of backup {backup['backupName']}{source_text} "
                                         f"to VM {target['name']}",
                      {"backupId": backup["backupId"], "sourceUuid": source["instanceUuid"],
                       "targetMoref": target["moref"], "paths": paths}, backup_id=backup["backupId"],
                      entities=[job_entity(target["moref"], target["name"], "VM")])


@completes("attachVmdk")
def complete_attach(sim, job: dict) -> str:
    state, params = sim.state, job["_params"]
    target = _job_vm(state, params["targetMoref"])
    backup = state["backups"].get(str(params["backupId"]))
    if backup is None:
        raise ApiError(404, f"Backup {params['backupId']} was deleted while the attach ran")
    saved = {disk["vmdkPath"]: disk for disk in backup["_vms"][params["sourceUuid"]]["disks"]}
    snapshot = backup["_snapshots"][0]["snapshotName"]
    for path in params["paths"]:
        original = saved[path]
        datastore_name, file_part = path[1:].split("] ", 1)
        disk = {"vmdkPath": f"[{datastore_name}] .snapshot/{snapshot}/{file_part}",
                "diskKey": max([d["diskKey"] for d in target["disks"]] + [1999]) + 1,
                "controller": f"SCSI 1:{sum(1 for d in target['disks'] if d['attachedFromBackupId'] is not None)}",
                "datastoreMoref": original["datastoreMoref"], "capacityGB": original["capacityGB"],
                "attachedFromBackupId": backup["backupId"], "_sourcePath": path}
        target["disks"].append(disk)
        log(sim, job, f"Attached {disk['vmdkPath']} to VM {target['name']} as {disk['controller']}")
    return "COMPLETED"


def start_detach(sim, moref: str, body) -> dict:
    state = sim.state
    vm = inventory.require_vm(state, moref)
    paths, sources = [], []
    for index, item in enumerate(body.vmdksToDetach):
        path = item if isinstance(item, str) else item.vmdkPath
        disk = _disk_by_path(vm["disks"], path, f"vmdksToDetach[{index}]", f"VM {vm['name']}")
        if disk["attachedFromBackupId"] is None:
            raise bad_request(f"vmdksToDetach[{index}]: {path} was not attached from a backup; "
                              "only such disks can be detached")
        paths.append(path)
        sources.append(disk["attachedFromBackupId"])
    return create_job(sim, "detachVmdk", f"Detach VMDKs from VM {vm['name']}", {"moref": moref, "paths": paths},
                      backup_id=sources[0], entities=[job_entity(vm["moref"], vm["name"], "VM")])


@completes("detachVmdk")
def complete_detach(sim, job: dict) -> str:
    vm = _job_vm(sim.state, job["_params"]["moref"])
    for path in job["_params"]["paths"]:
        before = len(vm["disks"])
        vm["disks"] = [d for d in vm["disks"] if d["vmdkPath"] != path]
        if len(vm["disks"]) == before:
            log(sim, job, f"{path} was already gone", "WARNING")
        else:
            log(sim, job, f"Detached {path} from VM {vm['name']}")
    return "COMPLETED"
