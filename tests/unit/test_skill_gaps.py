"""The skill-gap table core: merging, suppression and order, without a database."""

from __future__ import annotations

from talentmarket.analytics.gaps import build_gap_table


def test_merge_suppress_and_sort() -> None:
    supply = [(1, "Eng", 10), (1, "Ops", 3), (2, "Eng", 6), (1, "", 5), (1, None, 1)]
    demand = [
        (1, "Eng", 12, 3, 1),
        (2, "Eng", 2, 1, 0),
        (3, "Sales", 4, 2, 2),
        (2, "Tiny", 1, 1, 0),
    ]
    heads = {"Eng": 40, "Ops": 9, "": 4, None: 3, "Tiny": 2}
    table = build_gap_table(supply, demand, heads, min_cell=5)
    cells = {(c.skill_id, c.group): c for c in table.cells()}
    assert len(table) == len(cells) == 6
    eng = cells[(1, "Eng")]
    assert (eng.supply, eng.demand, eng.gap, eng.coverage_ratio) == (10, 12, 2, 0.8333)
    assert (eng.requirements, eng.must_have, eng.suppressed) == (3, 1, False)
    # a count of 3 is too small to show
    assert cells[(1, "Ops")].supply is None
    assert cells[(1, "Ops")].gap is None
    # "" and None are one unspecified group of 7 people: 6 hold skill 1
    assert cells[(1, None)].supply == 6
    # nobody is in Sales: supply 0 singles no one out and is shown
    assert (cells[(3, "Sales")].supply, cells[(3, "Sales")].gap) == (0, 4)
    # Tiny has 2 people: hidden even with no holder
    assert cells[(2, "Tiny")].suppressed
    order = [(c.skill_id, c.group) for c in table.cells()]
    assert order[:2] == [(3, "Sales"), (1, "Eng")]
    assert order[-1] == (1, None)  # surplus of 6
    page = list(table.cells(1, 3))
    assert [(c.skill_id, c.group) for c in page] == order[1:3]


def test_empty() -> None:
    table = build_gap_table([], [], {}, min_cell=5)
    assert len(table) == 0
    assert list(table.cells()) == []
