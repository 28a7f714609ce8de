# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the event source watches on the appliance, and each condition reported once.

INTERNAL to snapcenter.vsphere: not a public API, it may change in any release.  The event source
(extensions/eda/plugins/event_source/scv_events.py) is the asynchronous shell around `Watcher.step()`.

One poll reads a fixed set of lists, whatever the size of the appliance: the jobs of each watched
status (FAILED, WARNING, RUNNING: the job list's `status` filter), the protected-VM report (backup_stale)
and the unprotected-VM report (vm_unprotected); plus, in a poll that reports a job of a resource group it
has not seen before, the resource-group list (for the group's name and policies).  Nothing is written.

Conditions and when they are reported:
    job_failed, job_warning   a job that ended FAILED / WARNING, once per job.  The jobs that had ended
                              before the first good poll are not reported unless `replay` is set.
    job_stuck                 a job RUNNING longer than `stuck_after`, once per job.  For a job already
                              running at the first poll the appliance's start time counts; for a job that
                              started later, the time since this watcher first saw it running.
    backup_stale              a VM in the protected report whose newest good backup is older than `rpo`,
                              once per VM and backup (again when it became fresh and then stale again).
    vm_unprotected            a VM in the appliance's unprotected report (no resource group covers it, or
                              no good backup within the report's window), once until it leaves the report.
    appliance_unreachable     a poll failed (connection, login, an error status): once per outage, then
                              polls are retried with exponential backoff; appliance_recovered when one works.
Appliance times are compared with the local clock, as the modules do (`newer_than`).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import random
import re
import time

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import (
    ENTITY_DATASTORE,
    GROUP,
    id_text,
    jobs_query,
    plain,
    read_jobs,
    read_report_vms,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.errors import (
    ScvApiError,
    ScvAuthError,
    ScvConnectionError,
    ScvError,
)
from ansible_collections.snapcenter.vsphere.plugins.module_utils.times import parse_duration, parse_scv_time

JOB_FAILED = "job_failed"
JOB_WARNING = "job_warning"
JOB_STUCK = "job_stuck"
BACKUP_STALE = "backup_stale"
VM_UNPROTECTED = "vm_unprotected"
CONDITIONS = (JOB_FAILED, JOB_WARNING, JOB_STUCK, BACKUP_STALE, VM_UNPROTECTED)
APPLIANCE_UNREACHABLE = "appliance_unreachable"
APPLIANCE_RECOVERED = "appliance_recovered"

# The job list's status filter each job condition reads.
_JOB_STATUS = {JOB_FAILED: "failed", JOB_WARNING: "warning", JOB_STUCK: "running"}
# The report each VM condition reads.
_REPORT = {BACKUP_STALE: "reports.protected_vms", VM_UNPROTECTED: "reports.unprotected_vms"}

DEFAULT_INTERVAL = 60
DEFAULT_STUCK_AFTER = "4h"
DEFAULT_RPO = "26h"
DEFAULT_MAX_BACKOFF = 300
# The first retry after a failed poll comes after this many seconds (or the interval, when shorter).
BACKOFF_FIRST_SECONDS = 5.0
REDACTED = "********"


def backoff_delay(failures, interval, cap, jitter=random.uniform):
    """Seconds before the next poll after `failures` failed polls in a row: doubling from
    min(interval, 5 s), capped, with jitter (so many sources do not retry in step)."""
    first = min(float(interval), BACKOFF_FIRST_SECONDS)
    ceiling = min(float(cap), first * (2 ** max(0, failures - 1)))
    return round(jitter(0.8 * ceiling, ceiling), 2)


def seconds_of(value, option):
    """A duration option (``4h``, ``90m`` or seconds) in seconds; ValueError naming the option."""
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise ValueError("%s: %s" % (option, exc))


def _seconds(value, option):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError("%s: %r is not a number of seconds" % (option, value))
    if seconds <= 0:
        raise ValueError("%s: must be more than 0 seconds" % option)
    return seconds


def _reason(error):
    if isinstance(error, ScvConnectionError):
        return "connection"
    if isinstance(error, ScvAuthError) or "username/password" in str(error):
        return "authentication"
    if isinstance(error, ScvApiError):
        return "appliance_error" if error.status >= 500 else "api_error"
    return "answer"


class Watcher:
    """Polls one appliance and turns what it finds into events, each condition once.

    client: the collection's ScvClient (connection.scv_client); it logs in, reuses its token and logs in
    again on 401.  watch: the conditions to report.  stuck_after, rpo: durations.  replay: report the jobs
    that had ended before the first poll.  secrets: values never to appear in an event (the password, a
    given token; the client's own tokens are added as they are issued).
    """

    def __init__(self, client, watch=CONDITIONS, stuck_after=DEFAULT_STUCK_AFTER, rpo=DEFAULT_RPO, replay=False,
                 interval=DEFAULT_INTERVAL, max_backoff=DEFAULT_MAX_BACKOFF, secrets=(), now=datetime.datetime.now,
                 clock=time.monotonic, jitter=random.uniform):
        if isinstance(watch, str):
            watch = [item.strip() for item in watch.split(",") if item.strip()]
        unknown = [item for item in watch if item not in CONDITIONS]
        if unknown or not watch:
            raise ValueError("watch: %s; choose from %s" % (
                "unknown condition(s) %s" % ", ".join(map(str, unknown)) if unknown else "nothing to watch",
                ", ".join(CONDITIONS)))
        self.client = client
        self.watch = tuple(item for item in CONDITIONS if item in watch)
        self.stuck_after = seconds_of(stuck_after, "stuck_after")
        self.rpo = seconds_of(rpo, "rpo")
        try:
            self.replay = boolean(replay, strict=True)
        except TypeError:
            raise ValueError("replay: %r is not a boolean" % (replay,))
        self.interval = _seconds(interval, "interval")
        self.max_backoff = max(_seconds(max_backoff, "max_backoff"), self.interval)
        self.appliance = client.hostname
        self._secrets = [value for value in secrets if value]
        self._now = now
        self._clock = clock
        self._jitter = jitter
        self._polled = False            # a poll has worked (the first one sets the baseline)
        self._jobs_seen = dict((condition, set()) for condition in _JOB_STATUS)
        self._running_since = {}        # job id -> clock() when first seen running (None: at the first poll)
        self._vms_reported = {}         # (condition, moref) -> what was reported (the backup's name)
        self._groups = {}               # resource group id -> Record
        self._failures = 0
        self._outage = None
        self.polls = 0

    # -- what one poll costs ----------------------------------------------------------------------

    @property
    def requests_per_poll(self):
        """The requests of one poll (the resource-group list comes on top, only in a poll that reports a
        job of a group not seen before; a login when the token has expired)."""
        statuses = set(_JOB_STATUS[c] for c in self.watch if c in _JOB_STATUS)
        return len(statuses) + sum(1 for c in self.watch if c in _REPORT)

    # -- one step of the event loop ---------------------------------------------------------------

    def step(self):
        """Poll once.  Returns (events, seconds to wait before the next poll)."""
        try:
            events = self.poll()
        except ScvError as error:
            self._failures += 1
            delay = backoff_delay(self._failures, self.interval, self.max_backoff, self._jitter)
            if self._outage is not None:
                self._outage["attempts"] += 1
                return [], delay
            self._outage = {"since": self._now().isoformat(), "started": self._clock(), "attempts": 1}
            return [self._redacted({
                "type": APPLIANCE_UNREACHABLE, "appliance": self.appliance, "reason": _reason(error),
                "error": str(error), "since": self._outage["since"], "retry_in_seconds": delay,
            })], delay
        if self._outage is not None:
            outage, self._outage, self._failures = self._outage, None, 0
            events.insert(0, {"type": APPLIANCE_RECOVERED, "appliance": self.appliance, "since": outage["since"],
                              "unreachable_seconds": round(self._clock() - outage["started"], 1),
                              "failed_polls": outage["attempts"]})
        return events, self.interval

    def poll(self):
        """Read once and return the new events; nothing is remembered when a read fails."""
        jobs = {}
        for status in sorted(set(_JOB_STATUS[c] for c in self.watch if c in _JOB_STATUS)):
            jobs[status] = self.client.call("jobs.list", query=jobs_query(None, status), read=read_jobs)
        reports = {}
        for condition in self.watch:
            if condition in _REPORT:
                reports[condition] = self.client.call(_REPORT[condition], read=read_report_vms)
        first = not self._polled
        saved = (dict((key, set(ids)) for key, ids in self._jobs_seen.items()), dict(self._running_since))
        found = []      # (condition, job) not reported yet
        for condition in (JOB_FAILED, JOB_WARNING, JOB_STUCK):
            if condition in self.watch:
                found.extend((condition, job) for job in self._new_jobs(condition, jobs[_JOB_STATUS[condition]], first))
        try:
            self._learn_groups([job for dummy, job in found])
        except ScvError:
            # Nothing of this poll counts as seen: its jobs are reported by the next poll that works.
            self._jobs_seen, self._running_since = saved
            raise
        events = [self._job_event(condition, job) for condition, job in found]
        if BACKUP_STALE in self.watch:
            events.extend(self._stale_vms(reports[BACKUP_STALE]))
        if VM_UNPROTECTED in self.watch:
            events.extend(self._unprotected_vms(reports[VM_UNPROTECTED]))
        self._polled = True
        self.polls += 1
        return [self._redacted(event) for event in events]

    # -- jobs ---------------------------------------------------------------------------------------

    def _new_jobs(self, condition, listed, first):
        seen = self._jobs_seen[condition]
        if condition == JOB_STUCK:
            now = self._clock()
            running = set(job["id"] for job in listed)
            for job_id in running:
                self._running_since.setdefault(job_id, None if first else now)
            for job_id in list(self._running_since):
                if job_id not in running:
                    del self._running_since[job_id]
            candidates = [job for job in listed if self._running_seconds(job) >= self.stuck_after]
        else:
            candidates = listed
        new = [job for job in candidates if job["id"] not in seen]
        # Remember only jobs still listed, so the memory stays as small as the appliance's lists.
        self._jobs_seen[condition] = (seen & set(job["id"] for job in listed)) | set(job["id"] for job in new)
        if first and not self.replay and condition != JOB_STUCK:
            return []   # the baseline: these had ended before the watcher started
        return sorted(new, key=_id_order)

    def _running_seconds(self, job):
        since = self._running_since.get(job["id"])
        if since is not None:
            return self._clock() - since
        started = parse_scv_time(job["start_time"])
        if started is None:
            return 0.0
        return (self._now() - started).total_seconds()

    def _learn_groups(self, jobs):
        """Read the resource-group list once when a job names a group not known yet."""
        if any(job["resource_group_id"] and job["resource_group_id"] not in self._groups for job in jobs):
            self._groups = dict((id_text(group["id"]), group)
                                for group in self.client.call("resource_groups.list", read=GROUP.read_all))

    def _job_event(self, condition, job):
        group = self._groups.get(job["resource_group_id"]) if job["resource_group_id"] else None
        entities = job.get("entities") or (group["entities"] if group else [])
        event = {
            "type": condition,
            "appliance": self.appliance,
            "job": plain(job),
            "resource_group": {"id": id_text(group["id"]), "name": group["name"]} if group else None,
            "policy": _policy_of(job, group),
            "vms": [_named(entity) for entity in entities if entity.get("type") != ENTITY_DATASTORE],
            "datastores": [_named(entity) for entity in entities if entity.get("type") == ENTITY_DATASTORE],
            "messages": list(job["messages"]),
        }
        if condition == JOB_STUCK:
            event["running_seconds"] = int(self._running_seconds(job))
            event["stuck_after_seconds"] = self.stuck_after
        return event

    # -- VMs ----------------------------------------------------------------------------------------

    def _stale_vms(self, protected):
        events, stale = [], set()
        now = self._now()
        for vm in protected:
            last = parse_scv_time(vm["last_backup_time"])
            if last is None or (now - last).total_seconds() <= self.rpo:
                continue
            key = (BACKUP_STALE, vm["moref"])
            stale.add(key)
            if self._vms_reported.get(key) == vm["last_backup_name"]:
                continue
            self._vms_reported[key] = vm["last_backup_name"]
            events.append({
                "type": BACKUP_STALE, "appliance": self.appliance, "vm": _named(vm),
                "resource_groups": list(vm["resource_groups"]),
                "last_backup": {"name": vm["last_backup_name"], "time": vm["last_backup_time"],
                                "time_iso": vm["last_backup_time_iso"], "status": vm["last_backup_status"]},
                "age_seconds": int((now - last).total_seconds()), "rpo_seconds": self.rpo,
            })
        self._forget(BACKUP_STALE, stale)
        return events

    def _unprotected_vms(self, unprotected):
        events, listed = [], set()
        for vm in unprotected:
            key = (VM_UNPROTECTED, vm["moref"])
            listed.add(key)
            if key in self._vms_reported:
                continue
            self._vms_reported[key] = True
            events.append({"type": VM_UNPROTECTED, "appliance": self.appliance, "vm": _named(vm),
                           "resource_groups": list(vm["resource_groups"])})
        self._forget(VM_UNPROTECTED, listed)
        return events

    def _forget(self, condition, still):
        """A condition that cleared may be reported again when it comes back."""
        for key in [key for key in self._vms_reported if key[0] == condition and key not in still]:
            del self._vms_reported[key]

    # -- secrets ------------------------------------------------------------------------------------

    def _redacted(self, value):
        secrets = list(self._secrets)
        issued = getattr(self.client, "_token", None)
        if issued:
            secrets.append(issued)
        return _redact(value, sorted(set(secrets), key=len, reverse=True))


def _redact(value, secrets):
    if isinstance(value, dict):
        return dict((key, _redact(item, secrets)) for key, item in value.items())
    if isinstance(value, list):
        return [_redact(item, secrets) for item in value]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
    return value


def _named(item):
    return {"name": item.get("name"), "moref": item.get("moref")}


def _id_order(job):
    text = job["id"] or ""
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _policy_of(job, group):
    """The policy a backup job ran with: the group's only policy, or the one the job's name names."""
    if not group or not group["policies"]:
        return None
    policies = group["policies"]
    if len(policies) > 1:
        named = [policy for policy in policies
                 if policy["name"] and re.search(r"(^|\s)%s(\s|$)" % re.escape(str(policy["name"])), job["name"] or "")]
        policies = named if len(named) == 1 else []
    return {"id": id_text(policies[0]["id"]), "name": policies[0]["name"]} if policies else None
