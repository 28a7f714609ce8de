#!/usr/bin/env python
"""Start and stop the SCV simulator in the background (for `make demo` and the molecule scenarios).

    sim_ctl.py start --dir .sim [--port 8144] [--vcenter-port 8443] [--job-seconds 1] [--vars-file F]
    sim_ctl.py stop  --dir .sim
    sim_ctl.py status --dir .sim

`start` runs tests/simulator/run.py with its certificates in DIR/certs, waits until the HTTPS listener
answers with a certificate signed by DIR/certs/ca.pem, and writes:
  DIR/sim.pid       the simulator's process id (what `stop` terminates)
  DIR/sim.log       its output
  DIR/sim.env       shell assignments SCV_SIM_PORT, SCV_SIM_VCENTER_PORT, SCV_SIM_CA_PATH
  --vars-file F     (optional) the same as Ansible variables scv_port, scv_vcenter_port, scv_ca_path
When a requested port is busy, a free one is chosen instead (the files above say which).
"""
import argparse
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_PY = os.path.join(REPO_ROOT, "tests", "simulator", "run.py")
HOST = "127.0.0.1"


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _free_port(avoid=()) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid:
            return port


def _choose_port(wanted: int, avoid=()) -> int:
    if wanted and wanted not in avoid and _port_is_free(wanted):
        return wanted
    return _free_port(avoid)


def _read_pid(directory: str):
    try:
        with open(os.path.join(directory, "sim.pid"), encoding="utf-8") as handle:
            return int(handle.read().strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ready(port: int, ca_path: str) -> bool:
    """True once the SCV listener answers over TLS verified against the simulator's own CA."""
    if not os.path.exists(ca_path):
        return False
    context = ssl.create_default_context(cafile=ca_path)
    request = urllib.request.Request(f"https://{HOST}:{port}/api/4.1/policies",
                                     headers={"Accept": "application/json"})
    try:
        urllib.request.urlopen(request, context=context, timeout=2)  # nosec: local simulator
    except urllib.error.HTTPError:
        return True  # 401 without a token: the server is up and TLS verified
    except (urllib.error.URLError, OSError, ssl.SSLError):
        return False
    return True


def start(args) -> int:
    directory = os.path.abspath(args.dir)
    os.makedirs(directory, exist_ok=True)
    pid = _read_pid(directory)
    if _alive(pid):
        print(f"sim_ctl: simulator already running (pid {pid}); stop it first", file=sys.stderr)
        return 1
    cert_dir = os.path.join(directory, "certs")
    ca_path = os.path.join(cert_dir, "ca.pem")
    if os.path.exists(ca_path):
        os.remove(ca_path)  # a stale CA would make the readiness check pass too early
    port = _choose_port(args.port)
    vcenter_port = _choose_port(args.vcenter_port, avoid=(port,))
    command = [sys.executable, RUN_PY, "--host", HOST, "--port", str(port),
               "--vcenter-port", str(vcenter_port), "--cert-dir", cert_dir,
               "--job-seconds", str(args.job_seconds)]
    if args.state_file:
        command += ["--state-file", args.state_file]
    if args.world:
        command += ["--world", args.world]
    log_path = os.path.join(directory, "sim.log")
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=REPO_ROOT, start_new_session=True)
    with open(os.path.join(directory, "sim.pid"), "w", encoding="utf-8") as handle:
        handle.write(f"{process.pid}\n")

    deadline = time.monotonic() + args.timeout
    while not _ready(port, ca_path):
        if process.poll() is not None:
            print(f"sim_ctl: simulator exited with {process.returncode}; see {log_path}", file=sys.stderr)
            _tail(log_path)
            return 1
        if time.monotonic() > deadline:
            print(f"sim_ctl: simulator not ready after {args.timeout}s; see {log_path}", file=sys.stderr)
            _terminate(process.pid)
            return 1
        time.sleep(0.1)

    with open(os.path.join(directory, "sim.env"), "w", encoding="utf-8") as handle:
        handle.write(f"SCV_SIM_PORT={port}\nSCV_SIM_VCENTER_PORT={vcenter_port}\nSCV_SIM_CA_PATH={ca_path}\n")
    if args.vars_file:
        # JSON is valid YAML: usable as vars_files or as `-e @file`.
        with open(args.vars_file, "w", encoding="utf-8") as handle:
            json.dump({"scv_hostname": HOST, "scv_port": port, "scv_vcenter_port": vcenter_port,
                       "scv_ca_path": ca_path}, handle, indent=2)
            handle.write("\n")
    print(f"sim_ctl: simulator ready (pid {process.pid}) SCV https://{HOST}:{port}/api, "
          f"vCenter https://{HOST}:{vcenter_port}, CA {ca_path}")
    return 0


def _tail(path: str, lines: int = 20) -> None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            print("".join(handle.readlines()[-lines:]), file=sys.stderr)
    except FileNotFoundError:
        pass


def _terminate(pid: int, timeout: float = 10.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _status = os.waitpid(pid, os.WNOHANG)
            if finished:
                return
        except ChildProcessError:
            if not _alive(pid):
                return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stop(args) -> int:
    directory = os.path.abspath(args.dir)
    pid = _read_pid(directory)
    if pid and _alive(pid):
        _terminate(pid)
        print(f"sim_ctl: simulator (pid {pid}) stopped")
    else:
        print("sim_ctl: no simulator running")
    for name in ("sim.pid", "sim.env"):
        try:
            os.remove(os.path.join(directory, name))
        except FileNotFoundError:
            pass
    return 0


def status(args) -> int:
    pid = _read_pid(os.path.abspath(args.dir))
    if _alive(pid):
        print(f"sim_ctl: running (pid {pid})")
        return 0
    print("sim_ctl: not running")
    return 3


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
            sub.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for readiness")
    args = parser.parse_args(argv)
    return {"start": start, "stop": stop, "status": status}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
