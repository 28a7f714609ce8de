"""Runs both HTTPS listeners in one process and event loop; stops cleanly on SIGTERM/SIGINT."""
import asyncio
import contextlib
import logging
import signal
import sys

import uvicorn

from .app import build_listeners
from .config import SimConfig
from .jobs import advance
from .runtime import SimContext
from .generate import apply_generated_configuration, generated_inventory, parse_generate_spec
from .preconfigured import apply_scv_section
from .state import State, fresh_tables
from .tls import generate_certificates
from .world import build_inventory, load_world_file

TICK_SECONDS = 0.25
logger = logging.getLogger("scvsim")


class _Listener(uvicorn.Server):
    """A uvicorn server that leaves signal handling to us (two servers cannot both own SIGTERM)."""

    @contextlib.contextmanager
    def capture_signals(self):
        yield


def build_baseline(config: SimConfig) -> dict:
    """What the appliance looks like at start and after /_sim/reset: the world's environment plus the
    configuration and history it already has (a brownfield world file, or a generated world)."""
    if config.generate:
        spec = parse_generate_spec(config.generate)
        inventory = generated_inventory(spec)
    else:
        raw = load_world_file(config.world)
        inventory = build_inventory(raw)
    if config.username:
        inventory["login"]["username"] = config.username
    if config.password:
        inventory["login"]["password"] = config.password
    builder = State(fresh_tables(inventory), time_scale=1.0)
    if config.generate:
        apply_generated_configuration(builder, spec, config)
    else:
        apply_scv_section(builder, raw.get("scv"), config)
    return builder.tables


def build_context(config: SimConfig) -> SimContext:
    baseline = build_baseline(config)
    state = State(baseline, config.state_file, config.time_scale)
    # a state file made with other credentials follows the command line
    state.tables["login"] = dict(baseline["login"])
    return SimContext(config=config, state=state)


async def _tick(sim: SimContext) -> None:
    """Light background task: finish due jobs even when no request arrives."""
    while True:
        await asyncio.sleep(TICK_SECONDS)
        advance(sim)
        sim.state.save()


async def serve(config: SimConfig) -> None:
    sim = build_context(config)
    certs = generate_certificates(config.cert_dir, config.host)
    listeners = build_listeners(sim)
    servers = [
        _Listener(uvicorn.Config(listeners[name], host=config.host, port=port, ssl_certfile=certs["cert"],
                                 ssl_keyfile=certs["key"], log_config=None, access_log=False,
                                 lifespan="off", timeout_graceful_shutdown=2,
                                 date_header=False))   # the Date header follows the simulated clock (faults.py)
        for name, port in (("scv", config.port), ("vcenter", config.vcenter_port))
    ]
    loop = asyncio.get_running_loop()

    def request_stop():
        for server in servers:
            server.should_exit = True

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, request_stop)
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    ticker = asyncio.create_task(_tick(sim))
    while not all(server.started for server in servers):
        if any(task.done() for task in tasks):   # a listener failed (port in use...): stop the other
            request_stop()
            break
        await asyncio.sleep(0.02)
    else:
        display_host = f"[{config.host}]" if ":" in config.host else config.host
        print(f"SCV simulator ready: scv=https://{display_host}:{config.port}/api "
              f"vcenter=https://{display_host}:{config.vcenter_port} ca={certs['ca']} "
              f"paths={config.paths} job_ids={config.job_ids} ids={config.ids} version={config.version}",
              flush=True)
    await asyncio.gather(*tasks, return_exceptions=True)
    ticker.cancel()
    sim.state.close()
    failed = [task for task in tasks if task.exception() is not None]
    if failed or any(not server.started for server in servers):
        raise SystemExit(1)
    logger.info("SCV simulator stopped")


def configure_logging() -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
