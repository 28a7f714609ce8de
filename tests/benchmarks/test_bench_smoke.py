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
