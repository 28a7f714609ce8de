# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Restores: a whole VM, a deleted VM (by instance UUID), or some of a VM's VMDKs.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import jobs
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.backups import select_backup
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.placement import (
    disk_datastores,
    select_esx_host,
    select_locations,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.targets import VmTarget
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.vmdk import select_vmdks
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    BACKUP_STATUS_PARTIAL,
    ENTITY_VM,
    ESX_HOST,
    JOB_RUNNING,
    LOCATION,
    VMDK,
    read_datastore_names,
    restore_body,
    restore_vmdks_body,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError


def _vmdk_restore_plan(module, path_params, locations, disks, host):
    params = module.params
    disks = select_vmdks(disks, params["vmdks"])
    available = module.client.call("vm.available_datastores", path_params=path_params, read=read_datastore_names)
    chosen, planned = [], []
    for disk in disks:
        wanted = params.get("datastore") or disk["datastore"]
        if wanted not in available:
            raise ScvInputError("datastore", "'%s' is not among the datastores available for this restore (%s)" % (
                wanted, ", ".join(available) or "none"))
        source = select_locations(locations, params["location"], disk_datastores([disk]))[0]
        chosen.append((source, disk, wanted))
        planned.append({"path": disk["path"], "datastore": wanted, "location": source["location"]})
    return "vm.restore_vmdks", restore_vmdks_body(host, chosen), {"vmdks": planned}


def _vm_restore_plan(module, backup, locations, disks, host):
    restart = module.params["restart_vm"]
    if restart and backup["status"] == BACKUP_STATUS_PARTIAL:
        restart = False
        module.warn("backup %s is partial: SCV requires restart_vm=false for a partial backup, so the VM is "
                    "restored without a restart" % backup["name"])
    sources = select_locations(locations, module.params["location"], disk_datastores(disks))
    return "vm.restore", restore_body(restart, sources, host), {"restart_vm": restart, "locations": sources}


def restore(module):
    params = module.params
    client = module.client
    target = VmTarget(module)
    target.check_not_template()
    backup = select_backup(target.backups(), params["backup"], owner=target.label)
    path_params = {"vm": target.key, "backup_id": backup["id"]}
    locations = client.call("vm.snapshot_locations", path_params={"backup_id": backup["id"]}, read=LOCATION.read_all)
    disks = client.call("vm.vmdk_locations_in_backup", path_params=path_params, read=VMDK.read_all)
    hosts = client.call("vm.available_esx_hosts", path_params={"vm": target.key}, read=ESX_HOST.read_all)
    host = select_esx_host(hosts, params.get("esx_host"), preferred=target.current_host())
    if params.get("vmdks"):
        endpoint, body, details = _vmdk_restore_plan(module, path_params, locations, disks, host)
    else:
        endpoint, body, details = _vm_restore_plan(module, backup, locations, disks, host)
    plan = dict(details, vm=params.get("vm"), vm_moref=target.moref, vm_uuid=target.uuid, backup=backup,
                esx_host=host, power_state=target.details.get("power_state"))
    # Exactly once: the same restore (VM, backup, kind) running, or done within the window, is not started again.
    window = jobs.idempotency_window(params.get("idempotency_window"))
    keys = (target.moref, target.uuid, target.details.get("instance_uuid"))
    earlier = jobs.identical_job(module, api.ENDPOINTS[endpoint].job_type, backup["id"], keys, window)
    if earlier is not None and target.moref is None and earlier["status"] != JOB_RUNNING \
            and _recreated_vm(module, backup, target.uuid, quiet=True) is None:
        # A deleted VM that an earlier restore brought back is gone again: vCenter's state says the
        # restore's work is undone, so the earlier job does not make this one done.
        module.warn("job %s restored the VM with instance UUID %s from backup %s, but vCenter has no such VM now: "
                    "restoring it again" % (earlier["id"], target.uuid, backup["name"]))
        earlier = None
    if earlier is not None:
        kind = "VMDK restore" if params.get("vmdks") else "restore"
        what = "%s of %s from backup %s" % (kind, target.label, backup["name"])
        job = jobs.join(module, earlier)
        if params.get("vmdks"):
            module.warn("a job does not say which VMDKs it restored: job %s restored disks of %s from backup %s "
                        "(%s); to restore other disks from the same backup within idempotency_window, set "
                        "idempotency_window=0" % (job["id"], target.label, backup["name"], job.get("name")))
        return result(False, plan=plan, backup=backup, job=job, earlier_job=job,
                      restored_vm=_restored(module, target, backup, job), msg=jobs.describe_earlier(job, what))
    if module.check_mode:
        return result(True, plan=plan, backup=backup, job=None, restored_vm=None, earlier_job=None)
    job = module.run_job(endpoint, path_params=path_params, body=body)
    return result(True, plan=plan, backup=backup, job=job, restored_vm=_restored(module, target, backup, job),
                  earlier_job=None)


def _restored(module, target, backup, job):
    """The VM the restore brought back, once its job has ended (None while it runs or in check mode)."""
    if job is None or job["status"] == JOB_RUNNING or module.check_mode:
        return None
    if target.moref is not None:
        return {"moref": target.moref, "name": module.params.get("vm"), "instance_uuid": target.uuid}
    return _recreated_vm(module, backup, target.uuid)


def _recreated_vm(module, backup, uuid, quiet=False):
    """A deleted VM comes back under a new moref, with its name and instance UUID: look its name up in
    vCenter (the backup names its VMs) and keep the one whose instance UUID is the restored one.
    None when vCenter has no such VM (a warning unless `quiet`)."""
    names = sorted(set(entity["name"] for entity in backup["entities"] if entity["type"] == ENTITY_VM and entity["name"]))
    for name, morefs in sorted(module.vcenter.morefs("vm", names).items()):
        for moref in morefs:
            details = module.vcenter.vm(moref)
            if details.get("instance_uuid") == uuid:
                return {"moref": details["moref"], "name": name, "instance_uuid": uuid}
    if not quiet:
        module.warn("the restore of the VM with instance UUID %s ended, but vCenter lists no VM of that backup (%s) "
                    "with that UUID yet; restored_vm is null" % (uuid, ", ".join(names) or "no VM names"))
    return None
