"""Simulator tests: load the shared fixtures (`simulator`, `sim`) and the dialect fixture."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))   # tests/simulator: harness, pytest_fixtures, scvsim
sys.path.insert(0, HERE)

# pylint: disable=wrong-import-position,unused-import
from harness import Simulator  # noqa: E402
from pytest_fixtures import sim, simulator  # noqa: E402,F401

DIALECTS = {
    "published-int-jobids": {"paths": "published", "ids": "int", "job_ids": "on"},
    "lowercase-str-nojobids": {"paths": "lowercase", "ids": "str", "job_ids": "off"},
    "mixed-lowercase-int-jobids": {"paths": "lowercase", "ids": "int", "job_ids": "on"},
}


@pytest.fixture(scope="module", params=list(DIALECTS), ids=list(DIALECTS))
def dialect_simulator(request):
    with Simulator(job_seconds=0, **DIALECTS[request.param]) as running:
        yield running


@pytest.fixture
def dsim(dialect_simulator):   # pylint: disable=redefined-outer-name
    """A dialect simulator reset for one test."""
    dialect_simulator.reset()
    dialect_simulator.clear_requests()
    return dialect_simulator
