#!/usr/bin/env python
"""Start the SCV appliance simulator: `python tests/simulator/run.py --help`."""
import argparse
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
from scvsim.config import ID_FORMS, ON_OFF, PATH_DIALECTS, SimConfig  # noqa: E402
from scvsim.generate import GENERATE_HELP, GenerateError, parse_generate_spec  # noqa: E402
from scvsim.server import configure_logging, serve  # noqa: E402
from scvsim.versions import VersionError, parse_version  # noqa: E402


def _version(text: str) -> str:
    try:
        parse_version(text)
    except VersionError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


def _generate(text: str) -> str:
    try:
        parse_generate_spec(text)
    except GenerateError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def parse_args(argv=None) -> SimConfig:
    defaults = SimConfig()
    parser = argparse.ArgumentParser(description="SCV appliance simulator (SCV REST API + vCenter lookups, HTTPS).")
    parser.add_argument("--host", default=defaults.host, help="address both listeners bind (default %(default)s)")
    parser.add_argument("--port", type=int, default=defaults.port, help="SCV listener port (default %(default)s)")
    parser.add_argument("--vcenter-port", type=int, default=defaults.vcenter_port,
                        help="vCenter listener port (default %(default)s)")
    parser.add_argument("--cert-dir", default=defaults.cert_dir,
                        help="where ca.pem, server.pem and server.key are written (default %(default)s)")
    parser.add_argument("--state-file", default=None, help="SQLite file keeping state across restarts "
                                                           "(default: in memory)")
    parser.add_argument("--world", default=None, help="world YAML file (default: worlds/demo.yml)")
    parser.add_argument("--username", default=None, help="vCenter/SCV login user (default: the world's)")
    parser.add_argument("--password", default=None, help="vCenter/SCV login password (default: the world's)")
    parser.add_argument("--token-ttl", type=int, default=defaults.token_ttl,
                        help="token lifetime in seconds (default %(default)s)")
    parser.add_argument("--job-seconds", type=float, default=defaults.job_seconds,
                        help="how long each job stays RUNNING (default %(default)s; 0 allowed)")
    parser.add_argument("--paths", choices=PATH_DIALECTS, default=defaults.paths, help="path dialect")
    parser.add_argument("--job-ids", choices=ON_OFF, default=defaults.job_ids,
                        help="whether async POSTs answer response.jobId")
    parser.add_argument("--ids", choices=ID_FORMS, default=defaults.ids, help="ids as integers or strings")
    parser.add_argument("--version", type=_version, default=defaults.version,
                        help="SCV release to play (default %(default)s); endpoints introduced later answer 404")
    parser.add_argument("--generate", type=_generate, default=None, metavar="SPEC", help=GENERATE_HELP)
    parser.add_argument("--audit-roll-entries", type=int, default=defaults.audit_roll_entries,
                        help="audit.log rolls into audit-<timestamp>.log.gz after this many entries "
                             "(default %(default)s)")
    parser.add_argument("--time-scale", type=_positive_float, default=defaults.time_scale,
                        help="the simulated clock runs this many times faster than real time: job "
                             "durations, times answered, token lifetimes (default %(default)s)")
    args = parser.parse_args(argv)
    if args.generate and args.world:
        parser.error("--generate builds its own world: give either --world or --generate")
    if args.audit_roll_entries < 1:
        parser.error("--audit-roll-entries must be at least 1")
    return SimConfig(**vars(args))


def main(argv=None) -> int:
    config = parse_args(argv)
    configure_logging()
    try:
        asyncio.run(serve(config))
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
