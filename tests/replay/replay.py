# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Wire traces (trace_file) as replayable tests.

A trace is what a module run said to SCV and vCenter, one JSON line per exchange, secrets redacted.
`cassette(trace)` turns it into a vcrpy cassette; `replaying(trace)` serves those answers back to the
modules run in-process (vcrpy, record mode "none"): matched on method, host, port, path, query and body,
where a redacted value in the trace matches whatever the module sends there. A request the trace does
not hold fails the test at once, naming the request (vcrpy's CannotOverwriteExistingCassetteException).

`run_steps(steps, connection)` runs module steps in-process (exit_json/fail_json caught) and returns
their results; the recorder (record.py) and the replay test (test_replay.py) share it.
"""

import contextlib
import importlib
import json
import os
import sys
import urllib.parse

import vcr

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".build", "collections")
REDACTED = "********"
HERE = os.path.dirname(os.path.abspath(__file__))


def read_trace(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def exchanges(records):
    """The answered exchanges (a connection error has no answer to replay)."""
    return [r for r in records if r["kind"] == "exchange" and r.get("response") is not None]


def connection_of(records):
    """hostname/port of SCV and vCenter, and the user name, as the trace saw them."""
    found = {}
    for record in exchanges(records):
        url = urllib.parse.urlsplit(record["url"])
        if record["service"] == "scv":
            found.setdefault("hostname", url.hostname)
            found.setdefault("port", url.port)
            body = record["request"]["body"]
            if record["path"].endswith("/auth/login") and isinstance(body, dict) and body.get("username"):
                # A user name is not a secret; the trace keeps it (the password is redacted).
                found.setdefault("username", body["username"])
        else:
            found.setdefault("vcenter_hostname", url.hostname)
            found.setdefault("vcenter_port", url.port)
    return found


def _body_bytes(body, headers):
    if body is None:
        return b""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if isinstance(body, str) and "json" not in content_type:
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


def cassette(records):
    """A vcrpy cassette (dict) of the trace's answered exchanges, in their order."""
    interactions = []
    for record in exchanges(records):
        query = urllib.parse.urlencode(record.get("query") or {}, doseq=True)
        uri = record["url"] + ("?" + query if query else "")
        request_body = record["request"]["body"]
        response_headers = record["response"]["headers"]
        interactions.append({
            "request": {
                "method": record["method"],
                "uri": uri,
                "body": json.dumps(request_body) if request_body is not None else None,
                "headers": {},
            },
            "response": {
                "status": {"code": record["status"], "message": ""},
                "headers": dict((k, [v]) for k, v in response_headers.items()
                                if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")),
                "body": {"string": _body_bytes(record["response"]["body"], response_headers).decode("utf-8")},
            },
        })
    return {"interactions": interactions, "version": 1}


def _same(recorded, sent):
    """Equal, where a redacted recorded value stands for anything the module sends."""
    if recorded == REDACTED:
        return True
    if isinstance(recorded, dict) and isinstance(sent, dict):
        return set(recorded) == set(sent) and all(_same(recorded[k], sent[k]) for k in recorded)
    if isinstance(recorded, list) and isinstance(sent, list):
        return len(recorded) == len(sent) and all(_same(r, s) for r, s in zip(recorded, sent))
    return recorded == sent


def _decoded(body):
    if body in (None, b"", ""):
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        return json.loads(body)
    except ValueError:
        return body


def _body_matcher(sent, recorded):
    if not _same(_decoded(recorded.body), _decoded(sent.body)):
        raise AssertionError("body differs: sent %s, the trace holds %s" % (sent.body, recorded.body))


@contextlib.contextmanager
def replaying(records, folder):
    """Serve the trace's answers to every HTTP request inside the block; fail on anything else."""
    path = os.path.join(str(folder), "cassette.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(cassette(records), handle)
    player = vcr.VCR(record_mode="none", serializer="json",
                     match_on=["method", "scheme", "host", "port", "path", "query", "redacted_body"])
    player.register_matcher("redacted_body", _body_matcher)
    with player.use_cassette(path) as played:
        yield played


class ModuleExit(Exception):
    def __init__(self, result):
        super().__init__(result)
        self.result = result


def _collection_on_path():
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
    if not any(isinstance(finder, _AnsibleCollectionFinder) for finder in sys.meta_path):
        _AnsibleCollectionFinder(paths=[COLLECTIONS])._install()


def run_steps(steps, connection, monkeypatch):
    """Run each {module, args, check_mode} step in-process; [result]."""
    _collection_on_path()
    from ansible.module_utils import basic
    from ansible.module_utils.testing import patch_module_args

    def exit_json(module, **kwargs):
        raise ModuleExit(dict(kwargs, failed=False))

    def fail_json(module, msg, **kwargs):
        raise ModuleExit(dict(kwargs, msg=msg, failed=True))

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda module, warning: None)
    for variable in [v for v in os.environ if v.startswith("SCV_")]:
        monkeypatch.delenv(variable)
    results = []
    for step in steps:
        module = importlib.import_module("ansible_collections.snapcenter.vsphere.plugins.modules.%s" % step["module"])
        args = dict(connection)
        args.update(step.get("args") or {})
        args["_ansible_check_mode"] = bool(step.get("check_mode"))
        args["_ansible_diff"] = False
        try:
            with patch_module_args(args):
                module.main()
        except ModuleExit as done:
            results.append(done.result)
            continue
        raise AssertionError("%s returned without exit_json or fail_json" % step["module"])
    return results


def check_expectations(steps, results):
    """Each step's `expect` (a subset of its result) holds."""
    problems = []
    for index, (step, result) in enumerate(zip(steps, results)):
        for key, wanted in (step.get("expect") or {}).items():
            if result.get(key) != wanted:
                problems.append("step %d (%s): %s is %r, expected %r (msg: %s)" % (
                    index, step["module"], key, result.get(key), wanted, result.get("msg")))
    return problems
