# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Attributes every module declares; the check_mode/diff_mode variants are composed per module.
    DOCUMENTATION = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/snapcenter.vsphere.scv) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - snapcenter.vsphere.scv
"""

    CHECK_MODE_FULL = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the appliance.
    support: full
"""

    DIFF_FULL = r"""
options: {}
attributes:
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
"""

    DIFF_NONE = r"""
options: {}
attributes:
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the appliance.
    support: full
    details: This module only reads.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module only reads.
"""
