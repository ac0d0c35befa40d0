"""The bundled all-MiniLM-L6-v2 model, loaded once, offline: extraction and title
normalisation on the starter taxonomy behave as users expect."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.benchmarks.skills import JOB_AD
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.textintel.encoders import (
    DEFAULT_MODEL,
    SentenceTransformerEncoder,
    folder_dim,
    resolve_model_path,
)
from talentmarket.textintel.onnx_encoder import OnnxEncoder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def real_encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()


@pytest.fixture
def real_client(
    client: TestClient, runtime: Runtime, session: Session, real_encoder: SentenceTransformerEncoder
) -> Iterator[TestClient]:
    runtime.set_encoder(real_encoder)
    import_taxonomy(session, "starter", None)
    session.commit()
    return client


def test_length_batched_vectors_equal_one_text_at_a_time(
    real_encoder: SentenceTransformerEncoder,
) -> None:
    # a short phrase batched beside long sentences gets the vector it has alone
    texts = [*[line for line in JOB_AD.splitlines() if line.strip()][:12], "SQL", "Kafka"]
    together = real_encoder.encode(texts)
    alone = np.vstack([real_encoder.encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=2e-5)
    assert folder_dim(resolve_model_path(DEFAULT_MODEL)) == real_encoder.dim == 384


def test_model_loads_offline_with_unit_vectors(real_encoder: SentenceTransformerEncoder) -> None:
    vectors = real_encoder.encode(["Python programming", "software development", "baking bread"])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert real_encoder.model_id == "all-MiniLM-L6-v2"


def test_job_ad_skills_found_and_boilerplate_ignored(real_client: TestClient) -> None:
    body = real_client.post("/v1/skills/extract", json={"text": JOB_AD, "limit": 25}).json()
    labels = {s["skill"]["label"] for s in body["skills"]}
    assert {"Python", "SQL", "Apache Airflow", "Kubernetes", "Terraform"} <= labels
    offer = JOB_AD.index("What we offer")
    for found in body["skills"]:
        for span in found["spans"]:
            assert span["start"] < offer, (found["skill"]["label"], span)
    assert body["provenance"]["model"] == "all-MiniLM-L6-v2"  # labels embedded by it


def test_the_int8_reader_finds_the_same_skills_and_roles(
    client: TestClient,
    runtime: Runtime,
    session: Session,
    real_encoder: SentenceTransformerEncoder,
    tmp_path: Path,
) -> None:
    # the service's default: labels embedded by the model, request texts read by int8
    reader = OnnxEncoder(DEFAULT_MODEL, quantize=True, cache_dir=tmp_path)
    runtime.set_encoder(real_encoder, reader=reader)
    import_taxonomy(session, "starter", None)
    session.commit()
    test_job_ad_skills_found_and_boilerplate_ignored(client)
    test_hris_titles_normalise_to_the_right_role(client)
    answer = client.post("/v1/roles/normalize", json={"title": "Payroll Specialist"}).json()
    assert answer["provenance"]["model"] == DEFAULT_MODEL
    assert answer["provenance"]["text_model"] == f"{DEFAULT_MODEL}+int8"


def test_hris_titles_normalise_to_the_right_role(real_client: TestClient) -> None:
    cases = {
        "Sr. Software Engineer II (m/w/d)": "Software Engineer",
        "HR Business Partner": "HR Business Partner",
        "Payroll Specialist - Berlin": "Payroll Specialist",
    }
    for title, expected in cases.items():
        roles = real_client.post("/v1/roles/normalize", json={"title": title}).json()["roles"]
        top3 = [r["role"]["title"] for r in roles[:3]]
        assert any(expected in t for t in top3), (title, top3)


def test_span_vectors_come_from_the_same_pass(real_encoder: SentenceTransformerEncoder) -> None:
    text = "Build data pipelines in Python and SQL."
    start = text.index("Python")
    vectors, spans = real_encoder.encode_spans([text], [[(start, start + len("Python"))]])
    np.testing.assert_allclose(vectors[0], real_encoder.encode([text])[0], atol=1e-5)
    assert spans[0].shape == (1, 384)
    python, cooking = real_encoder.encode(["Python programming", "cooking"])
    assert spans[0][0] @ python > spans[0][0] @ cooking
