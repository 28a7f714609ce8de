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
  - Makes every VM that the SnapCenter Plug-in for VMware vSphere (SCV) appliance knows an inventory host.
  - The VMs come from the appliance's protected-VM and unprotected-VM reports and from the VM members
    of its resource groups.
  - Groups are made per resource group (C(<group_prefix>rg_<name>)), plus C(<group_prefix>protected)
    and C(<group_prefix>unprotected).
  - Every host gets the variables C(scv_moref), C(scv_vm_name), C(scv_resource_groups) (list of resource
    group names), C(scv_protected) (bool, the VM is in the protected-VM report, that is it has a good
    backup in the last 7 days), C(scv_last_backup_name), C(scv_last_backup_id), C(scv_last_backup_time)
    (appliance-local text as the appliance sends it), C(scv_last_backup_time_iso) (ISO 8601) and
    C(scv_last_backup_status). The backup variables are null for a VM without backups.
  - "Request cost per inventory refresh: one login (none with O(token)), one request for each of the
    protected-VM report, the unprotected-VM report and the resource group list, and, with
    O(with_backups=true), one backup list request per VM that passes O(resource_groups). With
    O(with_backups=false) the newest backup comes from the protected-VM report only (so unprotected VMs
    show none). Turn on O(cache) to make repeated runs free."
  - The inventory source file name must end in C(.scv.yml) or C(.scv.yaml).
  - VMs that are members of a resource group only through a datastore entity are not listed by the
    resource group (the appliance names only the datastore); they appear when the reports list them.
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
  with_backups:
    description:
      - Look up each VM's newest backup with one backup list request per VM.
      - With V(false), the newest backup comes from the protected-VM report, which knows only VMs with
        a good backup in the last 7 days.
    type: bool
    default: true
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
        C(<name>_<moref>) and a warning says so.
      - V(moref) uses the vCenter moref, which is unique.
    type: str
    choices: [name, moref]
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
"""

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
from ansible_collections.snapcenter.vsphere.plugins.module_utils.connection import scv_client
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError, ScvNotFoundError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import scv_time_to_iso

# ansible-core 2.19+ never templates data that is not marked trusted, so values from the appliance are
# plain data there (and wrapping them would show as {"__ansible_unsafe": ...} in ansible-inventory --list).
# Older cores template any string, so a VM name holding "{{" must be wrapped as unsafe.
WRAP_UNSAFE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split(".")[:2]) < (2, 19)

# Bump when the cached record layout changes, so an old cache is refetched instead of misread.
CACHE_FORMAT = 1
# Options that change what is fetched; a cache written with other values is not reused.
FETCH_OPTIONS = ("hostname", "port", "with_backups", "resource_groups")


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


def host_vars(vm, backup):
    """The scv_* host variables of one VM record and its newest backup (or None)."""
    backup = backup or {}
    return {
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


def as_data(variables):
    """Host variables from the appliance, made safe from templating on cores that need it."""
    return wrap_var(variables) if WRAP_UNSAFE else dict(variables)


def assign_host_names(records, hostnames="name"):
    """{host name: record} for a list of host variable dicts; VMs sharing a name get `<name>_<moref>`.

    Returns (mapping, duplicated names).
    """
    if hostnames == "moref":
        return dict((r["scv_moref"], r) for r in records), []
    counts = {}
    for record in records:
        counts[record["scv_vm_name"]] = counts.get(record["scv_vm_name"], 0) + 1
    duplicates = sorted(name for name, count in counts.items() if count > 1)
    mapping = {}
    for record in records:
        name = record["scv_vm_name"]
        if counts[name] > 1:
            name = "%s_%s" % (name, record["scv_moref"])
        mapping[name] = record
    return mapping, duplicates


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

        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        fetch_options = self._fetch_options()
        records = None
        if use_cache:
            try:
                cached = self._cache[cache_key]
            except KeyError:
                cached = None
            if isinstance(cached, dict) and cached.get("format") == CACHE_FORMAT \
                    and cached.get("fetch_options") == fetch_options:
                records = cached.get("hosts")
            else:
                update_cache = True
        if records is None:
            records = self._fetch()
        if update_cache:
            self._cache[cache_key] = {"format": CACHE_FORMAT, "fetch_options": fetch_options, "hosts": records}
        self._populate(records)

    def _fetch_options(self):
        options = dict((name, self.get_option(name)) for name in FETCH_OPTIONS)
        options["resource_groups"] = sorted(options["resource_groups"] or [])
        return options

    def _client(self):
        return scv_client(self.get_option, warn=self.display.warning)

    def _fetch(self):
        """Host variable records of the VMs to list, asked from the appliance."""
        try:
            client = self._client()
            vms = collect_vms(
                client.call("reports.protected_vms", read=read_report_vms),
                client.call("reports.unprotected_vms", read=read_report_vms),
                client.call("resource_groups.list", read=GROUP.read_all),
            )
            selected = select_by_resource_groups(vms, self.get_option("resource_groups"))
            records = []
            for moref in selected:
                vm = vms[moref]
                backup = vm["report_backup"]
                if self.get_option("with_backups"):
                    backup = self._newest_backup(client, vm)
                records.append(host_vars(vm, backup))
        except ScvError as exc:
            raise AnsibleParserError("snapcenter.vsphere.scv: %s" % to_native(exc.msg))
        return records

    def _newest_backup(self, client, vm):
        try:
            return newest_backup(client.call("vm.backups", path_params={"vm": vm["moref"]}, read=read_backups))
        except ScvNotFoundError as exc:
            # The VM went away between the report and this request: list it without backups.
            self.display.warning("snapcenter.vsphere.scv: no backups listed for %s (%s): %s" % (
                vm["name"], vm["moref"], to_native(exc.msg)))
            return None

    def _populate(self, records):
        strict = self.get_option("strict")
        prefix = self.get_option("group_prefix")
        records = [r for r in records if self._passes_filters(r, strict)]
        hosts, duplicates = assign_host_names(records, self.get_option("hostnames"))
        if duplicates:
            self.display.warning("snapcenter.vsphere.scv: several VMs are named %s; they are listed as "
                                 "<name>_<moref> (set hostnames: moref to avoid this)" % ", ".join(duplicates))
        for host_name in sorted(hosts):
            variables = as_data(hosts[host_name])
            host = self.inventory.add_host(host_name)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
            status_group = self.inventory.add_group(prefix + ("protected" if variables["scv_protected"] else "unprotected"))
            self.inventory.add_child(status_group, host)
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
