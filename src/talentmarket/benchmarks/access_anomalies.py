"""`talentmarket bench access-anomalies`: simulate a month of traffic with injected misuses,
run the detector on it, and score the flagged callers against the ground truth.

recall = misusing callers flagged / misusing callers; false_alarm_rate = innocent callers
flagged / innocent callers; precision = misusing callers flagged / callers flagged.
"""

from __future__ import annotations

import time
from typing import Any

from talentmarket.audit.anomalies import AccessAnomalyDetector
from talentmarket.audit.simulate import simulate_month


def run_access_anomaly_bench(
    n_callers: int = 400,
    days: int = 30,
    seed: int = 0,
    history_days: int = 14,
    contamination: float = 0.01,
) -> dict[str, Any]:
    """Simulate, detect and score; a JSON-ready dict of figures.

    The detector fits on the whole log (history and month) and reports the month only.
    """
    t0 = time.perf_counter()
    log = simulate_month(n_callers, days, seed, history_days)
    t1 = time.perf_counter()
    findings = AccessAnomalyDetector(contamination=contamination, seed=seed).fit_detect(
        log.events, since=log.month_start
    )
    t2 = time.perf_counter()
    flagged = {f.caller for f in findings}
    guilty = set(log.misuse)
    innocent = set(log.roles) - guilty
    caught = flagged & guilty
    per_kind: dict[str, list[int]] = {}
    for caller, kind in log.misuse.items():
        per_kind.setdefault(kind, [0, 0])
        per_kind[kind][0] += caller in flagged
        per_kind[kind][1] += 1
    false_by_role: dict[str, int] = {}
    for caller in sorted(flagged - guilty):
        false_by_role[log.roles[caller]] = false_by_role.get(log.roles[caller], 0) + 1
    return {
        "recall": round(len(caught) / max(len(guilty), 1), 4),
        "false_alarm_rate": round(len(flagged & innocent) / max(len(innocent), 1), 4),
        "precision": round(len(caught) / max(len(flagged), 1), 4),
        "n_callers": len(log.roles),
        "n_events": len(log.events),
        "seed": seed,
        "days": days,
        "history_days": history_days,
        "n_events_month": sum(e.at >= log.month_start for e in log.events),
        "n_misusers": len(guilty),
        "n_flagged": len(flagged),
        "recall_by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_kind.items())},
        "false_alarms_by_role": false_by_role,
        "n_employees": log.n_employees,
        "n_departments": log.n_departments,
        "simulate_seconds": round(t1 - t0, 2),
        "detect_seconds": round(t2 - t1, 2),
    }
