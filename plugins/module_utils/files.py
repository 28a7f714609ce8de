# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Files the modules write on the host they run on (job logs, support bundles, audit logs).

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.

Written atomically (a temporary file in the same folder, then a rename), so a reader never sees half a
file and an interrupted run leaves the old file whole, and with an explicit mode, so the umask of an
execution environment does not decide who may read an appliance's logs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os
import tempfile

from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError

# Appliance logs name hosts, users and paths: readable by the owner only unless the caller says otherwise.
DEFAULT_MODE = 0o600


def write_text(path, text, option, check_mode=False, mode=DEFAULT_MODE):
    """Write `text` to `path` when the file does not already hold exactly that (and has `mode`).

    Returns whether it wrote (or, in check mode, would have).  A directory or a missing parent folder
    fails naming `option`.
    """
    if os.path.isdir(path):
        raise ScvInputError(option, "'%s' is a directory; give a file path" % path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ScvInputError(option, "the folder '%s' does not exist" % folder)
    if os.path.exists(path):
        with open(path, "r") as existing:
            same_text = existing.read() == text
        if same_text and (os.stat(path).st_mode & 0o777) == mode:
            return False
    if check_mode:
        return True
    with atomic_file(path, mode) as temporary:
        with open(temporary, "w") as out:
            out.write(text)
    return True


@contextlib.contextmanager
def atomic_file(path, mode=DEFAULT_MODE):
    """Yield a temporary path next to `path`; once the block is done it becomes `path` with `mode`, in one
    rename.  If the block fails, nothing is left behind and an existing `path` is untouched."""
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path),
                                         dir=os.path.dirname(os.path.abspath(path)))
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
