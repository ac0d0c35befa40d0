"""Timing helpers the benchmarks share."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np


def percentiles(times_ms: list[float]) -> dict[str, float]:
    """p50 and p95 of timings in milliseconds, and how many there were."""
    arr = np.asarray(times_ms, dtype=float)
    return {
        "p50_ms": round(float(np.percentile(arr, 50)), 1),
        "p95_ms": round(float(np.percentile(arr, 95)), 1),
        "n": len(times_ms),
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall milliseconds of one call, and its result."""
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000.0, out
