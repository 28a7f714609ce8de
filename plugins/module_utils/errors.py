# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One exception hierarchy.  ScvModule.run() turns any ScvError into fail_json in one place.

Public within the collection's plugins (modules, the inventory plugin, the event source); the classes
and their fail_json keywords are documented in the troubleshooting guide.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def item_option(list_option, index, name, option):
    """How messages name an option of one item of a bulk task: ``resource_groups[17].vms (rg_web)``."""
    return "%s[%d].%s (%s)" % (list_option, index, option, name)


class ScvError(Exception):
    """Base of every error the collection raises on purpose."""

    # The option (or options, ``hostname/port``) the user should look at, when one can be named.
    option = None

    def __init__(self, msg):
        super(ScvError, self).__init__(msg)
        self.msg = msg

    def about(self, option, fix):
        """The same error said of the option to look at, with what to do about it:
        ``ca_path: POST /4.1/auth/login failed: TLS certificate verification failed: ...; point ca_path at ...``."""
        self.option = option
        self.msg = "%s: %s; %s" % (option, self.msg, fix) if option else "%s; %s" % (self.msg, fix)
        self.args = (self.msg,)
        return self

    def _with_option(self, kwargs):
        if self.option and "option" not in kwargs:
            kwargs["option"] = self.option
        return kwargs

    def to_fail_kwargs(self):
        """Keyword arguments for module.fail_json()."""
        return self._with_option({"msg": self.msg})


class ScvInputError(ScvError):
    """Bad module input, found before anything was written."""

    def __init__(self, option, reason):
        super(ScvInputError, self).__init__("%s: %s" % (option, reason))
        self.option = option
        self.reason = reason

    def in_item(self, list_option, index, name):
        """The same error said of item `index` (named `name`) of a list option, for bulk tasks:
        ``resource_groups[17].vms (rg_web): no VM named 'web9' was found``."""
        # A copy with every attribute (candidates of a lookup error too), said of the item.
        located = self.__class__.__new__(self.__class__)
        located.__dict__.update(self.__dict__)
        located.option = "%s[%d].%s" % (list_option, index, self.option)
        located.msg = "%s: %s" % (item_option(list_option, index, name, self.option), self.reason)
        Exception.__init__(located, located.msg)
        return located

    def to_fail_kwargs(self):
        return {"msg": self.msg, "option": self.option}


class ScvLookupError(ScvInputError):
    """A name given in an option matches no object, or several."""

    def __init__(self, option, kind, name, candidates=None, hint=None):
        candidates = candidates or []
        if candidates:
            listed = "; ".join(
                ", ".join("%s=%s" % (k, v) for k, v in sorted(c.items()) if v is not None) for c in candidates
            )
            reason = "%s name '%s' matches %d objects (%s); pass the moref instead" % (
                kind, name, len(candidates), listed)
        else:
            # hint: what to do about it (create it first, where the names come from).
            reason = "no %s named '%s' was found%s" % (kind, name, "; %s" % hint if hint else "")
        super(ScvLookupError, self).__init__(option, reason)
        self.kind = kind
        self.name = name
        self.candidates = candidates
        self.hint = hint

    def to_fail_kwargs(self):
        kwargs = super(ScvLookupError, self).to_fail_kwargs()
        if self.candidates:
            kwargs["candidates"] = self.candidates
        return kwargs


class ScvPruneGuardError(ScvInputError):
    """A bulk task's plan deletes more than it is allowed to (max_deletions), or would empty a kind whose
    list names nothing to keep; refused before any write.  `would_delete`: [{kind, name}]."""

    def __init__(self, option, reason, would_delete):
        super(ScvPruneGuardError, self).__init__(option, reason)
        self.would_delete = list(would_delete)

    def to_fail_kwargs(self):
        kwargs = super(ScvPruneGuardError, self).to_fail_kwargs()
        kwargs["would_delete"] = self.would_delete
        return kwargs


class ScvConnectionError(ScvError):
    """The appliance could not be reached, or the connection broke before an answer came."""

    def __init__(self, method, path, reason):
        super(ScvConnectionError, self).__init__("%s %s failed: %s" % (method, path, reason))
        self.method = method
        self.path = path

    def to_fail_kwargs(self):
        return self._with_option({"msg": self.msg, "method": self.method, "path": self.path})


class ScvApiError(ScvError):
    """The appliance answered with an HTTP error status."""

    def __init__(self, method, path, status, api_messages=None, reason=None):
        self.method = method
        self.path = path
        self.status = status
        self.api_messages = [str(m) for m in (api_messages or [])]
        detail = "; ".join(self.api_messages) or reason or "no message"
        super(ScvApiError, self).__init__("%s %s returned HTTP %s: %s" % (method, path, status, detail))

    def to_fail_kwargs(self):
        return self._with_option({
            "msg": self.msg,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "api_messages": self.api_messages,
        })


class ScvVersionError(ScvError):
    """The appliance's SCV version (known from the appliance_version option) lacks what the task needs."""

    def __init__(self, what, needed, version, option=None):
        super(ScvVersionError, self).__init__("%s%s needs SCV %s or later; this appliance is SCV %s" % (
            "%s: " % option if option else "", what, needed, version))
        self.option = option
        self.needed = needed
        self.version = version

    def to_fail_kwargs(self):
        kwargs = {"msg": self.msg, "needed_version": self.needed, "appliance_version": self.version}
        if self.option:
            kwargs["option"] = self.option
        return kwargs


class ScvAuthError(ScvApiError):
    """401: bad credentials, or a token that is missing, invalid or expired."""


class ScvNotFoundError(ScvApiError):
    """404: unknown id, moref or path."""

    def with_hint(self, hint):
        """The same error with a sentence that helps read it (an older appliance answers 404 too)."""
        self.msg = "%s (%s)" % (self.msg, hint)
        self.args = (self.msg,)
        return self


class ScvConflictError(ScvApiError):
    """409: duplicate name, object in use, or wrong state."""


class ScvResponseError(ScvError):
    """The answer could not be understood (not JSON, no envelope, wrong types)."""

    def __init__(self, method, path, status, reason):
        super(ScvResponseError, self).__init__(
            "%s %s returned an answer that could not be understood (HTTP %s): %s; if the appliance is right, "
            "please send a wire trace (trace_file) with your report" % (method, path, status, reason))
        self.method = method
        self.path = path
        self.status = status

    def to_fail_kwargs(self):
        return self._with_option({"msg": self.msg, "method": self.method, "path": self.path, "status": self.status})


class ScvJobError(ScvError):
    """Base of job outcomes that fail a task; carries the job as the module returns it."""

    def __init__(self, msg, job):
        super(ScvJobError, self).__init__(msg)
        self.job = job

    def to_fail_kwargs(self):
        return self._with_option({"msg": self.msg, "job": self.job})


class ScvJobFailedError(ScvJobError):
    """The job ended FAILED."""

    def __init__(self, job):
        messages = "; ".join(job.get("messages") or []) or "no message"
        super(ScvJobFailedError, self).__init__(
            "job %s (%s) ended %s: %s" % (job.get("id"), job.get("type"), job.get("status"), messages), job)


class ScvJobTimeoutError(ScvJobError):
    """The job did not end within wait_timeout."""

    def __init__(self, job, timeout):
        super(ScvJobTimeoutError, self).__init__(
            "job %s (%s) did not end within wait_timeout=%ss; last status: %s" % (
                job.get("id"), job.get("type"), timeout, job.get("status")), job)
        self.timeout = timeout


class VcenterError(ScvError):
    """vCenter (used for name lookups) failed or answered with an error."""

    def __init__(self, method, path, status, reason):
        answered = " (HTTP %s)" % status if status is not None else ""
        super(VcenterError, self).__init__("vCenter %s %s failed%s: %s" % (method, path, answered, reason))
        self.method = method
        self.path = path
        self.status = status

    def to_fail_kwargs(self):
        return self._with_option({"msg": self.msg, "method": self.method, "path": self.path, "status": self.status})
