# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Starting asynchronous SCV operations and waiting for their jobs.

An asynchronous POST (backupnow, restore, mount, ...) answers with `response.jobId` on most appliances
and with no job id on some.  Before the POST the runner notes which jobs of that type exist; when no
id comes back, or when the connection breaks after the appliance may have acted, it finds the new job
in that list instead of sending the POST again.  So one task never starts two backups or restores.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.snapcenter.vsphere.plugins.module_utils import api
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    JOB_FAILED,
    JOB_RUNNING,
    JOB_WARNING,
    job_id_of,
    jobs_query,
    read_job,
    read_jobs,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvConnectionError,
    ScvError,
    ScvJobFailedError,
    ScvJobTimeoutError,
)

DEFAULT_WAIT_TIMEOUT = 900
# Adaptive polling: the first poll comes quickly (short jobs end in a second or two), then the
# interval doubles up to a cap, so a 20 s job costs 15 polls and its end is noticed 0.9 s late on average.
POLL_FIRST_SECONDS = 0.2
POLL_FACTOR = 2.0
POLL_MAX_SECONDS = 1.8
# How long to look for the job an answer did not name before giving up.
FIND_JOB_SECONDS = 6.0


def poll_intervals(first=POLL_FIRST_SECONDS, factor=POLL_FACTOR, cap=POLL_MAX_SECONDS):
    """Endless generator of sleep intervals: first, first*factor, ... capped."""
    interval = first
    while True:
        yield interval
        interval = min(cap, interval * factor)


def _id_sort_key(job):
    job_id = job.get("id") or ""
    return (0, int(job_id), "") if job_id.isdigit() else (1, 0, job_id)


class JobRunner:
    """Starts asynchronous operations and waits for their jobs."""

    def __init__(self, client, wait_timeout=DEFAULT_WAIT_TIMEOUT, check_mode=False, sleep=time.sleep,
                 clock=time.monotonic):
        self.client = client
        self.wait_timeout = wait_timeout
        self.check_mode = check_mode
        self._sleep = sleep
        self._clock = clock

    def list_jobs(self, job_type=None, status=None):
        return self.client.call("jobs.list", query=jobs_query(job_type, status), read=read_jobs)

    def get(self, job_id):
        return self.client.call("jobs.get", path_params={"id": job_id}, read=read_job)

    def start(self, name, path_params=None, body=None, job_type=None, match=None):
        """Send the asynchronous POST `name` and return the id of the job it started.

        `match(job) -> bool` narrows the search when the job has to be found in the list (for example
        the resource group id of a backup), so a job someone else started at the same time is not taken.
        """
        if self.check_mode:
            # A module must never reach this in check mode: fail loudly rather than write.
            raise ScvError("internal error: %s would write in check mode" % name)
        job_type = job_type or api.ENDPOINTS[name].job_type
        known_ids = set(job["id"] for job in self.list_jobs(job_type))
        try:
            payload = self.client.call(name, path_params=path_params, body=body)
        except ScvConnectionError as lost:
            # The appliance may have acted before the connection broke: look before sending again.
            job = self._find_new_job(job_type, known_ids, match)
            if job is not None:
                self.client.transport.event("job_found_in_list", endpoint=name, job_id=job["id"], job_type=job_type,
                                            after="the connection broke after the request was sent")
                return job["id"]
            raise ScvError("%s; no new %s job appeared within %ss, so the request is not sent again: "
                           "check the appliance's job list before running the task again" % (
                               lost.msg, job_type, int(FIND_JOB_SECONDS)))
        job_id = job_id_of(payload)
        if job_id is not None:
            return job_id
        job = self._find_new_job(job_type, known_ids, match)
        if job is None:
            raise ScvError("%s answered without a job id and no new %s job appeared in the job list" % (
                name, job_type))
        self.client.transport.event("job_found_in_list", endpoint=name, job_id=job["id"], job_type=job_type)
        return job["id"]

    def _find_new_job(self, job_type, known_ids, match):
        deadline = self._clock() + FIND_JOB_SECONDS
        for interval in poll_intervals():
            candidates = [job for job in self.list_jobs(job_type)
                          if job["id"] not in known_ids and (match is None or match(job))]
            if candidates:
                return max(candidates, key=_id_sort_key)
            if self._clock() >= deadline:
                return None
            self._sleep(interval)
        return None  # pragma: no cover - the generator is endless

    def wait(self, job_id, timeout=None):
        """Poll until the job ends.  Returns the job; raises on FAILED or on timeout."""
        timeout = self.wait_timeout if timeout is None else timeout
        deadline = self._clock() + timeout
        intervals = poll_intervals()
        while True:
            job = self.get(job_id)
            if job["status"] != JOB_RUNNING:
                if job["status"] == JOB_FAILED:
                    raise ScvJobFailedError(job)
                if job["status"] == JOB_WARNING:
                    # It did its work, with something worth reading (a partial backup, a VM skipped).
                    self.client.transport.warn("job %s (%s) ended with warnings: %s" % (
                        job["id"], job["type"], "; ".join(job["messages"]) or "no message"))
                return job
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise ScvJobTimeoutError(job, timeout)
            self._sleep(min(next(intervals), remaining))

    def run(self, name, path_params=None, body=None, job_type=None, match=None, wait=True, timeout=None):
        """start() then, when `wait`, wait().  Returns the job (only its id when not waiting)."""
        job_id = self.start(name, path_params=path_params, body=body, job_type=job_type, match=match)
        if not wait:
            return {"id": job_id, "status": JOB_RUNNING}
        return self.wait(job_id, timeout=timeout)
