#!/usr/bin/env python
"""Run a command against a freshly started SCV simulator.

    with-simulator.py [--] COMMAND [ARG...]

Starts tests/simulator/harness.py's Simulator on free loopback ports, exports the connection
settings the collection reads (SCV_HOSTNAME, SCV_PORT, SCV_USERNAME, SCV_PASSWORD, SCV_CA_PATH,
SCV_VCENTER_PORT; TLS verification stays on, against the simulator's CA), runs COMMAND, stops the
simulator and exits with COMMAND's status.
"""

from __future__ import annotations

import os
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> int:
    command = sys.argv[1:]
    if command and command[0] == '--':
        command = command[1:]
    if not command:
        sys.exit('usage: with-simulator.py [--] COMMAND [ARG...]')

    sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'simulator'))
    from harness import Simulator  # pylint: disable=import-outside-toplevel

    with Simulator() as simulator:
        env = dict(
            os.environ,
            SCV_HOSTNAME=simulator.host,
            SCV_PORT=str(simulator.port),
            SCV_USERNAME=simulator.username,
            SCV_PASSWORD=simulator.password,
            SCV_CA_PATH=simulator.ca_path,
            SCV_VCENTER_PORT=str(simulator.vcenter_port),
        )
        return subprocess.call(command, env=env)


if __name__ == '__main__':
    sys.exit(main())
