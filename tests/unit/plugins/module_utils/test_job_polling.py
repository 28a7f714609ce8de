# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Job waiting: the end of a job of 5 s to 30 min is noticed within max(1 s, 5 % of its length), on the
appliance's clock (its Date header), with far fewer polls than a fixed 1.8 s step for long jobs.

A fake clock and a fake appliance (no HTTP, no sleeping): every number here is exact, not timed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.snapcenter.vsphere.plugins.module_utils import jobs as jobs_module
from ansible_collections.snapcenter.vsphere.plugins.module_utils._vocabulary import read_job
from ansible_collections.snapcenter.vsphere.plugins.module_utils.client import http_date_epoch
from ansible_collections.snapcenter.vsphere.plugins.module_utils.jobs import JobRunner, job_age, poll_interval

EPOCH = datetime.datetime(1970, 1, 1)
# The appliance's clock at the controller's time 0 (epoch seconds) and its time zone (UTC+2).
APPLIANCE_T0 = 1795000000.0
APPLIANCE_TZ = 2 * 3600


class Clock:
    def __init__(self):
        self.now = 0.0

    def sleep(self, seconds):
        assert seconds > 0
        self.now += seconds

    def __call__(self):
        return self.now


class FakeAppliance:
    """A job that runs `length` appliance seconds; the appliance's clock runs `rate` times faster than the
    controller's and is told in whole seconds, as an HTTP Date header tells it."""

    def __init__(self, clock, length, rate=1.0, latency=0.01, date_header=True, started_before=0.0):
        self.clock = clock
        self.length = length
        self.rate = rate
        self.latency = latency
        self.date_header = date_header
        self.start = APPLIANCE_T0 - started_before
        self.polls = []
        self.server_time = None

    def appliance_now(self):
        return APPLIANCE_T0 + self.clock.now * self.rate

    def call(self, name, path_params=None, body=None, query=None, read=None):
        assert name == "jobs.get"
        self.clock.now += self.latency          # the request takes a moment
        now = self.appliance_now()
        self.polls.append(now)
        self.server_time = float(int(now)) if self.date_header else None
        done = now >= self.start + self.length
        local_start = EPOCH + datetime.timedelta(seconds=self.start + APPLIANCE_TZ)
        raw = {"id": 7, "type": "backup", "status": "COMPLETED" if done else "RUNNING",
               "startTime": local_start.strftime("%m/%d/%Y %I:%M:%S %p"), "endTime": None}
        return read(raw, None) if read else raw


def wait_for(length, rate=1.0, **kwargs):
    clock = Clock()
    appliance = FakeAppliance(clock, length, rate=rate, **kwargs)
    JobRunner(appliance, wait_timeout=10 ** 6, sleep=clock.sleep, clock=clock).wait("7")
    end = appliance.start + length
    return appliance.polls[-1] - end, len(appliance.polls)


def old_schedule_polls(length):
    """Polls of the fixed schedule this replaces (at once, +0.2, +0.4, +0.8, then every 1.8 s): the one
    poll_intervals() still gives for finding a job in the list."""
    moment, polls = 0.0, 1
    for interval in jobs_module.poll_intervals():
        if moment >= length:
            return polls
        moment += interval
        polls += 1


LENGTHS = [5, 20, 60, 300, 1800]


@pytest.mark.parametrize("length", LENGTHS)
def test_end_noticed_within_a_second_or_five_percent(length):
    delay, dummy = wait_for(length)
    assert 0 <= delay <= max(1.0, 0.05 * length), delay


@pytest.mark.parametrize("length, rate", [(60, 4.0), (300, 15.0), (1800, 60.0), (1800, 600.0)])
def test_a_faster_appliance_clock_is_followed(length, rate):
    """The simulator's --time-scale: jobs of minutes in seconds; the schedule follows the appliance's clock
    (measured from its Date headers), so the delay and the polls are those of the job's own length.  The
    first 0.2 controller seconds are not yet measured (rate x 0.2 appliance seconds)."""
    delay, polls = wait_for(length, rate=rate, latency=0.001)
    assert 0 <= delay <= max(1.0, 0.05 * length) + 0.001 * rate, delay
    same_job_real_clock = wait_for(length)[1]
    assert polls <= same_job_real_clock + 3


@pytest.mark.parametrize("length, at_most", [(5, 7), (300, 80), (1800, 120)])
def test_polls(length, at_most):
    dummy, polls = wait_for(length)
    assert polls <= at_most
    assert polls <= old_schedule_polls(length)


def test_long_jobs_cost_a_tenth_of_the_fixed_schedule():
    dummy, polls = wait_for(1800)
    assert polls * 8 < old_schedule_polls(1800)


def test_without_date_header_the_controller_clock_counts():
    delay, polls = wait_for(300, date_header=False)
    assert 0 <= delay <= 15
    assert polls < old_schedule_polls(300)


def test_a_job_already_running_is_polled_by_its_age():
    """A job started 10 minutes before the wait began (the job module attaching to it): its age comes from
    its start time against the appliance's clock, so polling starts sparse, yet within 5 %."""
    delay, polls = wait_for(1200, started_before=600)
    assert delay <= 60
    assert polls < 30


def test_poll_interval_bounds():
    assert poll_interval(0) == 1.0
    assert poll_interval(19) == 1.0
    assert poll_interval(100) == 5.0
    assert poll_interval(10 ** 6) == 60.0
    assert poll_interval(-5) == 1.0


def test_job_age_ignores_the_appliance_time_zone():
    now = APPLIANCE_T0
    for tz_hours in (-8, 0, 2, 5.75, 13):
        local = EPOCH + datetime.timedelta(seconds=now - 42 + tz_hours * 3600)
        assert job_age(local.strftime("%m/%d/%Y %I:%M:%S %p"), now) == pytest.approx(42)
    # A moment "in the future" (whole seconds): a young job, not one 15 minutes old.
    ahead = EPOCH + datetime.timedelta(seconds=now + 1)
    assert job_age(ahead.strftime("%m/%d/%Y %I:%M:%S %p"), now) == pytest.approx(-1)
    assert job_age(None, now) is None
    assert job_age("11/28/2026 10:00:00 AM", None) is None
    assert job_age("not a time", now) is None


def test_http_date_epoch():
    assert http_date_epoch("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777.0
    assert http_date_epoch(None) is None
    assert http_date_epoch("yesterday") is None


def test_find_schedule_unchanged():
    """Finding a job an answer did not name keeps its quick schedule."""
    intervals = jobs_module.poll_intervals()
    assert [next(intervals) for dummy in range(5)] == [0.2, 0.4, 0.8, 1.6, 1.8]


def test_read_job_keeps_start_time_text():
    job = read_job({"id": 1, "status": "RUNNING", "startTime": "11/28/2026 10:00:00 AM"})
    assert job["start_time"] == "11/28/2026 10:00:00 AM"


def test_short_jobs():
    """A job of half a second is seen at the second poll (0.2 s later would be too soon, 1.2 s is)."""
    delay, polls = wait_for(0.5)
    assert polls == 3 and delay < 1
    assert wait_for(0)[1] == 1
