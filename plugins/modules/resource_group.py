#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: resource_group
short_description: Create, change, suspend or delete an SCV resource group
version_added: 0.1.0
description:
  - Creates, changes or deletes a resource group of the SnapCenter Plug-in for VMware vSphere appliance, saying
    the VMs and datastores it protects, the policies and schedules it backs them up with, and how it
    reports.
  - VMs, datastores and policies are given by name (or VMs and datastores by moref). Every name is
    looked up before anything is written; an unknown name fails naming the option.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_full
options:
  # BEGIN generated: RESOURCE_GROUP -- edit plugins/module_utils/resources/resource_group.py, then run `make generate`
  name:
    description:
      - 'Name of the resource group: letters, digits and C(_). SCV refuses spaces and the characters C(%&*$#@!\/:?"<>-|;'',).'
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the resource group, V(absent) deletes it.
    type: str
    default: present
    choices: [present, absent]
  description:
    description:
      - Free text shown in the SCV UI.
    type: str
  vms:
    description:
      - The VMs to protect, by name or moref (V(vm-42)). Replaces the group's VMs; order does not matter.
      - At least one VM or datastore is required to create a group.
    type: list
    elements: str
  datastores:
    description:
      - The datastores to protect, by name or moref (V(datastore-11)). Replaces the group's datastores.
    type: list
    elements: str
  policies:
    description:
      - The policies the group backs up with, by policy name, each with its schedule. Replaces the group's policies.
      - The schedule's frequency is the policy's; V(on_demand) policies take no schedule.
      - A policy already attached keeps its schedule when O(policies[].schedule) is not given.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the policy.
        type: str
        required: true
      schedule:
        description:
          - When scheduled backups run.
        type: dict
        suboptions:
          every:
            description:
              - Every how many hours (hourly policy) or days (daily policy). V(1) when not set.
            type: int
          start_time:
            description:
              - First run, as ISO 8601 local time of the appliance, for example V(2026-12-01T01:30).
              - When not set, a schedule the group has already keeps its start (and it is not compared); a new schedule
                starts at the next full hour of the controller's clock.
            type: str
          days_of_week:
            description:
              - Days a weekly policy runs.
            type: list
            elements: str
            choices: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]
          days_of_month:
            description:
              - Days (1 to 31) a monthly policy runs.
            type: list
            elements: int
  spanning:
    description:
      - What to do with datastores that VMs of the group span besides the protected ones.
      - V(exclude_all) when not set on create.
    type: str
    choices: [exclude_all, include_all, custom]
  spanning_datastores:
    description:
      - With O(spanning=custom), the spanning datastores to include, by name or moref.
    type: list
    elements: str
  notification:
    description:
      - When SCV sends email about the group's jobs. V(never) when not set on create.
    type: str
    choices: [never, always, error, error_or_warnings]
  email:
    description:
      - Email settings for O(notification).
    type: dict
    suboptions:
      from:
        description:
          - Sender address.
        type: str
        required: true
      to:
        description:
          - Recipient addresses.
        type: list
        elements: str
        required: true
      subject:
        description:
          - Subject line.
        type: str
  latest_snapshot_name:
    description:
      - Keep a copy of the newest snapshot under a C(_recent) name.
    type: bool
  snapshot_name_format:
    description:
      - Custom snapshot name built from C($ResourceGroup), C($Policy), C($HostName), C($ScheduleType) and C($CustomText).
        V("") for the default name.
    type: str
  suspended:
    description:
      - V(true) suspends the group's scheduled backups, V(false) resumes them.
    type: bool
  # END generated
notes:
  - Only the options you set are compared and changed; the others keep what the appliance has.
seealso:
  - module: snapcenter.vsphere.resource_group_info
  - module: snapcenter.vsphere.policy
"""

EXAMPLES = r"""
- name: Protect two VMs daily at 01:30 and weekly on Sundays
  snapcenter.vsphere.resource_group:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vcenter_password }}"
    ca_path: /etc/pki/scv-ca.pem
    name: web_tier
    vms: [web01, web02]
    policies:
      - name: daily_14d
        schedule:
          every: 1
          start_time: "2026-12-01T01:30"
      - name: weekly_8
        schedule:
          days_of_week: [sunday]
          start_time: "2026-12-06T03:00"
    notification: error
    email:
      from: scv@example.com
      to: [backup-team@example.com]
      subject: SCV backup of web_tier

- name: Suspend scheduled backups during maintenance
  snapcenter.vsphere.resource_group:
    name: web_tier
    suspended: true

- name: Delete the group
  snapcenter.vsphere.resource_group:
    name: web_tier
    state: absent
"""

RETURN = r"""
resource_group:
  description:
    - The resource group as SCV has it now (as it would be, in check mode), with the module's option
      names plus C(id); VMs and datastores by name.
    - Empty when O(state=absent).
    - A policy's C(schedule) holds only the options its frequency takes (the others are null), so it can be
      given back to M(snapcenter.vsphere.resource_group) as it is.
  returned: always
  type: dict
  sample:
    id: "12"
    name: web_tier
    description: ""
    vms: [web01, web02]
    datastores: []
    policies:
      - name: daily_14d
        schedule: {every: 1, start_time: "2026-12-01T01:30", days_of_week: null, days_of_month: null}
    spanning: exclude_all
    spanning_datastores: []
    notification: error
    email: {from: scv@example.com, to: [backup-team@example.com], subject: null}
    latest_snapshot_name: false
    snapshot_name_format: null
    suspended: false
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_resource_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.resource_group import RESOURCE_GROUP


def main():
    run_resource_module(RESOURCE_GROUP)


if __name__ == "__main__":
    main()
