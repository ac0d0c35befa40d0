"""Fitted extractors kept on disk: same answers after a reload, new key on any change."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from talentmarket.skillintel.snapshots import extractor_key, load_extractor, save_extractor
from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.textintel.extracted import SkillLabels
from talentmarket.textintel.extraction import SkillExtractor

SKILLS = [
    SkillLabels(1, "urn:s:python", "Python (computer programming)", ("Python",)),
    SkillLabels(2, "urn:s:sql", "SQL", ("structured query language",)),
    SkillLabels(3, "urn:s:teams", "work in teams", ("teamwork", "team player")),
    SkillLabels(4, "urn:s:forklift", "operate forklift", ("drive a forklift truck",)),
]
TEXT = "You know Python and SQL, and you are a team player.\nWe offer a gym membership."
FREQUENCY = {2: 5.0}


def _fitted(encoder: HashingEncoder) -> tuple[SkillExtractor, str]:
    extractor = SkillExtractor(encoder)
    key = extractor_key(extractor, SKILLS, FREQUENCY, encoder)
    return extractor.fit(SKILLS, frequency=FREQUENCY), key


def test_a_reloaded_extractor_answers_the_same(tmp_path: Path) -> None:
    encoder = HashingEncoder(dim=128)
    extractor, key = _fitted(encoder)
    assert save_extractor(tmp_path, key, extractor) is not None
    other = HashingEncoder(dim=128)
    loaded = load_extractor(tmp_path, key, other)
    assert loaded is not None
    assert loaded.encoder is other
    assert loaded.extract(TEXT, min_score=0.0) == extractor.extract(TEXT, min_score=0.0)
    assert load_extractor(tmp_path, "0" * 32, other) is None


def test_the_key_changes_with_what_the_fit_reads() -> None:
    encoder = HashingEncoder(dim=128)
    base = extractor_key(SkillExtractor(encoder), SKILLS, FREQUENCY, encoder)
    relabelled = [dataclasses.replace(SKILLS[0], alt_labels=("Python 3",)), *SKILLS[1:]]
    assert extractor_key(SkillExtractor(encoder), relabelled, FREQUENCY, encoder) != base
    assert extractor_key(SkillExtractor(encoder), SKILLS, {2: 6.0}, encoder) != base
    assert extractor_key(SkillExtractor(encoder, one_pass=True), SKILLS, FREQUENCY, encoder) != base
    other_model = HashingEncoder(dim=64)
    assert extractor_key(SkillExtractor(other_model), SKILLS, FREQUENCY, other_model) != base
    assert extractor_key(SkillExtractor(encoder), SKILLS, FREQUENCY, encoder) == base


def test_a_damaged_snapshot_is_ignored_and_old_ones_are_pruned(tmp_path: Path) -> None:
    encoder = HashingEncoder(dim=128)
    extractor, key = _fitted(encoder)
    path = save_extractor(tmp_path, key, extractor)
    assert path is not None
    path.write_bytes(b"not a pickle")
    assert load_extractor(tmp_path, key, encoder) is None
    for n in range(3):
        save_extractor(tmp_path, f"{n:032d}", extractor)
    assert len(list(tmp_path.glob("skill-extractor-*.pkl"))) == 2
