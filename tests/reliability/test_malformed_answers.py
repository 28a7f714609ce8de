# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Malformed appliance answers through real modules: a clean task failure naming the call, never a
Python traceback.

The simulator injects statuses, latency and dropped connections, not garbage bodies; a stub HTTPS
appliance per kind of garbage stands in for a broken appliance or a proxy in front of it.  One playbook
runs every module × garbage pair (each task points at its stub through `port` and `ca_path`).
"""

import json

import pytest

from reliability_helpers import assert_no_traceback, run_playbook
from tls_stub import StubAppliance

HTML_PAGE = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
             b"<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")
LOGIN_PAGE = b"<html><body><form action='/login'>Corporate proxy: please sign in</form></body></html>"
ENVELOPE = {"statusCode": 200, "statusMessage": "OK", "responseMessage": [], "uri": None}


def envelope_with(payload):
    return json.dumps(dict(ENVELOPE, response=payload)).encode()


# kind -> (status, body, content type)
GARBAGE = {
    "proxy_502_html": (502, HTML_PAGE, "text/html"),
    "proxy_login_page_200": (200, LOGIN_PAGE, "text/html"),
    "truncated_json": (200, envelope_with({"policyResponseList": [{"id": 1, "name": "daily"}]})[:40],
                       "application/json"),
    "empty_200": (200, b"", "application/json"),
    "not_utf8": (200, b"\xff\xfe\x00\x81 garbage \xc3\x28", "application/json"),
    "no_envelope": (200, b'{"policies": []}', "application/json"),
    "payload_wrong_type": (200, envelope_with("oops"), "application/json"),
    "deeply_nested": (200, b"[" * 20000 + b"]" * 20000, "application/json"),
}

# module -> (arguments, the call it makes first after the login)
MODULES = {
    "policy_info": ({}, "GET /4.1/policies"),
    "resource_group_info": ({}, "GET /4.1/resource-groups"),
    "storage_system_info": ({}, "GET /4.1/storage-system"),
    "schedule_info": ({}, "GET /4.1/schedules"),
    "job_info": ({}, "GET /4.1/jobs"),
    "report_info": ({"report": "protected"}, "GET /4.1/reports/protectedVM"),
    "backup_info": ({"vm": "vm-101"}, "GET /4.1/vm/vm-101/backups"),
}

ALL_MODULES = sorted(MODULES)
# Garbage the client alone must recognise: each kind through one module (rotating), since every module
# reaches the appliance through the same client (the hypothesis fuzz covers the client itself).
CLIENT_LEVEL = [(kind, ALL_MODULES[index % len(ALL_MODULES)]) for index, kind in enumerate(sorted(GARBAGE))
                if kind != "payload_wrong_type"]
# Garbage that reaches the modules' own code: every module.
WRAPPED_ITEMS = envelope_with({"policyResponseList": [1, "x", None], "resourceGroupResponseList": [1, "x", None],
                               "storageSystemResponseList": [1, "x", None], "backupResponseList": [1, "x", None]})
BARE_ITEMS = envelope_with([1, "x", None])
BARE_LIST_MODULES = ("schedule_info", "job_info", "report_info")
MODULE_LEVEL = ([("payload_wrong_type", module) for module in ALL_MODULES]
                + [("items_not_objects", module) for module in ALL_MODULES])


def crashed(result):
    """A module that raised something other than ScvError: ansible-core 2.19 reports it as
    'Module failed: <exception>' (older cores: MODULE FAILURE with module_stderr)."""
    return "module_stderr" in result or result.get("msg", "").startswith(("Task failed: Module failed:",
                                                                          "MODULE FAILURE"))


@pytest.fixture(scope="module")
def garbage_run(tmp_path_factory):
    """One playbook: every (garbage, module) pair as a task against its stub appliance."""
    answers = dict(GARBAGE, items_not_objects_wrapped=(200, WRAPPED_ITEMS, "application/json"),
                   items_not_objects_bare=(200, BARE_ITEMS, "application/json"))
    stubs = {}
    try:
        for kind, answer in answers.items():
            stubs[kind] = StubAppliance(str(tmp_path_factory.mktemp(kind)), answer).__enter__()
        pairs = CLIENT_LEVEL + MODULE_LEVEL
        tasks = []
        for kind, module in pairs:
            if kind == "items_not_objects":
                kind = "items_not_objects_bare" if module in BARE_LIST_MODULES else "items_not_objects_wrapped"
            stub = stubs[kind]
            tasks.append({"name": "%s vs %s" % (module, kind), "snapcenter.vsphere.%s" % module: dict(
                MODULES[module][0], hostname="127.0.0.1", port=stub.port, ca_path=stub.ca_path,
                validate_certs=True, retries=0)})
        run = run_playbook(None, tasks, env={"SCV_USERNAME": "administrator@vsphere.local",
                                             "SCV_PASSWORD": "stub-password-xyz"}, parallel=3)
    finally:
        for stub in stubs.values():
            stub.__exit__(None, None, None)
    return dict(zip(pairs, run.results["localhost"])), run


def problems_in(results, pairs):
    problems = []
    for kind, module in pairs:
        result = results[(kind, module)]
        call = MODULES[module][1]
        if not result.get("failed"):
            problems.append("%s vs %s: did not fail: %r" % (module, kind, result))
        elif crashed(result):
            problems.append("%s vs %s: crashed: %s" % (module, kind, result.get("msg")))
        elif call not in result.get("msg", ""):
            problems.append("%s vs %s: msg does not name %s: %s" % (module, kind, call, result.get("msg")))
        elif "stub-password-xyz" in json.dumps(result):
            problems.append("%s vs %s: the password leaked" % (module, kind))
    return problems


def test_no_traceback_in_the_output(garbage_run):
    assert_no_traceback(garbage_run[1])


def test_garbage_the_client_sees_fails_cleanly_naming_the_call(garbage_run):
    """HTML from a proxy, a login page with 200, truncated JSON, an empty 200, bytes that are not
    UTF-8, no envelope, JSON nested deeper than Python's recursion limit."""
    problems = problems_in(garbage_run[0], CLIENT_LEVEL)
    assert not problems, "\n".join(problems)


def test_payload_of_the_wrong_type_fails_cleanly_in_every_module(garbage_run):
    """`response` is a string where a list or an object belongs."""
    problems = problems_in(garbage_run[0], [p for p in MODULE_LEVEL if p[0] == "payload_wrong_type"])
    assert not problems, "\n".join(problems)


def test_list_items_that_are_not_objects_fail_cleanly_in_every_module(garbage_run):
    """A list answer whose items are 1, "x" and null."""
    problems = problems_in(garbage_run[0], [p for p in MODULE_LEVEL if p[0] == "items_not_objects"])
    assert not problems, "\n".join(problems)
