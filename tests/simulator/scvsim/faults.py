"""Injected faults (/_sim/faults) and the ASGI wrapper that applies them and logs every request."""
import asyncio
import email.utils
import itertools
import json
import logging
import re
import time
from dataclasses import dataclass, asdict

from .envelope import envelope_body

REQUEST_LOG_LIMIT = 20000
request_logger = logging.getLogger("scvsim.requests")


@dataclass
class Fault:
    id: int
    method: str = ".*"
    path: str = ".*"
    status: int | None = None
    count: int | None = 1          # None: every matching request until cleared
    retry_after: int | None = None
    latency: float = 0.0
    drop: bool = False
    after_handling: bool = False
    listener: str | None = None    # "scv" | "vcenter" | None for both
    hits: int = 0

    def matches(self, listener: str, method: str, path: str) -> bool:
        return ((self.listener is None or self.listener == listener)
                and re.fullmatch(self.method, method, re.IGNORECASE) is not None
                and re.search(self.path, path) is not None)


class FaultRegistry:
    def __init__(self):
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, **spec) -> Fault:
        for key in ("method", "path"):
            re.compile(spec.get(key) or ".*")   # raises re.error for the caller to turn into a 400
        fault = Fault(id=next(self._ids), **spec)
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        self.faults.clear()

    def take(self, listener: str, method: str, path: str) -> Fault | None:
        """The first matching fault, consuming one of its uses."""
        for fault in self.faults:
            if fault.matches(listener, method, path):
                fault.hits += 1
                if fault.count is not None and fault.hits >= fault.count:
                    self.faults.remove(fault)
                return fault
        return None

    def as_list(self) -> list[dict]:
        return [asdict(fault) for fault in self.faults]


def _abort_connection(send) -> None:
    """Close the TCP connection without an answer (uvicorn's `send` is a bound method of its cycle)."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("cannot drop the connection: server does not expose its transport")
    transport.abort()


async def _send_injected_status(send, fault: Fault) -> None:
    body = json.dumps(envelope_body(fault.status, None, [f"Injected fault {fault.id}: HTTP {fault.status}"])).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class InstrumentedApp:
    """Pure ASGI wrapper: advances jobs, applies faults, persists state, logs one line per request."""

    def __init__(self, app, sim, listener: str, before_request):
        self.app = app
        self.sim = sim
        self.listener = listener
        self.before_request = before_request

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        internal = path.startswith("/_sim")
        started = time.time()
        outcome = {"status": None}

        async def recording_send(message):
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]
                message = dict(message, headers=list(message.get("headers", [])) + [self._date_header()])
            await send(message)

        async def swallowing_send(message):
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]

        self.before_request()
        fault = None if internal else self.sim.faults.take(self.listener, method, path)
        try:
            if fault is not None and fault.latency:
                await asyncio.sleep(fault.latency)
            if fault is not None and fault.drop:
                outcome["status"] = None
                _abort_connection(send)
            elif fault is not None and fault.after_handling:
                await self.app(scope, receive, swallowing_send)
                outcome["handled_status"], outcome["status"] = outcome["status"], None
                _abort_connection(send)
            elif fault is not None and fault.status:
                await _send_injected_status(recording_send, fault)
            else:
                await self.app(scope, receive, recording_send)
        finally:
            if method not in ("GET", "HEAD", "OPTIONS"):
                self.sim.state.mark_dirty()
            self.sim.state.save()
            self._record(method, path, query, outcome, started, internal, fault)

    def _date_header(self) -> tuple:
        """HTTP Date on the simulated clock (a real appliance's Tomcat sends its own clock's time), so a
        client can measure a job's age on the appliance's clock also under --time-scale."""
        return (b"date", email.utils.formatdate(self.sim.state.now(), usegmt=True).encode("latin-1"))

    def _record(self, method, path, query, outcome, started, internal, fault) -> None:
        duration = time.time() - started
        shown_status = outcome["status"] if outcome["status"] is not None else "dropped"
        request_logger.info("%s %s %s%s -> %s %.1fms", self.listener, method, path,
                            f"?{query}" if query else "", shown_status, duration * 1000)
        if internal:
            return   # the log is for counting what clients did; /_sim calls are the test's own
        entry = {"listener": self.listener, "method": method, "path": path, "query": query,
                 "status": outcome["status"], "time": started, "duration": round(duration, 6),
                 "fault": fault.id if fault is not None else None}
        if "handled_status" in outcome:
            entry["handled_status"] = outcome["handled_status"]
        log = self.sim.request_log
        log.append(entry)
        if len(log) > REQUEST_LOG_LIMIT:
            del log[: len(log) - REQUEST_LOG_LIMIT]
