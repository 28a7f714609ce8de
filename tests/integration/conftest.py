# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Integration fixtures: the simulator, and real `ansible-playbook` runs against it.

`play(tasks, check=False, diff=False, env=None)` runs the tasks in one play on localhost (each task
registered, errors ignored) and returns (results, stdout); the results are read back from a JSON file
the play writes at its end, so no callback plugin is needed.  Connection options come from the
SCV_* environment, TLS verified with the simulator's CA (never validate_certs: false).
"""

import os
import sys

import pytest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

from pytest_fixtures import sim, simulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from testbed import link_collection, run_play  # noqa: E402  pylint: disable=wrong-import-position

link_collection()


@pytest.fixture
def play(sim, tmp_path):  # noqa: F811  pylint: disable=redefined-outer-name
    """play(tasks, check=False, diff=False, env=None) -> (results, stdout) against the reset simulator."""

    def run(tasks, **kwargs):
        return run_play(sim, tmp_path, tasks, **kwargs)

    return run
