# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helper: write every task result of a run to $EXAMPLE_RESULTS_FILE (JSON lines).

Only used by tests/examples/test_examples.py (enabled with ANSIBLE_CALLBACKS_ENABLED=example_results);
it is not part of the collection.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: example_results
type: aggregate
short_description: Task outcomes of the documentation examples' test runs
description:
  - Appends one JSON line per task result (task name, action, status, changed, msg, warnings, job) to the
    file named by the environment variable E(EXAMPLE_RESULTS_FILE).
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os

from ansible.plugins.callback import CallbackBase


def _job(payload):
    job = payload.get("job")
    if isinstance(job, dict):
        return dict((key, job.get(key)) for key in ("id", "type", "status"))
    return None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "example_results"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result, status):
        path = os.environ.get("EXAMPLE_RESULTS_FILE")
        if not path:
            return
        payload = result._result or {}
        task = result._task
        items = payload.get("results") if isinstance(payload.get("results"), list) else None
        record = {
            "task": task.get_name(),
            "action": task.action,
            "host": result._host.get_name(),
            "status": status,
            "changed": bool(payload.get("changed")),
            "msg": str(payload.get("msg", "")),
            "warnings": [str(w) for w in payload.get("warnings") or []],
            "job": _job(payload),
            "items": None if items is None else [
                {"changed": bool(i.get("changed")), "failed": bool(i.get("failed")), "job": _job(i)}
                for i in items if isinstance(i, dict)],
        }
        with open(path, "a") as handle:
            handle.write(json.dumps(record) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "ignored" if ignore_errors else "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")
