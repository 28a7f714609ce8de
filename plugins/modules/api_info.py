#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: api_info
short_description: Check an appliance's own API description against what the collection uses
version_added: 0.1.0
description:
  - Reads the API description the appliance publishes next to its Swagger UI (OpenAPI 3 at C(/api/v3/api-docs)
    from SCV 4.9 on, Swagger 2.0 at C(/api/v2/api-docs) before), or a saved copy given as O(spec_file), and
    compares it with the collection's path table and the request fields the collection sends.
  - For every endpoint the collection uses it says whether the appliance has it as the collection spells it
    (V(present)), only in the other spelling the collection falls back to by itself (V(fallback), a
    dialect), under a spelling the collection does not try (V(other_spelling)), with the path but not the
    method (V(method_missing)), or not at all (V(absent); V(not_in_version) when the appliance's version
    predates the call).
  - For every request field the collection sends, whether the document's body schema knows it.
  - One verdict - V(compatible), V(compatible_with_fallbacks) or V(incompatible) - and the reasons.
  - The version comes from O(appliance_version) when given, else from the document's C(info.version) when it
    reads as an SCV release. Pass the returned RV(version) as O(appliance_version) to later tasks so they
    refuse, before any write, what the appliance does not have.
  - Reads only; the result is the same in check mode.
author:
  - snapcenter.vsphere maintainers (@snapcenter)
options:
  spec_file:
    description:
      - A saved copy of the appliance's API description (JSON or YAML), for a review away from the appliance.
      - When given, the appliance is not contacted.
    type: path
extends_documentation_fragment:
  - snapcenter.vsphere.connection
  - snapcenter.vsphere.attributes
  - snapcenter.vsphere.attributes.info_module
notes:
  - A real appliance's description may differ from the one this collection was written against (NetApp
    publishes no schemas). A V(compatible_with_fallbacks) verdict is normal; for V(incompatible), send the
    result and a wire trace (O(trace_file)) with your issue.
seealso:
  - module: snapcenter.vsphere.login
"""

EXAMPLES = r"""
- name: Check the appliance before the first run
  snapcenter.vsphere.api_info:
    hostname: scv.example.com
    username: administrator@vsphere.local
    password: "{{ vault_scv_password }}"
    ca_path: /etc/pki/scv-ca.pem
  register: scv_api

- name: Stop when the appliance does not offer what the collection needs
  ansible.builtin.assert:
    that: scv_api.verdict != 'incompatible'
    fail_msg: "{{ scv_api.reasons | join('; ') }}"

- name: Review a saved description, without an appliance
  snapcenter.vsphere.api_info:
    spec_file: files/scv-6.1-api-docs.json
  delegate_to: localhost
"""

RETURN = r"""
verdict:
  description: V(compatible), V(compatible_with_fallbacks) or V(incompatible).
  returned: always
  type: str
  sample: compatible_with_fallbacks
reasons:
  description: Why the verdict is not V(compatible), one sentence per endpoint or field.
  returned: always
  type: list
  elements: str
  sample:
    - "GET /4.1/datastores/{moref}/availableEsxHosts: served only as /4.1/datastores/{moref}/availableesxhosts,
      which the collection falls back to by itself"
version:
  description: The appliance's SCV version (O(appliance_version), or the document's), null when unknown.
  returned: always
  type: str
  sample: "6.1.0"
version_source:
  description: V(appliance_version), V(document), or null.
  returned: always
  type: str
document:
  description: Where the description came from (C(source)), its C(format), C(title) and number of C(paths).
  returned: always
  type: dict
  sample: {"source": "/api/v3/api-docs", "format": "openapi 3.0.1", "title": "SnapCenter Plug-in for VMware vSphere", "paths": 41}
endpoints:
  description: Every endpoint of the collection's path table and what the document says of it.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The endpoint's name in the collection's path table.
      type: str
    method:
      description: HTTP method.
      type: str
    path:
      description: The path as the collection spells it first.
      type: str
    status:
      description: V(present), V(fallback), V(other_spelling), V(method_missing), V(absent) or V(not_in_version).
      type: str
    found:
      description: The path as the document has it (for V(fallback) and V(other_spelling), the other spelling).
      type: str
    since:
      description: The SCV release that introduced the call (null for 4.1).
      type: str
request_fields:
  description: Every request field the collection sends, per endpoint, and whether the document knows it.
  returned: always
  type: list
  elements: dict
  contains:
    endpoint:
      description: The endpoint's name.
      type: str
    field:
      description: The field (C(outer[].inner) for a field of the objects in a list).
      type: str
    known:
      description: True or false; null when the document does not describe the body.
      type: bool
    since:
      description: The SCV release that introduced the field, when later than its call.
      type: str
    expected_missing:
      description: The field is unknown because the appliance's version predates it (not an incompatibility).
      type: bool
features:
  description: Features that depend on the SCV version, each with C(since) and C(supported) (null when unknown).
  returned: always
  type: dict
  sample: {"storage_rename": {"since": "5.0", "supported": true}, "snapshot_locking": {"since": "5.0", "supported": true}}
"""

from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops import compat
from ansible_collections.snapcenter.vsphere.plugins.module_utils.module import run_operation

OPTIONS = dict(
    spec_file=dict(type="path"),
)


def main():
    run_operation(compat.api_info, OPTIONS)


if __name__ == "__main__":
    main()
