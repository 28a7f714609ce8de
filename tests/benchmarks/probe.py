# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: stands in for the Python interpreter of module runs and measures each one.

run.py points `ansible_python_interpreter` at a shell script that execs this file with the real
interpreter. It runs the module (the AnsiballZ file it was given, or the module on stdin when pipelining)
as a child process, waits for it with wait4() and appends one JSON line to $BENCH_PROBE_FILE: the module
file's name, when the child was started and ended (epoch seconds, comparable with the simulator's request
log) and its peak resident memory (KiB). Not part of the collection.
"""

import json
import os
import subprocess
import sys
import time


def main():
    argv = sys.argv[1:]
    started = time.time()
    child = subprocess.Popen([sys.executable] + argv)
    dummy_pid, status, usage = os.wait4(child.pid, 0)
    ended = time.time()
    code = os.waitstatus_to_exitcode(status)
    path = os.environ.get("BENCH_PROBE_FILE")
    if path:
        record = {"module": os.path.basename(argv[0]) if argv else "stdin", "started": started, "ended": ended,
                  "max_rss_kib": usage.ru_maxrss, "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 4)}
        with open(path, "a") as handle:
            handle.write(json.dumps(record) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
