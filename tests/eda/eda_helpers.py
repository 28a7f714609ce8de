# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Running the event source as ansible-rulebook does: the plugin file loaded by its path from the collection
tree (runpy), its main(queue, args) in an asyncio loop, here on a thread of its own so a test can act on the
simulator meanwhile and wait for events."""

import asyncio
import os
import runpy
import threading
import time

from testbed import COLLECTIONS_PATH, simulator_env

PLUGIN = os.path.join(COLLECTIONS_PATH, "ansible_collections", "snapcenter", "vsphere", "extensions", "eda",
                      "plugins", "event_source", "scv_events.py")


def load_plugin():
    """The plugin's globals, loaded as ansible-rulebook loads a collection's event source."""
    return runpy.run_path(PLUGIN)


def source_args(sim, **args):
    """Connection arguments for the simulator (TLS verified with its CA) plus `args`."""
    env = simulator_env(sim)
    values = {"hostname": env["SCV_HOSTNAME"], "port": int(env["SCV_PORT"]), "username": env["SCV_USERNAME"],
              "password": env["SCV_PASSWORD"], "ca_path": env["SCV_CA_PATH"], "retries": 1, "timeout": 10}
    values.update(args)
    return values


class RunningSource:
    """main(queue, args) on its own event loop thread; `events` grows as the source puts them."""

    def __init__(self, args, plugin=None):
        self.plugin = plugin or load_plugin()
        self.args = args
        self.events = []
        self.error = None
        self._loop = asyncio.new_event_loop()
        self._task = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _run(self):
        asyncio.set_event_loop(self._loop)
        self._task = self._loop.create_task(self._main())
        try:
            self._loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # pylint: disable=broad-except
            self.error = exc    # raised in the test's thread by wait_for()
        finally:
            self._loop.close()

    async def _main(self):
        queue = asyncio.Queue()

        async def consume():
            while True:
                self.events.append(await queue.get())

        consumer = asyncio.ensure_future(consume())
        try:
            await self.plugin["main"](queue, self.args)
        finally:
            consumer.cancel()

    def wait_for(self, predicate, timeout=20.0, what="events"):
        """Wait until predicate(events) is true; return the events."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.error is not None:
                raise self.error
            if predicate(self.events):
                return list(self.events)
            time.sleep(0.05)
        raise AssertionError("timed out waiting for %s; events so far: %r" % (what, self.events))

    def of_type(self, event_type):
        return [event for event in self.events if event["type"] == event_type]

    def stop(self):
        if self._task is not None:
            try:
                self._loop.call_soon_threadsafe(self._task.cancel)
            except RuntimeError:
                pass    # the loop has ended already
        self._thread.join(15)
        assert not self._thread.is_alive(), "the event source did not stop when cancelled"
