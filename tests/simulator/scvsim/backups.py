"""Backups: what a resource group backup snapshots, retention, and the backup/snapshot views."""
import copy

from . import inventory
from .errors import ApiError, not_found
from .jobs import completes, log
from .state import backup_name_time, format_time

DAY = 86400
SCHEDULE_TYPE_ON_DEMAND = "OnDemand"
SIMULATED_SCV_HOST = "scv-sim"


def _spanned_datastores(group: dict, vm: dict) -> list[str]:
    """Datastores backed up for a VM entity under the group's spanning rule."""
    used = inventory.vm_datastore_morefs(vm)
    if not used:
        return []
    spanning = group["spanningDatastores"]
    if spanning["spanningType"] == "INCLUDE_ALL":
        return used
    if spanning["spanningType"] == "CUSTOM":
        return [used[0]] + [moref for moref in used[1:] if moref in spanning["datastores"]]
    return [used[0]]


def datastore_index(state) -> dict:
    """datastore moref -> morefs of the VMs with a disk on it (one pass; for requests that ask often)."""
    index = {}
    for vm in inventory.vms(state).values():
        for moref in inventory.vm_datastore_morefs(vm):
            index.setdefault(moref, []).append(vm["moref"])
    return index


def coverage(state, group: dict, on_datastore: dict | None = None) -> tuple[list[str], list[str]]:
    """(VM morefs, datastore morefs) that a backup of the group covers, in a stable order.

    `on_datastore` (from datastore_index) saves a scan of all VMs per datastore entity.
    """
    vm_morefs, datastore_morefs = {}, {}   # dicts as ordered sets
    vms, datastores = inventory.vms(state), inventory.datastores(state)
    for moref in group["_entityMorefs"]:
        if moref in vms:
            vm_morefs[moref] = None
            datastore_morefs.update(dict.fromkeys(_spanned_datastores(group, vms[moref])))
        elif moref in datastores:
            datastore_morefs[moref] = None
            users = (on_datastore.get(moref, []) if on_datastore is not None
                     else [vm["moref"] for vm in inventory.vms_on_datastore(state, moref)])
            vm_morefs.update(dict.fromkeys(users))
    return list(vm_morefs), list(datastore_morefs)


def backup_name(group: dict, policy: dict, moment: float) -> str:
    prefix = group["name"]
    if group.get("customSnapshotFormat"):
        prefix = (group["customSnapshotFormat"].replace("$ResourceGroup", group["name"])
                  .replace("$Policy", policy["name"]).replace("$HostName", SIMULATED_SCV_HOST)
                  .replace("$ScheduleType", SCHEDULE_TYPE_ON_DEMAND).replace("$CustomText", ""))
    return f"{prefix}_{backup_name_time(moment)}"


def snapshot_plan(state, datastore_morefs: list[str], snapshot: str) -> tuple[list, list]:
    """(snapshots taken, datastore morefs skipped): a datastore is snapshotted when SCV knows its SVM."""
    done, skipped = [], []
    for moref in datastore_morefs:
        datastore = inventory.datastores(state)[moref]
        if inventory.storage_system_for_svm(state, datastore["svm"]) is None:
            skipped.append(moref)
            continue
        # the secondary (SnapMirror/SnapVault destination) SVM is fixed at backup time: renaming the
        # primary SVM later does not rename its DR partner
        done.append({"datastoreMoref": moref, "datastore": datastore["name"], "svm": datastore["svm"],
                     "secondarySvm": f"{datastore['svm']}_dr", "volume": datastore["volume"],
                     "snapshotName": snapshot})
    return done, skipped


def vm_records(state, vm_morefs: list[str], snapped: set[str]) -> dict:
    """What the backup keeps of each VM (by instance UUID): configuration and the disks it captured."""
    records = {}
    for moref in vm_morefs:
        vm = copy.deepcopy(inventory.vms(state)[moref])
        vm["disks"] = [dict(disk, _datastoreName=inventory.datastores(state)[disk["datastoreMoref"]]["name"])
                       for disk in vm["disks"] if disk["datastoreMoref"] in snapped]
        if vm["disks"]:
            records[vm["instanceUuid"]] = vm
    return records


def backup_record(state, group: dict, policy: dict, start: float, end: float, snapshots: list,
                  partial: bool, records: dict) -> dict:
    """A backup as stored (contract shape plus internal `_keys`), with a fresh id."""
    secondary = bool(policy["snapMirror"] or policy["snapVault"])
    return {
        "backupId": state.next_id(), "backupName": snapshots[0]["snapshotName"], "resourceGroupId": group["id"],
        "resourceGroupName": group["name"], "policyId": policy["id"], "policyName": policy["name"],
        "status": "PARTIAL" if partial else "COMPLETED",
        "startTime": format_time(start), "endTime": format_time(end),
        "vmConsistent": bool(policy["vmConsistency"]), "mounted": False,
        "locations": ["PRIMARY", "SECONDARY"] if secondary else ["PRIMARY"],
        "entities": group_entities(state, group),
        "_start": start, "_snapshots": snapshots, "_secondary": secondary, "_vms": records,
    }


def group_entities(state, group: dict) -> list[dict]:
    return [e for e in (inventory.entity_of(state, m) for m in group["_entityMorefs"]) if e]


@completes("backup")
def complete_backup(sim, job: dict) -> str:
    state = sim.state
    params = job["_params"]
    group = state["resource_groups"].get(str(params["resourceGroupId"]))
    policy = state["policies"].get(str(params["policyId"]))
    if group is None or policy is None:
        raise ApiError(404, "The resource group or policy was deleted while the backup ran")
    vm_morefs, datastore_morefs = coverage(state, group)
    if not datastore_morefs:
        group["lastRunStatus"] = "FAILED"
        raise ApiError(400, f"Resource group {group['name']} has nothing left to back up")
    name = backup_name(group, policy, job["_start"])
    if policy["vmConsistency"]:
        for moref in vm_morefs:
            log(sim, job, f"Quiesced VM {inventory.vms(state)[moref]['name']} (VMware snapshot)")
    snapshots, skipped = snapshot_plan(state, datastore_morefs, name)
    for moref in skipped:
        datastore = inventory.datastores(state)[moref]
        log(sim, job, f"Datastore {datastore['name']}: the storage system of SVM {datastore['svm']} "
                      "is not registered in SCV; it was not backed up", "ERROR")
    for snap in snapshots:
        log(sim, job, f"Created snapshot {name} of volume {snap['svm']}:{snap['volume']} "
                      f"(datastore {snap['datastore']})")
    if not snapshots:
        group["lastRunStatus"] = "FAILED"
        log(sim, job, "No datastore could be backed up: backup failed", "ERROR")
        return "FAILED"
    if policy["snapMirror"] or policy["snapVault"]:
        log(sim, job, f"Updated {'SnapVault' if policy['snapVault'] else 'SnapMirror'} relationship(s) "
                      f"with label '{policy['snapshotLabel']}'")
    if group.get("latestSnapshotName"):
        log(sim, job, f"Kept a copy named {group['name']}_recent")
    records = vm_records(state, vm_morefs, {s["datastoreMoref"] for s in snapshots})
    backup = backup_record(state, group, policy, job["_start"], job["_due"], snapshots, bool(skipped), records)
    state["backups"][str(backup["backupId"])] = backup
    job["backupId"] = backup["backupId"]
    log(sim, job, f"Backup {name} (id {backup['backupId']}) {backup['status']}")
    _apply_retention(sim, job, backup, policy)
    status = "WARNING" if skipped else "COMPLETED"
    group["lastRunStatus"] = status
    return status


def _in_use(state, backup_id: int) -> bool:
    mounted = any(mount["backupId"] == backup_id for mount in state["mounts"])
    attached = any(disk["attachedFromBackupId"] == backup_id
                   for vm in inventory.vms(state).values() for disk in vm["disks"])
    return mounted or attached


def _apply_retention(sim, job: dict, newest: dict, policy: dict) -> None:
    state = sim.state
    siblings = sorted((b for b in state["backups"].values()
                       if b["resourceGroupId"] == newest["resourceGroupId"] and b["policyId"] == policy["id"]),
                      key=lambda b: (b["_start"], b["backupId"]), reverse=True)
    retention = policy["retention"]
    if retention["type"] == "COUNT":
        expired = siblings[retention["value"]:]
    else:
        cutoff = state.now() - retention["value"] * DAY
        expired = [b for b in siblings if b["_start"] < cutoff and b is not newest]
    for backup in expired:
        if _in_use(state, backup["backupId"]):
            log(sim, job, f"Retention: kept expired backup {backup['backupName']} because it is mounted "
                          "or has attached disks", "WARNING")
            continue
        del state["backups"][str(backup["backupId"])]
        log(sim, job, f"Retention ({retention['type']} {retention['value']}): deleted backup {backup['backupName']}")


# --- views and lookups -------------------------------------------------------------------------

def backup_view(state, backup: dict) -> dict:
    view = dict(backup)
    view["mounted"] = any(mount["backupId"] == backup["backupId"] for mount in state["mounts"])
    return view


def require_backup(state, backup_id: int) -> dict:
    backup = state["backups"].get(str(backup_id))
    if backup is None:
        raise not_found(f"No backup with id '{backup_id}'")
    return backup


def newest_first(backups) -> list[dict]:
    return sorted(backups, key=lambda b: (b["_start"], b["backupId"]), reverse=True)


def vm_uuid_for(state, key: str) -> str:
    """The instance UUID behind a VM moref or UUID path segment; 404 when nothing knows it."""
    vm = inventory.vm_by_moref_or_uuid(state, key)
    if vm is not None:
        return vm["instanceUuid"]
    if any(key in backup["_vms"] for backup in state["backups"].values()):
        return key   # a deleted VM, still known to its backups by UUID
    raise not_found(f"No VM with moref or instance UUID '{key}'")


def backups_of_vm(state, key: str) -> list[dict]:
    uuid = vm_uuid_for(state, key)
    return newest_first(b for b in state["backups"].values() if uuid in b["_vms"])


def backups_of_datastore(state, moref: str) -> list[dict]:
    return newest_first(b for b in state["backups"].values()
                        if any(s["datastoreMoref"] == moref for s in b["_snapshots"]))


def snapshot_locations(backup: dict) -> list[dict]:
    locations = []
    for snap in backup["_snapshots"]:
        copies = [("PRIMARY", snap["svm"], snap["volume"])]
        if backup["_secondary"]:
            copies.append(("SECONDARY", snap.get("secondarySvm") or f"{snap['svm']}_dr", f"{snap['volume']}_dst"))
        for kind, svm, volume in copies:
            locations.append({"locationType": kind, "datastore": snap["datastore"],
                              "datastoreMoref": snap["datastoreMoref"], "storageSystem": svm, "volume": volume,
                              "snapshotName": snap["snapshotName"],
                              "location": f"{svm}:{volume}@{snap['snapshotName']}"})
    return locations


def current_svm_name(state, svm: str) -> str:
    """Follow PATCH /storage-system renames: an SVM renamed a->b (and later b->c) is now c."""
    renames = state["svm_renames"]
    seen = set()
    while svm in renames and svm not in seen:
        seen.add(svm)
        svm = renames[svm]
    return svm


def _canonical_location(state, location: str) -> str:
    svm, colon, rest = location.partition(":")
    return f"{current_svm_name(state, svm)}{colon}{rest}" if colon else location


def find_location(state, backup: dict, location: str, field: str) -> dict:
    """The snapshot location named by its `location` string; names from before an SVM rename work too."""
    wanted = _canonical_location(state, location)
    for candidate in snapshot_locations(backup):
        if candidate["location"] in (location, wanted):
            return candidate
    raise ApiError(400, f"{field}: '{location}' is not a snapshot location of backup {backup['backupName']}")


def vm_record(backup: dict, uuid: str) -> dict:
    record = backup["_vms"].get(uuid)
    if record is None:
        raise not_found(f"Backup {backup['backupName']} does not contain this VM")
    return record
