# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Event-Driven Ansible tests: the event source's main() against the simulator, and ansible-rulebook with the
collection's rulebooks (eda_helpers.py)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))
sys.path.insert(0, HERE)

from pytest_fixtures import sim, simulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from testbed import link_collection  # noqa: E402  pylint: disable=wrong-import-position

link_collection()
