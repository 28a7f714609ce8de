# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Recorded wire traces, replayed: the modules send exactly the recorded requests and behave as then.

Every trace in traces/ is a case of cases/ recorded in one dialect (record.py). A request the trace does
not hold fails at once, naming it; a recorded request the modules no longer send fails at the end.
When what the collection sends changes on purpose, record the traces again.
"""

import glob
import os

import pytest
import yaml

from replay import HERE, check_expectations, connection_of, read_trace, replaying, run_steps

TRACES = sorted(glob.glob(os.path.join(HERE, "traces", "*.jsonl")))


def case_of(trace_path):
    case_name, dialect_name = os.path.basename(trace_path).split(".")[:2]
    with open(os.path.join(HERE, "cases", case_name + ".yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle), dialect_name


def test_there_are_traces_for_every_dialect_of_every_case():
    for path in glob.glob(os.path.join(HERE, "cases", "*.yml")):
        with open(path, encoding="utf-8") as handle:
            case = yaml.safe_load(handle)
        name = os.path.splitext(os.path.basename(path))[0]
        for dialect in case["dialects"]:
            assert os.path.join(HERE, "traces", "%s.%s.jsonl" % (name, dialect)) in TRACES, (name, dialect)
    assert TRACES, "no traces to replay: a gate that replays nothing fails"


@pytest.mark.parametrize("trace_path", TRACES, ids=[os.path.basename(p) for p in TRACES])
def test_trace_replays(trace_path, tmp_path, monkeypatch):
    case, dialect = case_of(trace_path)
    records = read_trace(trace_path)
    # The appliance and user as the trace saw them; the password is redacted in the trace, any value does.
    connection = dict(connection_of(records), password="replay-password", validate_certs=True)
    with replaying(records, tmp_path) as played:
        results = run_steps(case["steps"], connection, monkeypatch)
        assert check_expectations(case["steps"], results) == []
        unplayed = len(played.data) - played.play_count
    assert unplayed == 0, "%d recorded requests were not sent again: record the traces again (record.py)" % unplayed


def test_a_request_the_trace_does_not_hold_fails_naming_it(tmp_path, monkeypatch):
    from vcr.errors import CannotOverwriteExistingCassetteException

    case, dummy = case_of(TRACES[0])
    records = read_trace(TRACES[0])
    # As if the collection now sent another retention count than the one recorded.
    for record in records:
        body = (record.get("request") or {}).get("body")
        if record.get("method") == "POST" and isinstance(body, dict) and body.get("name") == "daily_7":
            body["retention"] = {"type": "COUNT", "value": 8}
    connection = dict(connection_of(records), password="replay-password", validate_certs=True)
    with pytest.raises(CannotOverwriteExistingCassetteException) as caught:
        with replaying(records, tmp_path):
            run_steps(case["steps"], connection, monkeypatch)
    assert "POST" in str(caught.value) and "/4.1/policies" in str(caught.value)
