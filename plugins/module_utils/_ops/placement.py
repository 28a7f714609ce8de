# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where a restored or mounted copy comes from and goes to: snapshot locations and ESX hosts.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import fold
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError


def select_locations(locations, location, datastores, option="location"):
    """The snapshot locations of the wanted type (primary|secondary) that hold the given datastores
    ({moref: what is on it, for the error}), one per datastore."""
    of_type = [loc for loc in locations if fold(loc["location_type"] or "") == fold(location)]
    if not of_type:
        found = sorted(set(str(fold(loc["location_type"])) for loc in locations))
        raise ScvInputError(option, "the backup has no %s copy (it has: %s)" % (location, ", ".join(found) or "none"))
    chosen = []
    for moref, label in datastores.items():
        holding = [loc for loc in of_type if loc["datastore_moref"] == moref]
        if not holding:
            raise ScvInputError(option, "the %s copy of the backup does not hold %s" % (location, label))
        chosen.append(holding[0])
    return chosen


def disk_datastores(disks):
    """{datastore moref: the first disk path on it} of VMDK records, in order."""
    found = {}
    for disk in disks:
        found.setdefault(disk["datastore_moref"], disk["path"])
    return found


def _host_matches(host, wanted):
    return wanted in (host["name"], host["moref"])


def select_esx_host(hosts, wanted=None, preferred=None, option="esx_host"):
    """An ESX host from the available list: the wanted one (name or moref, must be listed), else the
    preferred one when listed, else the first."""
    if not hosts:
        raise ScvInputError(option, "SCV lists no ESX host that can reach this backup")
    if wanted:
        for host in hosts:
            if _host_matches(host, wanted):
                return host
        names = ", ".join(str(host["name"]) for host in hosts)
        raise ScvInputError(option, "'%s' is not among the ESX hosts available for this backup (%s)" % (wanted, names))
    for host in hosts:
        if preferred and _host_matches(host, preferred):
            return host
    return hosts[0]
