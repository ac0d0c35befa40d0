"""`eval related-roles` on the real O*NET release: the service's own role relatedness,
fitted from the imported taxonomy, must reach nDCG@10 >= 0.70 against O*NET's related
occupations (never an input), ahead of both baselines measured in the same run."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from talentmarket.evaluation.related_roles import eval_related_roles
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers import import_taxonomy
from tests.conftest import shared_path

pytestmark = pytest.mark.shared


def test_related_roles_on_onet_beat_the_baselines(session: Session, runtime: Runtime) -> None:
    folder = shared_path("data", "onet")
    cases = shared_path("bench", "mobility", "onet_related_dev.jsonl")
    import_taxonomy(session, "onet", folder)
    session.flush()

    # no stored role vectors and too many to encode during a build: text signals only
    result = eval_related_roles(session, runtime, cases, baseline=True)

    assert result["n"] == 380
    assert result["skipped"] == 0
    assert result["candidates"] == 1016
    assert result["embedding"].startswith("off")
    assert result["ndcg@10"] >= 0.70
    assert result["p@5"] >= 0.8
    assert result["mrr"] >= 0.9
    assert result["ndcg@10"] > result["baseline"]["tfidf"]["ndcg@10"]
    assert result["ndcg@10"] > result["baseline"]["jaccard"]["ndcg@10"]
