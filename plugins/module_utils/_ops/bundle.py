# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Support bundles: scan a folder for secrets, then pack it into one archive (support_bundle).

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

The scan looks for every secret value it is given (the play's passwords and tokens) and for anything that
looks like an unredacted credential (a password, token or session field, a Token or Authorization
header, with a value that is not the trace's `********`).  Any finding stops the task before the archive
is written, naming the file and line but never the value.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import re
import shutil
import tarfile

from ansible_collections.snapcenter.vsphere.plugins.module_utils import files
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvError, ScvInputError

_MASK = "********"
_SECRET_KEY = r"[\w-]*(?:password|passwd|token|secret|session[-_]?id|authorization|cookie)[\w-]*"
# A credential as data: "password": "x" (JSON), or a header or YAML line that starts with one
# (Token: x, Authorization: Basic x, ontap_password: x).  Prose that mentions a token is not one.
_CREDENTIALS = (
    re.compile(r"""(?i)["'](?P<key>%s)["']\s*:\s*(?P<value>"[^"]*"|'[^']*')""" % _SECRET_KEY),
    re.compile(r"""(?i)^\s*-?\s*(?P<key>%s)\s*[:=]\s*(?P<value>\S.*)$""" % _SECRET_KEY),
)
_HARMLESS_VALUES = ("", "null", "none", "~", "[]", "{}", "true", "false")
_MIN_SECRET = 4
_ARCHIVE_MODE = 0o600


def _suspicious(line):
    for pattern in _CREDENTIALS:
        for found in pattern.finditer(line):
            value = found.group("value").strip().strip("\"'")
            if value.lower() in _HARMLESS_VALUES or value.startswith(_MASK) or value.startswith("{{"):
                continue
            return found.group("key")
    return None


def scan(folder, secrets):
    """[(file, line number, what)] for every secret value or unredacted credential under `folder`."""
    secrets = sorted(set(s for s in secrets or [] if isinstance(s, str) and len(s) >= _MIN_SECRET), key=len,
                     reverse=True)
    findings = []
    for root, dummy_dirs, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
            for number, line in enumerate(text.splitlines(), 1):
                if any(secret in line for secret in secrets):
                    findings.append((relative, number, "a secret value of this play"))
                    continue
                key = _suspicious(line)
                if key:
                    findings.append((relative, number, "an unredacted %s" % key))
    return findings


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def support_bundle(module):
    params = module.params
    src, dest = params["src"], params["dest"]
    if not os.path.isdir(src):
        raise ScvInputError("src", "'%s' is not a folder" % src)
    if not os.path.isdir(os.path.dirname(os.path.abspath(dest))):
        raise ScvInputError("dest", "the folder of '%s' does not exist" % dest)
    packed = sorted(os.path.relpath(os.path.join(root, name), src)
                    for root, dummy, names in os.walk(src) for name in names)
    findings = scan(src, params.get("secrets"))
    if findings:
        listed = "; ".join("%s line %d: %s" % finding for finding in findings[:20])
        raise ScvError("the bundle was not written: %d place(s) hold what looks like a secret (%s%s); remove "
                       "them or fix the redaction, and report it" % (
                           len(findings), listed, "; ..." if len(findings) > 20 else ""))
    if module.check_mode:
        return result(True, dest=dest, files=packed, scanned=len(packed), size=None, sha256=None)
    top = params["name"] or os.path.basename(dest).split(".tar")[0]
    with files.atomic_file(dest, _ARCHIVE_MODE) as temporary:
        with tarfile.open(temporary, "w:gz") as archive:
            archive.add(src, arcname=top)
    if params["remove_src"]:
        shutil.rmtree(src)
    return result(True, dest=dest, files=packed, scanned=len(packed), size=os.path.getsize(dest),
                  sha256=_sha256(dest))
