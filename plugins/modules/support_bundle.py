#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: support_bundle
short_description: Pack a folder into a support bundle after scanning it for secrets
version_added: 0.1.0
description:
  - Scans every file of O(src) for the secret values given in O(secrets) and for anything that looks like an
    unredacted credential (a password, token, session id, C(Token) or C(Authorization) header with a value
    other than the wire trace's C(********)).
  - Any finding fails the task before the archive is written, naming the file and line, never the value.
  - Otherwise writes O(src) as one C(.tar.gz) archive to O(dest) (atomically, mode C(0600)).
  - Works on the host it runs on only (use C(delegate_to) with C(localhost)); it does not contact the appliance.
  - The playbook C(snapcenter.vsphere.support_bundle) gathers what goes into a bundle and calls this module.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  src:
    description: The folder to pack.
    type: path
    required: true
  dest:
    description: The archive to write (C(.tar.gz)).
    type: path
    required: true
  secrets:
    description:
      - Values that must not be in the bundle (the play's passwords and tokens). Values shorter than 4
        characters are not searched for.
    type: list
    elements: str
    default: []
  name:
    description: The name of the top folder inside the archive; the archive's file name without C(.tar.gz) when not set.
    type: str
  remove_src:
    description: Remove O(src) once the archive is written.
    type: bool
    default: false
extends_documentation_fragment:
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.check_mode_full
  - snapcenter.vsphere.attributes.diff_none
"""

EXAMPLES = r"""
- name: Pack what the support playbook gathered
  snapcenter.vsphere.support_bundle:
    src: /tmp/scv-support
    dest: /tmp/scv-support-2026-12-01.tar.gz
    secrets:
      - "{{ scv_password }}"
  no_log: false
  delegate_to: localhost
"""

RETURN = r"""
dest:
  description: The archive written (in check mode, the one that would be).
  returned: always
  type: str
files:
  description: The files packed, relative to O(src).
  returned: always
  type: list
  elements: str
scanned:
  description: How many files were scanned.
  returned: always
  type: int
size:
  description: The archive's size in bytes (null in check mode).
  returned: always
  type: int
sha256:
  description: The archive's SHA-256 (null in check mode).
  returned: always
  type: str
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import bundle
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_local

OPTIONS = dict(
    src=dict(type="path", required=True),
    dest=dict(type="path", required=True),
    secrets=dict(type="list", elements="str", default=[], no_log=True),
    name=dict(type="str"),
    remove_src=dict(type="bool", default=False),
)


def main():
    run_local(bundle.support_bundle, OPTIONS)


if __name__ == "__main__":
    main()
