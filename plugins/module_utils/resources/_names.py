# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rules the appliance sets for the names of policies, resource groups and backups."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError

# Characters SCV refuses in policy, resource group and backup names (spaces too; `_` is fine).
FORBIDDEN_NAME_CHARACTERS = "%&*$#@!\\/:?\"<>-|;', "


def check_object_name(option, value, label):
    """Fail naming the option when `value` holds a character the appliance refuses."""
    if value is None:
        return
    if not value:
        raise ScvInputError(option, "a %s name may not be empty" % label)
    bad = sorted(set(ch for ch in value if ch in FORBIDDEN_NAME_CHARACTERS))
    if bad:
        shown = " ".join("space" if ch == " " else ch for ch in bad)
        raise ScvInputError(option, "%s name '%s' contains characters SCV does not allow (%s); "
                                    "use letters, digits and _" % (label, value, shown))
