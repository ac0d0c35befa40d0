"""`eval extraction --tune-on`: weights picked on one labelled set, reported on another,
beside the shipped weights and the grid's best on the reported set (starter taxonomy,
hashing encoder, hand-written cases)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from talentmarket.evaluation.cross_tuning import GRID, cross_tune
from talentmarket.evaluation.extraction import eval_extraction
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers import import_taxonomy

PY = "urn:talentmarket:skill:python"
SQL = "urn:talentmarket:skill:sql"


def _cases(path: Path, rows: list[tuple[str, list[str]]]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "gold": g}) + "\n" for t, g in rows))
    return path


def test_weights_picked_on_one_set_are_reported_on_the_other(
    session: Session, runtime: Runtime, tmp_path: Path
) -> None:
    import_taxonomy(session, "starter", None)
    session.flush()
    tune = _cases(
        tmp_path / "a.jsonl",
        [("We build services in Python.", [PY]), ("You write SQL every day.", [SQL])],
    )
    report = _cases(
        tmp_path / "b.jsonl",
        [("Python and SQL for our data team.", [PY, SQL]), ("Solid SQL needed.", [SQL])],
    )

    result = cross_tune(session, runtime, report, tune)

    size = len(GRID["w_phrase"]) * len(GRID["w_lexical"]) * len(GRID["w_prior"])
    assert result["grid"]["size"] == size
    picked = result["tuned_on"]["picked"]
    assert picked["w_phrase"] in GRID["w_phrase"]
    assert picked["w_segment"] == round(1 - picked["w_phrase"], 3)
    assert result["tuned_on"]["n"] == 2
    assert result["reported_on"]["n"] == 2
    # the grid's best on a set is at least what any other choice reaches there
    best = result["reported_on"]["best_of_grid_on_this_set"]["rp@5"]
    low, high = result["reported_on"]["rp@5_range_over_grid"]
    assert best == high >= result["reported_on"]["picked_on_the_other_set"]["rp@5"] >= low
    assert (
        result["tuned_on"]["picked_scores"]["rp@5"] >= result["tuned_on"]["shipped_scores"]["rp@5"]
    )
    # the shipped weights re-weighted from parts score as the extractor itself does
    plain = eval_extraction(session, runtime, report, baseline=False)
    assert result["reported_on"]["shipped"]["rp@5"] == plain["rp@5"]
    assert result["reported_on"]["shipped"]["mrr"] == plain["mrr"]
    assert plain["p50_ms_per_case"] > 0
