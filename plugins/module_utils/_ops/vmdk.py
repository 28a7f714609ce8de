# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Virtual disks: choosing VMDKs of a backup, attaching them to a VM and detaching them.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import jobs
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.backups import select_backup
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.targets import VmTarget, resolve_optional
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    VMDK,
    attach_body,
    detach_body,
    fold,
    same_id,
    split_datastore_path,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError


def vmdk_matches(disk, wanted_path):
    """``[ds1] vm/vm_1.vmdk`` is also known as ``vm/vm_1.vmdk`` (without the datastore)."""
    path = (disk["path"] or "").strip()
    return wanted_path.strip() in (path, split_datastore_path(path)[1])


def wants_all(vmdks):
    return fold([str(v).strip() for v in vmdks or []]) == ["all"]


def select_vmdks(disks, vmdks, option="vmdks"):
    """VMDK paths (or ``all``) -> the VMDK records of the backup, in the order given."""
    if wants_all(vmdks):
        if not disks:
            raise ScvInputError(option, "the backup holds no VMDK")
        return list(disks)
    chosen, missing = [], []
    for path in vmdks:
        found = [disk for disk in disks if vmdk_matches(disk, path)]
        if not found:
            missing.append(path)
        elif len(found) > 1:
            raise ScvInputError(option, "'%s' matches several VMDKs (%s); give the full path with the "
                                        "datastore" % (path, ", ".join(disk["path"] for disk in found)))
        elif found[0] not in chosen:
            chosen.append(found[0])
    if missing:
        raise ScvInputError(option, "not in the backup: %s (the backup holds: %s)" % (
            ", ".join(missing), ", ".join(str(disk["path"]) for disk in disks) or "none"))
    return chosen


def is_copy_of(current, original_path):
    """A disk attached from a backup lives under the backup's snapshot but keeps the original's
    relative path at its end ([H]: ``[ds] .snapshot/<snapshot>/vm/vm_1.vmdk``)."""
    path = split_datastore_path(current["path"])[1]
    original = split_datastore_path(original_path)[1]
    return path == original or path.endswith("/" + original)


def _plan(module, source, target_moref, chosen):
    """(endpoint, body, the disks to attach or detach) from the VM's current disks."""
    params = module.params
    client = module.client
    current = client.call("vm.vmdk_locations_current", path_params={"vm": target_moref}, read=VMDK.read_all)
    attached = [disk for disk in current if disk["attached_from_backup_id"] is not None]
    if chosen is not None:
        attached = [disk for disk in attached if same_id(disk["attached_from_backup_id"], chosen["id"])]
    if params["state"] == "attached":
        in_backup = client.call("vm.vmdk_locations_in_backup", path_params={"vm": source.moref, "backup_id": chosen["id"]},
                                read=VMDK.read_all)
        disks = select_vmdks(in_backup, params["vmdks"])
        todo = [disk for disk in disks if not any(is_copy_of(c, disk["path"]) for c in attached)]
        body = attach_body(chosen, todo, alternate_vm=target_moref if target_moref != source.moref else None)
        return "vm.attach_vmdks", body, todo
    todo = attached if wants_all(params["vmdks"]) else [
        disk for disk in attached if any(is_copy_of(disk, path) for path in params["vmdks"])]
    return "vm.detach_vmdks", detach_body(todo), todo


def vmdk(module):
    params = module.params
    source = VmTarget(module, uuid_option=None)
    target_moref = resolve_optional(module, "vm", "target_vm") or source.moref
    chosen = None
    if params["state"] == "attached" or params.get("backup"):
        chosen = select_backup(source.backups(), params.get("backup") or "latest", owner=source.label)
    endpoint, body, todo = _plan(module, source, target_moref, chosen)
    earlier = None
    if todo and params["state"] == "attached":
        # The VM's disks show an attach only once its job has ended: one still running (a relaunched task)
        # is waited on and the disks read again, so the same disks are never attached twice.
        earlier = jobs.identical_job(module, "attachVmdk", chosen["id"], (target_moref,))
        if earlier is not None:
            earlier = jobs.join(module, earlier)
            if not module.check_mode:
                endpoint, body, todo = _plan(module, source, target_moref, chosen)
    values = dict(backup=chosen, vmdks=todo, job=None, earlier_job=earlier)
    if earlier is not None:
        values["msg"] = jobs.describe_earlier(earlier, "attach of disks of backup %s to %s" % (chosen["name"],
                                                                                               target_moref))
        if not todo or module.check_mode:
            # In check mode the running attach is not waited on: it is what would have attached the disks.
            values.update(job=earlier, vmdks=[])
            return result(False, **values)
    if not todo or module.check_mode:
        return result(bool(todo), **values)
    # Attach is sent for the VM whose backup holds the disks (alternateVmMoref names the target);
    # detach for the VM the disks are attached to.
    owner = source.moref if params["state"] == "attached" else target_moref
    values["job"] = module.run_job(endpoint, path_params={"vm": owner}, body=body)
    return result(True, **values)
