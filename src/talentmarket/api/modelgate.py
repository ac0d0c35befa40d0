"""A bounded queue in front of the model.

All model passes run on one compute thread (`matching.compute`), so concurrent
extractions do not run faster together: they interleave, and every one of them ends as
late as the last. The gate lets `slots` requests at the model and `queue` more wait, at
most `wait_seconds`; the rest are told at once to come back (503 with `Retry-After`,
estimated from how long recent requests held a slot).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from talentmarket.config import Settings
from talentmarket.errors import ServiceUnavailable


class ModelGate:
    """At most `slots` holders at once, `queue` waiters, each waiting `wait_seconds`."""

    def __init__(self, slots: int = 1, queue: int = 3, wait_seconds: float = 15.0) -> None:
        self.slots = slots
        self.queue = queue
        self.wait_seconds = wait_seconds
        self._semaphore = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._admitted = 0  # holding a slot or waiting for one
        self._mean_hold = 1.0  # seconds, exponentially weighted

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelGate:
        """Build from TALENTMARKET_MODEL_CONCURRENCY, _MODEL_QUEUE, _MODEL_QUEUE_WAIT_SECONDS."""
        return cls(
            settings.model_concurrency, settings.model_queue, settings.model_queue_wait_seconds
        )

    def retry_after(self) -> int:
        """Seconds until the queue ahead of a newcomer has likely drained."""
        with self._lock:
            ahead = self._admitted
        return max(1, math.ceil(self._mean_hold * ahead / self.slots))

    def _busy(self, why: str) -> ServiceUnavailable:
        retry = self.retry_after()
        return ServiceUnavailable(
            f"the model is busy ({why}); retry in {retry} s",
            retry_after=retry,
            headers={"Retry-After": str(retry)},
        )

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a model slot for the block, or raise ServiceUnavailable when busy."""
        with self._lock:
            if self._admitted >= self.slots + self.queue:
                full = True
            else:
                full = False
                self._admitted += 1
        if full:
            raise self._busy(f"{self.slots + self.queue} requests running or waiting")
        if not self._semaphore.acquire(timeout=self.wait_seconds):
            with self._lock:
                self._admitted -= 1
            raise self._busy(f"waited {self.wait_seconds:g} s")
        started = time.perf_counter()
        try:
            yield
        finally:
            held = time.perf_counter() - started
            self._semaphore.release()
            with self._lock:
                self._admitted -= 1
                self._mean_hold = 0.8 * self._mean_hold + 0.2 * held
