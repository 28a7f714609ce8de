# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: write every task result's duration and outcome to $BENCH_TIMINGS_FILE (JSON).

Only used by tests/benchmarks/run.py (enabled with ANSIBLE_CALLBACKS_ENABLED=bench_timings); it is
not part of the collection.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_timings
type: aggregate
short_description: Task durations and outcomes for the benchmark script
description:
  - Writes one record per task result (task name, action, changed, failed, seconds) to the file named by
    the environment variable E(BENCH_TIMINGS_FILE).
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase

# Result keys copied into the record when a module returns them (small values only).
KEPT_KEYS = ("polls", "actions", "msg", "job")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timings"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._started = {}
        self._records = []
        self._play_started = time.time()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.time()

    def v2_runner_on_start(self, host, task):
        # Per host: the task's clock starts when the host's run starts (loops add item times up).
        self._started.setdefault(task._uuid, time.time())

    def _record(self, result, status):
        task = result._task
        now = time.time()
        payload = result._result or {}
        record = {
            "task": task.get_name(),
            "action": task.action,
            "status": status,
            "changed": bool(payload.get("changed")),
            "failed": status == "failed",
            "seconds": round(now - self._started.get(task._uuid, now), 4),
            "end": now,
        }
        if "results" in payload and isinstance(payload["results"], list):
            record["items"] = len(payload["results"])
            record["items_changed"] = sum(1 for item in payload["results"] if item.get("changed"))
            record["items_failed"] = sum(1 for item in payload["results"] if item.get("failed"))
        for key in KEPT_KEYS:
            if key in payload:
                value = payload[key]
                if key == "actions" and isinstance(value, list):
                    value = [dict((k, a.get(k)) for k in ("kind", "name", "action")) for a in value
                             if isinstance(a, dict)]
                record["result_" + key] = value
        self._records.append(record)

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed" if not ignore_errors else "ignored")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "failed")

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("BENCH_TIMINGS_FILE")
        if not path:
            return
        with open(path, "w") as handle:
            json.dump({"started": self._play_started, "ended": time.time(), "tasks": self._records}, handle)
