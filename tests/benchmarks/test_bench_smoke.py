# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Proves the benchmark script runs end to end; asserts numbers exist, never how fast anything is."""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def test_quick_protect_run_writes_results_with_numbers(tmp_path):
    completed = subprocess.run(
        [sys.executable, os.path.join(HERE, "run.py"), "--quick", "--only", "protect", "--no-docs",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=900, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    with open(os.path.join(str(tmp_path), "results.json")) as handle:
        report = json.load(handle)
    protect = report["results"]["protect"]
    for phase in ("first", "rerun"):
        entry = protect[phase]
        assert entry["rc"] == 0, entry
        assert isinstance(entry["wall_seconds"], (int, float)) and entry["wall_seconds"] > 0
        assert isinstance(entry["requests"], int) and entry["requests"] > 0
        assert entry["by_method"].get("GET", 0) > 0
    assert protect["first"]["writes"] > 0
    assert "| protect.yml first run |" in completed.stdout
    assert os.path.exists(os.path.join(str(tmp_path), "results.md"))


def test_quick_fleet_large_site_and_job_wait_write_results(tmp_path):
    """The issue 17 scenarios run end to end (one appliance, a generated world of 400 VMs, a 3 s job)."""
    completed = subprocess.run(
        [sys.executable, os.path.join(HERE, "run.py"), "--quick", "--only", "fleet,large,jobwait", "--fleet-sizes", "1",
         "--no-docs", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=900, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    with open(os.path.join(str(tmp_path), "results.json")) as handle:
        results = json.load(handle)["results"]
    fleet = results["fleet"]["1"]
    assert fleet["first"]["rc"] == 0 and fleet["rerun"]["rc"] == 0
    assert fleet["first"]["requests_per_appliance"] > 0 and fleet["rerun"]["writes"] == 0
    large = results["large"]
    assert large["simulator_start_seconds"] > 0
    assert large["inventory"]["hosts"] > 0 and large["inventory"]["rc"] == 0
    assert large["report_info"]["rc"] == 0 and large["report_info"]["peak_memory_mib"] > 0
    assert large["protection_config"]["rerun"]["rc"] == 0
    job = results["jobwait"]["3"]
    assert job["rc"] == 0 and job["polls"] > 0 and job["notice_delay_seconds"] is not None
    assert "### 6. Fleet" in completed.stdout and "### 7. Large site" in completed.stdout
