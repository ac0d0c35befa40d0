"""The write stream of `bench matching --writes-per-second N [--updates]`: a thread that
creates people through the API at a steady rate while rankings are timed (with
`--updates`, every other write moves a person it created earlier to a new department and
title: an update of a row the ranking pools hold, vector included), and measures for each
write how long until a ranking shows it (staleness: the write acknowledged until a
candidate search filtered to the person's one-off department finds them in the pool)."""

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

    def __init__(
        self, base: str, rate: float, skill_id: int, tag: str, updates: bool = False
    ) -> None:
        self.base, self.rate, self.skill_id, self.tag = base, rate, skill_id, tag
        self.updates = updates
        self.created: list[int] = []  # ids of the people this stream created
        self.staleness_ms: list[float] = []
        self.update_staleness_ms: list[float] = []
        self.write_ms: list[float] = []
        self.errors = 0
        self.last_error = ""
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
                except httpx.HTTPError as exc:
                    self.errors += 1
                    answer = getattr(exc, "response", None)
                    self.last_error = (answer.text if answer is not None else str(exc))[:300]
                pause = 1.0 / self.rate - (time.perf_counter() - started)
                if pause > 0:
                    self._stop.wait(pause)

    def _one(self, client: httpx.Client, n: int) -> None:
        department = f"{self.tag}-{n}"
        update = self.updates and n % 2 == 0 and bool(self.created)
        t = time.perf_counter()
        if update:
            moved = self.created[(n // 2) % len(self.created)]
            # a new title changes the person's document vector too: the costly update
            patch = {"department": department, "job_title": f"Moved writer {n}"}
            client.patch(f"/v1/employees/{moved}", json=patch).raise_for_status()
        else:
            body: dict[str, Any] = {
                "name": f"Writer {n}",
                "email": f"{department}@bench.example",
                "department": department,
                "skills": [{"skill_id": self.skill_id, "proficiency": 4}],
                "open_to_opportunities": True,
                "visible_to_recruiters": True,
            }
            created = client.post("/v1/employees", json=body)
            created.raise_for_status()
            self.created.append(int(created.json()["id"]))
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
        stale = (time.perf_counter() - acked) * 1000
        self.staleness_ms.append(stale)
        if update:
            self.update_staleness_ms.append(stale)

    def figures(self) -> dict[str, Any]:
        """Writes done, their latency and the staleness percentiles."""
        out: dict[str, Any] = {"writes": len(self.write_ms), "write_errors": self.errors}
        if self.errors:
            out["last_write_error"] = self.last_error
        named = [("write", self.write_ms), ("staleness", self.staleness_ms)]
        if self.updates:
            named.append(("update_staleness", self.update_staleness_ms))
        for name, values in named:
            arr = np.asarray(values or [float("nan")])
            out[f"{name}_p50_ms"] = round(float(np.percentile(arr, 50)), 1)
            out[f"{name}_p95_ms"] = round(float(np.percentile(arr, 95)), 1)
        return out
