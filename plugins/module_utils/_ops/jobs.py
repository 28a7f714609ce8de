# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Appliance jobs as the job and job_info modules see them: read, wait, download the log, mark failed;
and, for the operation flows, the earlier identical job (exactly-once restores, attaches and mounts).

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
(Starting jobs and waiting for them is the JobRunner's, module_utils/jobs.py.)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.snapcenter.vsphere.plugins.module_utils import files
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.backups import time_window
from ansible_collections.snapcenter.vsphere.plugins.module_utils import times
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    JOB_FAILED,
    JOB_RUNNING,
    JOB_STATUSES_DONE,
    newest_first,
    same_id,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError, ScvJobFailedError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_scv_time

# The option of the restore module that bounds how far back an identical finished job counts.
IDEMPOTENCY_WINDOW_DEFAULT = "1h"


def job_info(module):
    params = module.params
    runner = module.jobs
    if params.get("id") is None:
        newer_than, dummy = time_window(module)
        jobs = runner.list_jobs(params.get("type"), params.get("status"))
        if newer_than is not None:
            jobs = [j for j in jobs if (parse_scv_time(j["start_time"]) or datetime.datetime.min) >= newer_than]
        return result(False, jobs=newest_first(jobs, fallback_key=None))
    job_id = str(params["id"])
    if params.get("wait"):
        try:
            job = runner.wait(job_id, timeout=params["wait_timeout"])
        except ScvJobFailedError as failed:
            # Reporting a failed job is this module's purpose, not an error of the task.
            job = failed.job
    else:
        job = runner.get(job_id)
    values = {"job": job}
    if params.get("logs_dest"):
        text = module.client.call_text("jobs.logs", path_params={"id": job_id})
        values["logs_dest"] = params["logs_dest"]
        values["logs_changed"] = files.write_text(params["logs_dest"], text, "logs_dest", check_mode=module.check_mode)
    return result(False, **values)


def job(module):
    runner = module.jobs
    job_id = str(module.params["id"])
    current = runner.get(job_id)
    status = current["status"]
    if status == JOB_FAILED:
        return result(False, job=current)
    if status != JOB_RUNNING:
        raise ScvInputError("id", "job %s is %s; only a running job can be marked failed" % (job_id, status))
    if module.check_mode:
        return result(True, job=dict(current, status=JOB_FAILED))
    module.client.call("jobs.fail", path_params={"id": job_id})
    return result(True, job=runner.get(job_id))


# -- exactly once: the earlier identical job ------------------------------------------------------------------
#
# How a job is matched to what it works on (docs/api-notes.md, "Jobs: what they work on"; house, low
# confidence): same `type`, same `backupId`, and one of its `entities` has the moref or the instance UUID of
# the target. The jobs are listed by type only (the one filter the contract gives) and matched here, so an
# appliance without the `entity`/`backupId` filters gives the same answer. Where the job carries no entities
# the job is never taken for an identical one: a second operation is then possible, never a missed one.

def idempotency_window(value, option="idempotency_window"):
    """Seconds of `idempotency_window` (``1h``, ``30m``, ``3600``); ``0`` (or ``0s``, ``off``) -> 0: off."""
    text = str(value if value is not None else IDEMPOTENCY_WINDOW_DEFAULT).strip().lower()
    if text in ("off", "false", "no") or text.rstrip("smhdw").strip() in ("0", "00", "000"):
        return 0
    try:
        return times.parse_duration(text)
    except ValueError as exc:
        raise ScvInputError(option, "%s; 0 turns the check off" % exc)


def works_on(job, keys):
    """Whether one of the job's entities is one of `keys` (morefs and instance UUIDs, None ignored)."""
    wanted = set(str(key) for key in keys if key)
    return any(entity.get(field) and str(entity[field]) in wanted
               for entity in job.get("entities") or [] for field in ("moref", "uuid"))


def ended_since(job, since):
    """Whether a finished job ended at `since` or later (a job without a readable end time: no)."""
    return (parse_scv_time(job.get("end_time")) or datetime.datetime.min) >= since


def identical_job(module, job_type, backup_id, keys, window_seconds=0, name_has=None, now=None):
    """The earlier job that did (or is doing) the same thing: of `job_type`, on backup `backup_id`, working on
    one of `keys`, and (when given) whose name contains `name_has`.

    A RUNNING one always counts; a finished one only when it did its work (completed or warning) and ended
    within `window_seconds` (0: finished jobs never count). Returns the job (running first, else the one that
    ended last), or None.
    """
    def identical(job):
        named = name_has is None or name_has in (job.get("name") or "")
        return named and same_id(job.get("backup_id"), backup_id) and works_on(job, keys)

    jobs = [job for job in module.jobs.list_jobs(job_type) if identical(job)]
    running = [job for job in jobs if job["status"] == JOB_RUNNING]
    if running:
        return newest_first(running)[0]
    if not window_seconds:
        return None
    since = (now or datetime.datetime.now()) - datetime.timedelta(seconds=window_seconds)
    recent = [job for job in jobs if job["status"] in JOB_STATUSES_DONE and ended_since(job, since)]
    return newest_first(recent, time_key="end_time", fallback_key="start_time")[0] if recent else None


def join(module, job):
    """The earlier job, waited on while it runs when the module waits (and not in check mode): its end, or
    the error of its failure, is this task's."""
    if job["status"] != JOB_RUNNING or module.check_mode or not module.params.get("wait", True):
        return job
    return module.jobs.wait(job["id"])


def describe_earlier(job, what):
    """'restore VM web01 ... already done by job 42 (Restore VM ...), started ..., ended ...'."""
    when = "started %s" % (job.get("start_time_iso") or job.get("start_time") or "at an unknown time")
    if job["status"] == JOB_RUNNING:
        state = "is running"
    else:
        state = "ended %s %s" % (job["status"], job.get("end_time_iso") or job.get("end_time") or "")
    name = job.get("name") or job.get("type")
    return "%s: job %s (%s) %s, %s; not started again" % (what, job["id"], name, state.strip(), when)
