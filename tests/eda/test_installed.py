# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The event source from a normally installed collection (built tarball, `ansible-galaxy collection install`),
run on its own for a quick look (`python scv_events.py ARGS`), with nothing of this repository on sys.path."""

import json
import os
import subprocess
import sys
import time

from testbed import REPO_ROOT, simulator_env

BIN = os.path.join(REPO_ROOT, ".venv", "bin")


def test_the_installed_plugin_runs_on_its_own(sim, tmp_path):
    dist, collections = tmp_path / "dist", tmp_path / "collections"
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(dist), REPO_ROOT],
                   check=True, capture_output=True, timeout=120)
    tarball = next(dist.glob("snapcenter-vsphere-*.tar.gz"))
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "-p", str(collections),
                    str(tarball)], check=True, capture_output=True, timeout=120)
    plugin = collections / "ansible_collections" / "snapcenter" / "vsphere" / "extensions" / "eda" / "plugins" / \
        "event_source" / "scv_events.py"
    env = dict((k, v) for k, v in os.environ.items() if k != "PYTHONPATH")
    env.update(simulator_env(sim))
    process = subprocess.Popen([sys.executable, str(plugin), json.dumps({"interval": 0.5, "watch": ["vm_unprotected"]})],
                               cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines, deadline = [], time.monotonic() + 30
        while len(lines) < 4 and time.monotonic() < deadline:   # the demo world's 4 unprotected VMs (with no backup)
            line = process.stdout.readline()
            if not line:
                break
            lines.append(json.loads(line))
    finally:
        process.terminate()
        dummy, stderr = process.communicate(timeout=20)
    assert [e["type"] for e in lines] == ["vm_unprotected"] * 4, stderr
    assert sorted(e["vm"]["name"] for e in lines) == ["app01", "db01", "web01", "web02"]
    assert "scv_events: watching vm_unprotected" in stderr
    assert sim.password not in stderr
