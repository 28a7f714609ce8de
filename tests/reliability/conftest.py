# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reliability fixtures: one simulator per test module, reset between tests (helpers in
reliability_helpers.py, a name no other test directory uses, so imports never pick another conftest)."""

import pytest

from reliability_helpers import Api, Simulator


@pytest.fixture(scope="module")
def module_sim():
    """One simulator for the whole test module (job_seconds 0)."""
    with Simulator(job_seconds=0) as running:
        yield running


@pytest.fixture
def sim(module_sim):
    module_sim.reset()
    module_sim.clear_faults()
    module_sim.clear_requests()
    yield module_sim
    module_sim.clear_faults()


@pytest.fixture
def api(sim):
    return Api(sim)
