"""The write stream of `bench matching --writes-per-second N`: a thread that creates people
through the API at a steady rate while rankings are timed, and measures for each write how
long until a ranking shows it (staleness: the write acknowledged until a candidate search
filtered to that person's one-off department finds them in the ranking pool)."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import numpy as np

POLL_S = 0.02  # how often a write's visibility is checked
GIVE_UP_S = 60.0  # a write not seen after this counts at this staleness


class WriteStream:
    """Writes at `rate` per second until stopped; staleness per write in ms."""

    def __init__(self, base: str, rate: float, skill_id: int, tag: str) -> None:
        self.base, self.rate, self.skill_id, self.tag = base, rate, skill_id, tag
        self.staleness_ms: list[float] = []
        self.write_ms: list[float] = []
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-writes", daemon=True)

    def __enter__(self) -> WriteStream:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=GIVE_UP_S + 10)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=120) as client:
            n = 0
            while not self._stop.is_set():
                started = time.perf_counter()
                n += 1
                try:
                    self._one(client, n)
                except httpx.HTTPError:
                    self.errors += 1
                pause = 1.0 / self.rate - (time.perf_counter() - started)
                if pause > 0:
                    self._stop.wait(pause)

    def _one(self, client: httpx.Client, n: int) -> None:
        department = f"{self.tag}-{n}"
        body: dict[str, Any] = {
            "name": f"Writer {n}",
            "email": f"{department}@bench.example",
            "department": department,
            "skills": [{"skill_id": self.skill_id, "proficiency": 4}],
            "open_to_opportunities": True,
            "visible_to_recruiters": True,
        }
        t = time.perf_counter()
        client.post("/v1/employees", json=body).raise_for_status()
        acked = time.perf_counter()
        self.write_ms.append((acked - t) * 1000)
        probe = {
            "skills": [{"skill_id": self.skill_id, "min_proficiency": 1}],
            "filters": {"department": department},
        }
        while time.perf_counter() - acked < GIVE_UP_S:
            found = client.post("/v1/candidates/search", json=probe, params={"limit": 5})
            if found.status_code == 200 and found.json()["items"]:
                break
            time.sleep(POLL_S)
        self.staleness_ms.append((time.perf_counter() - acked) * 1000)

    def figures(self) -> dict[str, Any]:
        """Writes done, their latency and the staleness percentiles."""
        out: dict[str, Any] = {"writes": len(self.write_ms), "write_errors": self.errors}
        for name, values in (("write", self.write_ms), ("staleness", self.staleness_ms)):
            arr = np.asarray(values or [float("nan")])
            out[f"{name}_p50_ms"] = round(float(np.percentile(arr, 50)), 1)
            out[f"{name}_p95_ms"] = round(float(np.percentile(arr, 95)), 1)
        return out
