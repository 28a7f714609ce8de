# Copyright (c) 2026 snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Events from a NetApp SnapCenter Plug-in for VMware vSphere (SCV) appliance.

An Event-Driven Ansible event source: it polls the appliance through the collection's own REST
client and puts one event on the queue for each new condition: a failed, warned or stuck job, a
VM whose newest backup is older than the RPO, a VM the appliance reports as unprotected, and the
appliance itself being unreachable (then recovered).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

try:
    from ansible_collections.snapcenter.vsphere.plugins.module_utils import _watch, connection
except ImportError:
    # ansible-rulebook loads this file by its path: put the folder holding ansible_collections/ on
    # sys.path: this file is <root>/ansible_collections/snapcenter/vsphere/extensions/eda/...
    _COLLECTION_ROOT = Path(__file__).absolute().parents[7]
    if not (_COLLECTION_ROOT / "ansible_collections" / "snapcenter" / "vsphere").is_dir():
        raise
    sys.path.insert(0, str(_COLLECTION_ROOT))
    from ansible_collections.snapcenter.vsphere.plugins.module_utils import _watch, connection

DOCUMENTATION = r"""
---
short_description: Events from a SnapCenter Plug-in for VMware vSphere appliance
description:
  - Polls the appliance every O(interval) seconds and emits an event for each new condition, once.
  - V(job_failed), V(job_warning) - a job ended FAILED or WARNING; V(job_stuck) - a job has been
    RUNNING longer than O(stuck_after).
  - V(backup_stale) - a VM whose newest good backup is older than O(rpo); V(vm_unprotected) - a VM
    in the appliance's unprotected-VM report.
  - V(appliance_unreachable) - a poll failed (once per outage; polls are then retried with
    exponential backoff up to O(max_backoff) seconds); V(appliance_recovered) when one works again.
  - Jobs that had ended before the source started are not reported unless O(replay=true).
  - Every event is a dict with C(type), C(appliance) and the details a rule needs, names as well as
    ids (C(job), C(resource_group), C(policy), C(vms), C(datastores), C(messages); C(vm),
    C(resource_groups), C(last_backup) for the VM events). No event holds a password or a token.
  - One poll sends one request per watched job status and one per report (5 with every condition
    watched), plus the resource-group list in a poll that reports a job of a group not seen before.
  - The connection options are the collection's, under the same names and environment variables.
options:
  interval:
    description: Seconds between two polls.
    type: int
    default: 60
  watch:
    description: The conditions to report.
    type: list
    elements: str
    choices: [job_failed, job_warning, job_stuck, backup_stale, vm_unprotected]
    default: [job_failed, job_warning, job_stuck, backup_stale, vm_unprotected]
  stuck_after:
    description:
      - How long a job may run before it is reported as stuck (V(4h), V(90m) or seconds).
      - For a job that started while the source runs, the time since the source first saw it.
    type: str
    default: 4h
  rpo:
    description: Age of a VM's newest good backup beyond which it is stale (V(26h), V(7d)).
    type: str
    default: 26h
  replay:
    description: Report the failed and warned jobs that had ended before the source started.
    type: bool
    default: false
  max_backoff:
    description: Longest wait, in seconds, between two polls while the appliance is unreachable.
    type: int
    default: 300
  # BEGIN generated: CONNECTION_SCV -- edit module_utils/connection.py, then run `make generate`
  hostname:
    description:
      - Address (FQDN or IP) of the SnapCenter Plug-in for VMware vSphere appliance.
      - Required.
      - If not set, the environment variable E(SCV_HOSTNAME) is used.
    type: str
  port:
    description:
      - TCP port of the appliance's REST API.
      - If not set, the environment variable E(SCV_PORT) is used.
    type: int
    default: 8144
  username:
    description:
      - vCenter user the appliance authenticates, for example V(administrator@vsphere.local)
        or V(DOMAIN\\user).
      - Required unless O(token) is given.
      - If not set, the environment variable E(SCV_USERNAME) is used.
    type: str
  password:
    description:
      - Password of O(username).
      - 'Keep it out of files in clear text: use Ansible Vault, an AWX/Controller
        credential or the environment.'
      - If not set, the environment variable E(SCV_PASSWORD) is used.
    type: str
  token:
    description:
      - A token from M(snapcenter.vsphere.login), to reuse one login for a whole
        play.
      - When the token has expired and O(username)/O(password) are set, a new
        login is made once.
      - If not set, the environment variable E(SCV_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Verify the appliance's TLS certificate.
      - Turn it off only for a throwaway lab; prefer O(ca_path) with the appliance's
        CA.
      - If not set, the environment variable E(SCV_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificate(s) that signed the appliance's certificate.
      - When not set, the CA bundle of the Python C(requests) library is used
        (certifi's, or the file named by E(REQUESTS_CA_BUNDLE) when it is set),
        not the operating system's trust store.
      - If not set, the environment variable E(SCV_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
      - If not set, the environment variable E(SCV_TIMEOUT) is used.
    type: int
    default: 60
  retries:
    description:
      - How many times a safe call (a read, or a write that cannot do its work
        twice) is retried after a connection error or HTTP 429, 502, 503 or
        504, with exponential backoff and jitter (honouring C(Retry-After)).
        Calls that start a job are never retried blindly.
      - If not set, the environment variable E(SCV_RETRIES) is used.
    type: int
    default: 3
  appliance_version:
    description:
      - The appliance's SCV version (for example V(6.1.0)), when known; M(snapcenter.vsphere.api_info)
        returns it.
      - With it, a call or field the version does not have (storage rename 5.0,
        snapshot locking 5.0, audit logs 4.8, jobs, reports and schedules 4.4)
        fails before anything is sent, naming the version it needs.
      - Without it nothing is checked in advance; an older appliance's HTTP
        404 then says which version the call needs.
      - If not set, the environment variable E(SCV_APPLIANCE_VERSION) is used.
    type: str
  trace_file:
    description:
      - Append every exchange with SCV and vCenter to this file as JSON lines
        (method, path, query, status, duration, request and response bodies,
        the dialect fallbacks taken), for a bug report or a replayable test.
      - Passwords, tokens, session ids, C(Authorization)/C(Token) headers and
        ONTAP credentials are redacted before anything is written; the file
        is created with mode C(0600). Many tasks may write to one file.
      - Off when not set.
      - If not set, the environment variable E(SCV_TRACE_FILE) is used.
    type: path
  # END generated
"""

EXAMPLES = r"""
- name: React to SCV
  hosts: all
  sources:
    - snapcenter.vsphere.scv_events:
        hostname: scv.example.com
        username: "{{ scv_username }}"
        password: "{{ scv_password }}"
        ca_path: /etc/pki/scv-ca.pem
        interval: 60
        watch: [job_failed, job_stuck, vm_unprotected]
        stuck_after: 2h
  rules:
    - name: Page someone when a backup failed
      condition: event.type == "job_failed" and event.job.type == "backup"
      action:
        debug:
          msg: "{{ event.resource_group.name }}: {{ event.messages }}"
"""

LOGGER = logging.getLogger(__name__)
# The collection's connection options that talk to SCV (the vCenter ones are not needed here).
CONNECTION_NAMES = tuple(
    option.name
    for option in connection.CONNECTION_OPTIONS
    if not option.name.startswith("vcenter_")
)


def build_watcher(args: dict[str, Any]) -> _watch.Watcher:
    """Build the watcher, and the collection's client it polls with, from the source's arguments.

    Parameters
    ----------
    args : dict
        The source's arguments as the rulebook gives them.

    Returns
    -------
    Watcher
        The watcher; nothing is sent before its first poll.

    """
    options = connection.option_values(args, names=CONNECTION_NAMES)
    client = connection.scv_client(options, warn=LOGGER.warning)
    return _watch.Watcher(
        client,
        watch=args.get("watch") or _watch.CONDITIONS,
        stuck_after=args.get("stuck_after") or _watch.DEFAULT_STUCK_AFTER,
        rpo=args.get("rpo") or _watch.DEFAULT_RPO,
        replay=args.get("replay") or False,
        interval=args.get("interval") or _watch.DEFAULT_INTERVAL,
        max_backoff=args.get("max_backoff") or _watch.DEFAULT_MAX_BACKOFF,
        secrets=connection.secret_values(options),
    )


async def main(queue: asyncio.Queue[Any], args: dict[str, Any]) -> None:
    """Poll the appliance and put an event on the queue for each new condition, until cancelled.

    Parameters
    ----------
    queue : asyncio.Queue
        Where ansible-rulebook reads the events.
    args : dict
        The source's arguments (see DOCUMENTATION).

    """
    watcher = build_watcher(args)
    loop = asyncio.get_running_loop()
    LOGGER.info(
        "scv_events: watching %s on %s every %ss (%d request(s) per poll)",
        ", ".join(watcher.watch),
        watcher.appliance,
        watcher.interval,
        watcher.requests_per_poll,
    )
    while True:
        # The client is blocking (requests): poll in a worker thread, so the event loop stays free.
        events, delay = await loop.run_in_executor(None, watcher.step)
        for event in events:
            await queue.put(event)
        await asyncio.sleep(delay)


if __name__ == "__main__":
    # A quick look: `python scv_events.py '{"interval": 10}'` with SCV_HOSTNAME, SCV_USERNAME,
    # SCV_PASSWORD and SCV_CA_PATH in the environment prints the events as JSON lines.

    class MockQueue(asyncio.Queue[Any]):
        """Print events instead of queueing them."""

        async def put(self: MockQueue, item: dict[str, Any]) -> None:
            """Write the event as one JSON line.

            Parameters
            ----------
            item : dict
                The event.

            """
            sys.stdout.write(json.dumps(item, sort_keys=True) + "\n")
            sys.stdout.flush()

    logging.basicConfig(level=logging.INFO)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(MockQueue(), json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}))
