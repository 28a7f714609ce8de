"""One launcher: harness.Simulator, with tests/setup/sim_ctl.py as its background command line."""
import json
import os
import socket
import subprocess
import sys

import requests

from harness import REPO_ROOT, pid_alive, read_pid

SIM_CTL = os.path.join(REPO_ROOT, "tests", "setup", "sim_ctl.py")
WITH_SIMULATOR = os.path.join(REPO_ROOT, "tests", "setup", "with-simulator.py")


def _ctl(*args, timeout=60):
    return subprocess.run([sys.executable, SIM_CTL, *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


def _env_file(directory) -> dict:
    with open(os.path.join(directory, "sim.env"), encoding="utf-8") as handle:
        return dict(line.strip().split("=", 1) for line in handle if line.strip())


def test_sim_ctl_start_status_stop(tmp_path):
    directory = tmp_path / "sim"
    vars_file = tmp_path / "connection.json"
    started = _ctl("start", "--dir", str(directory), "--port", "0", "--vcenter-port", "0", "--job-seconds", "0",
                   "--vars-file", str(vars_file), "--version", "4.7")   # a run.py option passes through
    try:
        assert started.returncode == 0, started.stderr
        assert "simulator ready" in started.stdout
        pid = read_pid(str(directory))
        assert pid_alive(pid)   # it outlives the command that started it
        env = _env_file(directory)
        assert set(env) == {"SCV_SIM_PORT", "SCV_SIM_VCENTER_PORT", "SCV_SIM_CA_PATH"}
        assert env["SCV_SIM_CA_PATH"] == str(directory / "certs" / "ca.pem")
        connection = json.loads(vars_file.read_text())
        assert connection == {"scv_hostname": "127.0.0.1", "scv_port": int(env["SCV_SIM_PORT"]),
                              "scv_vcenter_port": int(env["SCV_SIM_VCENTER_PORT"]),
                              "scv_ca_path": env["SCV_SIM_CA_PATH"]}
        health = requests.get(f"https://127.0.0.1:{env['SCV_SIM_PORT']}/_sim/health",
                              verify=env["SCV_SIM_CA_PATH"], timeout=10).json()
        assert health["version"] == "4.7" and health["job_seconds"] == 0
        assert (directory / "sim.log").read_text().count("SCV simulator ready") == 1
        assert _ctl("status", "--dir", str(directory)).returncode == 0
        again = _ctl("start", "--dir", str(directory), "--port", "0", "--vcenter-port", "0")
        assert again.returncode == 1 and "already running" in again.stderr
    finally:
        stopped = _ctl("stop", "--dir", str(directory))
    assert stopped.returncode == 0 and f"(pid {pid}) stopped" in stopped.stdout
    assert not pid_alive(pid)
    assert not (directory / "sim.pid").exists() and not (directory / "sim.env").exists()
    assert _ctl("status", "--dir", str(directory)).returncode == 3
    assert "no simulator running" in _ctl("stop", "--dir", str(directory)).stdout


def test_busy_port_is_replaced_by_a_free_one(tmp_path):
    directory = tmp_path / "sim"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        started = _ctl("start", "--dir", str(directory), "--port", str(taken), "--vcenter-port", "0")
        try:
            assert started.returncode == 0, started.stderr
            assert int(_env_file(directory)["SCV_SIM_PORT"]) != taken
        finally:
            _ctl("stop", "--dir", str(directory))


def test_start_failure_is_reported_with_the_log(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("login: {username: a, password: b}\nvms:\n  - {moref: vm-1, name: x, host: host-404, "
                      "instance_uuid: u}\n")
    started = _ctl("start", "--dir", str(tmp_path / "sim"), "--port", "0", "--vcenter-port", "0",
                   "--world", str(broken))
    assert started.returncode == 1 and "host-404" in started.stderr
    assert _ctl("status", "--dir", str(tmp_path / "sim")).returncode == 3


def test_with_simulator_exports_the_connection():
    probe = "import os; print(os.environ['SCV_PORT'], os.environ['SCV_USERNAME'], os.path.exists(os.environ['SCV_CA_PATH']))"
    finished = subprocess.run([sys.executable, WITH_SIMULATOR, sys.executable, "-c", probe], capture_output=True,
                              text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    port, user, ca_exists = finished.stdout.split()
    assert port.isdigit() and user == "administrator@vsphere.local" and ca_exists == "True"
