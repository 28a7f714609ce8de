#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mount
short_description: Mount a datastore backup on an ESX host, or unmount it
version_added: 0.1.0
description:
  - With O(state=mounted), mounts a copy of a datastore's backup on an ESX host; nothing is done when that
    backup is already mounted there (or anywhere, when O(esx_host) is not given).
  - With O(state=unmounted), unmounts the mounted copies of that backup, or of every backup of the datastore
    when O(backup) is not given; nothing is done when none is mounted.
  - The mounted copies are read from the appliance's list for each backup. A copy appears there only when its
    mount job has ended, so a mount of the same backup (on the same host, when O(esx_host) is given) that is
    still running - a relaunched AWX job, a re-run playbook - is waited on instead of started twice
    (C(changed=false), RV(earlier_job)). The same for an unmount of a copy that is still running.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  datastore:
    description: Name or moref (V(datastore-11)) of the datastore whose backup to mount.
    type: str
    required: true
  backup:
    description:
      - Which backup - V(latest), a backup name, or a backup id.
      - O(state=mounted) defaults to V(latest); O(state=unmounted) without it unmounts copies of any backup.
    type: str
  esx_host:
    description:
      - ESX host (name or moref) to mount on; it must be in the list the appliance offers for the datastore.
      - Default for O(state=mounted) - the first host offered. With O(state=unmounted), only copies mounted
        on this host.
    type: str
  location:
    description: Mount the V(primary) copy or the V(secondary) copy.
    type: str
    choices: [primary, secondary]
    default: primary
  state:
    description: V(mounted) or V(unmounted).
    type: str
    choices: [mounted, unmounted]
    default: mounted
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.wait
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_none
"""

EXAMPLES = r"""
- name: Mount yesterday's copy of a datastore on a host
  snapcenter.vsphere.mount:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
    datastore: nfs_ds01
    esx_host: esx01.example.com
  register: mounted

- name: Unmount every mounted copy of the datastore's backups
  snapcenter.vsphere.mount:
    datastore: nfs_ds01
    state: unmounted
"""

RETURN = r"""
datastore:
  description:
    - The mounted copy (C(name), C(moref), C(esx_host), C(backup) name). In check mode, or before the
      appliance names it, C(name) and C(moref) are null.
    - With O(state=unmounted), the first copy unmounted (null when none was mounted).
    - With O(state=mounted), also C(visible) (vCenter lists the copy as a datastore) and C(accessible)
      (vCenter's own flag), read from vCenter - what a restore drill checks; null in check mode before the
      copy exists.
  returned: always
  type: dict
  sample: {"name": "nfs_ds01_mount_1", "moref": "datastore-901", "esx_host": "esx01.example.com",
           "backup": "rg_ds_11-28-2026_01.30.05.0012", "backup_id": "42", "visible": true, "accessible": true}
unmounted:
  description: Every copy unmounted (or that would be, in check mode), shaped like RV(datastore).
  returned: when O(state=unmounted)
  type: list
  elements: dict
backup:
  description: The backup mounted, shaped like RV(snapcenter.vsphere.backup_info#module:backups[]).
  returned: when O(state=mounted)
  type: dict
job:
  description:
    - The mount job (the last unmount job), shaped like RV(snapcenter.vsphere.job_info#module:job); null
      when nothing was started.
  returned: always
  type: dict
earlier_job:
  description:
    - The running mount of the same backup that this task waited on instead of mounting again, shaped like
      RV(snapcenter.vsphere.job_info#module:job); null otherwise.
  returned: when O(state=mounted)
  type: dict
earlier_jobs:
  description: The running unmounts of the copies that this task waited on instead of unmounting again.
  returned: when O(state=unmounted)
  type: list
  elements: dict
msg:
  description: When an earlier identical mount was waited on, which job it was and when it ran.
  returned: when RV(earlier_job) is set
  type: str
jobs:
  description: Every unmount job started.
  returned: when O(state=unmounted) unmounted something
  type: list
  elements: dict
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import mount
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    datastore=dict(type="str", required=True),
    backup=dict(type="str"),
    esx_host=dict(type="str"),
    location=dict(type="str", choices=["primary", "secondary"], default="primary"),
    state=dict(type="str", choices=["mounted", "unmounted"], default="mounted"),
)


def main():
    run_operation(mount.mount, OPTIONS, wait=True)


if __name__ == "__main__":
    main()
