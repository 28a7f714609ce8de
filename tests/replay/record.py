#!/usr/bin/env python
"""Record the replay cases' traces from the simulator (one trace per case and dialect).

    .venv/bin/python tests/replay/record.py            # every case
    .venv/bin/python tests/replay/record.py CASE ...   # some (file names in cases/ without .yml)

Each case's steps run in-process against a fresh simulator in each of the case's dialects with
`trace_file` set; the expectations must hold; the trace is written to traces/<case>.<dialect>.jsonl.
Record again when the simulator or what the collection sends changes (test_replay.py then says so).
"""
import glob
import os
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "simulator"))

from harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position
from replay import check_expectations, run_steps  # noqa: E402  pylint: disable=wrong-import-position


def record(case_name, dialect_name, dialect, steps):
    trace = os.path.join(HERE, "traces", "%s.%s.jsonl" % (case_name, dialect_name))
    if os.path.exists(trace):
        os.unlink(trace)
    with Simulator(job_seconds=0, **dialect) as sim, pytest.MonkeyPatch.context() as monkeypatch:
        connection = {"hostname": sim.host, "port": sim.port, "vcenter_port": sim.vcenter_port,
                      "username": sim.username, "password": sim.password, "ca_path": sim.ca_path,
                      "trace_file": trace}
        problems = check_expectations(steps, run_steps(steps, connection, monkeypatch))
    if problems:
        raise SystemExit("recording %s/%s: %s" % (case_name, dialect_name, "; ".join(problems)))
    print("recorded %s (%d bytes)" % (os.path.relpath(trace), os.path.getsize(trace)))


def main(names):
    paths = sorted(glob.glob(os.path.join(HERE, "cases", "*.yml")))
    for path in paths:
        case_name = os.path.splitext(os.path.basename(path))[0]
        if names and case_name not in names:
            continue
        with open(path, encoding="utf-8") as handle:
            case = yaml.safe_load(handle)
        if case.get("replay_only"):
            continue   # a trace from a real appliance: nothing to record it from
        for dialect_name, dialect in sorted(case["dialects"].items()):
            record(case_name, dialect_name, dialect, case["steps"])


if __name__ == "__main__":
    main(sys.argv[1:])
