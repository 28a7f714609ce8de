# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The appliance's audit log files (SCV 4.8+): list them, verify their integrity, download them.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
(The audit settings are a declaration: resources/audit_config.py.)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os
import re

from ansible_collections.snapcenter.vsphere.plugins.module_utils import files
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    AUDIT_FILE,
    AUDIT_FILE_CONTENT,
    AUDIT_PASSED,
    AUDIT_TAMPERED,
    AUDIT_VERIFICATION,
    audit_file_download_name,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils.engine import reconcile
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvInputError,
    ScvNotFoundError,
    ScvResponseError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources.audit_config import AUDIT_CONFIG

# What the appliance calls its files (docs: audit.log and rolled audit-<timestamp>.log.gz).  A name the
# appliance answers that is not a plain file name is never written anywhere.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DOWNLOAD_FOLDER_MODE = 0o700


AUDIT_SINCE = api.ENDPOINTS["audit.logs"].since


@contextlib.contextmanager
def needs_audit_logs():
    """An appliance without the audit calls answers 404: say first that audit logs need SCV 4.8."""
    try:
        yield
    except ScvNotFoundError as error:
        if getattr(error, "path", "").startswith("/4.1/audit/logs/"):
            raise   # one file that is not there (any more)
        error.msg = "audit logs need SCV %s or later: %s %s returned HTTP 404%s, as an appliance older than " \
                    "SCV %s does (set appliance_version to have this checked before anything is sent)" % (
                        AUDIT_SINCE, error.method, error.path,
                        " (%s)" % "; ".join(error.api_messages) if error.api_messages else "", AUDIT_SINCE)
        error.args = (error.msg,)
        raise error


def audit_config(module):
    """The audit_config module: the AUDIT_CONFIG declaration through the engine."""
    with needs_audit_logs():
        return reconcile(module, AUDIT_CONFIG)


def audit_log_info(module):
    with needs_audit_logs():
        return _audit_log_info(module)


def _audit_log_info(module):
    params = module.params
    client = module.client
    values = {}
    if params.get("verify"):
        if module.check_mode:
            module.warn("verify: not run in check mode (the appliance records every verification)")
            values["verification"] = None
        else:
            values["verification"] = client.call("audit.verify", read=AUDIT_VERIFICATION.read)
    listed = client.call("audit.logs", read=AUDIT_FILE.read_all)
    wanted = params.get("name")
    if wanted:
        listed = [item for item in listed if item["name"] == wanted]
        if not listed:
            raise ScvInputError("name", "the appliance has no audit log file named '%s'" % wanted)
    values["files"] = listed
    if params.get("dest"):
        values["downloads"] = _download(module, listed, params["dest"])
        values["downloads_changed"] = any(item["changed"] for item in values["downloads"])
    verification = values.get("verification")
    if verification and verification["result"] != AUDIT_PASSED:
        bad = ["%s (entry %s)" % (item["name"], item["first_bad_entry"]) for item in verification["files"]
               if item["first_bad_entry"] is not None or item["integrity_status"] == AUDIT_TAMPERED]
        module.warn("audit log integrity verification %s: %s" % (verification["result"], ", ".join(bad) or "?"))
    return result(False, **values)


def _download(module, listed, folder):
    """Write each file's content to `folder` (atomic, mode 0600); unchanged files are not rewritten."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise ScvInputError("dest", "'%s' is not a folder" % folder)
    if not os.path.isdir(folder) and not module.check_mode:
        try:
            os.makedirs(folder, DOWNLOAD_FOLDER_MODE)
        except OSError as exc:
            raise ScvInputError("dest", "cannot create the folder '%s': %s" % (folder, exc))
    downloads = []
    for item in listed:
        name = item["name"] or ""
        if not _SAFE_NAME.match(name):
            raise ScvResponseError("GET", "/4.1/audit/logs", 200,
                                   "the audit log file name %r is not a plain file name" % name)
        path = os.path.join(folder, audit_file_download_name(name))
        one = module.client.call("audit.log", path_params={"filename": name}, read=AUDIT_FILE_CONTENT.read)
        text = one["content"] or ""
        if not isinstance(text, str):
            raise ScvResponseError("GET", "/4.1/audit/logs/%s" % name, 200, "field content is not text")
        if module.check_mode and not os.path.isdir(folder):
            changed = True
        else:
            changed = files.write_text(path, text, "dest", check_mode=module.check_mode)
        downloads.append({"name": name, "path": path, "entries": one["entries"], "changed": changed})
    return downloads
