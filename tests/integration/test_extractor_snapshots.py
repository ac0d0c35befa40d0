"""A restarted service reuses the fitted extractor it kept on disk, and refits after a
taxonomy change."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import get_extractor
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Skill
from talentmarket.textintel.extraction import SkillExtractor


def test_a_restart_loads_the_kept_extractor_instead_of_fitting(
    runtime: Runtime, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_taxonomy(session, "starter", None)
    session.commit()
    runtime.settings.cache_dir = tmp_path
    first = get_extractor(session, runtime)
    assert len(list(tmp_path.glob("skill-extractor-*.pkl"))) == 1
    text = "We need strong SQL and Python skills."
    expected = first.extract(text)

    fits: list[int] = []
    real_fit = SkillExtractor.fit
    monkeypatch.setattr(
        SkillExtractor, "fit", lambda self, *a, **k: fits.append(1) or real_fit(self, *a, **k)
    )
    runtime.invalidate()  # as after a restart: nothing in memory
    again = get_extractor(session, runtime)
    assert again is not first
    assert fits == []
    assert again.extract(text) == expected

    skill = session.query(Skill).filter(Skill.kind == "skill").order_by(Skill.id).first()
    assert skill is not None
    skill.alt_labels = [*(skill.alt_labels or []), "a brand-new variant"]
    bump_version(session, "taxonomy")
    session.commit()
    get_extractor(session, runtime)
    assert fits == [1]
    assert len(list(tmp_path.glob("skill-extractor-*.pkl"))) == 2
