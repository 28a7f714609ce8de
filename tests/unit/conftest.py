# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared unit-test fixtures: the collection on sys.path, a fake HTTP transport, and a module runner.

The fake works at the requests transport level (HTTPAdapter.send), so everything above it (client,
retries, envelope handling, engine, module) runs for real.  Tests declare answers per (method, path)
and assert the exact requests sent.  In check mode any non-GET request other than the SCV login fails
the test, even if the code under test swallowed the error.
"""

import os
import sys

import pytest
import requests

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS_ROOT = os.path.join(REPO_ROOT, ".build", "collections")


def _link_collection():
    """Make `ansible_collections.snapcenter.vsphere` importable: .build/collections/... -> repo root."""
    namespace_dir = os.path.join(COLLECTIONS_ROOT, "ansible_collections", "snapcenter")
    link = os.path.join(namespace_dir, "vsphere")
    if not os.path.lexists(link):
        os.makedirs(namespace_dir, exist_ok=True)
        os.symlink(os.path.join("..", "..", "..", ".."), link)
    if COLLECTIONS_ROOT not in sys.path:
        sys.path.insert(0, COLLECTIONS_ROOT)


def _install_collection_finder():
    """Import the collection through ansible's collection loader, as ansible-test units does.

    Plugins (the inventory plugin) need the collection's metadata, which only the loader provides; were
    some tests to import the collection as plain packages first, the plugin loader would fail later.
    """
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    if any(isinstance(finder, _AnsibleCollectionFinder) for finder in sys.meta_path):
        return  # ansible-test units (or an earlier import) installed it
    paths = [COLLECTIONS_ROOT]
    # Run from a copy at .../ansible_collections/snapcenter/vsphere: that tree comes first.
    if os.path.basename(os.path.dirname(os.path.dirname(REPO_ROOT))) == "ansible_collections":
        paths.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(REPO_ROOT))))
    _AnsibleCollectionFinder(paths=paths)._install()


_link_collection()
_install_collection_finder()

try:
    from ansible.module_utils.testing import patch_module_args  # noqa: E402  (ansible-core 2.19+; after the sys.path set-up)
except ImportError:  # ansible-core 2.16 to 2.18 (`make test-unit-2.16`): modules read basic._ANSIBLE_ARGS
    import contextlib
    import json

    @contextlib.contextmanager
    def patch_module_args(args):
        """What ansible.module_utils.testing.patch_module_args does on 2.19+, for older ansible-core."""
        from ansible.module_utils import basic

        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

from scv_fake_http import FakeHttp, SCV_HOST, response_for  # noqa: E402


@pytest.fixture
def fake_http(monkeypatch):
    """The fake transport; every HTTP request of the test goes to it."""
    fake = FakeHttp()

    def send(adapter, prepared, **kwargs):
        status, document = fake.handle(prepared)
        return response_for(prepared, status, document)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    yield fake
    assert not fake.violations, "check mode sent writes: %r" % fake.violations


class ModuleExit(Exception):
    def __init__(self, result, failed):
        super(ModuleExit, self).__init__(result)
        self.result = result
        self.failed = failed


CONNECTION = {"hostname": SCV_HOST, "username": "administrator@vsphere.local", "password": "vc-secret"}


@pytest.fixture
def run_module(fake_http, monkeypatch):
    """run_module(module, args, check_mode=False, diff=False) -> result dict (result['failed'] on failure).

    In check mode the fake transport fails the test on any write.
    """
    from ansible.module_utils import basic

    def exit_json(module, **kwargs):
        raise ModuleExit(kwargs, failed=False)

    def fail_json(module, msg, **kwargs):
        kwargs["msg"] = msg
        kwargs["failed"] = True
        raise ModuleExit(kwargs, failed=True)

    warnings = []

    def warn(module, warning):
        # Kept per run: ansible-core's own warning list is global and deduplicated across tests.
        warnings.append(warning)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", warn)
    for variable in [v for v in os.environ if v.startswith("SCV_")]:
        monkeypatch.delenv(variable)

    def run(module, args, check_mode=False, diff=False, connection=True):
        full_args = dict(CONNECTION) if connection else {}
        full_args.update(args)
        full_args["_ansible_check_mode"] = check_mode
        full_args["_ansible_diff"] = diff
        fake_http.forbid_writes = check_mode
        del warnings[:]
        try:
            with patch_module_args(full_args):
                module.main()
        except ModuleExit as done:
            if warnings:
                done.result["warnings"] = list(warnings)
            return done.result
        finally:
            fake_http.forbid_writes = False
        raise AssertionError("the module returned without exit_json or fail_json")

    return run
