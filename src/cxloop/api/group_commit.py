"""Group commit for the HTTP collector.

Each request waits until its events are committed (a 200 means durable), but
concurrent requests share one transaction: a single writer thread takes every
request queued while the previous commit ran. Under load a commit's fixed cost
is paid once for many requests instead of once each.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from cxloop.ingest import Ingestor, IngestResult, RawRecord

__all__ = ["GroupCommitter"]

MAX_GROUP_RECORDS = 50_000


@dataclass
class _Request:
    records: Sequence[RawRecord]
    source: str
    answer: Future[IngestResult] = field(default_factory=Future)


class GroupCommitter:
    """One writer thread for an :class:`Ingestor`; :meth:`submit` from any thread."""

    def __init__(self, ingestor: Ingestor, *, max_records: int = MAX_GROUP_RECORDS) -> None:
        self._ingestor = ingestor
        self._max = max_records
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="cxloop-group-commit", daemon=True)
        self._thread.start()

    def submit(self, records: Sequence[RawRecord], source: str) -> Future[IngestResult]:
        request = _Request(records, source)
        self._queue.put(request)
        return request.answer

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group, size, stop = [first], len(first.records), False
            while size < self._max:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                group.append(more)
                size += len(more.records)
            self._commit(group)
            if stop:
                return

    def _commit(self, group: list[_Request]) -> None:
        try:
            results = self._ingestor.ingest_groups([(r.records, r.source) for r in group])
        except BaseException as exc:  # every waiting request learns of the failure
            for request in group:
                request.answer.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for request, result in zip(group, results, strict=True):
            request.answer.set_result(result)
