# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one table of SCV REST paths.

Public within the collection's plugins (the client, modules, the inventory plugin, the event source).

Every path the collection sends lives here, so a person with a real appliance can correct a documented
([D]) or house ([H]) fact with a one-line change. See docs/api-notes.md for where each fact comes from.
Paths are relative to ``https://<host>:<port>/api``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections

BASE_PATH = "/api"

# What every JSON answer is wrapped in.
ENVELOPE_PAYLOAD = "response"
ENVELOPE_MESSAGES = "responseMessage"
ENVELOPE_STATUS = "statusCode"

TOKEN_HEADER = "Token"
LOGIN_FIELDS = ("username", "password")
LOGIN_TOKEN_FIELD = "token"

# method: HTTP method.
# paths: path templates; the first is the published form, the others are fallbacks tried on 404
#        (contract "conflict" paths); the form that worked is remembered for the rest of the run.
# list_key: the field of the payload that holds the list, for list endpoints.  None: the payload
#        itself is the list (or the object).
# safe: may be retried after a connection error or a 429/502/503/504.  GETs are safe; writes are
#        safe only when repeating them cannot do the work twice (a PUT that replaces a whole object).
# job_type: the `type` of the job an asynchronous POST starts, to find it in /4.1/jobs when the
#        answer carries no job id.
# bare_list: the payload itself is a list (jobs, reports, schedules).
# item_type: what each item of a list is: "object" (a JSON object) or "string".
# since: the SCV release that introduced the call (NetApp's docs), so an older appliance's 404 can be
#        explained, and a known-too-old appliance refused before anything is sent.  None: SCV 4.1.
Endpoint = collections.namedtuple("Endpoint", ["method", "paths", "list_key", "safe", "job_type", "bare_list",
                                               "item_type", "since"])


def _ep(method, *paths, **kwargs):
    return Endpoint(
        method=method,
        paths=tuple(paths),
        list_key=kwargs.get("list_key"),
        safe=kwargs.get("safe", method == "GET"),
        job_type=kwargs.get("job_type"),
        bare_list=kwargs.get("bare_list", False),
        item_type=kwargs.get("item_type", "object"),
        since=kwargs.get("since"),
    )


ENDPOINTS = {
    # Authentication: vCenter credentials, answer {"response": {"token": "..."}}.
    "auth.login": _ep("POST", "/4.1/auth/login"),

    # Storage systems (ONTAP clusters or SVMs).  The path is singular.
    "storage_systems.list": _ep("GET", "/4.1/storage-system", list_key="storageSystemResponseList"),
    "storage_systems.create": _ep("POST", "/4.1/storage-system"),
    "storage_systems.update": _ep("PUT", "/4.1/storage-system", safe=True),
    "storage_systems.delete": _ep("DELETE", "/4.1/storage-system/{id}"),
    "storage_systems.rename": _ep("PATCH", "/4.1/storage-system", since="5.0"),

    # Policies.
    "policies.list": _ep("GET", "/4.1/policies", list_key="policyResponseList"),
    "policies.create": _ep("POST", "/4.1/policies"),
    "policies.update": _ep("PUT", "/4.1/policies/{id}", safe=True),
    "policies.delete": _ep("DELETE", "/4.1/policies/{id}"),

    # Resource groups.
    "resource_groups.list": _ep("GET", "/4.1/resource-groups", list_key="resourceGroupResponseList"),
    "resource_groups.create": _ep("POST", "/4.1/resource-groups"),
    "resource_groups.update": _ep("PUT", "/4.1/resource-groups/{id}", safe=True),
    "resource_groups.delete": _ep("DELETE", "/4.1/resource-groups/{id}"),
    "resource_groups.suspend": _ep("POST", "/4.1/resource-groups/{id}/suspend"),
    "resource_groups.resume": _ep("POST", "/4.1/resource-groups/{id}/resume"),
    "resource_groups.backup_now": _ep("POST", "/4.1/resource-groups/backupnow", job_type="backup"),

    # VM backups, restore and VMDKs.  {vm} is a moref, or an instance UUID for a deleted VM.
    "vm.backups": _ep("GET", "/4.1/vm/{vm}/backups", list_key="backupResponseList"),
    "vm.snapshot_locations": _ep("GET", "/4.1/vm/backups/{backup_id}/snapshotlocations",
                                 list_key="snapshotLocationsList"),
    "vm.available_esx_hosts": _ep("GET", "/4.1/vm/{vm}/backups/availableesxhosts",
                                  list_key="availableEsxHostsList"),
    "vm.restore": _ep("POST", "/4.1/vm/{vm}/backups/{backup_id}/restore", job_type="restore"),
    "vm.vmdk_locations_in_backup": _ep("GET", "/4.1/vm/{vm}/backups/{backup_id}/vmdklocations",
                                       list_key="vmdkLocationsList"),
    "vm.vmdk_locations_current": _ep("GET", "/4.1/vm/{vm}/backups/vmdklocations",
                                     list_key="vmdkLocationsList"),
    "vm.available_datastores": _ep("GET", "/4.1/vm/{vm}/backups/{backup_id}/availabledatastores",
                                   list_key="DatastoreNameList", item_type="string"),
    "vm.restore_vmdks": _ep("POST", "/4.1/vm/{vm}/backups/{backup_id}/restorevmdks", job_type="restoreVmdk"),
    "vm.attach_vmdks": _ep("POST", "/4.1/vm/{vm}/attachvmdks", job_type="attachVmdk"),
    "vm.detach_vmdks": _ep("POST", "/4.1/vm/{vm}/detachvmdks", job_type="detachVmdk"),

    # Datastore backups, mount and unmount.  Two paths are printed differently from their VM twins;
    # the published form is tried first, the lowercase form on 404.
    "datastores.backups": _ep("GET", "/4.1/datastores/{moref}/backups", list_key="backupResponseList"),
    "datastores.snapshot_locations": _ep("GET", "/4.1/datastores/backups/{backup_id}/snapshotlocators",
                                         "/4.1/datastores/backups/{backup_id}/snapshotlocations",
                                         list_key="snapshotLocationsList"),
    "datastores.available_esx_hosts": _ep("GET", "/4.1/datastores/{moref}/availableEsxHosts",
                                          "/4.1/datastores/{moref}/availableesxhosts",
                                          list_key="availableEsxHostsList"),
    "datastores.mount": _ep("POST", "/4.1/datastores/backups/{backup_id}/mount", job_type="mountBackup"),
    "datastores.mounted": _ep("GET", "/4.1/datastores/backups/{backup_id}/mounted",
                              list_key="mountedDatastoresList"),
    "datastores.unmount": _ep("POST", "/4.1/datastores/unmount", job_type="unmountBackup"),

    # Jobs (SCV 4.4+).  The list answer is a bare list.
    "jobs.list": _ep("GET", "/4.1/jobs", bare_list=True, since="4.4"),
    "jobs.get": _ep("GET", "/4.1/jobs/{id}", since="4.4"),
    "jobs.logs": _ep("GET", "/4.1/jobs/{id}/logs", since="4.4"),
    # Marking a job failed twice has the same effect as once.
    "jobs.fail": _ep("PUT", "/4.1/jobs/{id}/failJobs", safe=True, since="4.4"),

    # Reports (bare lists).
    "reports.protected_vms": _ep("GET", "/4.1/reports/protectedVM", bare_list=True, since="4.4"),
    "reports.unprotected_vms": _ep("GET", "/4.1/reports/unProtectedVM", bare_list=True, since="4.4"),

    # Built-in schedules (bare list); PUT sets one schedule's cron expression.
    "schedules.list": _ep("GET", "/4.1/schedules", bare_list=True, since="4.4"),
    "schedules.update": _ep("PUT", "/4.1/schedules", safe=True, since="4.4"),

    # Audit logs (SCV 4.8+; the calls are documented by name only, their shapes are house).
    "audit.logs": _ep("GET", "/4.1/audit/logs", list_key="auditLogFiles", since="4.8"),
    "audit.log": _ep("GET", "/4.1/audit/logs/{filename}", since="4.8"),
    # Synchronous; it changes only the files' integrity status, so repeating it does no harm.
    "audit.verify": _ep("POST", "/4.1/audit/verify", safe=True, since="4.8"),
    "audit.config": _ep("GET", "/4.1/audit/config", since="4.8"),
    "audit.config_update": _ep("PUT", "/4.1/audit/config", safe=True, since="4.8"),
}

# Request fields that came later than their call (docs): an older appliance refuses them (400).
FIELD_SINCE = {"lockingPeriod": "5.0"}

# What the appliance version decides, for api_info: feature -> (SCV release, the calls or fields it brings).
FEATURES = {
    "jobs": ("4.4", ("jobs.list", "jobs.get", "jobs.logs", "jobs.fail")),
    "reports": ("4.4", ("reports.protected_vms", "reports.unprotected_vms")),
    "builtin_schedules": ("4.4", ("schedules.list", "schedules.update")),
    "audit_logs": ("4.8", ("audit.logs", "audit.log", "audit.verify", "audit.config", "audit.config_update")),
    "storage_rename": ("5.0", ("storage_systems.rename",)),
    "snapshot_locking": ("5.0", ("lockingPeriod",)),
}

# Where the appliance publishes its own API description (docs: the Swagger UI moved to springdoc in
# SCV 4.9; the raw documents are springdoc's and springfox's usual locations, relative to BASE_PATH).
API_DESCRIPTION_PATHS = ("/v3/api-docs", "/v2/api-docs")

# Job types as the jobs list filter spells them.
JOB_TYPES = ("backup", "restore", "mountBackup", "unmountBackup", "attachVmdk", "detachVmdk", "restoreVmdk")

# vCenter's vSphere Automation REST API (section 3 of the contract), relative to https://<vcenter>:<port>.
VCENTER_SESSION_PATH = "/api/session"
VCENTER_SESSION_HEADER = "vmware-api-session-id"
VCENTER_LISTS = {
    # kind: (path, the id field of each item, the query filter for names)
    "vm": ("/api/vcenter/vm", "vm", "names"),
    "datastore": ("/api/vcenter/datastore", "datastore", "names"),
    "host": ("/api/vcenter/host", "host", "names"),
}
# The query filter that lists objects of a kind by their morefs (the export names what SCV holds as morefs).
VCENTER_ID_FILTERS = {"vm": "vms", "datastore": "datastores", "host": "hosts"}
VCENTER_VM_DETAILS_PATH = "/api/vcenter/vm/{vm}"
VCENTER_DATASTORE_DETAILS_PATH = "/api/vcenter/datastore/{datastore}"
# VMware's VM list filter by VM moref (repeated parameter).
VCENTER_VM_FILTER = "vms"
# NOT VMware's: a filter of the VM list by datastore that the simulator has (docs/api-notes.md, "vCenter
# lookups: more calls"). Used only after a probe shows the vCenter honours it; otherwise the VMs on a
# datastore come from each VM's details (disks.*.backing.vmdk_file), as on a real vCenter.
VCENTER_VM_DATASTORE_FILTER = "datastores"
# A datastore moref no VM is on, for that probe.
VCENTER_PROBE_DATASTORE = "datastore-0"
# A real vCenter answers at most this many VMs per list.
VCENTER_LIST_LIMIT = 4000
# What a moref of each kind looks like; such a value is used as it is, without a lookup.
MOREF_PATTERNS = {
    "vm": r"^vm-\d+$",
    "datastore": r"^datastore-\d+$",
    "host": r"^host-\d+$",
}
