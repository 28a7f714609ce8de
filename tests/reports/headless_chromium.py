# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Headless Chromium driven through the Chrome DevTools protocol over a pipe (--remote-debugging-pipe:
the browser reads commands on fd 3 and writes answers and events on fd 4, NUL-separated JSON), so the tests
need no websocket library and no network port.

    with Chromium() as browser:
        page = browser.render("file:///.../drill.html")
        page.console      # every console message, exception and log entry, with its level
        page.evaluate("document.querySelectorAll('svg').length")
        page.screenshot   # PNG bytes;  page.pdf: the page printed (PDF bytes)
"""

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe"]


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.console = []
        self.screenshot = None
        self.pdf = None

    def evaluate(self, expression):
        answer = self.browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                   session=self.session)
        if "exceptionDetails" in answer:
            raise AssertionError("%s raised %s" % (expression, answer["exceptionDetails"]))
        return answer["result"].get("value")


class Chromium:
    def __init__(self, timeout=60):
        self.timeout = timeout
        self.binary = chromium_binary()
        self.profile = None
        self.process = None
        self._to_browser = None
        self._from_browser = None
        self._buffer = b""
        self._next_id = 0
        self._events = []

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        child_in, self._to_browser = os.pipe()
        self._from_browser, child_out = os.pipe()

        # The browser wants the pipe on fds 3 and 4: a small launcher puts them there, then becomes the browser.
        command = [self.binary] + FLAGS + ["--user-data-dir=%s" % self.profile, "about:blank"]
        launcher = "import os, sys; os.dup2(%d, 3); os.dup2(%d, 4); os.execv(sys.argv[1], sys.argv[1:])" % (
            child_in, child_out)
        self.process = subprocess.Popen(
            [sys.executable, "-c", launcher] + command,
            pass_fds=(child_in, child_out), stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.profile, "stderr.log"), "wb"))  # pylint: disable=consider-using-with
        os.close(child_in)
        os.close(child_out)
        return self

    def __exit__(self, *exc_info):
        try:
            self.call("Browser.close", {})
        except (AssertionError, OSError):
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- the protocol ----------------------------------------------------------------------------------

    def _send(self, message):
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("Chromium did not answer within %ss" % self.timeout)
            ready, dummy_w, dummy_x = select.select([self._from_browser], [], [], remaining)
            if ready:
                chunk = os.read(self._from_browser, 65536)
                if not chunk:
                    with open(os.path.join(self.profile, "stderr.log"), "rb") as log:
                        raise AssertionError("Chromium closed its pipe: %s" % log.read()[-2000:])
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params, session=None):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise AssertionError("%s failed: %s" % (method, answer["error"]))
                return answer.get("result", {})
            self._events.append(answer)

    def _wait_event(self, method, session, deadline):
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(index)
            self._events.append(self._read_message(deadline))

    # -- a page ----------------------------------------------------------------------------------------

    def render(self, url, width=1280, height=1024):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable", {}, session=session)
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": False}, session=session)
        self.call("Page.navigate", {"url": url}, session=session)
        self._wait_event("Page.loadEventFired", session, time.monotonic() + self.timeout)
        # Let late messages (a failing script after load) arrive.
        self.call("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 300))", "awaitPromise": True},
                  session=session)
        for event in [e for e in self._events if e.get("sessionId") == session]:
            params = event.get("params", {})
            if event.get("method") == "Runtime.consoleAPICalled":
                page.console.append({"level": params.get("type"), "text": " ".join(
                    str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))})
            elif event.get("method") == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                page.console.append({"level": "exception", "text": details.get("text", "") + " " + str(
                    details.get("exception", {}).get("description", ""))})
            elif event.get("method") == "Log.entryAdded":
                entry = params.get("entry", {})
                page.console.append({"level": entry.get("level"), "text": entry.get("text", ""),
                                     "url": entry.get("url")})
        self._events = [e for e in self._events if e.get("sessionId") != session]
        page.screenshot = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png",
                                                                                "captureBeyondViewport": True},
                                                     session=session)["data"])
        page.pdf = base64.b64decode(self.call("Page.printToPDF", {"printBackground": True}, session=session)["data"])
        return page
