# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""On-demand backups and the backup lists: backup (backupnow), backup_info, and choosing a backup.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.snapcenter.vsphere.plugins.module_utils import times
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.targets import VmTarget
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    BACKUP_STATUSES_USABLE,
    ENTITY_DATASTORE,
    GROUP,
    backup_now_body,
    fold,
    newest_first,
    read_backups,
    same_id,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvError,
    ScvInputError,
    ScvJobFailedError,
    ScvLookupError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_scv_time

_ISO_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


# -- durations and points in time given in options --------------------------------------------------------

def parse_duration(value, option):
    """``24h``, ``90m``, ``7d``, ``1w``, ``1d12h`` -> timedelta; anything else fails naming the option."""
    try:
        return datetime.timedelta(seconds=times.parse_duration(value))
    except ValueError as exc:
        raise ScvInputError(option, str(exc))


def parse_point_in_time(value, option, now=None):
    """A duration back from now (``24h``) or an ISO 8601 local time (``2026-05-01T08:00``) -> datetime."""
    text = str(value).strip()
    parsed = times.strptime_first(text, _ISO_FORMATS)
    if parsed is not None:
        return parsed
    try:
        delta = parse_duration(text, option)
    except ScvInputError:
        raise ScvInputError(option, "'%s' is neither a duration (24h, 7d, 1w) nor an ISO 8601 time "
                                    "(2026-05-01T08:00)" % value)
    return (now or datetime.datetime.now()) - delta


def time_window(module, now=None):
    """(newer_than, older_than) datetimes from the options of those names (durations or ISO times)."""
    now = now or datetime.datetime.now()
    return tuple(parse_point_in_time(module.params[o], o, now) if module.params.get(o) else None
                 for o in ("newer_than", "older_than"))


# -- choosing backups ---------------------------------------------------------------------------------------

def filter_backups(backups, name=None, status=None, newer_than=None, older_than=None, resource_group_id=None,
                   policy_id=None):
    """The backups that pass every given filter, newest first."""
    kept = []
    wanted_statuses = fold(list(status)) if status else None
    for backup in backups:
        started = parse_scv_time(backup["start_time"])
        if name is not None and backup["name"] != name:
            continue
        if wanted_statuses and backup["status"] not in wanted_statuses:
            continue
        if newer_than is not None and (started is None or started < newer_than):
            continue
        if older_than is not None and (started is None or started >= older_than):
            continue
        if resource_group_id is not None and not same_id(backup["resource_group_id"], resource_group_id):
            continue
        if policy_id is not None and not same_id(backup["policy_id"], policy_id):
            continue
        kept.append(backup)
    return newest_first(kept)


def select_backup(backups, selector, option="backup", owner=None):
    """``latest`` (newest completed or partial backup), a backup name, or a backup id -> one backup."""
    owner_text = " of %s" % owner if owner else ""
    if selector in (None, "latest"):
        usable = filter_backups(backups, status=BACKUP_STATUSES_USABLE)
        if not usable:
            raise ScvInputError(option, "latest: there is no completed backup%s; take one first "
                                        "(snapcenter.vsphere.backup of a resource group that holds it)" % owner_text)
        return usable[0]
    matches = [backup for backup in backups if backup["name"] == selector]
    if not matches:
        matches = [backup for backup in backups if same_id(backup["id"], selector)]
    if not matches:
        raise ScvLookupError(option, "backup%s" % owner_text, selector,
                             hint="give a backup's name or id as snapcenter.vsphere.backup_info lists them, or latest")
    if len(matches) > 1:
        raise ScvLookupError(option, "backup", selector, [{"id": m["id"], "time": m["start_time"]} for m in matches])
    return matches[0]


def find_by_name(records, name, option, kind, hint=None):
    """One record of an SCV list by exact name (or by id); several or none fail naming the option."""
    matches = [record for record in records if record["name"] == name]
    if not matches:
        matches = [record for record in records if same_id(record["id"], name)]
    if not matches:
        raise ScvLookupError(option, kind, name, hint=hint)
    if len(matches) > 1:
        raise ScvLookupError(option, kind, name, [{"id": m["id"]} for m in matches])
    return matches[0]


def lookup_resource_group(client, name, option="resource_group"):
    return find_by_name(client.call("resource_groups.list", read=GROUP.read_all), name, option, "resource group",
                        hint="create it first (snapcenter.vsphere.resource_group, in an earlier task) or correct "
                             "the name; snapcenter.vsphere.resource_group_info lists them")


def group_policy(group, policy_name, option="policy"):
    """The group's attached policy by name; without a name, the group's only policy."""
    attached = group["policies"]
    if policy_name:
        return find_by_name(attached, policy_name, option,
                            "policy attached to resource group '%s'" % group["name"],
                            hint="it has %s; name one of them, or attach the policy with "
                                 "snapcenter.vsphere.resource_group (policies)" % (
                                     ", ".join(str(policy["name"]) for policy in attached) or "none"))
    if len(attached) != 1:
        names = ", ".join(str(policy["name"]) for policy in attached) or "none"
        raise ScvInputError(option, "resource group '%s' has %d policies (%s); name the one to back up with" % (
            group["name"], len(attached), names))
    return attached[0]


def group_backups(client, group, as_it_is=False):
    """Every backup of a resource group: the backups of its entities that name the group, newest first
    (one request per entity).

    With `as_it_is`, only the backups of the group with every entity it has now (what a fresh backup must
    hold, and what a backup just taken holds): one request, under its first entity.
    """
    backups, seen = [], set()
    entities = group["entities"][:1] if as_it_is else group["entities"]
    for entity in entities:
        if entity["type"] == ENTITY_DATASTORE:
            listed = client.call("datastores.backups", path_params={"moref": entity["moref"]}, read=read_backups)
        else:
            listed = client.call("vm.backups", path_params={"vm": entity["moref"]}, read=read_backups)
        for backup in listed:
            # A backup of several entities is listed under each of them.
            if str(backup["id"]) not in seen:
                seen.add(str(backup["id"]))
                backups.append(backup)
    if as_it_is:
        backups = [backup for backup in backups if holds_every_entity(backup, group)]
    return filter_backups(backups, resource_group_id=group["id"])


def holds_every_entity(backup, group):
    """Whether a backup holds every entity the group has now (a backup that lists no entities: assumed)."""
    held = set(str(entity["moref"]) for entity in backup["entities"] or [])
    return not held or set(str(entity["moref"]) for entity in group["entities"]) <= held


# -- the flows --------------------------------------------------------------------------------------------

def explain_failed_backup(client, failed, group):
    """A failed backup job, with what to do when the reason is the usual one on a new appliance: no
    storage system registered, so no datastore of the group could be snapshotted."""
    try:
        registered = client.call("storage_systems.list")
    except ScvError:
        return failed   # the job's own messages are all there is to say
    if registered:
        return failed
    return failed.about("resource_group", "no storage system is registered in SCV, so no datastore of '%s' "
                                          "could be backed up: register the ONTAP cluster or SVM that holds its "
                                          "datastores first (snapcenter.vsphere.storage_system), then back up "
                                          "again" % group["name"])


def backup(module):
    params = module.params
    max_age = parse_duration(params["max_age"], "max_age") if params.get("max_age") else None
    client = module.client
    try:
        group = lookup_resource_group(client, params["resource_group"])
    except ScvLookupError as missing:
        if not module.check_mode or missing.candidates:
            raise
        # In a checked play the group may be one an earlier task only planned.
        module.warn("resource_group: no resource group named '%s' exists yet; check mode reports the backup "
                    "it would get, a real run fails here unless it exists by then" % params["resource_group"])
        return result(True, backup=None, job=None)
    policy = group_policy(group, params.get("policy"))
    if max_age is not None:
        # A fresh backup must hold the group as it is now: one backup list request, not one per entity.
        fresh = filter_backups(group_backups(client, group, as_it_is=True), status=["completed"], policy_id=policy["id"],
                               newer_than=datetime.datetime.now() - max_age)
        if fresh:
            return result(False, backup=fresh[0], job=None,
                          msg="backup %s is younger than max_age=%s" % (fresh[0]["name"], params["max_age"]))
    if module.check_mode:
        return result(True, backup=None, job=None)
    try:
        job = module.run_job("resource_groups.backup_now", body=backup_now_body(group, policy),
                             match=lambda j: j.get("resource_group_id") in (None, str(group["id"])))
    except ScvJobFailedError as failed:
        raise explain_failed_backup(client, failed, group)
    made = None
    if job.get("backup_id"):
        made = next((b for b in group_backups(client, group, as_it_is=True) if same_id(b["id"], job["backup_id"])),
                    None)
    return result(True, job=job, backup=made)


def backup_info(module):
    params = module.params
    newer_than, older_than = time_window(module)
    if params.get("resource_group"):
        backups = group_backups(module.client, lookup_resource_group(module.client, params["resource_group"]))
    elif params.get("datastore"):
        moref = module.vcenter.resolve_one("datastore", params["datastore"], "datastore")
        backups = module.client.call("datastores.backups", path_params={"moref": moref}, read=read_backups)
    else:
        backups = VmTarget(module).backups()
    kept = filter_backups(backups, name=params.get("name"), status=params.get("status"),
                          newer_than=newer_than, older_than=older_than)
    if params.get("latest"):
        kept = kept[:1]
    return result(False, backups=kept)
