#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: schedule_info
short_description: Read the built-in appliance schedules
version_added: 0.1.0
description:
  - Returns the appliance's built-in maintenance schedules and their Quartz cron expressions.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  name:
    description: Only the schedule with this name.
    type: str
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
"""

EXAMPLES = r"""
- name: All built-in schedules
  snapcenter.vsphere.schedule_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
  register: schedules
"""

RETURN = r"""
schedules:
  description:
    - The schedules, shaped like RV(snapcenter.vsphere.schedule#module:schedule), so an item can be fed
      back to M(snapcenter.vsphere.schedule).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "Schedule-PurgeJobs", "cron": "0 0 3 * * ?", "description": "Purges old jobs"}]
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_info_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.schedule import SCHEDULE


def main():
    run_info_module(SCHEDULE)


if __name__ == "__main__":
    main()
