"""`eval titles --folds K`: each fold of the labelled titles asked with the others
remembered as confirmed mappings (starter taxonomy, hashing encoder, invented titles
that no label resembles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.errors import MalformedInput
from talentmarket.evaluation.title_folds import eval_title_folds
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Role

NICKNAMES = {
    "Code Wizard": "Backend Engineer",
    "Pixel Pusher": "Frontend Engineer",
    "Bug Hunter": "QA Engineer",
    "Pager Hero": "Site Reliability Engineer",
    "Team Shepherd": "Engineering Manager",
    "Blueprint Keeper": "Software Architect",
}


def _cases(session: Session, path: Path) -> Path:
    uri = {
        r.title: r.uri
        for r in session.scalars(select(Role).where(Role.title.in_(set(NICKNAMES.values()))))
    }
    rows = [
        {"text": f"{nickname} {n}" if n else nickname, "gold": [uri[role]]}
        for nickname, role in NICKNAMES.items()
        for n in range(4)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_each_fold_is_asked_with_the_others_remembered(
    session: Session, runtime: Runtime, tmp_path: Path
) -> None:
    import_taxonomy(session, "starter", None)
    session.flush()
    cases = _cases(session, tmp_path / "titles.jsonl")

    result = eval_title_folds(session, runtime, cases, folds=2)

    assert result["n"] == result["without_mappings"]["n"] == 24
    assert [f["n"] for f in result["per_fold"]] == [12, 12]
    assert [f["remembered"] for f in result["per_fold"]] == [12, 12]
    # invented titles: the labels alone rarely find the role, the other fold's twins do
    assert result["acc@1"] >= 0.6
    assert result["acc@1"] > result["without_mappings"]["acc@1"] + 0.3
    assert result["mrr"] >= result["acc@1"]
    # the same seed cuts the same folds
    again = eval_title_folds(session, runtime, cases, folds=2)
    assert again["per_fold"] == result["per_fold"]


def test_folds_must_leave_something_to_remember(
    session: Session, runtime: Runtime, tmp_path: Path
) -> None:
    import_taxonomy(session, "starter", None)
    session.flush()
    cases = _cases(session, tmp_path / "titles.jsonl")
    with pytest.raises(MalformedInput, match="--folds"):
        eval_title_folds(session, runtime, cases, folds=1)
