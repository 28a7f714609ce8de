# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The flows of the data-protection modules (backup, restore, vmdk, mount, jobs, reports, schedules).

Each public function takes an ScvModule and returns the module's result dict; ScvModule.run() turns
errors into fail_json.  Every flow reads and validates everything first, then stops in check mode, then
writes: bad input fails before any write, and check mode never writes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os

from ansible_collections.snapcenter.vsphere.plugins.module_utils import backups as bk
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvApiError,
    ScvInputError,
    ScvJobFailedError,
)

# ---------------------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------------------


def run_job(module, endpoint, path_params=None, body=None, match=None):
    """Start an asynchronous operation through the JobRunner (no-job-id dialect, lost answers) and wait
    when the module's `wait` says so.  A failed job raises with the job's own messages and id."""
    return module.jobs.run(endpoint, path_params=path_params, body=body, match=match,
                           wait=module.params.get("wait", True))


class VmTarget:
    """A VM given by name/moref (`vm`) or, once deleted, by instance UUID (`vm_uuid`)."""

    def __init__(self, module, vm_option="vm", uuid_option="vm_uuid"):
        self.module = module
        vm = module.params.get(vm_option)
        self.uuid = module.params.get(uuid_option) if uuid_option else None
        self.moref = module.vcenter.resolve_one("vm", vm, vm_option) if vm else None
        # What SCV's {vm} path parameter takes: the moref, or the UUID for a deleted VM.
        self.key = self.moref or self.uuid
        self.label = "VM '%s'" % (vm or self.uuid)
        self._details = None

    @property
    def details(self):
        """vCenter's view of the VM ({} for a deleted VM)."""
        if self._details is None:
            self._details = self.module.vcenter.vm(self.moref) if self.moref else {}
        return self._details

    def backups(self):
        return self.module.client.call("vm.backups", path_params={"vm": self.key})

    def current_host(self):
        """The moref of the VM's host, when vCenter says ([H]: details 'host' or 'placement.host')."""
        return self.details.get("host") or (self.details.get("placement") or {}).get("host")

    def check_not_template(self, option="vm"):
        # [H] vCenter details mark templates; SCV refuses them too (400), but only after a POST.
        if self.details.get("template"):
            raise ScvInputError(option, "%s is a template; SCV cannot restore VM templates" % self.label)


def resolve_optional(module, kind, option):
    value = module.params.get(option)
    return module.vcenter.resolve_one(kind, value, option) if value else None


def backup_summary(raw):
    return bk.normalize_backup(raw) if raw else None


def result(changed, **values):
    values["changed"] = changed
    return values


def group_backups(client, group):
    """Every backup of a resource group: the backups of its entities that name the group, newest first."""
    raws = []
    for entity in group.get(bk.RESOURCE_GROUP_FIELDS["entities"]) or []:
        moref = entity.get(bk.ENTITY_FIELDS["moref"])
        kind = (entity.get(bk.ENTITY_FIELDS["type"]) or "VM").upper()
        if kind == "DATASTORE":
            raws.extend(client.call("datastores.backups", path_params={"moref": moref}))
        else:
            raws.extend(client.call("vm.backups", path_params={"vm": moref}))
    raws = bk.dedupe_by_id(raws, bk.BACKUP_FIELDS["id"])
    return bk.filter_backups(raws, resource_group_id=group.get(bk.RESOURCE_GROUP_FIELDS["id"]))


def time_window(module, now=None):
    """(newer_than, older_than) datetimes from the options of those names (durations or ISO times)."""
    now = now or datetime.datetime.now()
    return tuple(bk.parse_point_in_time(module.params[o], o, now) if module.params.get(o) else None
                 for o in ("newer_than", "older_than"))


# ---------------------------------------------------------------------------------------------------------
# backup, backup_info
# ---------------------------------------------------------------------------------------------------------


def backup(module):
    params = module.params
    max_age = bk.parse_duration(params["max_age"], "max_age") if params.get("max_age") else None
    client = module.client
    group = bk.lookup_resource_group(client, params["resource_group"])
    policy = bk.group_policy(group, params.get("policy"))
    group_id = group.get(bk.RESOURCE_GROUP_FIELDS["id"])
    policy_id = policy.get(bk.POLICY_FIELDS["id"])
    if max_age is not None:
        fresh = bk.filter_backups(group_backups(client, group), status=["COMPLETED"], policy_id=policy_id,
                                  newer_than=datetime.datetime.now() - max_age)
        if fresh:
            return result(False, backup=backup_summary(fresh[0]), job=None,
                          msg="backup %s is younger than max_age=%s" % (
                              fresh[0].get(bk.BACKUP_FIELDS["name"]), params["max_age"]))
    if module.check_mode:
        return result(True, backup=None, job=None)
    body = {bk.BACKUP_NOW_BODY["resource_group_id"]: group_id, bk.BACKUP_NOW_BODY["policy_id"]: policy_id}
    job = run_job(module, "resource_groups.backup_now", body=body,
                  match=lambda j: j.get("resource_group_id") in (None, str(group_id)))
    made = None
    if job.get("backup_id"):
        made = next((b for b in group_backups(client, group)
                     if bk.same_id(b.get(bk.BACKUP_FIELDS["id"]), job["backup_id"])), None)
    return result(True, job=job, backup=backup_summary(made))


def backup_info(module):
    params = module.params
    newer_than, older_than = time_window(module)
    if params.get("resource_group"):
        raws = group_backups(module.client, bk.lookup_resource_group(module.client, params["resource_group"]))
    elif params.get("datastore"):
        moref = module.vcenter.resolve_one("datastore", params["datastore"], "datastore")
        raws = module.client.call("datastores.backups", path_params={"moref": moref})
    else:
        raws = VmTarget(module).backups()
    kept = bk.filter_backups(raws, name=params.get("name"), status=params.get("status"),
                             newer_than=newer_than, older_than=older_than)
    if params.get("latest"):
        kept = kept[:1]
    return result(False, backups=[bk.normalize_backup(raw) for raw in kept])


# ---------------------------------------------------------------------------------------------------------
# restore
# ---------------------------------------------------------------------------------------------------------


def _vmdk_restore_plan(module, target, chosen, locations, disks, host):
    params = module.params
    path_params = {"vm": target.key, "backup_id": chosen.get(bk.BACKUP_FIELDS["id"])}
    disks = bk.select_vmdks(disks, params["vmdks"])
    available = [_datastore_name(d) for d in module.client.call("vm.available_datastores", path_params=path_params)]
    fields = bk.RESTORE_VMDKS_BODY
    items, plan = [], []
    for disk in disks:
        wanted = params.get("datastore") or disk.get(bk.VMDK_FIELDS["datastore"])
        if wanted not in available:
            raise ScvInputError("datastore", "'%s' is not among the datastores available for this restore (%s)" % (
                wanted, ", ".join(available) or "none"))
        source = bk.select_locations(locations, params["location"], bk.disk_datastores([disk]))[0]
        items.append({fields["from_location"]: source, fields["vmdk"]: disk, fields["datastore"]: wanted})
        plan.append({"path": disk.get(bk.VMDK_FIELDS["path"]), "datastore": wanted,
                     "location": source.get(bk.SNAPSHOT_LOCATION_FIELDS["location"])})
    body = {fields["esx_host"]: host.get(bk.ESX_HOST_FIELDS["name"]), fields["locations"]: items}
    return "vm.restore_vmdks", body, {"vmdks": plan}


def _datastore_name(item):
    """DatastoreNameList holds names; tolerate objects with a name."""
    return item.get("name") if isinstance(item, dict) else item


def _vm_restore_plan(module, chosen, locations, disks, host):
    restart = module.params["restart_vm"]
    if restart and chosen.get(bk.BACKUP_FIELDS["status"]) == bk.BACKUP_STATUS_PARTIAL:
        restart = False
        module.warn("backup %s is partial: SCV requires restart_vm=false for a partial backup, so the VM is "
                    "restored without a restart" % chosen.get(bk.BACKUP_FIELDS["name"]))
    host_name = host.get(bk.ESX_HOST_FIELDS["name"])
    sources = bk.select_locations(locations, module.params["location"], bk.disk_datastores(disks))
    body = {bk.RESTORE_BODY["restart_vm"]: restart,
            bk.RESTORE_BODY["locations"]: [dict(source, **{bk.RESTORE_BODY["esx_host"]: host_name})
                                           for source in sources]}
    return "vm.restore", body, {"restart_vm": restart, "locations": [
        bk.convert(source, bk.SNAPSHOT_LOCATION_FIELDS) for source in sources]}


def restore(module):
    params = module.params
    client = module.client
    target = VmTarget(module)
    target.check_not_template()
    chosen = bk.select_backup(target.backups(), params["backup"], owner=target.label)
    backup_id = chosen.get(bk.BACKUP_FIELDS["id"])
    path_params = {"vm": target.key, "backup_id": backup_id}
    locations = client.call("vm.snapshot_locations", path_params={"backup_id": backup_id})
    disks = client.call("vm.vmdk_locations_in_backup", path_params=path_params)
    hosts = client.call("vm.available_esx_hosts", path_params={"vm": target.key})
    host = bk.select_esx_host(hosts, params.get("esx_host"), preferred=target.current_host())
    if params.get("vmdks"):
        endpoint, body, details = _vmdk_restore_plan(module, target, chosen, locations, disks, host)
    else:
        endpoint, body, details = _vm_restore_plan(module, chosen, locations, disks, host)
    plan = dict(details, vm=params.get("vm"), vm_moref=target.moref, vm_uuid=target.uuid,
                backup=bk.normalize_backup(chosen), esx_host=bk.convert(host, bk.ESX_HOST_FIELDS))
    if module.check_mode:
        return result(True, plan=plan, backup=plan["backup"], job=None)
    try:
        job = run_job(module, endpoint, path_params=path_params, body=body)
    except ScvApiError as refused:
        if refused.status == 400 and any("template" in m.lower() for m in refused.api_messages):
            raise ScvInputError("vm", "%s is a template; SCV cannot restore VM templates (%s)" % (
                target.label, refused.msg))
        raise
    return result(True, plan=plan, backup=plan["backup"], job=job)


# ---------------------------------------------------------------------------------------------------------
# vmdk (attach / detach)
# ---------------------------------------------------------------------------------------------------------


def _bare_path(path):
    """``[ds] vm/vm_1.vmdk`` -> ``vm/vm_1.vmdk``."""
    return (path or "").split("] ", 1)[-1].strip()


def _is_copy_of(current, original_path):
    """A disk attached from a backup lives under the backup's snapshot but keeps the original's
    relative path at its end ([H]: ``[ds] .snapshot/<snapshot>/vm/vm_1.vmdk``)."""
    path = _bare_path(current.get(bk.VMDK_FIELDS["path"]))
    original = _bare_path(original_path)
    return path == original or path.endswith("/" + original)


def _vmdk_view(raw):
    return bk.convert(raw, bk.VMDK_FIELDS)


def vmdk(module):
    params = module.params
    client = module.client
    source = VmTarget(module, uuid_option=None)
    target_moref = resolve_optional(module, "vm", "target_vm") or source.moref
    current = client.call("vm.vmdk_locations_current", path_params={"vm": target_moref})
    attached = [c for c in current if c.get(bk.VMDK_FIELDS["attached_from_backup_id"]) is not None]
    chosen = None
    if params["state"] == "attached" or params.get("backup"):
        chosen = bk.select_backup(source.backups(), params.get("backup") or "latest", owner=source.label)
        backup_id = chosen.get(bk.BACKUP_FIELDS["id"])
        attached = [c for c in attached
                    if bk.same_id(c.get(bk.VMDK_FIELDS["attached_from_backup_id"]), backup_id)]
    if params["state"] == "attached":
        disks = bk.select_vmdks(client.call("vm.vmdk_locations_in_backup",
                                            path_params={"vm": source.moref, "backup_id": backup_id}), params["vmdks"])
        todo = [d for d in disks if not any(_is_copy_of(c, d.get(bk.VMDK_FIELDS["path"])) for c in attached)]
        fields = bk.ATTACH_BODY
        body = {fields["backup_id"]: backup_id, fields["vmdks"]: todo}
        if target_moref != source.moref:
            body[fields["alternate_vm"]] = target_moref
        endpoint = "vm.attach_vmdks"
    else:
        todo = attached if bk.wants_all(params["vmdks"]) else [
            c for c in attached if any(_is_copy_of(c, p) for p in params["vmdks"])]
        body = {bk.DETACH_BODY["vmdks"]: todo}
        endpoint = "vm.detach_vmdks"
    values = dict(backup=backup_summary(chosen), vmdks=[_vmdk_view(d) for d in todo], job=None)
    if not todo or module.check_mode:
        return result(bool(todo), **values)
    # Attach is sent for the VM whose backup holds the disks (alternateVmMoref names the target);
    # detach for the VM the disks are attached to.
    owner = source.moref if params["state"] == "attached" else target_moref
    values["job"] = run_job(module, endpoint, path_params={"vm": owner}, body=body)
    return result(True, **values)


# ---------------------------------------------------------------------------------------------------------
# mount / unmount
# ---------------------------------------------------------------------------------------------------------


def _mounted_view(raw, backup_raw):
    view = bk.convert(raw, bk.MOUNTED_FIELDS)
    view["backup"] = backup_raw.get(bk.BACKUP_FIELDS["name"])
    return view


def _mounts(client, backup_raw, host_name=None):
    mounted = client.call("datastores.mounted", path_params={"backup_id": backup_raw.get(bk.BACKUP_FIELDS["id"])})
    return [m for m in mounted if host_name in (None, m.get(bk.MOUNTED_FIELDS["esx_host"]))]


def mount(module):
    params = module.params
    client = module.client
    moref = module.vcenter.resolve_one("datastore", params["datastore"], "datastore")
    raws = client.call("datastores.backups", path_params={"moref": moref})
    hosts = client.call("datastores.available_esx_hosts", path_params={"moref": moref})
    host_name = None
    if params.get("esx_host"):
        host_name = bk.select_esx_host(hosts, params["esx_host"]).get(bk.ESX_HOST_FIELDS["name"])
    if params["state"] == "unmounted":
        return _unmount(module, raws, host_name)
    chosen = bk.select_backup(raws, params.get("backup") or "latest", owner="datastore '%s'" % params["datastore"])
    existing = _mounts(client, chosen, host_name)
    if existing:
        return result(False, datastore=_mounted_view(existing[0], chosen), backup=bk.normalize_backup(chosen), job=None)
    backup_id = chosen.get(bk.BACKUP_FIELDS["id"])
    location = bk.select_locations(
        client.call("datastores.snapshot_locations", path_params={"backup_id": backup_id}), params["location"],
        {moref: "datastore '%s'" % params["datastore"]})[0]
    host_name = host_name or bk.select_esx_host(hosts).get(bk.ESX_HOST_FIELDS["name"])
    planned = {"name": None, "moref": None, "esx_host": host_name, "backup": chosen.get(bk.BACKUP_FIELDS["name"])}
    if module.check_mode:
        return result(True, datastore=planned, backup=bk.normalize_backup(chosen), job=None)
    fields = bk.MOUNT_BODY
    body = {
        fields["datastore"]: location.get(bk.SNAPSHOT_LOCATION_FIELDS["datastore"]),
        fields["location"]: location.get(bk.SNAPSHOT_LOCATION_FIELDS["location"]),
        fields["esx_host"]: host_name,
    }
    job = run_job(module, "datastores.mount", path_params={"backup_id": backup_id}, body=body)
    made = _mounts(client, chosen, host_name) if job.get("status") != "running" else []
    return result(True, datastore=_mounted_view(made[0], chosen) if made else planned,
                  backup=bk.normalize_backup(chosen), job=job)


def _unmount(module, raws, host_name):
    """Unmount the copies of one backup (`backup` given) or of every backup of the datastore."""
    params = module.params
    if params.get("backup"):
        candidates = [bk.select_backup(raws, params["backup"], owner="datastore '%s'" % params["datastore"])]
    else:
        # Only backups the appliance marks mounted (or does not say) need a look at their mounts.
        candidates = [r for r in raws if r.get(bk.BACKUP_FIELDS["mounted"]) is not False]
    mounts = [(m, raw) for raw in candidates for m in _mounts(module.client, raw, host_name)]
    views = [_mounted_view(m, raw) for m, raw in mounts]
    if not mounts or module.check_mode:
        return result(bool(mounts), datastore=views[0] if views else None, unmounted=views, job=None)
    jobs = [run_job(module, "datastores.unmount",
                    body={bk.UNMOUNT_BODY["moref"]: m.get(bk.MOUNTED_FIELDS["moref"])}) for m, dummy in mounts]
    return result(True, datastore=views[0], unmounted=views, job=jobs[-1], jobs=jobs)


# ---------------------------------------------------------------------------------------------------------
# jobs
# ---------------------------------------------------------------------------------------------------------


def job_info(module):
    params = module.params
    runner = module.jobs
    if params.get("id") is None:
        newer_than, dummy = time_window(module)
        jobs = runner.list_jobs(params.get("type"), params.get("status"))
        if newer_than is not None:
            jobs = [j for j in jobs if (bk.parse_scv_time(j.get("start_time")) or datetime.datetime.min) >= newer_than]
        return result(False, jobs=bk.sort_newest_first(jobs, "start_time"))
    job_id = str(params["id"])
    if params.get("wait"):
        try:
            job = runner.wait(job_id, timeout=params["wait_timeout"])
        except ScvJobFailedError as failed:
            # Reporting a failed job is this module's purpose, not an error of the task.
            job = failed.job
    else:
        job = runner.get(job_id)
    values = {"job": job}
    if params.get("logs_dest"):
        dest = params["logs_dest"]
        text = module.client.call_text("jobs.logs", path_params={"id": job_id})
        values["logs_dest"] = dest
        values["logs_changed"] = _write_text(module, dest, text)
    return result(False, **values)


def _write_text(module, dest, text):
    """Write the file when its content differs; returns whether it did (or would, in check mode)."""
    if os.path.isdir(dest):
        raise ScvInputError("logs_dest", "'%s' is a directory; give a file path" % dest)
    if os.path.exists(dest):
        with open(dest, "r") as existing:
            if existing.read() == text:
                return False
    if not module.check_mode:
        with open(dest, "w") as out:
            out.write(text)
    return True


def job(module):
    runner = module.jobs
    job_id = str(module.params["id"])
    current = runner.get(job_id)
    status = current.get("status")
    if status == "failed":
        return result(False, job=current)
    if status != "running":
        raise ScvInputError("id", "job %s is %s; only a running job can be marked failed" % (job_id, status))
    if module.check_mode:
        return result(True, job=dict(current, status="failed"))
    module.client.call("jobs.fail", path_params={"id": job_id})
    return result(True, job=runner.get(job_id))


# ---------------------------------------------------------------------------------------------------------
# reports, schedules
# ---------------------------------------------------------------------------------------------------------


def report_info(module):
    which = module.params["report"]
    values = {}
    for report, endpoint in (("protected", "reports.protected_vms"), ("unprotected", "reports.unprotected_vms")):
        if which in (report, "all"):
            values[report] = [bk.normalize_report_vm(r) for r in module.client.call(endpoint) or []]
    values["counts"] = dict((report, len(values[report])) for report in ("protected", "unprotected")
                            if report in values)
    return result(False, **values)


def _schedules(module):
    return [bk.normalize_schedule(s) for s in module.client.call("schedules.list") or []]


def schedule_info(module):
    name = module.params.get("name")
    return result(False, schedules=[s for s in _schedules(module) if name in (None, s["name"])])


def schedule(module):
    params = module.params
    cron = bk.validate_quartz_cron(params["cron"], "cron")
    current = next((s for s in _schedules(module) if s["name"] == params["name"]), None)
    if current is None:
        raise ScvInputError("name", "the appliance has no schedule named '%s'" % params["name"])
    wanted = dict(current, cron=cron)
    changed = " ".join(str(current.get("cron") or "").split()) != cron
    values = {"schedule": wanted if changed else current}
    if module._diff:
        values["diff"] = {"before": current, "after": wanted}
    if changed and not module.check_mode:
        module.client.call("schedules.update", body={bk.SCHEDULE_BODY["name"]: params["name"],
                                                     bk.SCHEDULE_BODY["cron"]: cron})
        values["schedule"] = next((s for s in _schedules(module) if s["name"] == params["name"]), wanted)
    return result(changed, **values)
