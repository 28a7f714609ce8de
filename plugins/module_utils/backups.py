# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Backups, jobs and schedules as the operation modules speak of them.

Pure helpers, no HTTP of their own except the name lookups that take a client:
- the API field names of the objects the operation modules read (the declarations below, the only place
  in the operation code that spells them);
- converters from API objects to the snake_case objects the modules return;
- durations and points in time given in options (``24h``, ``2026-05-01T08:00``), ISO times beside the
  appliance's own strings;
- choosing a backup (``latest`` | name | id), VMDKs (paths or ``all``), an ESX host, a snapshot location;
- resource group and policy lookup by name; Quartz cron validation.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.snapcenter.vsphere.plugins.module_utils import times
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError, ScvLookupError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_scv_time, scv_time_to_iso

# ---------------------------------------------------------------------------------------------------------
# Declarations: returned key -> API field.  Contract section 2 ("Shapes"); [H] facts unless noted.
# ---------------------------------------------------------------------------------------------------------
BACKUP_FIELDS = {
    "id": "backupId",
    "name": "backupName",
    "status": "status",
    "start_time": "startTime",
    "end_time": "endTime",
    "resource_group": "resourceGroupName",
    "resource_group_id": "resourceGroupId",
    "policy": "policyName",
    "policy_id": "policyId",
    "vm_consistent": "vmConsistent",
    "mounted": "mounted",
    "locations": "locations",
    "entities": "entities",
}
SNAPSHOT_LOCATION_FIELDS = {
    "location_type": "locationType",
    "datastore": "datastore",
    "datastore_moref": "datastoreMoref",
    "storage_system": "storageSystem",
    "volume": "volume",
    "snapshot": "snapshotName",
    "location": "location",
}
VMDK_FIELDS = {
    "path": "vmdkPath",
    "disk_key": "diskKey",
    "controller": "controller",
    "datastore": "datastore",
    "datastore_moref": "datastoreMoref",
    "capacity_gb": "capacityGB",
    "attached_from_backup_id": "attachedFromBackupId",
}
ESX_HOST_FIELDS = {"name": "name", "moref": "moref"}
MOUNTED_FIELDS = {
    "moref": "datastoreMoref",
    "name": "datastoreName",
    "esx_host": "esxHostName",
    "backup_id": "backupId",
}
REPORT_FIELDS = {
    "name": "vmName",
    "moref": "vmMoref",
    "resource_groups": "resourceGroups",
    "last_backup_name": "lastBackupName",
    "last_backup_time": "lastBackupTime",
    "last_backup_status": "lastBackupStatus",
}
SCHEDULE_FIELDS = {"name": "name", "cron": "cronExpression", "description": "description"}
ENTITY_FIELDS = {"moref": "moref", "name": "name", "type": "type"}
RESOURCE_GROUP_FIELDS = {"id": "id", "name": "name", "entities": "entities", "policies": "policies"}
POLICY_FIELDS = {"id": "id", "name": "name"}

# Request bodies [D names unless noted].
RESTORE_BODY = {"restart_vm": "restartVM", "locations": "restoreLocations", "esx_host": "esxHost"}
RESTORE_VMDKS_BODY = {
    "esx_host": "esxHost",
    "locations": "vmdkRestoreLocations",
    "from_location": "restoreFromLocation",
    "vmdk": "vmdkToRestore",
    "datastore": "restoreToDatastore",
}
ATTACH_BODY = {"backup_id": "backupId", "vmdks": "vmdkLocations", "alternate_vm": "alternateVmMoref"}
DETACH_BODY = {"vmdks": "vmdksToDetach"}
MOUNT_BODY = {"datastore": "datastore", "location": "location", "esx_host": "esxHostName"}
UNMOUNT_BODY = {"moref": "datastoreMoref"}  # [H shape]
BACKUP_NOW_BODY = {"resource_group_id": "resourceGroupId", "policy_id": "policyId"}
SCHEDULE_BODY = {"name": "name", "cron": "cronExpression"}

# Enumerations as the API spells them.
BACKUP_STATUS_GOOD = ("COMPLETED", "PARTIAL")
BACKUP_STATUS_PARTIAL = "PARTIAL"
BUILTIN_SCHEDULES = (
    "Schedule-DatabaseDump",
    "Schedule-PurgeBackups",
    "Schedule-AsupDataCollection",
    "Schedule-ComputeStorageSaving",
    "Schedule-PurgeJobs",
)

# ---------------------------------------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------------------------------------


def same_id(left, right):
    """Ids are opaque scalars (42 or "42"): compare them as strings."""
    return left is not None and right is not None and str(left) == str(right)


def convert(raw, fields):
    """An API object -> a dict with the module's keys (absent fields are None)."""
    raw = raw or {}
    return dict((key, raw.get(field)) for key, field in fields.items())


def lower(value):
    return value.lower() if isinstance(value, str) else value


def parse_duration(value, option):
    """``24h``, ``90m``, ``7d``, ``1w``, ``1d12h`` -> timedelta; anything else fails naming the option."""
    try:
        return datetime.timedelta(seconds=times.parse_duration(value))
    except ValueError as exc:
        raise ScvInputError(option, str(exc))


def parse_point_in_time(value, option, now=None):
    """A duration back from now (``24h``) or an ISO 8601 local time (``2026-05-01T08:00``) -> datetime."""
    text = str(value).strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        delta = parse_duration(text, option)
    except ScvInputError:
        raise ScvInputError(option, "'%s' is neither a duration (24h, 7d, 1w) nor an ISO 8601 time "
                                    "(2026-05-01T08:00)" % value)
    return (now or datetime.datetime.now()) - delta


def with_iso_times(item, *keys):
    """Add ``<key>_iso`` beside each appliance time string."""
    for key in keys:
        item["%s_iso" % key] = scv_time_to_iso(item.get(key))
    return item


def normalize_backup(raw):
    backup = convert(raw, BACKUP_FIELDS)
    backup["id"] = raw.get(BACKUP_FIELDS["id"])
    backup["status"] = lower(backup["status"])
    backup["locations"] = [lower(loc) for loc in backup["locations"] or []]
    backup["entities"] = [dict(convert(e, ENTITY_FIELDS), type=lower(e.get(ENTITY_FIELDS["type"])))
                          for e in backup["entities"] or []]
    with_iso_times(backup, "start_time", "end_time")
    backup["time"] = backup["start_time_iso"]
    return backup


def normalize_report_vm(raw):
    item = convert(raw, REPORT_FIELDS)
    item["last_backup_status"] = lower(item["last_backup_status"])
    return with_iso_times(item, "last_backup_time")


def normalize_schedule(raw):
    return convert(raw, SCHEDULE_FIELDS)


def sort_newest_first(raws, time_field):
    """Newest first by an appliance time; items without a readable time go last."""
    epoch = datetime.datetime.min
    return sorted(raws, key=lambda r: parse_scv_time(r.get(time_field)) or epoch, reverse=True)


# ---------------------------------------------------------------------------------------------------------
# Choosing things
# ---------------------------------------------------------------------------------------------------------


def filter_backups(raws, name=None, status=None, newer_than=None, older_than=None, resource_group_id=None,
                   policy_id=None):
    """API backups -> those that pass every given filter, newest first (still API objects)."""
    kept = []
    for raw in raws:
        started = parse_scv_time(raw.get(BACKUP_FIELDS["start_time"]))
        if name is not None and raw.get(BACKUP_FIELDS["name"]) != name:
            continue
        if status and lower(raw.get(BACKUP_FIELDS["status"])) not in [lower(s) for s in status]:
            continue
        if newer_than is not None and (started is None or started < newer_than):
            continue
        if older_than is not None and (started is None or started >= older_than):
            continue
        if resource_group_id is not None and not same_id(raw.get(BACKUP_FIELDS["resource_group_id"]),
                                                         resource_group_id):
            continue
        if policy_id is not None and not same_id(raw.get(BACKUP_FIELDS["policy_id"]), policy_id):
            continue
        kept.append(raw)
    return sort_newest_first(kept, BACKUP_FIELDS["start_time"])


def dedupe_by_id(raws, id_field):
    seen, kept = set(), []
    for raw in raws:
        key = str(raw.get(id_field))
        if key not in seen:
            seen.add(key)
            kept.append(raw)
    return kept


def select_backup(raws, selector, option="backup", owner=None):
    """``latest`` (newest completed or partial backup), a backup name, or a backup id -> one API backup."""
    owner_text = " of %s" % owner if owner else ""
    if selector in (None, "latest"):
        good = filter_backups(raws, status=BACKUP_STATUS_GOOD)
        if not good:
            raise ScvInputError(option, "latest: there is no completed backup%s" % owner_text)
        return good[0]
    matches = [r for r in raws if r.get(BACKUP_FIELDS["name"]) == selector]
    if not matches:
        matches = [r for r in raws if same_id(r.get(BACKUP_FIELDS["id"]), selector)]
    if not matches:
        raise ScvLookupError(option, "backup%s" % owner_text, selector)
    if len(matches) > 1:
        raise ScvLookupError(option, "backup", selector,
                             [{"id": m.get(BACKUP_FIELDS["id"]), "time": m.get(BACKUP_FIELDS["start_time"])}
                              for m in matches])
    return matches[0]


def select_locations(raws, location, datastores, option="location"):
    """The snapshot locations of the wanted type (primary|secondary) that hold the given datastores
    ({moref: what is on it, for the error}), one per datastore -> API location objects."""
    wanted = location.upper()
    of_type = [r for r in raws if (r.get(SNAPSHOT_LOCATION_FIELDS["location_type"]) or "").upper() == wanted]
    if not of_type:
        found = sorted(set(str(lower(r.get(SNAPSHOT_LOCATION_FIELDS["location_type"]))) for r in raws))
        raise ScvInputError(option, "the backup has no %s copy (it has: %s)" % (location, ", ".join(found) or "none"))
    chosen = []
    for moref, label in datastores.items():
        holding = [r for r in of_type if r.get(SNAPSHOT_LOCATION_FIELDS["datastore_moref"]) == moref]
        if not holding:
            raise ScvInputError(option, "the %s copy of the backup does not hold %s" % (location, label))
        chosen.append(holding[0])
    return chosen


def disk_datastores(disks):
    """{datastore moref: the disk paths on it} of API VMDK objects, in order."""
    found = {}
    for disk in disks:
        found.setdefault(disk.get(VMDK_FIELDS["datastore_moref"]), disk.get(VMDK_FIELDS["path"]))
    return found


def _host_matches(raw, wanted):
    return wanted in (raw.get(ESX_HOST_FIELDS["name"]), raw.get(ESX_HOST_FIELDS["moref"]))


def select_esx_host(raws, wanted=None, preferred=None, option="esx_host"):
    """An ESX host from the available list: the wanted one (name or moref, must be listed), else the
    preferred one when listed, else the first."""
    if not raws:
        raise ScvInputError(option, "SCV lists no ESX host that can reach this backup")
    if wanted:
        for raw in raws:
            if _host_matches(raw, wanted):
                return raw
        names = ", ".join(str(r.get(ESX_HOST_FIELDS["name"])) for r in raws)
        raise ScvInputError(option, "'%s' is not among the ESX hosts available for this backup (%s)" % (wanted, names))
    for raw in raws:
        if preferred and _host_matches(raw, preferred):
            return raw
    return raws[0]


def _vmdk_path_forms(path):
    """``[ds1] vm/vm_1.vmdk`` is also known as ``vm/vm_1.vmdk`` (without the datastore)."""
    path = (path or "").strip()
    bare = re.sub(r"^\[[^\]]*\]\s*", "", path)
    return set([path, bare])


def vmdk_matches(raw, wanted_path):
    return wanted_path.strip() in _vmdk_path_forms(raw.get(VMDK_FIELDS["path"]))


def wants_all(vmdks):
    return [str(v).strip().lower() for v in vmdks or []] == ["all"]


def select_vmdks(raws, vmdks, option="vmdks"):
    """VMDK paths (or ``all``) -> the API VMDK location objects of the backup, in the order given."""
    if wants_all(vmdks):
        if not raws:
            raise ScvInputError(option, "the backup holds no VMDK")
        return list(raws)
    chosen, missing = [], []
    for path in vmdks:
        found = [r for r in raws if vmdk_matches(r, path)]
        if not found:
            missing.append(path)
        elif len(found) > 1:
            raise ScvInputError(option, "'%s' matches several VMDKs (%s); give the full path with the "
                                        "datastore" % (path, ", ".join(r.get(VMDK_FIELDS["path"]) for r in found)))
        elif found[0] not in chosen:
            chosen.append(found[0])
    if missing:
        raise ScvInputError(option, "not in the backup: %s (the backup holds: %s)" % (
            ", ".join(missing), ", ".join(str(r.get(VMDK_FIELDS["path"])) for r in raws) or "none"))
    return chosen


def find_by_name(items, name, option, kind, fields=None):
    """One item of an SCV list by exact name (or by id); several or none fail naming the option."""
    fields = fields or POLICY_FIELDS
    matches = [i for i in items if i.get(fields["name"]) == name]
    if not matches:
        matches = [i for i in items if same_id(i.get(fields["id"]), name)]
    if not matches:
        raise ScvLookupError(option, kind, name)
    if len(matches) > 1:
        raise ScvLookupError(option, kind, name, [{"id": m.get(fields["id"])} for m in matches])
    return matches[0]


def lookup_resource_group(client, name, option="resource_group"):
    return find_by_name(client.call("resource_groups.list"), name, option, "resource group", RESOURCE_GROUP_FIELDS)


def group_policy(group, policy_name, option="policy"):
    """The group's attached policy by name; without a name, the group's only policy."""
    attached = group.get(RESOURCE_GROUP_FIELDS["policies"]) or []
    if policy_name:
        return find_by_name(attached, policy_name, option, "policy attached to resource group '%s'" %
                            group.get(RESOURCE_GROUP_FIELDS["name"]))
    if len(attached) != 1:
        names = ", ".join(str(p.get(POLICY_FIELDS["name"])) for p in attached) or "none"
        raise ScvInputError(option, "resource group '%s' has %d policies (%s); name the one to back up with" % (
            group.get(RESOURCE_GROUP_FIELDS["name"]), len(attached), names))
    return attached[0]


# ---------------------------------------------------------------------------------------------------------
# Quartz cron
# ---------------------------------------------------------------------------------------------------------
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_DAYS = "SUN MON TUE WED THU FRI SAT".split()
# field name, low, high, names (value = index + low), special forms besides numbers/ranges/steps;
# a special's group "n" is a value that must be in range.
_CRON_FIELDS = (
    ("seconds", 0, 59, None, ()),
    ("minutes", 0, 59, None, ()),
    ("hours", 0, 23, None, ()),
    ("day-of-month", 1, 31, None, (r"\?", r"LW?", r"L-(?P<n>\d{1,2})", r"(?P<n>\d{1,2})W")),
    ("month", 1, 12, _MONTHS, ()),
    ("day-of-week", 1, 7, _DAYS, (r"\?", r"L", r"(?P<n>\w{1,3})L", r"(?P<n>\w{1,3})#[1-5]")),
    ("year", 1970, 2099, None, ()),
)


def _cron_value(text, low, high, names):
    if names and text.upper() in names:
        return True
    return text.isdigit() and low <= int(text) <= high


def _cron_item_ok(item, low, high, names, specials):
    for special in specials:
        found = re.match(r"^(?:%s)$" % special, item, re.IGNORECASE)
        if found:
            value = found.groupdict().get("n")
            return value is None or _cron_value(value, low, high, names)
    base, _sep, step = item.partition("/")
    if step and not (step.isdigit() and int(step) > 0):
        return False
    if base == "*":
        return True
    start, _dash, end = base.partition("-")
    if not _cron_value(start, low, high, names):
        return False
    return not end or _cron_value(end, low, high, names)


def validate_quartz_cron(expression, option="cron"):
    """A Quartz cron expression: 6 or 7 fields (seconds first, optional year); one of day-of-month and
    day-of-week must be ``?``.  Returns it with single spaces; fails naming the option and the field."""
    fields = str(expression or "").split()
    if len(fields) not in (6, 7):
        raise ScvInputError(option, "'%s' is not a Quartz cron expression: it needs 6 or 7 fields "
                                    "(seconds minutes hours day-of-month month day-of-week [year]), "
                                    "it has %d" % (expression, len(fields)))
    for text, (field, low, high, names, specials) in zip(fields, _CRON_FIELDS):
        for item in text.split(","):
            if not item or not _cron_item_ok(item, low, high, names, specials):
                raise ScvInputError(option, "'%s': the %s field '%s' is not valid (allowed %d-%d%s)" % (
                    expression, field, text, low, high, ", names" if names else ""))
    if (fields[3] == "?") == (fields[5] == "?"):
        raise ScvInputError(option, "'%s': exactly one of day-of-month and day-of-week must be '?' "
                                    "(Quartz rule)" % expression)
    return " ".join(fields)
