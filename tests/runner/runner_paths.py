# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where the runner tests find the repository, its venv and the collection link; the simulator's harness
on sys.path.  ansible-runner comes from tests/requirements-tools.txt: when it is missing the tests fail at
import, never skip."""

import os
import sys

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "simulator"))

VENV_BIN = os.path.join(REPO_ROOT, ".venv", "bin")
COLLECTIONS_PATH = os.path.join(REPO_ROOT, ".build", "collections")
COLLECTION_LINK = os.path.join(COLLECTIONS_PATH, "ansible_collections", "snapcenter", "vsphere")
PLAYBOOKS = os.path.join(REPO_ROOT, "playbooks")


def ensure_collection_link():
    """The collection where ansible-runner's ANSIBLE_COLLECTIONS_PATH finds it (as `make collection-link` makes it)."""
    if not os.path.exists(COLLECTION_LINK):
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink("../../../..", COLLECTION_LINK)
