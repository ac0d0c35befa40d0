"""One thread for all torch work in the process.

torch's OpenMP runtime keeps a team of worker threads for each thread that calls into
it. Once a second thread has called in (a web request after the warm-up thread, or two
request threads), the runtime sees more threads than cores and its workers stop
spinning between layers, and every call gets slower: on this project's 2-core machine,
extraction of the benchmark ad took 139 ms from the first thread that ran it and
200-204 ms from any thread after a second one had run it. Sending all model passes and
dense products through one long-lived thread keeps a single team.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_ident: int | None = None


def _mark() -> None:
    global _ident
    _ident = threading.get_ident()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="torch-compute", initializer=_mark
            )
        return _executor


def on_compute_thread(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) run on the process's torch thread (directly when already on it)."""
    if threading.get_ident() == _ident:
        return fn(*args)
    return _pool().submit(fn, *args).result()
