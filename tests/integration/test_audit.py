# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""audit_log_info and audit_config against simulators of their own, through real ansible-playbook runs: downloads
of rolled files are atomic, 0600 and idempotent, tampering is found, and an appliance older than SCV 4.8 is told
apart. The modules' behaviour against the demo simulator (the other modules' changes in the trail, settings
idempotent with check mode and diff, bad input) is in the ansible-test targets tests/integration/targets/audit_*."""

import json
import os
import stat

import pytest

from harness import Simulator
from testbed import run_play

NS = "snapcenter.vsphere."
TOKEN = "{{ result_0.token }}"


def task(module, **args):
    return {NS + module: args}


def entries(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_downloads_are_atomic_0600_idempotent_and_tampering_is_found(tmp_path):
    # Small files, so the appliance rolls some into compressed ones.
    with Simulator(job_seconds=0, extra_args=["--audit-roll-entries", "3"]) as sim:
        dest = str(tmp_path / "audit")
        tasks = [dict(task("login"), no_log=True)]
        tasks += [task("policy", token=TOKEN, name="pol_%d" % n, frequency="daily", retention_count=3)
                  for n in range(7)]
        tasks += [task("audit_log_info", token=TOKEN, dest=dest, verify=True),
                  task("audit_log_info", token=TOKEN, dest=dest)]
        results, dummy = run_play(sim, tmp_path, tasks)
        first, again = results[-2], results[-1]
        assert first["verification"]["result"] == "passed", first
        names = [f["name"] for f in first["files"]]
        assert names[0] == "audit.log" and len(names) >= 3 and all(n.endswith(".log.gz") for n in names[1:])
        assert sorted(os.listdir(dest)) == sorted(n[:-3] if n.endswith(".gz") else n for n in names)
        for name in os.listdir(dest):
            assert stat.S_IMODE(os.stat(os.path.join(dest, name)).st_mode) == 0o600
        assert not [n for n in os.listdir(dest) if n.startswith(".")], "no temporary file is left behind"
        assert first["downloads_changed"] is True and again["downloads_changed"] is False
        assert sum(f["entries"] for f in first["files"]) == sum(len(entries(os.path.join(dest, n)))
                                                                for n in os.listdir(dest))

        rolled = names[-1]
        sim.tamper_audit(file_name=rolled, line=2, field="object", value="someone_else")
        results, dummy = run_play(sim, tmp_path, [task("audit_log_info", verify=True)])
        verified = results[0]
        assert verified["verification"]["result"] == "failed"
        bad = [f for f in verified["verification"]["files"] if f["name"] == rolled][0]
        assert bad == {"name": rolled, "integrity_status": "tampered", "first_bad_entry": 2}
        assert [f["integrity_status"] for f in verified["files"] if f["name"] == rolled] == ["tampered"]
        assert any("integrity verification failed" in w for w in verified.get("warnings", []))


@pytest.fixture(scope="module")
def sim_4_7():
    with Simulator(job_seconds=0, version="4.7") as running:
        yield running


@pytest.mark.parametrize("module, args", [("audit_log_info", {"verify": True}), ("audit_log_info", {}),
                                          ("audit_config", {"max_files": 5})])
def test_an_appliance_older_than_4_8_is_told_apart(sim_4_7, tmp_path, module, args):
    results, dummy = run_play(sim_4_7, tmp_path, [task(module, **args)])
    assert results[0]["failed"] is True
    assert results[0]["msg"].startswith("audit logs need SCV 4.8 or later:"), results[0]["msg"]
    assert "HTTP 404" in results[0]["msg"]
    # Known to be older: refused before anything is sent.
    sim_4_7.clear_requests()
    results, dummy = run_play(sim_4_7, tmp_path, [task(module, appliance_version="4.7", **args)])
    assert results[0]["failed"] is True
    assert "needs SCV 4.8 or later; this appliance is SCV 4.7" in results[0]["msg"]
    assert [r for r in sim_4_7.requests() if "/audit/" in r["path"]] == []
