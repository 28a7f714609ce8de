# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A VM given by name or moref, or once deleted by its instance UUID.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import read_backups
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError


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
        return self.module.client.call("vm.backups", path_params={"vm": self.key}, read=read_backups)

    def current_host(self):
        """The moref of the VM's host, when vCenter says ([H]: details 'host' or 'placement.host')."""
        return self.details.get("host") or (self.details.get("placement") or {}).get("host")

    def check_not_template(self, option="vm"):
        """vCenter marks templates in the VM's details; SCV refuses them too (400), but only after a POST."""
        if self.details.get("template"):
            raise ScvInputError(option, "%s is a template; SCV cannot restore VM templates" % self.label)


def resolve_optional(module, kind, option):
    """The moref for an optional name-or-moref option, or None when it is not set."""
    value = module.params.get(option)
    return module.vcenter.resolve_one(kind, value, option) if value else None
