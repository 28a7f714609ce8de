# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The edge between the appliance's words and the collection's.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

Every API object the operation flows read is turned here into a `Record`: a dict with the collection's
snake_case keys (ids as text where the contract says so, enumerations folded to lower case, an ISO 8601
twin beside each appliance time), which keeps the object exactly as the appliance sent it in `.api` for
the request bodies that must echo an object back (restore locations, VMDKs). Request bodies and queries
are built here too. So this file and the resource declarations (resources/*.py) are the only places that
spell API field names; the flows in _ops/ never do. Facts and their sources: docs/api-notes.md.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_scv_time, read_scv_time


# -- the three small truths every layer needs --------------------------------------------------------------

def id_text(value):
    """Ids are opaque scalars (an appliance may send 42 or "42"): their text, or None."""
    return None if value is None else str(value)


def same_id(left, right):
    """Whether two ids name the same object (both given, equal as text)."""
    return left is not None and right is not None and str(left) == str(right)


def fold(value):
    """The case-folded form of an enumeration or name (lists folded item by item; other values as they are)."""
    if isinstance(value, list):
        return [fold(item) for item in value]
    return value.lower() if isinstance(value, str) else value


_DATASTORE_PATH = re.compile(r"^\[(?P<datastore>[^\]]*)\]\s*(?P<path>.*)$")


def split_datastore_path(path):
    """``[ds1] vm/vm_1.vmdk`` -> ("ds1", "vm/vm_1.vmdk"); a path without the datastore part -> (None, path)."""
    text = (path or "").strip()
    found = _DATASTORE_PATH.match(text)
    if found:
        return found.group("datastore"), found.group("path").strip()
    return None, text


# -- records -------------------------------------------------------------------------------------------

class Record(dict):
    """An API object in the collection's vocabulary; `.api` is the object as the appliance sent it."""

    def __init__(self, values=(), api=None):
        super(Record, self).__init__(values)
        self.api = api if api is not None else {}


def plain(value):
    """The same data with every Record turned into a plain dict (what a module returns)."""
    if isinstance(value, dict):
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


class Shape:
    """How one kind of API object reads: {key: API field}, plus the keys to fold, to treat as ids, to
    give an ISO twin, and the nested objects.

    Tolerant where NetApp's docs leave the wire open (docs/api-notes.md, "Tolerance"): a field name in
    another case is read, a missing field is None, null for a list is an empty list, ids may be numbers or
    strings, extra fields are ignored.  What it cannot read (a list that is not a list, an object that is
    not an object, a time in an unknown form) raises ValueError naming the field, which the client turns
    into an error naming the call.
    """

    def __init__(self, label, fields, folded=(), ids=(), times=(), nested=None):
        self.label = label
        self.fields = fields
        self.folded = folded
        self.ids = ids
        self.times = times
        self.nested = nested or {}

    def read(self, raw, notice=None):
        """The Record of one object.  notice(text): told of what is read with doubt (a time in an unknown
        form is kept as the appliance wrote it, without its ISO twin)."""
        if isinstance(raw, Record):
            return raw      # read already (the client reads answers as they come)
        if not isinstance(raw, dict):
            raise ValueError("expected an object (a %s), got %s" % (self.label, _excerpt(raw)))
        values = dict((key, _field(raw, field)) for key, field in self.fields.items())
        for key in self.folded:
            values[key] = fold(values[key])
        for key in self.ids:
            values[key] = id_text(values[key])
        for key, shape in self.nested.items():
            try:
                values[key] = shape.read_all(values[key], notice)
            except ValueError as exc:
                raise ValueError("field %s: %s" % (self.fields[key], exc))
        for key in self.times:
            try:
                values[key + "_iso"] = _iso(read_scv_time(values[key]))
            except ValueError as exc:
                values[key + "_iso"] = None
                if notice:
                    notice("field %s of a %s: %s" % (self.fields[key], self.label, exc))
        return Record(values, raw)

    def read_all(self, raws, notice=None):
        if raws is None:
            return []
        if not isinstance(raws, list):
            raise ValueError("expected a list (of %s objects), got %s" % (self.label, type(raws).__name__))
        return [self.read(raw, notice) for raw in raws]


def _field(raw, name):
    """raw[name], or the field spelled in another case when the exact spelling is absent."""
    if name in raw:
        return raw[name]
    folded = name.lower()
    return next((value for key, value in raw.items() if isinstance(key, str) and key.lower() == folded), None)


def _iso(moment):
    return moment.isoformat() if moment else None


def _excerpt(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# Contract section 2, "Shapes" (house unless noted in docs/api-notes.md).
ENTITY = Shape("entity", {"moref": "moref", "name": "name", "type": "type"}, folded=("type",))
POLICY_REF = Shape("policy", {"id": "id", "name": "name"})
GROUP = Shape("resource group", {"id": "id", "name": "name", "entities": "entities", "policies": "policies"},
              nested={"entities": ENTITY, "policies": POLICY_REF})
_BACKUP = Shape("backup", {
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
}, folded=("status", "locations"), times=("start_time", "end_time"), nested={"entities": ENTITY})
LOCATION = Shape("snapshot location", {
    "location_type": "locationType",
    "datastore": "datastore",
    "datastore_moref": "datastoreMoref",
    "storage_system": "storageSystem",
    "volume": "volume",
    "snapshot": "snapshotName",
    "location": "location",
})
VMDK = Shape("VMDK", {
    "path": "vmdkPath",
    "disk_key": "diskKey",
    "controller": "controller",
    "datastore": "datastore",
    "datastore_moref": "datastoreMoref",
    "capacity_gb": "capacityGB",
    "attached_from_backup_id": "attachedFromBackupId",
})
ESX_HOST = Shape("ESX host", {"name": "name", "moref": "moref"})
MOUNTED = Shape("mounted datastore", {
    "moref": "datastoreMoref",
    "name": "datastoreName",
    "esx_host": "esxHostName",
    "backup_id": "backupId",
})
_REPORT_VM = Shape("report VM", {
    "name": "vmName",
    "moref": "vmMoref",
    "resource_groups": "resourceGroups",
    "last_backup_name": "lastBackupName",
    "last_backup_time": "lastBackupTime",
    "last_backup_status": "lastBackupStatus",
}, folded=("last_backup_status",), times=("last_backup_time",))
# What a job works on (house: docs/api-notes.md, "Jobs: what they work on"); `uuid` only for a restore's VM.
JOB_ENTITY = Shape("job entity", {"moref": "moref", "name": "name", "type": "type", "uuid": "uuid"}, folded=("type",))
_JOB = Shape("job", {
    "id": "id",
    "name": "name",
    "type": "type",
    "status": "status",
    "start_time": "startTime",
    "end_time": "endTime",
    "resource_group_id": "resourceGroupId",
    "backup_id": "backupId",
    "messages": "messages",
    "entities": "entities",
}, folded=("status",), ids=("id", "resource_group_id", "backup_id"), times=("start_time", "end_time"),
    nested={"entities": JOB_ENTITY})

# Enumerations as the API spells them.
BACKUP_STATUSES_USABLE = ("completed", "partial")
BACKUP_STATUS_PARTIAL = "partial"
JOB_RUNNING = "running"
JOB_FAILED = "failed"
JOB_WARNING = "warning"
# A job that did its work (WARNING: with something to say, e.g. a restore from a partial backup).
JOB_STATUSES_DONE = ("completed", "warning")
ENTITY_DATASTORE = "datastore"
ENTITY_VM = "vm"


def read_jobs(raws, notice=None):
    return [read_job(raw, notice) for raw in raws or []]


def read_backup(raw, notice=None):
    if isinstance(raw, Record):
        return raw
    backup = _BACKUP.read(raw, notice)
    backup["locations"] = backup["locations"] or []
    # `time` is what people sort and compare by: the start, in ISO 8601.
    backup["time"] = backup["start_time_iso"]
    return backup


def read_backups(raws, notice=None):
    return [read_backup(raw, notice) for raw in raws or []]


def read_report_vms(raws, notice=None):
    return [read_report_vm(raw, notice) for raw in raws or []]


def read_report_vm(raw, notice=None):
    if isinstance(raw, Record):
        return raw
    vm = _REPORT_VM.read(raw, notice)
    # The report names a VM's groups; tolerate objects with a name as well as plain names.
    names = []
    for item in vm["resource_groups"] or []:
        name = item.get("name") if isinstance(item, dict) else item
        if name is not None and str(name) not in names:
            names.append(str(name))
    vm["resource_groups"] = names
    return vm


def read_job(raw, notice=None):
    """A job as the modules return it (snake_case, status lower case, ids as text, messages as text)."""
    if isinstance(raw, Record):
        return raw
    job = _JOB.read(raw, notice)
    messages = job["messages"]
    if messages is None:
        messages = []
    elif not isinstance(messages, list):
        messages = [messages]
    job["messages"] = [str(message) for message in messages]
    return job


# Audit logs (SCV 4.8+; house shapes, docs/api-notes.md "Audit logs").
_AUDIT_FILE_FIELDS = {
    "name": "fileName",
    "size_bytes": "sizeBytes",
    "created_time": "createdTime",
    "modified_time": "modifiedTime",
    "entries": "entries",
    "integrity_status": "integrityStatus",
    "last_verified_time": "lastVerifiedTime",
}
_AUDIT_TIMES = ("created_time", "modified_time", "last_verified_time")
AUDIT_FILE = Shape("audit log file", _AUDIT_FILE_FIELDS, folded=("integrity_status",), times=_AUDIT_TIMES)
AUDIT_FILE_CONTENT = Shape("audit log file", dict(_AUDIT_FILE_FIELDS, content="content"),
                           folded=("integrity_status",), times=_AUDIT_TIMES)
_AUDIT_VERIFIED_FILE = Shape("verified audit log file", {
    "name": "fileName",
    "integrity_status": "integrityStatus",
    "first_bad_entry": "firstBadEntry",
}, folded=("integrity_status",))
AUDIT_VERIFICATION = Shape("audit verification", {
    "result": "result",
    "verified_time": "verifiedTime",
    "files": "files",
}, folded=("result",), times=("verified_time",), nested={"files": _AUDIT_VERIFIED_FILE})
AUDIT_PASSED = "passed"
AUDIT_TAMPERED = "tampered"


def audit_file_download_name(name):
    """Where a downloaded audit file goes: the appliance serves rolled files decompressed, so
    ``audit-20260101-000000.log.gz`` is written as ``audit-20260101-000000.log``."""
    return name[:-3] if name.endswith(".gz") else name


def read_datastore_names(items, notice=None):
    """DatastoreNameList holds names; tolerate objects with a name."""
    return [_field(item, "name") if isinstance(item, dict) else item for item in items or []]


def newest_first(records, time_key="start_time", fallback_key="end_time"):
    """Records newest first by an appliance time (the fallback time when the first is missing); records
    without a readable time go last, and of two with the same time the later-listed one comes first
    (appliances append)."""
    def key(indexed):
        index, record = indexed
        when = parse_scv_time(record.get(time_key))
        if when is None and fallback_key:
            when = parse_scv_time(record.get(fallback_key))
        return (when is not None, when or datetime.datetime.min, index)

    return [record for dummy, record in sorted(enumerate(records), key=key, reverse=True)]


# -- what goes to the appliance ----------------------------------------------------------------------------

def jobs_query(job_type=None, status=None):
    query = {}
    if job_type:
        query["type"] = job_type
    if status:
        query["status"] = status.upper()
    return query or None


def backup_now_body(group, policy):
    return {"resourceGroupId": group.api.get("id"), "policyId": policy.api.get("id")}


def restore_body(restart_vm, locations, esx_host):
    """Whole-VM restore: every snapshot location as answered, plus the ESX host's name."""
    return {"restartVM": restart_vm,
            "restoreLocations": [dict(location.api, esxHost=esx_host["name"]) for location in locations]}


def restore_vmdks_body(esx_host, disks):
    """disks: [(snapshot location, VMDK, target datastore name)]."""
    return {"esxHost": esx_host["name"],
            "vmdkRestoreLocations": [{"restoreFromLocation": location.api, "vmdkToRestore": vmdk.api,
                                      "restoreToDatastore": datastore}
                                     for location, vmdk, datastore in disks]}


def attach_body(backup, vmdks, alternate_vm=None):
    body = {"backupId": backup.api.get("backupId"), "vmdkLocations": [vmdk.api for vmdk in vmdks]}
    if alternate_vm:
        body["alternateVmMoref"] = alternate_vm
    return body


def detach_body(vmdks):
    return {"vmdksToDetach": [vmdk.api for vmdk in vmdks]}


def mount_body(location, esx_host_name):
    return {"datastore": location["datastore"], "location": location["location"], "esxHostName": esx_host_name}


def unmount_body(mounted):
    return {"datastoreMoref": mounted["moref"]}


def job_id_of(payload):
    """The job id an asynchronous POST answered with, or None (some appliances answer none)."""
    return id_text(payload.get("jobId")) if isinstance(payload, dict) else None


# -- the request fields each call sends (api_info checks them against the appliance's own description) --

def _sample(**values):
    # Nothing "as the appliance sent it": what a body echoes back is the appliance's own, not ours to check.
    return Record(values, {})


_LOCATION = _sample(location_type="PRIMARY", datastore="ds", location="svm:vol@snap")
_HOST = _sample(name="esx", moref="host-1")
_VMDK = _sample(path="[ds] vm/vm.vmdk")

# endpoint name -> a body built by the very function the flows use (so the field names have one source).
REQUEST_BODIES = {
    "resource_groups.backup_now": lambda: backup_now_body(_sample(id=1), _sample(id=2)),
    "vm.restore": lambda: restore_body(True, [_LOCATION], _HOST),
    "vm.restore_vmdks": lambda: restore_vmdks_body(_HOST, [(_LOCATION, _VMDK, "ds")]),
    "vm.attach_vmdks": lambda: attach_body(_sample(id="1"), [_VMDK], alternate_vm="vm-2"),
    "vm.detach_vmdks": lambda: detach_body([_VMDK]),
    "datastores.mount": lambda: mount_body(_LOCATION, "esx"),
    "datastores.unmount": lambda: unmount_body(_sample(moref="datastore-1")),
}


def request_fields(body):
    """The field names of a request body the collection writes: its keys, and (as `key[].inner`) the keys
    it adds to the objects of a list; what it echoes back as the appliance sent it is not counted."""
    fields = []
    for key, value in body.items():
        fields.append(key)
        for item in value if isinstance(value, list) else []:
            if isinstance(item, dict) and not isinstance(item, Record):
                fields.extend("%s[].%s" % (key, inner) for inner in item)
    return sorted(set(fields))
