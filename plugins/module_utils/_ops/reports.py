# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The appliance's VM protection reports.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import read_report_vms

REPORTS = (("protected", "reports.protected_vms"), ("unprotected", "reports.unprotected_vms"))


def report_info(module):
    which = module.params["report"]
    values = {}
    for report, endpoint in REPORTS:
        if which in (report, "all"):
            values[report] = module.client.call(endpoint, read=read_report_vms)
    values["counts"] = dict((report, len(values[report])) for report, dummy in REPORTS if report in values)
    return result(False, **values)
