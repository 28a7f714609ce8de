# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The wire trace: redaction before writing, one whole line per record even from many processes, and no
trace (and no extra work) unless asked for."""

import json
import multiprocessing
import os
import stat

from scv_fake_http import SCV_HOST

from ansible_collections.snapcenter.vsphere.plugins.module_utils import connection
from ansible_collections.snapcenter.vsphere.plugins.module_utils.trace import REDACTED, Tracer


def test_secret_keys_headers_and_known_values_are_redacted(tmp_path):
    tracer = Tracer(str(tmp_path / "t.jsonl"), secrets=["s3cret-Value", "xy"])
    redacted = tracer.redact({
        "username": "admin", "password": "anything", "ontapPassword": "p", "Token": "tok",
        "vmware-api-session-id": "sid", "Authorization": "Basic abc", "note": "has s3cret-Value inside",
        "short": "xy", "text_with_short": "xylophone", "list": [{"token": "t"}, "s3cret-Value"],
        "empty_password": "",
    })
    assert redacted == {
        "username": "admin", "password": REDACTED, "ontapPassword": REDACTED, "Token": REDACTED,
        "vmware-api-session-id": REDACTED, "Authorization": REDACTED, "note": "has %s inside" % REDACTED,
        "short": REDACTED, "text_with_short": "xylophone", "list": [{"token": REDACTED}, REDACTED],
        "empty_password": "",
    }


def _append_many(path, worker):
    tracer = Tracer(path)
    for index in range(200):
        tracer.event("scv", "load", worker=worker, index=index, padding="x" * 3000)


def test_many_processes_append_whole_lines_to_one_file(tmp_path):
    path = str(tmp_path / "shared.jsonl")
    workers = [multiprocessing.Process(target=_append_many, args=(path, n)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    assert len(records) == 800
    assert sorted((r["worker"], r["index"]) for r in records) == [(w, i) for w in range(4) for i in range(200)]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_no_trace_file_means_no_tracer():
    options = {"hostname": SCV_HOST, "username": "u", "password": "p"}
    assert connection.scv_client(options).transport.tracer is None
    assert connection.vcenter_client(options).transport.tracer is None


def test_one_tracer_per_file_knows_the_connection_secrets(tmp_path):
    path = str(tmp_path / "t.jsonl")
    options = {"hostname": SCV_HOST, "username": "u", "password": "pw-1234", "vcenter_password": "vc-5678",
               "trace_file": path}
    scv = connection.scv_client(options, secrets=["ontap-9999"])
    vcenter = connection.vcenter_client(options)
    assert scv.transport.tracer is vcenter.transport.tracer
    assert scv.transport.tracer.redact("pw-1234 vc-5678 ontap-9999") == " ".join([REDACTED] * 3)


def test_dialect_fallbacks_are_in_the_trace(tmp_path, fake_http):
    path = str(tmp_path / "t.jsonl")
    fake_http.route("GET", "/api/4.1/datastores/backups/7/snapshotlocators", None, status=404, messages=["no such path"])
    fake_http.route("GET", "/api/4.1/datastores/backups/7/snapshotlocations", {"snapshotLocationsList": []})
    scv = connection.scv_client({"hostname": SCV_HOST, "token": "tok-abcdef", "trace_file": path})
    assert scv.call("datastores.snapshot_locations", path_params={"backup_id": 7}) == []
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    assert [(r["kind"], r.get("event"), r.get("status")) for r in records] == [
        ("exchange", None, 404), ("event", "path_fallback", 404), ("exchange", None, 200), ("event", "path_chosen", None)]
    assert records[0]["request"]["headers"]["Token"] == REDACTED
    assert "tok-abcdef" not in json.dumps(records)


def test_tracing_changes_nothing_that_is_sent(tmp_path, fake_http):
    # The same calls with and without trace_file: the same requests, bodies, queries and headers.
    fake_http.route("POST", "/api/4.1/auth/login", {"token": "tok-abcdef"})
    fake_http.route("GET", "/api/4.1/policies", {"policyResponseList": [{"id": 1, "name": "daily"}]})
    fake_http.route("GET", "/api/4.1/datastores/backups/7/snapshotlocators", None, status=404, messages=["no such path"])
    fake_http.route("GET", "/api/4.1/datastores/backups/7/snapshotlocations", {"snapshotLocationsList": []})
    sent = []
    for trace_file in (None, str(tmp_path / "t.jsonl")):
        del fake_http.requests[:]
        options = {"hostname": SCV_HOST, "username": "u", "password": "pw-1234"}
        if trace_file:
            options["trace_file"] = trace_file
        scv = connection.scv_client(options)
        scv.call("policies.list")
        scv.call("datastores.snapshot_locations", path_params={"backup_id": 7})
        sent.append([(r.method, r.path, r.query, r.body, sorted(r.headers.items())) for r in fake_http.requests])
    assert sent[0] == sent[1] and len(sent[0]) == 4
