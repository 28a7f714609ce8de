#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: audit_log_info
short_description: List, verify and download the appliance's audit log files
version_added: 0.2.0
description:
  - Lists the audit log files of the appliance (SCV 4.8 and later) with their size, number of entries and
    integrity state (V(verified), V(unverified) or V(tampered)).
  - With O(verify=true), first has the appliance verify the hash chain of every file and returns the result
    as RV(verification); a failed verification is a warning, not an error, so a compliance play can report it.
  - With O(dest), downloads every file (or the one named by O(name)) into that folder, atomically and with
    mode C(0600); a file whose content is already there is not written again.
  - Against an appliance older than SCV 4.8 the task fails saying that audit logs need SCV 4.8.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  name:
    description:
      - Only this file (for example V(audit.log)); without it, every file.
    type: str
  verify:
    description:
      - Have the appliance verify the integrity of every audit log file before they are listed.
      - Not done in check mode, where the task says so in a warning (the appliance records each verification
        in the files' state).
    type: bool
    default: false
  dest:
    description:
      - Folder on the host the module runs on to download the files into; created (mode C(0700)) when missing.
      - Each file is written as its name, a rolled file without its C(.gz) suffix, because the appliance serves
        it decompressed (C(audit-20261128-013005.log.gz) becomes C(audit-20261128-013005.log)).
      - Files are written atomically with mode C(0600) and only when their content differs (not in check mode).
    type: path
notes:
  - The shapes of the audit calls are not published by NetApp; see the collection's API notes.
seealso:
  - module: snapcenter.vsphere.audit_config
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the appliance.
    support: full
    details: In check mode no file is written (RV(downloads) says which would be) and O(verify) is skipped.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
"""

EXAMPLES = r"""
- name: Verify the audit trail and keep a copy of it
  snapcenter.vsphere.audit_log_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    verify: true
    dest: /srv/compliance/scv-audit
  register: audit

- name: Fail the compliance run when the audit trail was tampered with
  ansible.builtin.assert:
    that: audit.verification.result == 'passed'
    fail_msg: "SCV audit log integrity: {{ audit.verification.files | selectattr('integrity_status', 'eq', 'tampered') | map(attribute='name') | list }}"

- name: Download only the current file
  snapcenter.vsphere.audit_log_info:
    name: audit.log
    dest: /tmp/scv-audit
"""

RETURN = r"""
files:
  description: The audit log files (the current C(audit.log) first, then the rolled files, newest first).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: File name.
      type: str
    size_bytes:
      description: Size on the appliance (a rolled file, compressed).
      type: int
    entries:
      description: Number of audit entries in the file.
      type: int
    integrity_status:
      description: V(verified), V(unverified) (written to since the last verification) or V(tampered).
      type: str
    created_time:
      description: When the file was started, as the appliance sends it.
      type: str
    created_time_iso:
      description: ISO 8601 form of RV(files[].created_time).
      type: str
    modified_time:
      description: Time of the file's last entry, as the appliance sends it.
      type: str
    modified_time_iso:
      description: ISO 8601 form of RV(files[].modified_time).
      type: str
    last_verified_time:
      description: Time of the last verification; null before the first one.
      type: str
    last_verified_time_iso:
      description: ISO 8601 form of RV(files[].last_verified_time).
      type: str
  sample:
    - {"name": "audit.log", "size_bytes": 5301, "entries": 14, "integrity_status": "verified",
       "created_time": "11/28/2026 01:00:00 AM", "modified_time": "11/28/2026 01:30:05 AM",
       "last_verified_time": "11/28/2026 01:31:00 AM"}
verification:
  description:
    - The result of the integrity verification asked for with O(verify=true); null in check mode.
  returned: when O(verify=true)
  type: dict
  contains:
    result:
      description: V(passed) when every file is intact, else V(failed).
      type: str
    verified_time:
      description: When the appliance verified, as it sends it.
      type: str
    verified_time_iso:
      description: ISO 8601 form of RV(verification.verified_time).
      type: str
    files:
      description: Each file's state after the verification.
      type: list
      elements: dict
      contains:
        name:
          description: File name.
          type: str
        integrity_status:
          description: V(verified) or V(tampered).
          type: str
        first_bad_entry:
          description: Line (1-based) of the first entry whose hash does not match; null when none.
          type: int
  sample: {"result": "failed", "verified_time": "11/28/2026 01:31:00 AM",
           "files": [{"name": "audit.log", "integrity_status": "tampered", "first_bad_entry": 3}]}
downloads:
  description: The files written (or, in check mode, that would be written) to O(dest).
  returned: when O(dest) is given
  type: list
  elements: dict
  contains:
    name:
      description: File name on the appliance.
      type: str
    path:
      description: Where it was written.
      type: str
    entries:
      description: Number of entries in it.
      type: int
    changed:
      description: Whether the file was written (its content was not already there).
      type: bool
  sample: [{"name": "audit.log", "path": "/srv/compliance/scv-audit/audit.log", "entries": 14, "changed": true}]
downloads_changed:
  description: Whether any file was written. The task itself never reports a change (it changes nothing on the appliance).
  returned: when O(dest) is given
  type: bool
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import audit
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    name=dict(type="str"),
    verify=dict(type="bool", default=False),
    dest=dict(type="path"),
)


def main():
    run_operation(audit.audit_log_info, OPTIONS)


if __name__ == "__main__":
    main()
