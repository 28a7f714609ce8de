# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The appliance's audit log settings and their forwarding to syslog (SCV 4.8+).

A singleton kind: the appliance has exactly one such object, read with GET and replaced whole with PUT
(docs/api-notes.md, "Audit logs": house shapes, low confidence).  No name, no id, nothing to create,
delete or prune.  It holds no secret (the syslog TLS certificate has its own call, not used here).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import fold
from ansible_collections.snapcenter.vsphere.plugins.module_utils.declaration import Declaration, Field
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.options import Option

# option -> the API field inside `syslog`
_SYSLOG_FIELDS = (("enabled", "enabled"), ("server", "server"), ("port", "port"), ("protocol", "protocol"))
SYSLOG_PROTOCOLS = ("udp", "tcp", "tls")

_SYSLOG_OPTIONS = [
    Option("enabled", "bool", "Forward every audit entry to the syslog server."),
    Option("server", "str", ["Address (FQDN or IP) of the syslog server.",
                             "Required when forwarding is enabled (here or already on the appliance)."]),
    Option("port", "int", "Port of the syslog server (the appliance's default is 514)."),
    Option("protocol", "str", ["Transport to the syslog server.",
                               "V(tls) needs the server's certificate on the appliance (set in the SCV UI)."],
           choices=list(SYSLOG_PROTOCOLS)),
]


def _syslog_view(api_object):
    syslog = api_object.get("syslog") or {}
    view = dict((option, syslog.get(key)) for option, key in _SYSLOG_FIELDS)
    view["protocol"] = fold(view["protocol"])
    return view


def _syslog_to_api(value, context):
    """The whole `syslog` object: what the appliance has, with the suboptions the user set."""
    merged = dict(((context.current or {}).get("syslog")) or {})
    for option, key in _SYSLOG_FIELDS:
        if value.get(option) is not None:
            merged[key] = value[option].upper() if option == "protocol" else value[option]
    return merged


def _syslog_canonical(api_value):
    syslog = dict(api_value or {})
    if isinstance(syslog.get("protocol"), str):
        syslog["protocol"] = syslog["protocol"].upper()
    if isinstance(syslog.get("server"), str):
        syslog["server"] = syslog["server"].strip() or None
    return sorted(syslog.items())


class AuditConfigDeclaration(Declaration):

    def validate_params(self, params):
        port = (params.get("syslog") or {}).get("port")
        if port is not None and not 1 <= port <= 65535:
            raise ScvInputError("syslog.port", "%s is not a TCP/UDP port (1-65535)" % port)
        for option in ("max_files", "max_file_size_mb"):
            if params.get(option) is not None and params[option] < 1:
                raise ScvInputError(option, "must be 1 or more, got %s" % params[option])

    def validate_plan(self, plan):
        syslog = (plan.merged or {}).get("syslog") or {}
        if syslog.get("enabled") and not str(syslog.get("server") or "").strip():
            raise ScvInputError("syslog.server", "a syslog server is required to enable forwarding")


AUDIT_CONFIG = AuditConfigDeclaration(
    kind="audit_config",
    plural="audit_configs",
    label="audit configuration",
    endpoints={"list": "audit.config", "update": "audit.config_update"},
    singleton=True,
    key_field=None,
    id_field=None,
    update_path_id=False,
    controls=[],
    fields=[
        Field("enabled", "enabled", type="bool", doc=[
            "Write the audit log.",
            "When V(false) the appliance writes nothing but the changes of these settings themselves."]),
        Field("max_file_size_mb", "maxFileSizeMB", type="int", doc=[
            "Size in MB at which the appliance starts a new audit log file (it keeps the old one, compressed).",
            "The appliance's default is 10."]),
        Field("max_files", "maxFiles", type="int", doc=[
            "How many audit log files the appliance keeps; the oldest go first.",
            "Lowering it removes the oldest files at once: download them first "
            "(M(snapcenter.vsphere.audit_log_info) with O(snapcenter.vsphere.audit_log_info#module:dest)).",
            "The appliance's default (and, on the appliances this collection knows, its maximum) is 10."]),
        Field("syslog", "syslog", type="dict", suboptions=_SYSLOG_OPTIONS,
              to_api=_syslog_to_api, from_api=_syslog_view, canonical=_syslog_canonical, doc=[
                  "Forwarding of the audit entries to a syslog server.",
                  "Only the suboptions given are changed; the others keep the appliance's values."]),
    ],
)
