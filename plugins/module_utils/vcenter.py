# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Name → moref lookups through vCenter's vSphere Automation REST API.

SCV addresses VMs, datastores and hosts by moref; people know names.  One vCenter session per module
run, one request per kind for all the names asked at once; a moref is used as it is.  A name that
matches several objects is an error listing the candidates: never pick the first match.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from urllib.parse import quote

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import (
    VCENTER_ENDPOINT,
    HttpTransport,
    decode_json,
    host_for_url,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import split_datastore_path
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvInputError,
    ScvLookupError,
    VcenterError,
)

KIND_LABELS = {"vm": "VM", "datastore": "datastore", "host": "ESXi host"}
MOREF_SAMPLES = {"vm": "vm-101", "datastore": "datastore-11", "host": "host-21"}


def lookup_hint(kind):
    """What to do when vCenter knows no object of that name."""
    return ("names are looked up in the vCenter of vcenter_hostname (default: hostname) exactly as it shows "
            "them: correct the name, or give the moref (like %s)" % MOREF_SAMPLES[kind])


# Names asked per list request: the query string stays short enough for any proxy (about 4 KB of names),
# and the answer far below the 4,000 VMs a vCenter list returns at most.
NAMES_PER_REQUEST_BYTES = 4000
NAMES_PER_REQUEST = 200


def name_batches(names, max_bytes=NAMES_PER_REQUEST_BYTES, max_count=NAMES_PER_REQUEST):
    """The names in batches of at most `max_count` and about `max_bytes` of URL (each name once)."""
    batch, size = [], 0
    for name in names:
        cost = len(_quote_name(name)) + 7   # "&names="
        if batch and (size + cost > max_bytes or len(batch) >= max_count):
            yield batch
            batch, size = [], 0
        batch.append(name)
        size += cost
    if batch:
        yield batch


def _quote_name(name):
    return quote(str(name), safe="")


def looks_like_moref(kind, value):
    return bool(re.match(api.MOREF_PATTERNS[kind], str(value)))


class VcenterClient:
    """The few vCenter calls the collection needs."""

    def __init__(self, hostname, port=443, username=None, password=None, validate_certs=True, ca_path=None,
                 timeout=60, retries=3, warn=None, tracer=None):
        self.hostname = hostname
        self.username = username
        self.password = password
        self.transport = HttpTransport(
            "https://%s:%s" % (host_for_url(hostname), port),
            validate_certs=validate_certs, ca_path=ca_path, timeout=timeout, retries=retries, warn=warn,
            tracer=tracer, service="vcenter", endpoint=VCENTER_ENDPOINT)
        self._session_id = None
        # kind -> {name: [item, ...]} for names already looked up in this run.
        self._cache = {}

    def _login(self):
        if not (self.username and self.password):
            raise ScvInputError("username/password", "vCenter credentials are required to look up names, a token "
                                                     "is not enough: give username and password (or "
                                                     "vcenter_username and vcenter_password) next to token, for "
                                                     "example in module_defaults")
        response = self.transport.send("POST", api.VCENTER_SESSION_PATH, safe=True,
                                       auth=(self.username, self.password))
        if response.status_code == 401:
            raise VcenterError("POST", api.VCENTER_SESSION_PATH, 401,
                               "authentication failed for %s as %s" % (self.hostname, self.username)).about(
                "vcenter_username/vcenter_password", "they default to username and password: check them, or set "
                                                     "vcenter_username and vcenter_password for vCenter")
        if response.status_code in (404, 405):
            # Something answers there, but not vCenter's REST API (often: the SCV appliance itself).
            raise VcenterError("POST", api.VCENTER_SESSION_PATH, response.status_code, response.reason).about(
                "vcenter_hostname/vcenter_port", "this is not vCenter's REST API: set vcenter_hostname to the vCenter "
                                                 "SCV is registered with (it defaults to hostname, the SCV "
                                                 "appliance) and vcenter_port if it is not 443")
        if response.status_code >= 400:
            raise VcenterError("POST", api.VCENTER_SESSION_PATH, response.status_code, response.reason)
        try:
            session_id = decode_json(response)
        except ValueError:
            session_id = None
        if not isinstance(session_id, str) or not session_id:
            raise VcenterError("POST", api.VCENTER_SESSION_PATH, response.status_code,
                               "the session answer is not a session id")
        self._session_id = session_id
        if self.transport.tracer is not None:
            self.transport.tracer.add_secrets([session_id])

    def get(self, path, query=None):
        if self._session_id is None:
            self._login()
        response = self.transport.send("GET", path, safe=True,
                                       headers={api.VCENTER_SESSION_HEADER: self._session_id}, query=query)
        if response.status_code == 401:
            # The session expired: one new session, one more try.
            self._login()
            response = self.transport.send("GET", path, safe=True,
                                           headers={api.VCENTER_SESSION_HEADER: self._session_id}, query=query)
        if response.status_code >= 400:
            raise VcenterError("GET", path, response.status_code, response.reason)
        try:
            return decode_json(response)
        except ValueError:
            raise VcenterError("GET", path, response.status_code, "the answer is not JSON")

    def find(self, kind, names):
        """{name: [items]} for every name, in one request for the names not seen before in this run (one
        per NAMES_PER_REQUEST names: thousands of names do not fit in one URL)."""
        path, dummy_id_field, name_filter = api.VCENTER_LISTS[kind]
        cache = self._cache.setdefault(kind, {})
        missing = sorted(set(n for n in names if n not in cache))
        by_name = {}
        for item in self.list_by(kind, name_filter, missing):
            if isinstance(item.get("name"), str):
                by_name.setdefault(item["name"], []).append(item)
        for name in missing:
            cache[name] = by_name.get(name, [])
        return dict((name, cache[name]) for name in names)

    def list_by(self, kind, query_filter, values):
        """The objects of `kind` whose `query_filter` (names, or morefs) is one of `values`: one list
        request per batch of name_batches(), each answer read once."""
        path = api.VCENTER_LISTS[kind][0]
        found = []
        for batch in name_batches(values):
            items = self.get(path, query={query_filter: batch})
            if not isinstance(items, list):
                raise VcenterError("GET", path, 200, "expected a list")
            found.extend(item for item in items if isinstance(item, dict))
        return found

    def morefs(self, kind, names):
        """{name: [moref, ...]} of every object of that kind with each name (several when names repeat)."""
        id_field = api.VCENTER_LISTS[kind][1]
        return dict((name, [item.get(id_field) for item in items if item.get(id_field)])
                    for name, items in self.find(kind, names).items())

    def names_of(self, kind, morefs):
        """{moref: name} of the objects vCenter has among `morefs` (the reverse lookup; one request per
        batch of name_batches())."""
        morefs = sorted(set(m for m in morefs if m))
        id_field = api.VCENTER_LISTS[kind][1]
        return dict((item.get(id_field), item.get("name")) for item in self.list_by(kind, api.VCENTER_ID_FILTERS[kind], morefs)
                    if item.get(id_field) in morefs and item.get("name"))

    def resolve(self, kind, values, option):
        """{value: moref} for names or morefs given in `option`.

        Raises ScvLookupError naming the option for an unknown or ambiguous name.
        """
        values = list(values or [])
        id_field = api.VCENTER_LISTS[kind][1]
        resolved = dict((v, v) for v in values if looks_like_moref(kind, v))
        names = [v for v in values if v not in resolved]
        if names:
            for name, items in self.find(kind, names).items():
                if not items:
                    raise ScvLookupError(option, KIND_LABELS[kind], name, hint=lookup_hint(kind))
                if len(items) > 1:
                    raise ScvLookupError(option, KIND_LABELS[kind], name, candidates=[
                        _candidate(kind, item) for item in items])
                moref = items[0].get(id_field)
                if not isinstance(moref, str) or not moref:
                    raise VcenterError("GET", api.VCENTER_LISTS[kind][0], 200,
                                       "the %s named '%s' comes without its '%s' id" % (
                                           KIND_LABELS[kind], name, id_field))
                resolved[name] = moref
        return resolved

    def resolve_one(self, kind, value, option):
        return self.resolve(kind, [value], option)[value]

    def datastore(self, moref):
        """vCenter's details of a datastore ({name, type, accessible, ...}), or None when vCenter does not
        know it (404): what a mounted backup copy looks like to vSphere."""
        path = api.VCENTER_DATASTORE_DETAILS_PATH.format(datastore=moref)
        try:
            details = self.get(path)
        except VcenterError as error:
            if error.status == 404:
                return None
            raise
        if not isinstance(details, dict):
            raise VcenterError("GET", path, 200, "expected an object")
        return details

    def vm(self, moref):
        """The VM's details, with its instance UUID as 'instance_uuid'."""
        details = self.get(api.VCENTER_VM_DETAILS_PATH.format(vm=moref))
        if not isinstance(details, dict):
            raise VcenterError("GET", api.VCENTER_VM_DETAILS_PATH.format(vm=moref), 200, "expected an object")
        identity = details.get("identity")
        if not isinstance(identity, dict):
            identity = {}
        result = dict(details)
        result["moref"] = moref
        result["instance_uuid"] = identity.get("instance_uuid")
        return result


def vm_datastore_names(details):
    """The names of the datastores a VM's disks live on, from its details (disks.*.backing.vmdk_file
    ``[name] path``), in disk order, each once."""
    names = []
    disks = details.get("disks") if isinstance(details, dict) else None
    for disk in (disks.values() if isinstance(disks, dict) else disks if isinstance(disks, list) else []):
        backing = disk.get("backing") if isinstance(disk, dict) else None
        path = backing.get("vmdk_file") if isinstance(backing, dict) else None
        datastore = split_datastore_path(path)[0] if isinstance(path, str) else None
        if datastore and datastore not in names:
            names.append(datastore)
    return names


# VMs named in the probe of the datastore filter.
PROBE_VMS = 20


class DatastoreMembers:
    """Which VMs have a disk on which datastores, asked the cheapest way this vCenter allows.

    VMware's VM list has no datastore filter: there, each VM's details name its disks' datastores (one
    request per VM asked about).  When the vCenter honours a `datastores` filter (the simulator does; a
    probe with a datastore no VM is on tells), one request per datastore does instead.
    """

    def __init__(self, vcenter):
        self.vcenter = vcenter

    def filter_works(self, known_vms):
        """Whether the VM list honours the datastore filter: asked for VMs it knows (a few, in case one was
        deleted meanwhile) on a datastore no VM is on, it must answer nothing (a vCenter that ignores the
        filter answers those VMs, one that refuses it answers an error)."""
        try:
            answer = self.vcenter.get(api.VCENTER_LISTS["vm"][0], query={
                api.VCENTER_VM_DATASTORE_FILTER: [api.VCENTER_PROBE_DATASTORE],
                api.VCENTER_VM_FILTER: list(known_vms)[:PROBE_VMS]})
        except VcenterError:
            return False
        return answer == []

    def members(self, datastores, vms, way="auto"):
        """{VM moref: [datastore moref, ...]} for the VMs in `vms` with a disk on one of `datastores`
        ({moref: name or None})."""
        vms = sorted(set(vms))
        if not datastores or not vms:
            return {}
        if way == "auto":
            way = "filter" if self.filter_works(vms) else "vm_details"
        wanted = set(vms)
        found = {}
        if way == "filter":
            for moref in sorted(datastores):
                for item in self.vcenter.get(api.VCENTER_LISTS["vm"][0], query={api.VCENTER_VM_DATASTORE_FILTER: [moref]}):
                    vm = item.get("vm") if isinstance(item, dict) else None
                    if vm in wanted:
                        found.setdefault(vm, []).append(moref)
            return found
        by_name = self._names(datastores)
        for vm in vms:
            try:
                details = self.vcenter.get(api.VCENTER_VM_DETAILS_PATH.format(vm=vm))
            except VcenterError as exc:
                if exc.status == 404:
                    continue   # gone since the report was made
                raise
            for name in vm_datastore_names(details):
                for moref in by_name.get(name, ()):
                    found.setdefault(vm, []).append(moref)
        return found

    def _names(self, datastores):
        """{datastore name: [moref]} for the datastores; names the groups did not tell are asked in one
        request."""
        names = dict((moref, name) for moref, name in datastores.items() if name)
        names.update(self.vcenter.names_of("datastore", [moref for moref, name in datastores.items() if not name]))
        by_name = {}
        for moref, name in names.items():
            if name:
                by_name.setdefault(name, []).append(moref)
        return by_name


def _candidate(kind, item):
    """What tells two objects with one name apart, for the error message."""
    candidate = {"moref": item.get(api.VCENTER_LISTS[kind][1])}
    for key in ("host", "folder", "datacenter", "type", "power_state"):
        if item.get(key) is not None:
            candidate[key] = item.get(key)
    return candidate
