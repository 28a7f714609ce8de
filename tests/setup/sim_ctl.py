#!/usr/bin/env python
"""Start and stop the SCV simulator in the background (for `make demo` and the molecule scenarios).

    sim_ctl.py start --dir .sim [--port 8144] [--vcenter-port 8443] [--job-seconds 1] [--vars-file F]
                     [--state-file F] [--world F] [--timeout 30] [any run.py option, e.g. --version 4.7]
    sim_ctl.py stop  --dir .sim
    sim_ctl.py status --dir .sim

A thin command line over tests/simulator/harness.py (`Simulator`, the one launcher; see its docstring
for the files written: DIR/sim.pid, DIR/sim.log, DIR/sim.env, DIR/certs/, --vars-file).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "simulator"))

from harness import main  # noqa: E402  pylint: disable=wrong-import-position

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="sim_ctl"))
