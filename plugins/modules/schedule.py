#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: schedule
short_description: Set the cron expression of a built-in appliance schedule
version_added: 0.1.0
description:
  - Sets when one of the appliance's five built-in maintenance schedules runs.
  - The Quartz cron expression is checked before anything is sent; nothing is sent when the schedule
    already has it.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  # BEGIN generated: SCHEDULE -- edit plugins/module_utils/resources/schedule.py, then run `make generate`
  name:
    description:
      - The built-in schedule.
    type: str
    required: true
    choices:
      - Schedule-DatabaseDump
      - Schedule-PurgeBackups
      - Schedule-AsupDataCollection
      - Schedule-ComputeStorageSaving
      - Schedule-PurgeJobs
  cron:
    description:
      - Quartz cron expression - 6 or 7 fields (seconds, minutes, hours, day of month, month, day of week, optional
        year), with V(?) in exactly one of day of month and day of week.
      - For example V(0 0 2 * * ?) (every day at 02:00) or V(0 30 1 ? * SUN) (Sundays at 01:30).
    type: str
    required: true
  # END generated
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_full
"""

EXAMPLES = r"""
- name: Purge old backups every night at 02:00
  snapcenter.vsphere.schedule:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    name: Schedule-PurgeBackups
    cron: "0 0 2 * * ?"
"""

RETURN = r"""
schedule:
  description: The schedule after the change (in check mode, as it would be).
  returned: always
  type: dict
  contains:
    name:
      description: Schedule name.
      type: str
    cron:
      description: Quartz cron expression.
      type: str
    description:
      description: What the schedule does.
      type: str
  sample: {"name": "Schedule-PurgeBackups", "cron": "0 0 2 * * ?", "description": "Purges expired backups"}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_resource_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.schedule import SCHEDULE


def main():
    run_resource_module(SCHEDULE)


if __name__ == "__main__":
    main()
