"""The service's role-proximity interface on a fitted view (no database): rows and columns
agree with the core, unknown roles give NaN, and signal scales ignore roles without data."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.mobility.relatedness import RoleProfile, RoleRelatedness, RoleSkill
from talentmarket.relatedness.profiles import ProfileData, RoleInfo
from talentmarket.relatedness.service import BuildInfo, RoleRelatednessView

SKILL_IDS = {
    "python": "1",
    "testing": "2",
    "leadership": "3",
    "reporting": "4",
    "patient care": "5",
}
TITLES = [
    ("Software developer", "Writes and tests program code.", ["python", "testing"]),
    ("Software lead", "Leads developers who write program code.", ["python", "leadership"]),
    ("Test analyst", "Tests software and reports defects.", ["testing", "reporting"]),
    ("Nurse", "Cares for patients on a hospital ward.", ["patient care", "reporting"]),
    ("Ward manager", "Leads the nurses of a hospital ward.", ["patient care", "leadership"]),
]


def _view() -> RoleRelatednessView:
    profiles = [
        RoleProfile(
            role_id=str(10 * (i + 1)),
            title=title,
            description=description,
            skills=tuple(
                RoleSkill(
                    SKILL_IDS[s], importance=1.0 - 0.3 * k, level=0.5 + 0.25 * k, essential=k == 0
                )
                for k, s in enumerate(skills)
            ),
        )
        for i, (title, description, skills) in enumerate(TITLES)
    ]
    roles = [RoleInfo(int(p.role_id), p.title, "", "local", "") for p in profiles]
    model = RoleRelatedness().fit(profiles)
    info = BuildInfo(0.0, 0.0, 0.0, len(profiles), "off")
    return RoleRelatednessView(model, ProfileData(profiles, roles, {}), (1, 0, "off"), info)


def test_one_origin_many_destinations_is_the_cores_row() -> None:
    view = _view()
    assert view.model is not None
    got = view.proximity(np.full(5, 10), view.role_ids)
    want = view.model.proximities_from(0).astype(np.float32)
    want[0] = 1.0
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert got.dtype == np.float32


def test_many_origins_one_destination_reads_a_column() -> None:
    view = _view()
    assert view.model is not None
    got = view.proximity(view.role_ids, np.full(5, 50))
    want = np.array([view.model.proximity(o, 4) for o in range(5)], dtype=np.float32)
    want[4] = 1.0
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # asymmetric: a developer tests at the level a test analyst needs, not the reverse
    assert view.proximity([10], [30])[0] > view.proximity([30], [10])[0]


def test_unknown_roles_are_nan() -> None:
    view = _view()
    got = view.proximity([10, 999, 10, -1], [20, 20, 7, 30])
    assert np.isfinite(got[0])
    assert np.isnan(got[1:]).all()
    rows = view.proximity_rows([20, 999])
    assert rows.shape == (2, 5)
    assert np.isnan(rows[1]).all()
    assert rows[0, 1] == 1.0
    with pytest.raises(ValueError, match="origins"):
        view.proximity([10, 20], [30])


def test_neighbours_are_cached_and_ranked() -> None:
    view = _view()
    rows, scores = view.neighbours(0, 2)
    assert 0 not in rows.tolist()
    assert list(scores) == sorted(scores, reverse=True)
    again = view.neighbours(0, 2)
    assert again[0] is rows


def test_scales_come_from_roles_that_have_the_signal() -> None:
    with_activities = [
        RoleProfile(role_id=f"a{i}", title=f"Role {i}", activities=("x", "y" if i else "z"))
        for i in range(3)
    ]
    without = [RoleProfile(role_id=f"b{i}", title=f"Other {i}") for i in range(30)]
    model = RoleRelatedness(text=0.0, titles=1.0, skills=0.0).fit(with_activities + without)
    _, scale = model.scales_["activities"]
    assert scale > 0.1  # not collapsed by the pairs that have no activities at all
    fused = model.fused_from(0)
    assert np.argmax(np.where(np.arange(fused.size) == 0, -np.inf, fused)) in (1, 2)


def test_rows_and_columns_are_remembered_read_only_and_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = _view()
    assert view.model is not None
    first = view.proximity_column(3)
    # the next ranking for the same destination reads the same array, not a new one
    assert view.proximity_column(3) is first
    assert view.proximity_row(3) is not first
    with pytest.raises(ValueError, match="read-only"):
        first[0] = 0.5
    want = np.array([view.model.proximity(o, 3) for o in range(5)], dtype=np.float32)
    want[3] = 1.0
    np.testing.assert_allclose(view.proximity(view.role_ids, np.full(5, 40)), want, rtol=1e-5)
    monkeypatch.setattr("talentmarket.relatedness.service.PROXIMITY_CACHE", 2)
    for row in range(5):
        view.proximity_row(row)
    assert len(view._proximities) == 2
    assert view.proximity_column(3) is not first  # pushed out, computed again
    np.testing.assert_array_equal(view.proximity_column(3), first)
