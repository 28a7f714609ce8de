# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The examples suite's summary: how many examples ran, how many tasks, how long (and what was skipped)."""

import pytest


def pytest_configure(config):
    config.example_timings = {}   # example id -> (seconds, tasks)


@pytest.fixture
def timings(request):
    return request.config.example_timings


def pytest_terminal_summary(terminalreporter, config):
    ran = getattr(config, "example_timings", {})
    if not ran:
        return
    terminalreporter.section("documentation examples")
    for example_id, (seconds, tasks) in sorted(ran.items()):
        terminalreporter.write_line("%-30s %3d tasks %6.1fs" % (example_id, tasks, seconds))
    skipped = list(terminalreporter.stats.get("skipped", []))
    terminalreporter.write_line("%d examples (%d tasks) ran in %.1fs of ansible-playbook; %d skipped" % (
        len(ran), sum(t for dummy, t in ran.values()), sum(s for s, dummy in ran.values()), len(skipped)))
    for report in skipped:
        terminalreporter.write_line("  skipped: %s" % (report.longrepr[2] if isinstance(report.longrepr, tuple)
                                                       else report.longrepr))
