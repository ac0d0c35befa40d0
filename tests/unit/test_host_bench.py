"""`bench host`: the yardsticks it prints are measured on real texts, all different."""

from __future__ import annotations

import pytest

from talentmarket.benchmarks.host import PARAGRAPH_WORDS, measure, paragraphs, skill_labels
from talentmarket.cli import main
from talentmarket.textintel.encoders import HashingEncoder


def test_texts_are_labels_and_distinct_hundred_word_paragraphs() -> None:
    labels = skill_labels()
    assert "Python" in labels
    assert max(len(label.split()) for label in labels) <= 8
    texts = paragraphs()
    assert len(set(texts)) == len(texts)
    assert {len(t.split()) for t in texts} == {PARAGRAPH_WORDS}


def test_measure_prints_the_throughputs_and_the_product() -> None:
    encoder = HashingEncoder()
    out = measure(encoder, encoder, rounds=1)
    for key in ("labels_per_s", "paragraphs_per_s", "reader_paragraphs_per_s"):
        assert out[key] > 0, key
    assert out["product_100k_ms"] > 0
    assert out["machine"]["cores"] >= 1
    assert out["model"] == encoder.model_id


def test_no_rounds_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "host", "--rounds", "0"]) == 2
    assert "--rounds must be at least 1" in capsys.readouterr().err
