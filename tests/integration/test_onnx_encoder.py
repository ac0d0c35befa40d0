"""The ONNX Runtime backend answers with the torch model's vectors; int8 is its own model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from talentmarket.benchmarks.skills import JOB_AD
from talentmarket.config import Settings
from talentmarket.runtime import Runtime
from talentmarket.textintel.encoders import (
    DEFAULT_MODEL,
    SentenceTransformerEncoder,
    resolve_model_path,
)
from talentmarket.textintel.onnx_encoder import OnnxEncoder, mean_pooled

pytestmark = pytest.mark.slow

TEXTS = [*[line for line in JOB_AD.splitlines() if line.strip()][:10], "SQL", "Kafka streams"]


@pytest.fixture(scope="module")
def torch_encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()


def test_onnx_vectors_equal_the_torch_model(
    torch_encoder: SentenceTransformerEncoder, tmp_path: Path
) -> None:
    onnx = OnnxEncoder(DEFAULT_MODEL, cache_dir=tmp_path)
    assert onnx.model_id == torch_encoder.model_id == DEFAULT_MODEL
    assert onnx.onnx_path.parent == tmp_path / "onnx"
    assert onnx.onnx_path.exists()
    np.testing.assert_allclose(onnx.encode(TEXTS), torch_encoder.encode(TEXTS), atol=1e-4)
    text = "Build data pipelines in Python and SQL."
    span = [[(text.index("Python"), text.index("Python") + 6)]]
    vectors, spans = onnx.encode_spans([text], span)
    want_vectors, want_spans = torch_encoder.encode_spans([text], span)
    np.testing.assert_allclose(vectors, want_vectors, atol=1e-4)
    np.testing.assert_allclose(spans[0], want_spans[0], atol=1e-4)
    # a second encoder reuses the exported file
    again = OnnxEncoder(DEFAULT_MODEL, cache_dir=tmp_path)
    assert again.onnx_path == onnx.onnx_path


def test_int8_vectors_are_close_and_stored_under_their_own_id(
    torch_encoder: SentenceTransformerEncoder, tmp_path: Path
) -> None:
    int8 = OnnxEncoder(DEFAULT_MODEL, quantize=True, cache_dir=tmp_path)
    assert int8.model_id == f"{DEFAULT_MODEL}+int8"
    cosines = (int8.encode(TEXTS) * torch_encoder.encode(TEXTS)).sum(axis=1)
    assert cosines.min() > 0.95
    assert cosines.max() < 1 - 1e-5  # really quantised, not the float model again
    runtime = Runtime(Settings(model_backend="onnx-int8", cache_dir=tmp_path))
    assert runtime.encoder.model_id == f"{DEFAULT_MODEL}+int8"  # known before the load ends


def test_two_passes_side_by_side_equal_one_after_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    int8 = OnnxEncoder(DEFAULT_MODEL, quantize=True, cache_dir=tmp_path)
    monkeypatch.setattr(int8._cores, "free_threads", lambda wanted: 2)  # cores free
    segments, phrases = TEXTS[:8], ["SQL", "Kafka streams", "data models", "Python", "SQL"]
    together = int8.encode_together([segments, phrases])
    np.testing.assert_allclose(together[0], int8.encode(segments), atol=1e-5)
    np.testing.assert_allclose(together[1], int8.encode(phrases), atol=1e-5)
    assert int8.encode_together([segments, []])[1].shape == (0, int8.dim)
    assert int8.passes_at_once


def test_models_pooled_otherwise_are_refused(tmp_path: Path) -> None:
    assert mean_pooled(resolve_model_path(DEFAULT_MODEL))
    folder = tmp_path / "cls-model"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"path": "", "type": "sentence_transformers.models.Transformer"},
                {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            ]
        )
    )
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": 384, "pooling_mode_cls_token": True})
    )
    assert not mean_pooled(str(folder))


def test_request_text_is_read_by_the_int8_model_and_labels_stay_the_models(
    torch_encoder: SentenceTransformerEncoder, tmp_path: Path
) -> None:
    runtime = Runtime(Settings(cache_dir=tmp_path))  # the defaults: torch model, int8 reader
    assert runtime.encoder.model_id == DEFAULT_MODEL
    assert runtime.reader.model_id == f"{DEFAULT_MODEL}+int8"
    read = runtime.reader.encode(TEXTS)
    cosines = (read * torch_encoder.encode(TEXTS)).sum(axis=1)
    assert cosines.min() > 0.95
    assert cosines.max() < 1 - 1e-5
    np.testing.assert_allclose(
        runtime.encoder.encode(TEXTS[:2]), torch_encoder.encode(TEXTS[:2]), atol=1e-5
    )
    # reading with the model itself, when asked
    same = Runtime(Settings(cache_dir=tmp_path, reader_backend="model"))
    assert same.reader is same.encoder
    int8 = Runtime(Settings(cache_dir=tmp_path, model_backend="onnx-int8"))
    assert int8.reader is int8.encoder
    # the float ONNX model still reads with its int8 twin; on a new cache folder both load
    # side by side, each needing the float export, and neither trips on the other
    onnx = Runtime(Settings(cache_dir=tmp_path / "fresh", model_backend="onnx"))
    assert onnx.encoder.model_id == DEFAULT_MODEL
    assert onnx.reader.model_id == f"{DEFAULT_MODEL}+int8"
    want = torch_encoder.encode(TEXTS[:2])
    np.testing.assert_allclose(onnx.encoder.encode(TEXTS[:2]), want, atol=1e-4)
    assert (onnx.reader.encode(TEXTS[:2]) * want).sum(axis=1).min() > 0.95
