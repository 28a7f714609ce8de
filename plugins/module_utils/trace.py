# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The wire trace: every exchange with SCV and vCenter as one JSON line, secrets redacted before writing.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.  The line format is
documented for users in the troubleshooting guide and read by tests/replay/.

Off unless the connection option `trace_file` (SCV_TRACE_FILE) names a file.  Each line is one record:

    {"ts", "pid", "service": "scv"|"vcenter", "kind": "exchange", "method", "url", "path", "query",
     "attempt", "status", "duration_ms", "request": {"headers", "body"}, "response": {"headers", "body"},
     "error"}
    {"ts", "pid", "service", "kind": "event", "event": "path_fallback"|"path_chosen"|"job_found_in_list", ...}

Redaction happens before anything is written: values of keys that name a secret (password, token,
session, secret, authorization, cookie), the headers that carry one, vCenter's session answer, and every
known secret value (the module's no_log values, tokens and session ids as they are issued) wherever it
appears.  Many tasks may append to one file at once: every record is one locked write of one line.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os
import re
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms Ansible runs on
    fcntl = None

REDACTED = "********"
_SECRET_KEY = re.compile(r"pass(word|wd)?|token|secret|session|authori[sz]ation|cookie|credential|api[-_]?key",
                         re.IGNORECASE)
_SECRET_HEADERS = ("token", "authorization", "vmware-api-session-id", "cookie", "set-cookie", "proxy-authorization")
# Answers that are a secret as a whole (vCenter's session id is a bare JSON string).
_SECRET_ANSWER_PATHS = ("/api/session",)
# Secrets shorter than this are not searched for inside other text (a 1-character password would
# blank out every log line); they are still redacted as whole values and under secret keys.
_MIN_SECRET_SUBSTRING = 4
_FILE_MODE = 0o600
_TRACERS = {}


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Tracer:
    """Appends trace records for one file; shared by every client of a module run (see for_file)."""

    def __init__(self, path, secrets=()):
        self.path = path
        self._secrets = set()
        self.add_secrets(secrets)

    @classmethod
    def for_file(cls, path, secrets=()):
        """The tracer of `path` for this process (so the SCV and vCenter clients write through one)."""
        tracer = _TRACERS.get(path)
        if tracer is None:
            tracer = _TRACERS[path] = cls(path)
        tracer.add_secrets(secrets)
        return tracer

    def add_secrets(self, values):
        for value in values or ():
            if isinstance(value, str) and value:
                self._secrets.add(value)

    # -- what gets written -----------------------------------------------------------------------

    def exchange(self, service, method, url, path, query, attempt, started, request=None, response=None,
                 error=None):
        """One HTTP attempt: the prepared request as sent, the answer (or the error that took its place)."""
        record = {
            "kind": "exchange", "service": service, "method": method, "url": url, "path": path,
            "query": query or {}, "attempt": attempt,
            "duration_ms": round((time.monotonic() - started) * 1000.0, 1),
            "request": {"headers": dict(request.headers) if request is not None else {},
                        "body": _decode(getattr(request, "body", None))},
            "status": response.status_code if response is not None else None,
            "response": {"headers": dict(response.headers), "body": _response_body(response, path)}
            if response is not None else None,
            "error": str(error) if error is not None else None,
        }
        self._write(record)

    def event(self, service, event, **details):
        """A dialect decision worth knowing when reading a trace (a path fallback, a job found by listing)."""
        record = {"kind": "event", "service": service, "event": event}
        record.update(details)
        self._write(record)

    # -- redaction and writing -------------------------------------------------------------------

    def redact(self, value, key=None):
        if key is not None and isinstance(key, str) and (_SECRET_KEY.search(key) or key.lower() in _SECRET_HEADERS):
            return REDACTED if value not in (None, "", [], {}) else value
        if isinstance(value, dict):
            return dict((k, self.redact(v, k)) for k, v in value.items())
        if isinstance(value, list):
            return [self.redact(item) for item in value]
        if isinstance(value, str):
            return self._redact_text(value)
        return value

    def _redact_text(self, text):
        for secret in sorted(self._secrets, key=len, reverse=True):
            if text == secret:
                return REDACTED
            if len(secret) >= _MIN_SECRET_SUBSTRING and secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def _write(self, record):
        record = dict(self.redact(record), ts=_now(), pid=os.getpid())
        line = (json.dumps(record, sort_keys=True, default=str) + "\n").encode("utf-8")
        handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, _FILE_MODE)
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            os.write(handle, line)
        finally:
            os.close(handle)   # closing releases the lock


def _decode(body):
    """A request or response body as data: JSON when it parses, else text (bytes decoded)."""
    if body is None or body == b"" or body == "":
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        return json.loads(body)
    except (TypeError, ValueError, RecursionError):
        return body


def _response_body(response, path):
    if any(path.endswith(secret_path) for secret_path in _SECRET_ANSWER_PATHS):
        return REDACTED
    return _decode(response.content)
