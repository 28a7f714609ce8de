# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""audit_log_info and audit_config through real ansible-playbook runs against the simulator: the other
modules' changes are in the audit trail, downloads are atomic, 0600 and idempotent, tampering is found, the
settings are idempotent with check mode and diff, and an appliance older than SCV 4.8 is told apart."""

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


def test_the_other_modules_changes_are_in_the_audit_trail(sim, play, tmp_path):
    dest = str(tmp_path / "audit")
    results, dummy = play([
        dict(task("login"), no_log=True),
        task("storage_system", token=TOKEN, name="cluster1.demo.local", ontap_username="admin",
             ontap_password="netapp-demo-1"),
        task("policy", token=TOKEN, name="pol_audit", frequency="daily", retention_count=3),
        task("resource_group", token=TOKEN, name="rg_audit", vms=["web01"], policies=[{"name": "pol_audit", "schedule": {"every": 1}}]),
        task("backup", token=TOKEN, resource_group="rg_audit"),
        task("schedule", token=TOKEN, name="Schedule-PurgeJobs", cron="0 15 1 ? * *"),
        task("audit_log_info", token=TOKEN, dest=dest),
    ])
    assert not [r for r in results if r.get("failed")], [r.get("msg") for r in results]
    info = results[-1]
    assert info["changed"] is False and info["downloads_changed"] is True
    written = entries(os.path.join(dest, "audit.log"))
    seen = [(e["category"], e["operation"], e["object"], e["result"]) for e in written]
    for expected in [("ACCOUNT", "LOGIN", "administrator@vsphere.local", "SUCCESS"),
                     ("STORAGE_SYSTEM", "CREATE", "cluster1.demo.local", "SUCCESS"),
                     ("POLICY", "CREATE", "pol_audit", "SUCCESS"),
                     ("RESOURCE_GROUP", "CREATE", "rg_audit", "SUCCESS"),
                     ("BACKUP", "BACKUP", "rg_audit", "SUCCESS"),
                     ("SCHEDULE", "MODIFY", "Schedule-PurgeJobs", "SUCCESS")]:
        assert expected in seen, (expected, seen)
    assert all(e["user"] == "administrator@vsphere.local" for e in written)
    assert info["files"][0]["entries"] == len(written)
    text = open(os.path.join(dest, "audit.log"), encoding="utf-8").read()
    assert sim.password not in text and "netapp-demo-1" not in text


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


def test_audit_settings_are_idempotent_with_check_mode_and_diff(sim, play):
    settings = {"max_files": 6, "syslog": {"enabled": True, "server": "siem.example.com", "port": 6514,
                                           "protocol": "tcp"}}
    sim.clear_requests()
    results, dummy = play([task("audit_config", **settings)], check=True, diff=True)
    assert results[0]["changed"] is True
    assert results[0]["diff"]["before"]["syslog"]["enabled"] is False
    assert results[0]["diff"]["after"]["syslog"]["server"] == "siem.example.com"
    assert [w for w in sim.writes() if "/audit/" in w["path"]] == []
    results, dummy = play([task("audit_config", **settings), task("audit_config", **settings),
                           task("audit_config", syslog={"enabled": False})])
    assert [r["changed"] for r in results] == [True, False, True], results
    assert results[1]["audit_config"] == {"enabled": True, "max_file_size_mb": 10, "max_files": 6, "syslog": {
        "enabled": True, "server": "siem.example.com", "port": 6514, "protocol": "tcp"}}
    assert results[2]["audit_config"]["syslog"] == {"enabled": False, "server": "siem.example.com", "port": 6514,
                                                    "protocol": "tcp"}
    results, dummy = play([task("audit_config", syslog={"port": 0})])
    assert results[0]["failed"] and results[0]["option"] == "syslog.port"


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
