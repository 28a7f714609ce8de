"""`Simulator`: the one launcher of the SCV simulator (tests, `make demo`, molecule, benchmarks).

In tests (a child process on free loopback ports, temporary certificates, removed on close):

    with Simulator(paths="lowercase", job_seconds=0) as sim:
        requests.post(sim.scv_url + "/4.1/auth/login", json=..., verify=sim.ca_path)

In the background (the simulator outlives this process; `tests/setup/sim_ctl.py` is this CLI):

    harness.py start --dir .sim [--port 8144] [--vcenter-port 8443] [--job-seconds 1] [--state-file F]
                     [--world F] [--vars-file F] [--timeout 30] [any other run.py option, e.g. --version 4.7]
    harness.py stop   --dir .sim
    harness.py status --dir .sim        (exit 0 running, 3 not running)

`start` writes DIR/certs/ (ca.pem...), DIR/sim.log (its output), DIR/sim.pid (what `stop` terminates),
DIR/sim.env (shell assignments SCV_SIM_PORT, SCV_SIM_VCENTER_PORT, SCV_SIM_CA_PATH) and, with
--vars-file, the same as Ansible variables (JSON: scv_hostname, scv_port, scv_vcenter_port, scv_ca_path).
A requested port that is busy is replaced by a free one (the files say which); port 0 means any free port.

REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE make `requests` ignore Session.verify, so every call here passes
verify= explicitly.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
RUN_SCRIPT = os.path.join(HERE, "run.py")
DEFAULT_WORLD = os.path.join(HERE, "worlds", "demo.yml")
READY_MARKER = "SCV simulator ready:"
START_TIMEOUT = 30.0
DEMO_USERNAME = "administrator@vsphere.local"
DEMO_PASSWORD = "scv-demo-password"
HOST = "127.0.0.1"


def free_port(avoid=()) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        if port not in avoid:
            return port


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def choose_port(wanted, avoid=()) -> int:
    """The wanted port when it is free, else any free one (0/None: any free one)."""
    if wanted and wanted not in avoid and port_is_free(wanted):
        return wanted
    return free_port(avoid)


def world_login(world) -> tuple:
    """(username, password) of a world file; (None, None) when it cannot be read."""
    try:
        with open(world or DEFAULT_WORLD, encoding="utf-8") as handle:
            login = (yaml.safe_load(handle) or {}).get("login") or {}
        return login.get("username"), (str(login["password"]) if "password" in login else None)
    except (OSError, yaml.YAMLError, AttributeError):
        return None, None


class SimulatorError(RuntimeError):
    pass


class Simulator:
    """A running simulator on loopback ports with its own certificate directory.

    workdir=None: a temporary directory, removed by close(). workdir=DIR: DIR is kept (background use).
    port/vcenter_port: wanted ports (busy ones are replaced by free ones); None: free ports.
    detach=True: the simulator runs in its own session, so it survives this process and Ctrl-C.
    """

    def __init__(self, paths="published", job_ids="on", ids="int", job_seconds=0, state_file=None,
                 world=None, token_ttl=7200, extra_args=(), username=None, password=None, version=None,
                 generate=None, workdir=None, port=None, vcenter_port=None, detach=False,
                 start_timeout=START_TIMEOUT):
        self.paths, self.job_ids, self.ids = paths, job_ids, ids
        self.job_seconds, self.state_file, self.world, self.token_ttl = job_seconds, state_file, world, token_ttl
        self.version, self.generate = version, generate
        self.extra_args = list(extra_args)
        default_user, default_password = (None, None) if generate else world_login(world)
        self.username = username or default_user or DEMO_USERNAME
        self.password = password or default_password or DEMO_PASSWORD
        self.host = HOST
        self.wanted_ports = (port, vcenter_port)
        self.port = None
        self.vcenter_port = None
        self.detach = detach
        self.start_timeout = start_timeout
        self.own_workdir = workdir is None
        self.workdir = tempfile.mkdtemp(prefix="scvsim-") if workdir is None else os.path.abspath(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        self.cert_dir = os.path.join(self.workdir, "certs")
        self.ca_path = os.path.join(self.cert_dir, "ca.pem")
        self.log_path = os.path.join(self.workdir, "sim.log")
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
        if self.version:
            command += ["--version", str(self.version)]
        if self.generate:
            command += ["--generate", str(self.generate)]
        return command + self.extra_args

    def start(self) -> "Simulator":
        keep_ports = self.port is not None   # restart() reuses the ports clients already know
        for attempt in range(3):
            if not keep_ports:
                # the wanted ports only on the first attempt: a lost race means someone else has them
                wanted = self.wanted_ports if attempt == 0 else (None, None)
                self.port = choose_port(wanted[0])
                self.vcenter_port = choose_port(wanted[1], avoid=(self.port,))
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
                                            stdin=subprocess.DEVNULL, start_new_session=self.detach)
        deadline = time.monotonic() + self.start_timeout
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
        if self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- background runs (the files `stop`/`status` and the callers read) ---------------------------
    def write_runtime_files(self, vars_file=None) -> None:
        with open(os.path.join(self.workdir, "sim.pid"), "w", encoding="utf-8") as handle:
            handle.write(f"{self.process.pid}\n")
        with open(os.path.join(self.workdir, "sim.env"), "w", encoding="utf-8") as handle:
            handle.write(f"SCV_SIM_PORT={self.port}\nSCV_SIM_VCENTER_PORT={self.vcenter_port}\n"
                         f"SCV_SIM_CA_PATH={self.ca_path}\n")
        if vars_file:
            # JSON is valid YAML: usable as vars_files or as `-e @file`.
            with open(vars_file, "w", encoding="utf-8") as handle:
                json.dump({"scv_hostname": self.host, "scv_port": self.port, "scv_vcenter_port": self.vcenter_port,
                           "scv_ca_path": self.ca_path}, handle, indent=2)
                handle.write("\n")

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

    def tamper_audit(self, file_name="audit.log", line=1, field="details", value="tampered", delete=False) -> dict:
        """Change one field of an audit entry (or delete the entry) without fixing its hash."""
        return self._sim_call("POST", "/audit/tamper", json={"fileName": file_name, "line": line, "field": field,
                                                             "value": value, "delete": delete})

    # --- convenience for tests -----------------------------------------------------------------
    def login(self) -> str:
        response = requests.post(f"{self.scv_url}/4.1/auth/login", verify=self.ca_path, timeout=30,
                                 json={"username": self.username, "password": self.password})
        response.raise_for_status()
        return response.json()["response"]["token"]


# ---------------------------------------------------------------------------------------------------
# Background control (the CLI behind tests/setup/sim_ctl.py)
# ---------------------------------------------------------------------------------------------------

def read_pid(directory: str):
    try:
        with open(os.path.join(directory, "sim.pid"), encoding="utf-8") as handle:
            return int(handle.read().strip())
    except (FileNotFoundError, ValueError):
        return None


def pid_alive(pid) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def terminate_pid(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM (the simulator stops cleanly), SIGKILL if it is still there after `timeout`."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _status = os.waitpid(pid, os.WNOHANG)   # our child: reap it
            if finished:
                return
        except ChildProcessError:   # not our child (started by an earlier `start`)
            if not pid_alive(pid):
                return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _absolute(path):
    return os.path.abspath(path) if path else path


def cli_start(args, run_args, prog) -> int:
    directory = os.path.abspath(args.dir)
    pid = read_pid(directory)
    if pid_alive(pid):
        print(f"{prog}: simulator already running (pid {pid}); stop it first", file=sys.stderr)
        return 1
    sim = Simulator(workdir=directory, port=args.port, vcenter_port=args.vcenter_port, detach=True,
                    job_seconds=args.job_seconds, state_file=_absolute(args.state_file),
                    world=_absolute(args.world), extra_args=run_args, start_timeout=args.timeout)
    try:
        sim.start()
    except SimulatorError:
        print(f"{prog}: simulator did not start; see {sim.log_path}", file=sys.stderr)
        print("".join(sim.log_text().splitlines(keepends=True)[-20:]), file=sys.stderr)
        return 1
    sim.write_runtime_files(_absolute(args.vars_file))
    print(f"{prog}: simulator ready (pid {sim.process.pid}) SCV {sim.scv_url}, vCenter {sim.vcenter_url}, "
          f"CA {sim.ca_path}")
    return 0


def cli_stop(args, _run_args, prog) -> int:
    directory = os.path.abspath(args.dir)
    pid = read_pid(directory)
    if pid_alive(pid):
        terminate_pid(pid)
        print(f"{prog}: simulator (pid {pid}) stopped")
    else:
        print(f"{prog}: no simulator running")
    for name in ("sim.pid", "sim.env"):
        try:
            os.remove(os.path.join(directory, name))
        except FileNotFoundError:
            pass
    return 0


def cli_status(args, _run_args, prog) -> int:
    pid = read_pid(os.path.abspath(args.dir))
    if pid_alive(pid):
        print(f"{prog}: running (pid {pid})")
        return 0
    print(f"{prog}: not running")
    return 3


def main(argv=None, prog="harness") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "stop", "status"):
        sub = commands.add_parser(name)
        sub.add_argument("--dir", default=os.path.join(REPO_ROOT, ".sim"), help="runtime directory")
        if name == "start":
            sub.add_argument("--port", type=int, default=8144, help="SCV port; 0 = any free port")
            sub.add_argument("--vcenter-port", type=int, default=8443, help="vCenter port; 0 = any free port")
            sub.add_argument("--job-seconds", type=float, default=1.0)
            sub.add_argument("--state-file")
            sub.add_argument("--world")
            sub.add_argument("--vars-file", help="write the connection as Ansible variables (JSON)")
            sub.add_argument("--timeout", type=float, default=START_TIMEOUT, help="seconds to wait for readiness")
    args, run_args = parser.parse_known_args(argv)
    if run_args and args.command != "start":
        parser.error(f"unrecognized arguments: {' '.join(run_args)}")
    return {"start": cli_start, "stop": cli_stop, "status": cli_status}[args.command](args, run_args, prog)


if __name__ == "__main__":
    sys.exit(main(prog="harness.py"))
