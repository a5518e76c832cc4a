"""The server's background loop: engine timers, then webhook delivery, every interval.

A failure in one round is reported and the loop goes on (a timer must not die
with the first unreachable webhook or a store hiccup).
"""

from __future__ import annotations

import logging
import threading

from cxloop.loop.delivery import Deliverer
from cxloop.loop.processor import EngineProcessor
from cxloop.store import Store

__all__ = ["BackgroundLoop"]

log = logging.getLogger("cxloop.loop")


class BackgroundLoop:
    def __init__(self, store: Store, engine: EngineProcessor, deliverer: Deliverer, *, interval: float = 1.0) -> None:
        self.store = store
        self.engine = engine
        self.deliverer = deliverer
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cxloop-timers", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def round(self) -> None:
        self.engine.tick(self.store)
        self.deliverer.run_once()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.round()
            except Exception:
                log.exception("engine timers or delivery failed; retrying in %ss", self.interval)

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self.deliverer.close()
