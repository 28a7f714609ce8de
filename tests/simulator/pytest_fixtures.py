"""pytest plugin: `pytest_plugins = ["tests.simulator.pytest_fixtures"]` or load it from a conftest.

`simulator`: one simulator for the session (published paths, int ids, job ids on, job_seconds 0).
`sim`: the same simulator, reset to the world and with an empty request log, for each test.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="session")
def simulator():
    with Simulator(job_seconds=0) as running:
        yield running


@pytest.fixture
def sim(simulator):   # pylint: disable=redefined-outer-name
    simulator.reset()
    simulator.clear_requests()
    yield simulator
