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

import datetime
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
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_scv_time

DEFAULT_WAIT_TIMEOUT = 900
# Finding a job an answer did not name: the first look at once, then after 0.2, 0.4 and 0.8 s, then every
# 1.8 s (the job appears in the list within a second or two).
POLL_FIRST_SECONDS = 0.2
POLL_FACTOR = 2.0
POLL_CAP_SECONDS = 1.8
# Waiting for a job: the first poll at once, the second after POLL_FIRST_SECONDS, then the interval is
# POLL_SHARE of the job's age (the time since the appliance started it, on the appliance's clock), at
# least POLL_MIN_SECONDS and at most POLL_MAX_SECONDS.  A job that ends between two polls is noticed at most max(1 s, 5 % of its length)
# late: a 20 s job costs 22 polls, a 5 min job about 78 and a 30 min job about 116 (the fixed 1.8 s
# step this replaced: 15, 170 and 1,004).
POLL_MIN_SECONDS = 1.0
POLL_SHARE = 0.05
POLL_MAX_SECONDS = 60.0
# The appliance's clock (its HTTP Date header, whole seconds) is taken to run faster than the controller's
# only when measured over at least this many appliance seconds and beyond this factor: real clocks agree,
# a test appliance whose clock runs faster (the simulator's --time-scale) does not.
CLOCK_RATE_MIN_SECONDS = 10.0
CLOCK_RATE_FACTOR = 1.25
# Time zones are whole quarter hours: a job's age is its start time against the appliance's clock modulo
# this (so a job started less than 15 minutes ago gets its exact age, an older one an age that is too
# small, which only makes polling denser).
_QUARTER_HOUR = 900.0
# How long to look for the job an answer did not name before giving up.
FIND_JOB_SECONDS = 6.0


def poll_intervals(first=POLL_FIRST_SECONDS, factor=POLL_FACTOR, cap=POLL_CAP_SECONDS):
    """Endless generator of sleep intervals: first, first*factor, ... capped (finding a job in the list)."""
    interval = first
    while True:
        yield interval
        interval = min(cap, interval * factor)


def poll_interval(age):
    """Appliance seconds until the next poll of a job that has been running `age` appliance seconds."""
    return min(POLL_MAX_SECONDS, max(POLL_MIN_SECONDS, POLL_SHARE * max(0.0, age)))


def job_age(start_time, server_epoch):
    """Seconds since the job started, from its start time (as the appliance wrote it: appliance-local) and
    the appliance's clock (epoch seconds from its Date header); None when either is unknown.

    The appliance's time zone is not known, so the difference is taken modulo a quarter hour: exact for a
    job younger than 15 minutes, too small (never too large) for an older one.
    """
    start_time = parse_scv_time(start_time)
    if start_time is None or server_epoch is None:
        return None
    as_if_utc = (start_time - datetime.datetime(1970, 1, 1)).total_seconds()
    offset = server_epoch - as_if_utc
    # A job read right after it started may look a moment younger than 0 (whole seconds, clocks): -30 s.
    return ((offset + 30.0) % _QUARTER_HOUR) - 30.0 if abs(offset) < 15 * 3600 else None


class JobClock:
    """A running job's age on the appliance's clock, and how controller seconds map onto it.

    The appliance's clock comes from the Date header of each answer (ScvClient.server_time); without one,
    the controller's clock stands in.
    """

    def __init__(self, clock, first_server_time, start_time):
        self._clock = clock
        self._local_first = clock()
        self._server_first = first_server_time
        self._age_first = max(0.0, job_age(start_time, first_server_time) or 0.0)

    def _elapsed(self, server_time):
        local = self._clock() - self._local_first
        if server_time is None or self._server_first is None:
            return local, None
        return local, max(0.0, server_time - self._server_first)

    def age(self, server_time):
        """Appliance seconds since the job started."""
        local, server = self._elapsed(server_time)
        return self._age_first + (local if server is None else server)

    def rate(self, server_time):
        """Appliance seconds per controller second (1.0 unless measured to differ)."""
        local, server = self._elapsed(server_time)
        if server is None or server < CLOCK_RATE_MIN_SECONDS or local <= 0:
            return 1.0
        measured = server / local
        # Only a faster clock is followed: it makes the sleeps shorter, never longer.
        return measured if measured > CLOCK_RATE_FACTOR else 1.0


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
        """Poll until the job ends.  Returns the job; raises on FAILED or on timeout.

        The interval grows with the job's age on the appliance's clock (poll_interval), so a short job
        is noticed within a second and a long one within 5 % of its length, with few polls.
        """
        timeout = self.wait_timeout if timeout is None else timeout
        deadline = self._clock() + timeout
        job_clock = None
        first_sleep = True
        while True:
            job = self.get(job_id)
            server_time = getattr(self.client, "server_time", None)
            if job["status"] != JOB_RUNNING:
                if job["status"] == JOB_FAILED:
                    raise ScvJobFailedError(job)
                if job["status"] == JOB_WARNING:
                    # It did its work, with something worth reading (a partial backup, a VM skipped).
                    self.client.transport.warn("job %s (%s) ended with warnings: %s" % (
                        job["id"], job["type"], "; ".join(job["messages"]) or "no message"))
                return job
            if job_clock is None:
                job_clock = JobClock(self._clock, server_time, job.get("start_time"))
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise ScvJobTimeoutError(job, timeout)
            if first_sleep:
                # A quick second look: a job of less than a second is seen at once, and a test appliance
                # whose clock runs faster shows it before the first long sleep.
                interval, first_sleep = POLL_FIRST_SECONDS, False
            else:
                interval = poll_interval(job_clock.age(server_time)) / job_clock.rate(server_time)
            self._sleep(min(interval, remaining))

    def run(self, name, path_params=None, body=None, job_type=None, match=None, wait=True, timeout=None):
        """start() then, when `wait`, wait().  Returns the job (only its id when not waiting)."""
        job_id = self.start(name, path_params=path_params, body=body, job_type=job_type, match=match)
        if not wait:
            return {"id": job_id, "status": JOB_RUNNING}
        return self.wait(job_id, timeout=timeout)
