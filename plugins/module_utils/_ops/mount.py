# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Mounting a datastore backup on an ESX host, and unmounting it.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import jobs
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.backups import select_backup
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.placement import select_esx_host, select_locations
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    ESX_HOST,
    JOB_RUNNING,
    LOCATION,
    MOUNTED,
    mount_body,
    read_backups,
    unmount_body,
)


def _mount_view(mounted, backup):
    return dict(mounted, backup=backup["name"])


def _with_vcenter_view(module, view):
    """The mounted copy as vSphere sees it: `visible` (vCenter knows the datastore) and `accessible`
    (vCenter's own flag), so a drill can check that the copy is usable, not only that SCV says it mounted."""
    if not view.get("moref") or module.check_mode and view.get("name") is None:
        return dict(view, visible=None, accessible=None)
    details = module.vcenter.datastore(view["moref"])
    return dict(view, visible=details is not None, accessible=(details or {}).get("accessible"))


def _mounts(client, backup, host_name=None):
    listed = client.call("datastores.mounted", path_params={"backup_id": backup["id"]}, read=MOUNTED.read_all)
    return [mounted for mounted in listed if host_name in (None, mounted["esx_host"])]


def mount(module):
    params = module.params
    client = module.client
    moref = module.vcenter.resolve_one("datastore", params["datastore"], "datastore")
    backups = client.call("datastores.backups", path_params={"moref": moref}, read=read_backups)
    hosts = client.call("datastores.available_esx_hosts", path_params={"moref": moref}, read=ESX_HOST.read_all)
    host_name = select_esx_host(hosts, params["esx_host"])["name"] if params.get("esx_host") else None
    if params["state"] == "unmounted":
        return _unmount(module, backups, host_name)
    owner = "datastore '%s'" % params["datastore"]
    backup = select_backup(backups, params.get("backup") or "latest", owner=owner)
    existing = _mounts(client, backup, host_name)
    earlier = None
    if not existing:
        # A mount shows in the list only once its job has ended: one still running (a relaunched task) is
        # waited on, then the list read again, so a backup is never mounted twice. Jobs do not name their host
        # as an entity; with esx_host their name must end with it (house, low confidence: docs/api-notes.md).
        earlier = jobs.identical_job(module, "mountBackup", backup["id"], (moref,),
                                     name_has=(" on %s" % host_name) if host_name else None)
        if earlier is not None:
            earlier = jobs.join(module, earlier)
            existing = _mounts(client, backup, host_name) if earlier["status"] != JOB_RUNNING else []
            what = "mount of backup %s of %s" % (backup["name"], owner)
            planned = {"name": None, "moref": None, "esx_host": host_name, "backup": backup["name"]}
            view = _with_vcenter_view(module, _mount_view(existing[0], backup)) if existing else planned
            return result(False, datastore=view, backup=backup,
                          job=earlier, earlier_job=earlier, msg=jobs.describe_earlier(earlier, what))
    if existing:
        return result(False, datastore=_with_vcenter_view(module, _mount_view(existing[0], backup)), backup=backup,
                      job=None, earlier_job=None)
    locations = client.call("datastores.snapshot_locations", path_params={"backup_id": backup["id"]},
                            read=LOCATION.read_all)
    location = select_locations(locations, params["location"], {moref: owner})[0]
    host_name = host_name or select_esx_host(hosts)["name"]
    planned = {"name": None, "moref": None, "esx_host": host_name, "backup": backup["name"]}
    if module.check_mode:
        return result(True, datastore=planned, backup=backup, job=None, earlier_job=None)
    job = module.run_job("datastores.mount", path_params={"backup_id": backup["id"]},
                         body=mount_body(location, host_name))
    made = _mounts(client, backup, host_name) if job.get("status") != JOB_RUNNING else []
    view = _with_vcenter_view(module, _mount_view(made[0], backup)) if made else planned
    return result(True, datastore=view, backup=backup, job=job, earlier_job=None)


def _unmount(module, backups, host_name):
    """Unmount the copies of one backup (`backup` given) or of every backup of the datastore."""
    params = module.params
    if params.get("backup"):
        candidates = [select_backup(backups, params["backup"], owner="datastore '%s'" % params["datastore"])]
    else:
        # Only backups the appliance marks mounted (or does not say) need a look at their mounts.
        candidates = [backup for backup in backups if backup["mounted"] is not False]
    mounts = [(mounted, backup) for backup in candidates for mounted in _mounts(module.client, backup, host_name)]
    # A copy still listed while an unmount of it runs (a relaunched task): that job is waited on, not doubled.
    earlier = []
    for mounted, backup in list(mounts):
        running = jobs.identical_job(module, "unmountBackup", backup["id"], (mounted["moref"],))
        if running is not None:
            earlier.append(jobs.join(module, running))
            mounts.remove((mounted, backup))
    views = [_mount_view(mounted, backup) for mounted, backup in mounts]
    if not mounts or module.check_mode:
        return result(bool(mounts), datastore=views[0] if views else None, unmounted=views,
                      job=earlier[-1] if earlier and not mounts else None, earlier_jobs=earlier)
    started = [module.run_job("datastores.unmount", body=unmount_body(mounted)) for mounted, dummy in mounts]
    return result(True, datastore=views[0], unmounted=views, job=started[-1], jobs=started, earlier_jobs=earlier)
