# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every flow returns; the package holds the flows of the data-protection modules, one file per domain.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

    backups.py    backup (backupnow), backup_info; choosing a backup, filters, time windows
    targets.py    a VM given by name, moref or (deleted) instance UUID
    placement.py  where a copy goes: ESX hosts and snapshot locations
    restore.py    restore a VM, a deleted VM, or VMDKs
    vmdk.py       choosing VMDKs; attach and detach
    mount.py      mount and unmount datastore backups
    jobs.py       job (mark failed), job_info (read, wait, download the log)
    reports.py    report_info
    audit.py      audit_log_info (list, verify, download), audit_config (the AUDIT_CONFIG declaration)
    compat.py     api_info: the appliance's API description against the path table
    bundle.py     support_bundle: the secret scan and the archive
    results.py    what every flow returns (this file)

Each public flow takes an ScvModule and returns the module's result dict; ScvModule.run() turns errors
into fail_json.  Every flow reads and validates everything first, then stops in check mode, then writes:
bad input fails before any write, and check mode never writes.  Flows work on vocabulary Records
(_vocabulary.py) and never spell an API field name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def result(changed, **values):
    """A flow's result: its values plus `changed`."""
    values["changed"] = changed
    return values
