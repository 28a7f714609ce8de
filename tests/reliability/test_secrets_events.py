# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets and the event source (extensions/eda/plugins/event_source/scv_events.py): through expired tokens,
refused logins, retries and an unreachable appliance, no password and no token
(the source's own, or any other the appliance issued) appears in an event, in the source's log (DEBUG, the
client's too) or in its wire trace.  Every token is read back from the simulator's state file."""

import json
import logging
import os
import sys

import pytest

from reliability_helpers import Api, Simulator
from test_secrets import issued_tokens

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eda"))

from eda_helpers import RunningSource, source_args  # noqa: E402  pylint: disable=wrong-import-position

WRONG_PASSWORD = "Wr0ng-eda-Passw0rd-1337"


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eda-secrets")
    state_file = str(folder / "state.db")
    trace_file = str(folder / "trace.jsonl")
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with Simulator(job_seconds=0, state_file=state_file) as sim:
            api = Api(sim)
            group_id, policy_id = api.protect("rg_web", ["vm-101"])
            args = source_args(sim, interval=0.3, trace_file=trace_file, max_backoff=1, stuck_after="1s", rpo="1s")
            events = []
            with RunningSource(args) as source:
                source.wait_for(lambda found: any(e["type"] == "vm_unprotected" for e in found))
                sim.expire_tokens()                                   # the source logs in again
                sim.next_job("backup", "fail")
                api.token = sim.login()
                api.call("POST", "/4.1/resource-groups/backupnow", {"resourceGroupId": group_id, "policyId": policy_id})
                source.wait_for(lambda found: any(e["type"] == "job_failed" for e in found))
                # The appliance busy: the client retries (its warnings go to the log), then an outage.
                sim.inject(path="/4.1/jobs", status=503, count=None)
                source.wait_for(lambda found: any(e["type"] == "appliance_unreachable" for e in found))
                sim.clear_faults()
                source.wait_for(lambda found: any(e["type"] == "appliance_recovered" for e in found))
                events.extend(source.events)
            # Refused logins.
            with RunningSource(source_args(sim, interval=0.3, password=WRONG_PASSWORD, max_backoff=1)) as source:
                source.wait_for(lambda found: found)
                events.extend(source.events)
            tokens = issued_tokens(state_file)
            secrets = [sim.password, WRONG_PASSWORD]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    with open(trace_file, encoding="utf-8") as handle:
        trace = handle.read()
    yield {"events": events, "log": "\n".join(records), "trace": trace, "secrets": secrets, "tokens": tokens}


def test_the_run_did_what_it_must(watched):
    types = set(event["type"] for event in watched["events"])
    assert {"vm_unprotected", "job_failed", "appliance_unreachable", "appliance_recovered"} <= types
    assert any(e["type"] == "appliance_unreachable" and e["reason"] == "authentication" for e in watched["events"])
    assert len(watched["tokens"]) >= 3, "the source logged in again after the tokens expired"
    assert "retry" in watched["log"], "the client's retry warnings reach the log"
    assert '"status": 401' in watched["trace"] and "/auth/login" in watched["trace"]


@pytest.mark.parametrize("where", ["events", "log", "trace"])
def test_no_password_or_token(watched, where):
    text = json.dumps(watched["events"]) if where == "events" else watched[where]
    for secret in watched["secrets"] + watched["tokens"]:
        assert secret not in text, "a secret (%s...) is in the %s" % (secret[:4], where)
