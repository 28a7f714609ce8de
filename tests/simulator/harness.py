"""`Simulator`: start the SCV simulator as a subprocess for tests, and drive its /_sim API.

    with Simulator(paths="lowercase", job_seconds=0) as sim:
        requests.post(sim.scv_url + "/4.1/auth/login", json=..., verify=sim.ca_path)

REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE make `requests` ignore Session.verify, so every call here passes
verify= explicitly.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests

RUN_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run.py")
READY_MARKER = "SCV simulator ready:"
START_TIMEOUT = 30.0
DEMO_USERNAME = "administrator@vsphere.local"
DEMO_PASSWORD = "scv-demo-password"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SimulatorError(RuntimeError):
    pass


class Simulator:
    """A running simulator on free loopback ports with its own temporary certificate directory."""

    def __init__(self, paths="published", job_ids="on", ids="int", job_seconds=0, state_file=None,
                 world=None, token_ttl=7200, extra_args=(), username=None, password=None):
        self.paths, self.job_ids, self.ids = paths, job_ids, ids
        self.job_seconds, self.state_file, self.world, self.token_ttl = job_seconds, state_file, world, token_ttl
        self.extra_args = list(extra_args)
        self.username = username or DEMO_USERNAME
        self.password = password or DEMO_PASSWORD
        self.host = "127.0.0.1"
        self.port = None
        self.vcenter_port = None
        self.workdir = tempfile.mkdtemp(prefix="scvsim-")
        self.cert_dir = os.path.join(self.workdir, "certs")
        self.ca_path = os.path.join(self.cert_dir, "ca.pem")
        self.log_path = os.path.join(self.workdir, "simulator.log")
        self.process = None

    # --- lifecycle ---------------------------------------------------------------------------
    @property
    def scv_url(self) -> str:
        return f"https://{self.host}:{self.port}/api"

    @property
    def vcenter_url(self) -> str:
        return f"https://{self.host}:{self.vcenter_port}"

    @property
    def sim_url(self) -> str:
        return f"https://{self.host}:{self.port}/_sim"

    def _command(self) -> list[str]:
        command = [sys.executable, RUN_SCRIPT, "--host", self.host, "--port", str(self.port),
                   "--vcenter-port", str(self.vcenter_port), "--cert-dir", self.cert_dir,
                   "--job-seconds", str(self.job_seconds), "--token-ttl", str(self.token_ttl),
                   "--paths", self.paths, "--job-ids", self.job_ids, "--ids", self.ids,
                   "--username", self.username, "--password", self.password]
        if self.state_file:
            command += ["--state-file", str(self.state_file)]
        if self.world:
            command += ["--world", str(self.world)]
        return command + self.extra_args

    def start(self) -> "Simulator":
        keep_ports = self.port is not None   # restart() reuses the ports clients already know
        for _attempt in range(3):
            if not keep_ports:
                self.port, self.vcenter_port = free_port(), free_port()
            if self._spawn_and_wait():
                return self
            if "address already in use" not in self.log_text().lower():
                break   # a real start-up error (bad world file...): retrying will not help
            if keep_ports:
                time.sleep(0.5)   # the old listener may still be releasing the port
        raise SimulatorError(f"simulator did not start; log:\n{self.log_text()}")

    def _spawn_and_wait(self) -> bool:
        with open(self.log_path, "ab") as log:
            start_offset = log.tell()   # only this run's output counts (restart() appends to the log)
            self.process = subprocess.Popen(self._command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                log.seek(start_offset)
                if READY_MARKER in log.read():
                    return True
            time.sleep(0.05)
        self.stop()
        return False

    def log_text(self) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return log.read()
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> "Simulator":
        self.stop()
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write("--- restart ---\n")
        return self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- /_sim helpers -------------------------------------------------------------------------
    def _sim_call(self, method: str, path: str, **kwargs):
        response = requests.request(method, f"{self.sim_url}{path}", verify=self.ca_path, timeout=30, **kwargs)
        if response.status_code >= 400:
            raise SimulatorError(f"{method} /_sim{path}: HTTP {response.status_code} {response.text}")
        return response.json()

    def health(self) -> dict:
        return self._sim_call("GET", "/health")

    def reset(self) -> None:
        self._sim_call("POST", "/reset")

    def requests(self, clear: bool = False) -> list[dict]:
        return self._sim_call("GET", "/requests", params={"clear": "true" if clear else "false"})

    def clear_requests(self) -> None:
        self._sim_call("DELETE", "/requests")

    def writes(self) -> list[dict]:
        """Non-GET requests to the SCV listener, login excluded: what check mode must never send."""
        return [entry for entry in self.requests()
                if entry["listener"] == "scv" and entry["method"] not in ("GET", "HEAD", "OPTIONS")
                and not entry["path"].endswith("/auth/login")]

    def inject(self, method=".*", path=".*", status=None, count=1, retry_after=None, latency=0.0,
               drop=False, after_handling=False, listener=None) -> int:
        body = {"method": method, "path": path, "status": status, "count": count, "retry_after": retry_after,
                "latency": latency, "drop": drop, "after_handling": after_handling, "listener": listener}
        return self._sim_call("POST", "/faults", json=body)["id"]

    def clear_faults(self) -> None:
        self._sim_call("DELETE", "/faults")

    def expire_tokens(self) -> None:
        self._sim_call("POST", "/tokens/expire")

    def next_job(self, type, outcome) -> None:   # pylint: disable=redefined-builtin
        self._sim_call("POST", "/jobs/next", json={"type": type, "outcome": outcome})

    def config(self, **settings) -> dict:
        return self._sim_call("PUT", "/config", json=settings)

    def advance_clock(self, seconds: float) -> dict:
        return self._sim_call("POST", "/clock", json={"advance_seconds": seconds})

    # --- convenience for tests -----------------------------------------------------------------
    def login(self) -> str:
        response = requests.post(f"{self.scv_url}/4.1/auth/login", verify=self.ca_path, timeout=30,
                                 json={"username": self.username, "password": self.password})
        response.raise_for_status()
        return response.json()["response"]["token"]
