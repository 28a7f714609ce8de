# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Appliance jobs as the job and job_info modules see them: read, wait, download the log, mark failed.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.
(Starting jobs and waiting for them is the JobRunner's, module_utils/jobs.py.)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.snapcenter.vsphere.plugins.module_utils import files
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.results import result
from ansible_collections.snapcenter.vsphere.plugins.module_utils._ops.backups import time_window
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import JOB_FAILED, JOB_RUNNING, newest_first
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import ScvInputError, ScvJobFailedError
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_scv_time


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
