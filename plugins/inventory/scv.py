# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: scv
short_description: VMs known to SnapCenter Plug-in for VMware vSphere as inventory hosts
version_added: 0.1.0
author:
  - snapcenter.vsphere maintainers (@snapcenter)
description:
  - Makes every VM that the SnapCenter Plug-in for VMware vSphere (SCV) appliance knows an inventory host;
    with O(appliances), the VMs of every appliance of a fleet, each appliance with its own connection.
  - The VMs come from the appliance's protected-VM and unprotected-VM reports and from the VM members
    of its resource groups.
  - Groups are made per resource group (C(<group_prefix>rg_<name>)), per site (C(<group_prefix>site_<site>)),
    plus C(<group_prefix>protected) and C(<group_prefix>unprotected). The VMs of one resource group of one
    site are the pattern C(<group_prefix>site_<site>:&<group_prefix>rg_<name>).
  - Every host gets the variables C(scv_site) (the appliance's site name), C(scv_appliance) (its address),
    C(scv_moref), C(scv_vm_name), C(scv_resource_groups) (list of resource group names),
    C(scv_protected) (bool, the VM is in the protected-VM report, that is it has a good backup in the last
    7 days), C(scv_last_backup_name), C(scv_last_backup_id), C(scv_last_backup_time) (appliance-local text as
    the appliance sends it), C(scv_last_backup_time_iso) (ISO 8601) and C(scv_last_backup_status). The backup
    variables are null for a VM without backups.
  - A VM that is in a resource group only through a datastore entity (a VM with a disk on a datastore the
    group protects) is in that group from the start, also before its first backup (see
    O(datastore_members)).
  - "Request cost per inventory refresh, for each appliance: one login (none with O(token)), one request for
    each of the protected-VM report, the unprotected-VM report and the resource group list; so a refresh
    costs 4 requests per appliance whatever the number of VMs, when O(with_backups=false). With
    O(with_backups=true) (the default), one backup list request more per VM that passes O(resource_groups):
    for a site of 5,000 VMs, 5,000 requests. When resource groups protect datastores, see
    O(datastore_members) for the vCenter requests. Turn on O(cache) to make repeated runs free: the cache is
    kept per appliance."
  - The appliances are asked in parallel (O(fetch_workers)).
  - The inventory source file name must end in C(.scv.yml) or C(.scv.yaml).
extends_documentation_fragment:
  - snapcenter.vsphere.connection.plugins
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: Marks this file as an inventory source for this plugin.
    type: str
    required: true
    choices: [snapcenter.vsphere.scv]
  appliances:
    description:
      - The appliances of a fleet, each a dict with its own connection. When set, the connection options
        above (O(hostname)...) are only defaults for every item, except O(hostname), O(token) and
        O(vcenter_hostname), which are per appliance.
      - Each item takes the connection options of this plugin (C(hostname) required, C(port), C(username),
        C(password), C(token), C(validate_certs), C(ca_path), C(timeout), C(retries), C(vcenter_hostname),
        C(vcenter_port), C(vcenter_username), C(vcenter_password), C(vcenter_validate_certs),
        C(vcenter_ca_path), C(appliance_version), C(trace_file)) and the suboptions below.
      - Secrets can stay out of the file as vaulted values, or as the names of environment variables
        (C(password_env)), which is how an AWX/Controller custom credential type injects them.
      - When empty, the connection options above describe the one appliance.
    type: list
    elements: dict
    default: []
    suboptions:
      site:
        description:
          - Name of the appliance's site, for the C(scv_site) variable and the C(site_<site>) group.
          - Defaults to C(hostname). Must be unique in the list.
        type: str
      hostname:
        description: Address of the appliance.
        type: str
        required: true
      credential:
        description: Name of an entry of O(credentials) whose values this appliance takes (its own win).
        type: str
      username_env:
        description: Name of an environment variable holding C(username).
        type: str
      password_env:
        description: Name of an environment variable holding C(password).
        type: str
      token_env:
        description: Name of an environment variable holding C(token).
        type: str
      vcenter_username_env:
        description: Name of an environment variable holding C(vcenter_username).
        type: str
      vcenter_password_env:
        description: Name of an environment variable holding C(vcenter_password).
        type: str
  credentials:
    description:
      - Named credentials that items of O(appliances) refer to with C(credential), so one login serves many
        appliances.
      - Each is a dict of C(username), C(password), C(token), C(vcenter_username), C(vcenter_password) and
        C(ca_path), or of the same names ending in C(_env) naming an environment variable.
    type: dict
    default: {}
  site:
    description:
      - Site name of the one appliance when O(appliances) is empty. Defaults to O(hostname).
    type: str
  on_appliance_error:
    description:
      - What a failing appliance (unreachable, refused login, a malformed answer) does to the inventory.
      - V(fail) fails the whole inventory source, naming the appliance.
      - V(warn) warns, naming the appliance and the reason, and lists the other appliances' VMs; the failed
        appliance's VMs come from its cache entry when O(cache) still holds one, else are left out.
    type: str
    choices: [fail, warn]
    default: fail
  fetch_workers:
    description: How many appliances are asked at the same time.
    type: int
    default: 8
  with_backups:
    description:
      - Look up each VM's newest backup with one backup list request per VM (its newest backup of any
        status and age, with its id).
      - With V(false), the newest backup comes from the protected-VM report, at no request cost; that is the
        report's C(lastBackupName), C(lastBackupTime) and C(lastBackupStatus) of the VMs with a good backup
        in the last 7 days (no backup id; other VMs show none). For fleets and large sites this is the cheap
        way.
    type: bool
    default: true
  datastore_members:
    description:
      - How a VM's membership of resource groups that protect datastores is found, for VMs the
        protected-VM report does not list (it tells the groups of the VMs it lists), that is VMs not yet
        backed up, or not within 7 days.
      - V(auto) asks vCenter which of those VMs have a disk on the groups' datastores. VMware's VM list has
        no datastore filter, so this costs one vCenter session and one VM details request per such VM; a
        vCenter that honours a C(datastores) filter on the VM list (found by one probe request) is asked
        one request per datastore instead.
      - V(vm_details) always asks each VM's details; V(none) asks nothing, so such a VM shows in no
        group until the report lists it.
      - Nothing is asked when no resource group has a datastore entity.
    type: str
    choices: [auto, vm_details, none]
    default: auto
  resource_groups:
    description:
      - Only VMs that are members of one of these resource groups (by name) become hosts.
      - An empty list keeps every VM, including VMs in no resource group.
      - Applied before the per-VM backup requests, so it also reduces the request count.
    type: list
    elements: str
    default: []
  filters:
    description:
      - Jinja2 conditions over the host variables above (without C({{ }})); a VM becomes a host only
        when all of them are true.
      - A condition that cannot be evaluated is an error when O(strict=true), otherwise the VM is
        left out.
    type: list
    elements: str
    default: []
  hostnames:
    description:
      - What becomes the inventory host name.
      - V(name) uses the VM name; when several VMs share a name, each of them is named
        C(<name>_<moref>) (C(<name>_<site>) when they are at different sites) and a warning says so.
      - V(moref) uses the vCenter moref, which is unique per vCenter (C(<moref>_<site>) when two sites
        have the same one).
      - V(site_name) is always C(<site>_<name>), V(site_moref) always C(<site>_<moref>); names that stay
        the same in a fleet, whatever other sites hold.
    type: str
    choices: [name, moref, site_name, site_moref]
    default: name
  group_prefix:
    description: Prefix of the groups this plugin makes.
    type: str
    default: scv_
"""

EXAMPLES = r"""
# One inventory source file, web_db.scv.yml: only two resource groups, grouped by newest backup status,
# cached for an hour. (Other files are shown as comments: one file is one YAML document.)
# The smallest file, demo.scv.yml, is the line `plugin: snapcenter.vsphere.scv` alone: the connection
# then comes from SCV_HOSTNAME, SCV_USERNAME, SCV_PASSWORD and SCV_CA_PATH.
plugin: snapcenter.vsphere.scv
hostname: scv.example.com
ca_path: /etc/pki/scv-ca.pem
resource_groups:
  - web_tier
  - db_tier
keyed_groups:
  - key: scv_last_backup_status | default('NONE', true) | lower
    prefix: backup
compose:
  ansible_host: scv_vm_name ~ '.example.com'
groups:
  stale_backups: not scv_protected
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-scv-inventory
cache_timeout: 3600

# Another file, failed.scv.yml: only VMs whose newest backup failed, without per-VM backup requests of
# VMs in no group:
#   plugin: snapcenter.vsphere.scv
#   filters:
#     - scv_resource_groups | length > 0
#     - scv_last_backup_status == 'FAILED'
#
# Another file, fleet.scv.yml: three sites, one service account for two of them (its password injected by an AWX
# credential as SCV_CORP_PASSWORD), 4 requests per appliance per refresh, cached per appliance
#   plugin: snapcenter.vsphere.scv
#   ca_path: /etc/pki/corp-ca.pem
#   with_backups: false
#   hostnames: site_name
#   on_appliance_error: warn
#   credentials:
#     corp:
#       username: svc-scv@corp.local
#       password_env: SCV_CORP_PASSWORD
#   appliances:
#     - site: fra
#       hostname: scv-fra.corp.local
#       credential: corp
#     - site: ams
#       hostname: scv-ams.corp.local
#       credential: corp
#     - site: lab
#       hostname: scv-lab.corp.local
#       username: administrator@vsphere.local
#       password_env: SCV_LAB_PASSWORD
#       ca_path: /etc/pki/lab-ca.pem
#   cache: true
#   cache_plugin: ansible.builtin.jsonfile
#   cache_connection: ~/.cache/ansible-scv-inventory
#   cache_timeout: 1800
"""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.release import __version__ as ANSIBLE_CORE_VERSION
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    ENTITY_DATASTORE,
    GROUP,
    id_text,
    newest_first,
    read_backups,
    read_report_vm,
    read_report_vms,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.connection import (
    CONNECTION_OPTIONS,
    scv_client,
    vcenter_client,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError, ScvNotFoundError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import scv_time_to_iso
from ansible_collections.snapcenter.vsphere.plugins.module_utils.vcenter import DatastoreMembers

# ansible-core 2.19+ never templates data that is not marked trusted, so values from the appliance are
# plain data there (and wrapping them would show as {"__ansible_unsafe": ...} in ansible-inventory --list).
# Older cores template any string, so a VM name holding "{{" must be wrapped as unsafe.
WRAP_UNSAFE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split(".")[:2]) < (2, 19)

# Bump when the cached record layout changes, so an old cache is refetched instead of misread.
CACHE_FORMAT = 2
# Options that change what is fetched; a cache written with other values is not reused.
FETCH_OPTIONS = ("hostname", "port", "with_backups", "resource_groups", "datastore_members")

CONNECTION_NAMES = tuple(option.name for option in CONNECTION_OPTIONS)
# Connection options an appliance never takes from the plugin's own options: they name one appliance.
PER_APPLIANCE = ("hostname", "token", "vcenter_hostname")
# Values that may be given as the name of an environment variable (`<name>_env`).
ENV_VALUES = ("username", "password", "token", "vcenter_username", "vcenter_password", "ca_path")
CREDENTIAL_KEYS = ENV_VALUES
APPLIANCE_KEYS = CONNECTION_NAMES + ("site", "credential") + tuple(name + "_env" for name in ENV_VALUES)


def collect_vms(protected, unprotected, resource_groups):
    """One record per VM moref from the two reports and the resource groups' VM entities.

    The arguments are the lists as the appliance answered them (or as the vocabulary read them).  Returns
    {moref: {"moref", "name", "protected", "resource_groups", "report_backup"}} where report_backup is
    the newest backup as the protected-VM report tells it (or None).
    """
    vms = {}

    def record(moref, name):
        moref = id_text(moref)
        vm = vms.setdefault(moref, {"moref": moref, "name": None, "protected": False,
                                    "resource_groups": [], "report_backup": None})
        if name and not vm["name"]:
            vm["name"] = str(name)
        return vm

    for row in (read_report_vm(raw) for raw in protected or []):
        if not row["moref"]:
            continue
        vm = record(row["moref"], row["name"])
        vm["protected"] = True
        for name in row["resource_groups"]:
            if name not in vm["resource_groups"]:
                vm["resource_groups"].append(name)
        if row["last_backup_name"]:
            vm["report_backup"] = {"id": None, "name": row["last_backup_name"], "time": row["last_backup_time"],
                                   "status": row.api.get("lastBackupStatus")}
    for row in (read_report_vm(raw) for raw in unprotected or []):
        if row["moref"]:
            record(row["moref"], row["name"])
    for group in GROUP.read_all(resource_groups):
        group_name = id_text(group["name"])
        for entity in group["entities"]:
            if entity["type"] == ENTITY_DATASTORE or not entity["moref"]:
                continue
            vm = record(entity["moref"], entity["name"])
            if group_name and group_name not in vm["resource_groups"]:
                vm["resource_groups"].append(group_name)
    for vm in vms.values():
        vm["resource_groups"].sort()
        if not vm["name"]:
            vm["name"] = vm["moref"]
    return vms


def datastore_groups(resource_groups):
    """({datastore moref: name or None}, {datastore moref: [resource group names]}) of the groups'
    datastore entities."""
    names, groups = {}, {}
    for group in GROUP.read_all(resource_groups):
        group_name = id_text(group["name"])
        for entity in group["entities"]:
            if entity["type"] != ENTITY_DATASTORE or not entity["moref"]:
                continue
            moref = id_text(entity["moref"])
            names[moref] = names.get(moref) or entity["name"]
            if group_name and group_name not in groups.setdefault(moref, []):
                groups[moref].append(group_name)
    return names, groups


def unreported_vms(vms):
    """The VMs whose resource groups the protected-VM report did not tell (it tells them for the VMs it
    lists): only these can be in a datastore-based group without the plugin knowing."""
    return sorted(moref for moref, vm in vms.items() if not vm["protected"])


def add_datastore_members(vms, members, groups_of_datastore):
    """Put each VM with a disk on a protected datastore into that datastore's resource groups."""
    for moref, datastores in members.items():
        vm = vms.get(moref)
        if vm is None:
            continue
        for datastore in datastores:
            for group_name in groups_of_datastore.get(datastore, ()):
                if group_name not in vm["resource_groups"]:
                    vm["resource_groups"].append(group_name)
        vm["resource_groups"].sort()


def newest_backup(backups):
    """The newest of a VM's backups (as the appliance listed them) as {id, name, time, status}, or None.

    Newest by start time (end time when the start is missing); a backup whose times cannot be read
    counts as older than any dated one; of two with the same time the later-listed one wins.
    """
    ordered = newest_first(read_backups(backups))
    if not ordered:
        return None
    best = ordered[0]
    return {
        "id": id_text(best["id"]),
        "name": best["name"],
        "time": best["start_time"] or best["end_time"],
        # As the appliance spells it: inventories group on it (keyed_groups) and users compare it.
        "status": best.api.get("status"),
    }


def select_by_resource_groups(vms, wanted):
    """The morefs of the VMs in one of the `wanted` resource groups (all VMs when `wanted` is empty)."""
    if not wanted:
        return sorted(vms)
    wanted = set(wanted)
    return sorted(moref for moref, vm in vms.items() if wanted.intersection(vm["resource_groups"]))


def host_vars(vm, backup, site=None, appliance=None):
    """The scv_* host variables of one VM record and its newest backup (or None)."""
    backup = backup or {}
    variables = {
        "scv_moref": vm["moref"],
        "scv_vm_name": vm["name"],
        "scv_resource_groups": list(vm["resource_groups"]),
        "scv_protected": bool(vm["protected"]),
        "scv_last_backup_id": backup.get("id"),
        "scv_last_backup_name": backup.get("name"),
        "scv_last_backup_time": backup.get("time"),
        "scv_last_backup_time_iso": scv_time_to_iso(backup.get("time")),
        "scv_last_backup_status": backup.get("status"),
    }
    if site is not None:
        variables["scv_site"] = site
    if appliance is not None:
        variables["scv_appliance"] = appliance
    return variables


def as_data(variables):
    """Host variables from the appliance, made safe from templating on cores that need it."""
    return wrap_var(variables) if WRAP_UNSAFE else dict(variables)


def assign_host_names(records, hostnames="name"):
    """{host name: record} for a list of host variable dicts; VMs sharing a name get `<name>_<moref>`, or
    `<name>_<site>` when they are at different sites (`<name>_<site>_<moref>` when both).

    Returns (mapping, duplicated names).
    """
    if hostnames in ("site_name", "site_moref"):
        key = "scv_vm_name" if hostnames == "site_name" else "scv_moref"
        return dict(("%s_%s" % (r.get("scv_site"), r[key]), r) for r in records), []
    key = "scv_moref" if hostnames == "moref" else "scv_vm_name"
    by_name = {}
    for record in records:
        by_name.setdefault(record[key], []).append(record)
    duplicates = sorted(name for name, same in by_name.items() if len(same) > 1)
    mapping = {}
    for name, same in by_name.items():
        if len(same) == 1:
            mapping[name] = same[0]
            continue
        sites = [r.get("scv_site") for r in same]
        across_sites = len(set(sites)) > 1
        within_site = len(set(sites)) < len(sites)
        for record in same:
            parts = [name]
            if across_sites:
                parts.append(str(record.get("scv_site")))
            if within_site or not across_sites:
                if key != "scv_moref":
                    parts.append(record["scv_moref"])
            mapping["_".join(parts)] = record
    return mapping, duplicates


class ApplianceError(Exception):
    """One appliance could not be listed; `site` names it."""

    def __init__(self, site, message):
        super(ApplianceError, self).__init__("%s: %s" % (site, message))
        self.site = site
        self.message = message


class Appliance:
    """One appliance of the inventory: its site, its connection option values, what is fetched."""

    def __init__(self, site, options, fetch):
        self.site = site
        self.options = options
        self.fetch = fetch

    def get(self, name):
        return self.options.get(name)

    @property
    def fetch_options(self):
        options = dict((name, self.options.get(name) if name in ("hostname", "port") else self.fetch.get(name))
                       for name in FETCH_OPTIONS)
        options["resource_groups"] = sorted(options["resource_groups"] or [])
        options["site"] = self.site
        return options

    @property
    def key(self):
        """What tells this appliance's cache entry apart: its site and address."""
        text = "%s|%s|%s" % (self.site, self.options.get("hostname"), self.options.get("port"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def fetch_appliance(appliance, client_factory, vcenter_factory, warnings):
    """Host variable records of the VMs of one appliance, asked from it (and from its vCenter for
    datastore-based group members).  Warnings go to the list `warnings`."""
    fetch = appliance.fetch
    client = client_factory(appliance)
    protected = client.call("reports.protected_vms", read=read_report_vms)
    unprotected = client.call("reports.unprotected_vms", read=read_report_vms)
    groups = client.call("resource_groups.list", read=GROUP.read_all)
    vms = collect_vms(protected, unprotected, groups)
    datastores, groups_of_datastore = datastore_groups(groups)
    candidates = unreported_vms(vms)
    if datastores and candidates and fetch.get("datastore_members") != "none":
        members = DatastoreMembers(vcenter_factory(appliance))
        add_datastore_members(vms, members.members(datastores, candidates, fetch.get("datastore_members")),
                              groups_of_datastore)
    selected = select_by_resource_groups(vms, fetch.get("resource_groups"))
    records = []
    hostname = appliance.get("hostname")
    for moref in selected:
        vm = vms[moref]
        backup = vm["report_backup"]
        if fetch.get("with_backups"):
            backup = _newest_backup(client, vm, warnings)
        records.append(host_vars(vm, backup, site=appliance.site, appliance=hostname))
    return records


def _newest_backup(client, vm, warnings):
    try:
        return newest_backup(client.call("vm.backups", path_params={"vm": vm["moref"]}, read=read_backups))
    except ScvNotFoundError as exc:
        # The VM went away between the report and this request: list it without backups.
        warnings.append("snapcenter.vsphere.scv: no backups listed for %s (%s): %s" % (
            vm["name"], vm["moref"], to_native(exc.msg)))
        return None


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "snapcenter.vsphere.scv"

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        if path.endswith((".scv.yml", ".scv.yaml")):
            return True
        self.display.vvv("snapcenter.vsphere.scv: skipping %s, the file name must end in .scv.yml or .scv.yaml" % path)
        return False

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        appliances = self._appliances()
        base_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache")
        records, to_fetch = [], []
        for appliance in appliances:
            cached = self._cached(base_key, appliance) if use_cache else None
            if cached is not None:
                records.extend(cached)
            else:
                to_fetch.append(appliance)
        for appliance, fetched, error in self._fetch_all(to_fetch):
            if error is None:
                records.extend(fetched)
                if update_cache:
                    self._cache[self._cache_key(base_key, appliance)] = {
                        "format": CACHE_FORMAT, "fetch_options": appliance.fetch_options, "hosts": fetched}
                continue
            if self.get_option("on_appliance_error") != "warn":
                raise AnsibleParserError("snapcenter.vsphere.scv: %s" % (error if self._fleet else error.message))
            stale = self._cached(base_key, appliance, any_age=True) if self.get_option("cache") else None
            self.display.warning("snapcenter.vsphere.scv: appliance %s (%s) left out: %s%s" % (
                appliance.site, appliance.get("hostname"), error.message,
                "; its VMs come from the cache" if stale is not None else ""))
            records.extend(stale or [])
        self._populate(records)

    # --- the appliances --------------------------------------------------------------------------------

    def _appliances(self):
        """The Appliance of every item of `appliances`, or of the plugin's own connection options."""
        fetch = dict((name, self.get_option(name)) for name in FETCH_OPTIONS if name not in ("hostname", "port"))
        items = self.get_option("appliances") or []
        self._fleet = bool(items)
        if not items:
            options = dict((name, self.get_option(name)) for name in CONNECTION_NAMES)
            return [Appliance(self.get_option("site") or options.get("hostname"), options, fetch)]
        credentials = self.get_option("credentials") or {}
        if not isinstance(credentials, dict):
            raise AnsibleParserError("snapcenter.vsphere.scv: credentials: expected a mapping of names to credentials")
        appliances, sites = [], set()
        for index, item in enumerate(items):
            where = "appliances[%d]" % index
            if not isinstance(item, dict):
                raise AnsibleParserError("snapcenter.vsphere.scv: %s: expected a mapping, got %s" % (
                    where, type(item).__name__))
            unknown = sorted(set(item) - set(APPLIANCE_KEYS))
            if unknown:
                raise AnsibleParserError("snapcenter.vsphere.scv: %s: unknown option(s) %s (known: %s)" % (
                    where, ", ".join(unknown), ", ".join(APPLIANCE_KEYS)))
            if not item.get("hostname"):
                raise AnsibleParserError("snapcenter.vsphere.scv: %s: hostname is required" % where)
            credential = {}
            if item.get("credential") is not None:
                name = item["credential"]
                if name not in credentials or not isinstance(credentials[name], dict):
                    raise AnsibleParserError("snapcenter.vsphere.scv: %s: credential '%s' is not in credentials "
                                             "(known: %s)" % (where, name, ", ".join(sorted(credentials)) or "none"))
                wrong = sorted(set(credentials[name]) - set(CREDENTIAL_KEYS + tuple(n + "_env" for n in ENV_VALUES)))
                if wrong:
                    raise AnsibleParserError(
                        "snapcenter.vsphere.scv: credentials.%s: unknown option(s) %s (known: %s, and each with _env)"
                        % (name, ", ".join(wrong), ", ".join(CREDENTIAL_KEYS)))
                credential = self._values(credentials[name], "credentials.%s" % name, CREDENTIAL_KEYS)
            own = self._values(item, where, CONNECTION_NAMES)
            options = {}
            for name in CONNECTION_NAMES:
                if own.get(name) is not None:
                    options[name] = own[name]
                elif credential.get(name) is not None:
                    options[name] = credential[name]
                elif name not in PER_APPLIANCE:
                    options[name] = self.get_option(name)
            site = str(item.get("site") or item["hostname"])
            if site in sites:
                raise AnsibleParserError("snapcenter.vsphere.scv: %s: site '%s' is listed twice" % (where, site))
            sites.add(site)
            appliances.append(Appliance(site, options, fetch))
        return appliances

    @staticmethod
    def _values(item, where, names):
        """The values of `names` in `item`, a `<name>_env` read from the environment variable it names."""
        values = dict((name, item.get(name)) for name in names if item.get(name) is not None)
        for name in ENV_VALUES:
            variable = item.get(name + "_env")
            if variable is None or name in values:
                continue
            if variable not in os.environ:
                raise AnsibleParserError("snapcenter.vsphere.scv: %s.%s_env: the environment variable %s is not "
                                         "set" % (where, name, variable))
            values[name] = os.environ[variable]
        return values

    # --- fetching --------------------------------------------------------------------------------------

    @staticmethod
    def _client(appliance, warn):
        return scv_client(appliance.get, warn=warn)

    @staticmethod
    def _vcenter(appliance, warn):
        return vcenter_client(appliance.get, warn=warn)

    def _fetch_all(self, appliances):
        """[(appliance, records or None, ApplianceError or None)], asking several appliances at once
        (their warnings are shown here, in the main thread)."""
        def one(appliance):
            warnings = []
            try:
                fetched = fetch_appliance(appliance, lambda a: self._client(a, warnings.append),
                                          lambda a: self._vcenter(a, warnings.append), warnings)
                return appliance, fetched, None, warnings
            except ScvError as exc:
                return appliance, None, ApplianceError(appliance.site, to_native(exc.msg)), warnings

        workers = max(1, min(int(self.get_option("fetch_workers") or 1), len(appliances)))
        if workers == 1:
            results = [one(appliance) for appliance in appliances]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(one, appliances))
        outcome = []
        for appliance, fetched, error, warnings in results:
            for warning in warnings:
                self.display.warning(warning)
            outcome.append((appliance, fetched, error))
        return outcome

    # --- the cache, one entry per appliance ----------------------------------------------------------------

    @staticmethod
    def _cache_key(base_key, appliance):
        return "%s_%s" % (base_key, appliance.key)

    def _cached(self, base_key, appliance, any_age=False):
        """The appliance's cached records when they were fetched with the same options, else None."""
        try:
            cached = self._cache[self._cache_key(base_key, appliance)]
        except KeyError:
            return None
        if not isinstance(cached, dict) or cached.get("format") != CACHE_FORMAT:
            return None
        if not any_age and cached.get("fetch_options") != appliance.fetch_options:
            return None
        return cached.get("hosts")

    # --- hosts and groups ---------------------------------------------------------------------------------

    def _populate(self, records):
        strict = self.get_option("strict")
        prefix = self.get_option("group_prefix")
        records = [r for r in records if self._passes_filters(r, strict)]
        hosts, duplicates = assign_host_names(records, self.get_option("hostnames"))
        if duplicates:
            self.display.warning("snapcenter.vsphere.scv: several VMs are named %s; they are listed with the moref "
                                 "or site added (set hostnames: site_moref to avoid this)" % ", ".join(duplicates))
        for host_name in sorted(hosts):
            variables = as_data(hosts[host_name])
            host = self.inventory.add_host(host_name)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
            status_group = self.inventory.add_group(prefix + ("protected" if variables["scv_protected"] else "unprotected"))
            self.inventory.add_child(status_group, host)
            if variables.get("scv_site"):
                site_group = self.inventory.add_group(self._sanitize_group_name("%ssite_%s" % (
                    prefix, variables["scv_site"])))
                self.inventory.add_child(site_group, host)
            for group_name in variables["scv_resource_groups"]:
                group = self.inventory.add_group(self._sanitize_group_name("%srg_%s" % (prefix, group_name)))
                self.inventory.add_child(group, host)
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)

    def _passes_filters(self, variables, strict):
        for condition in self.get_option("filters"):
            try:
                if not self._compose(condition, as_data(variables)):
                    return False
            except Exception as exc:
                if strict:
                    raise AnsibleParserError("snapcenter.vsphere.scv: could not evaluate the filter %r for %s: %s" % (
                        condition, variables.get("scv_vm_name"), to_native(exc)))
                return False
        return True
