"""Access anomaly detection: rules with readable reasons, a quiet clean log, the bench."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from sklearn.exceptions import NotFittedError

from talentmarket.audit.access_events import AccessEvent, WorkingHours
from talentmarket.audit.anomalies import AccessAnomalyDetector, Finding, findings_as_dicts
from talentmarket.audit.features import hour_table
from talentmarket.audit.misuse import MISUSE_KINDS
from talentmarket.audit.simulate import simulate_month
from talentmarket.benchmarks.access_anomalies import run_access_anomaly_bench

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
DEPTS = ("Sales", "Finance", "Legal", "Data", "Support", "Design")
RECRUITERS = {"r1": "Sales", "r2": "Finance", "r3": "Data"}


def dept_of(person: int) -> str:
    """Departments in blocks of ten ids."""
    return DEPTS[(person // 10) % len(DEPTS)]


def members(dept: str) -> list[int]:
    """Employee ids (1-599) of one department."""
    return [i for i in range(1, 600) if dept_of(i) == dept]


def at(day: int, hour: float) -> datetime:
    """A moment of the log."""
    return START + timedelta(days=day, hours=hour)


def read(caller: str, role: str, when: datetime, person: int, status: int = 200) -> AccessEvent:
    """One profile read (or refused read)."""
    action = "denied" if status == 403 else "read"
    return AccessEvent(
        when,
        caller,
        role,
        action,
        f"/v1/employees/{person}",
        (person,),
        department=dept_of(person),
        status=status,
        result_count=1,
    )


def clean_log(days: int = 21, seed: int = 0) -> list[AccessEvent]:
    """Recruiters ranking and reading their departments, employees reading themselves,
    admins reading around and exporting a report now and then; weekdays, office hours."""
    rng = random.Random(seed)
    events: list[AccessEvent] = []
    for day in range(days):
        if day % 7 >= 5:
            continue
        for caller, home in RECRUITERS.items():
            opening = 100 + list(RECRUITERS).index(caller)
            for hour in range(9, 17):
                people = rng.sample(members(home), 20)
                events.append(
                    AccessEvent(
                        at(day, hour),
                        caller,
                        "recruiter",
                        "rank",
                        f"/v1/openings/{opening}/candidates",
                        tuple(people),
                        opening,
                        home,
                        200,
                        20,
                    )
                )
                for k, person in enumerate(rng.sample(people, rng.randint(2, 6))):
                    events.append(read(caller, "recruiter", at(day, hour + 0.1 + k / 20), person))
                if rng.random() < 0.3:
                    person = rng.choice(members(home))
                    events.append(read(caller, "recruiter", at(day, hour + 0.5), person))
        for e in range(1, 9):
            me = e * 37
            events.append(read(f"e{e}", "employee", at(day, 9 + e / 2), me))
            events.append(
                AccessEvent(
                    at(day, 9.2 + e / 2),
                    f"e{e}",
                    "employee",
                    "rank",
                    f"/v1/employees/{me}/opportunities",
                    (me,),
                    None,
                    dept_of(me),
                    200,
                    20,
                )
            )
        for a in range(1, 4):
            for hour in range(9, 17):
                for k in range(rng.randint(1, 4)):
                    person = rng.randint(1, 599)
                    events.append(read(f"a{a}", "admin", at(day, hour + k / 10), person))
                events.append(
                    AccessEvent(at(day, hour + 0.5), f"a{a}", "admin", "write", "/v1/skills")
                )
            if rng.random() < 0.3:
                events.append(
                    AccessEvent(
                        at(day, 15.5),
                        f"a{a}",
                        "admin",
                        "export",
                        "/v1/analytics/export.csv",
                        result_count=200,
                    )
                )
    return events


def detect(extra: list[AccessEvent]) -> list[Finding]:
    """Findings on the clean log plus some extra events."""
    return AccessAnomalyDetector(seed=0).fit_detect(clean_log() + extra)


def only(findings: list[Finding], caller: str) -> Finding:
    """The single finding, which must be about `caller`."""
    assert [f.caller for f in findings] == [caller]
    return findings[0]


def test_clean_log_yields_no_finding() -> None:
    assert detect([]) == []


def test_bulk_reads_fire_with_numbers() -> None:
    scrape = [
        read("r1", "recruiter", at(16, 11 + k / 150), p)
        for k, p in enumerate(random.Random(1).sample(range(1, 600), 120))
    ]
    f = only(detect(scrape), "r1")
    assert "bulk_reads" in f.kinds
    reason = next(r for r in f.reasons if r.startswith("read 12"))  # 120 + the usual reads
    assert re.match(
        r"read 12\d distinct profiles in the hour from Wed 2026-03-18 11:00 UTC", reason
    )
    assert "this caller's usual high is" in reason
    assert "for 9 in 10 recruiters" in reason
    assert f.start == at(16, 11)
    assert 0.0 < f.score < 1.0


def test_id_enumeration_names_the_run() -> None:
    walk = [read("r2", "recruiter", at(15, 10 + k / 60), 300 + k) for k in range(40)]
    f = only(detect(walk), "r2")
    assert "enumeration" in f.kinds
    assert any("requested 40 employee ids in sequence (300 to 339)" in r for r in f.reasons)


def test_reads_outside_usual_departments_name_them() -> None:
    far = members("Legal")[:8] + members("Design")[:8]
    random.Random(2).shuffle(far)
    look = [read("r3", "recruiter", at(17, 14 + k / 40), p) for k, p in enumerate(far)]
    f = only(detect(look), "r3")
    assert "outside_remit" in f.kinds
    reason = next(r for r in f.reasons if "outside their usual departments" in r)
    assert "read 16 profiles" in reason
    assert "Design, Legal" in reason
    assert "usual: Data" in reason


def test_off_hours_burst_against_own_habit() -> None:
    night = [
        read("r1", "recruiter", at(18, 2 + k / 60), p)
        for k, p in enumerate(random.Random(3).sample(members("Sales"), 30))
    ]
    f = only(detect(night), "r1")
    assert "off_hours_burst" in f.kinds
    reason = next(r for r in f.reasons if "outside working hours" in r)
    assert reason.startswith("read 30 distinct profiles outside working hours, Fri")
    assert "only 0% of their earlier activity was off-hours" in reason


def test_repeated_denials_by_an_employee() -> None:
    probe = [read("e3", "employee", at(16, 13 + k / 30), 50 + 7 * k, status=403) for k in range(12)]
    f = only(detect(probe), "e3")
    assert f.kinds[0] == "repeated_denials" or "repeated_denials" in f.kinds
    assert any("refused access to 12 different people" in r for r in f.reasons)


def test_model_flags_an_export_spree_the_rules_miss() -> None:
    spree = [
        AccessEvent(
            at(17, 10 + k / 12),
            "a2",
            "admin",
            "export",
            "/v1/employees/export.csv",
            result_count=590,
        )
        for k in range(10)
    ]
    f = only(detect(spree), "a2")
    assert f.kinds == ("unusual_activity",)
    assert "isolation-forest score" in f.reasons[0]
    assert "10 exports" in f.reasons[0]


def test_since_limits_findings_and_dicts_are_json() -> None:
    walk = [read("r2", "recruiter", at(15, 10 + k / 60), 300 + k) for k in range(40)]
    events = clean_log() + walk
    with pytest.raises(NotFittedError):
        AccessAnomalyDetector().detect(events)
    detector = AccessAnomalyDetector(seed=0).fit(events)
    assert detector.history_start(at(16, 0)) == at(16 - 28, 0)
    assert detector.detect(events, since=at(16, 0)) == []
    rows = findings_as_dicts(detector.detect(events, since=at(15, 0)))
    assert json.loads(json.dumps(rows))[0]["caller"] == "r2"
    assert rows[0]["start"] == at(15, 10).isoformat()


def test_working_hours_and_hour_table() -> None:
    hours = WorkingHours(start=8, end=18, timezone="Europe/Berlin")
    assert hours.is_off(datetime(2026, 3, 2, 6, 30, tzinfo=UTC))  # 07:30 in Berlin
    assert not hours.is_off(datetime(2026, 3, 2, 7, 30, tzinfo=UTC))
    assert hours.is_off(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))  # a Saturday
    table = hour_table(clean_log(days=5))
    assert table.values.shape == (len(table.callers), table.base.shape[1])
    assert len(set(table.callers)) == 3 + 8 + 3


def test_simulation_is_deterministic_and_varies_by_seed() -> None:
    a, b = simulate_month(60, 14, seed=5, history_days=7), simulate_month(60, 14, 5, 7)
    assert a.events == b.events
    assert a.misuse == b.misuse
    c = simulate_month(60, 14, seed=6, history_days=7)
    assert (c.n_employees, c.n_departments) != (a.n_employees, a.n_departments)
    assert set(a.misuse.values()) == set(MISUSE_KINDS)


@pytest.mark.parametrize("seed", [0])
def test_bench_small_config_meets_targets(seed: int) -> None:
    figures = run_access_anomaly_bench(n_callers=200, days=21, seed=seed)
    assert {"recall", "false_alarm_rate", "precision", "n_callers", "n_events"} <= set(figures)
    assert figures["n_callers"] == 200
    assert figures["n_events"] > 10_000
    assert figures["recall"] >= 0.9
    assert figures["false_alarm_rate"] <= 0.02
    again = run_access_anomaly_bench(n_callers=200, days=21, seed=seed)
    timing = ("simulate_seconds", "detect_seconds")
    assert {k: v for k, v in again.items() if k not in timing} == {
        k: v for k, v in figures.items() if k not in timing
    }
