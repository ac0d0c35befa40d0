"""Stored vectors: reuse, recompute on text or model change, pooling, and vector search on
both backends (pgvector's HNSW against exact numpy on PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from numpy.typing import NDArray
from sqlalchemy import text
from sqlalchemy.orm import Session

from talentmarket.documents import READERS
from talentmarket.embeddings.bulk import run_embed
from talentmarket.embeddings.index import vector_index
from talentmarket.embeddings.service import (
    document_vector,
    document_vectors,
    embed_texts,
    ensure_entity_vectors,
    load_entity_matrix,
)
from talentmarket.embeddings.sources import entity_sources
from talentmarket.runtime import Runtime
from talentmarket.textintel import vectors as core
from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.textintel.vectors import NumpyIndex
from talentmarket.vectorstore.pgschema import pgvector_status
from talentmarket.vectorstore.repository import VectorRepository
from tests.factories import make_employee, make_opening, make_role, make_skill


class CountingEncoder:
    """HashingEncoder that counts the texts it encodes."""

    def __init__(self, dim: int = 64) -> None:
        self.inner = HashingEncoder(dim)
        self.model_id = self.inner.model_id
        self.dim = dim
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        self.encoded.extend(texts)
        return self.inner.encode(texts, batch_size)


def _people(session: Session) -> tuple[list[int], list[int]]:
    python = make_skill(session, "Python", alt_labels=["Python programming"])
    sql = make_skill(session, "SQL", description="Query relational databases.")
    make_role(session, "Data engineer", alt_titles=["ETL developer"], description="Builds data.")
    a = make_employee(
        session,
        job_title="Data engineer",
        profile="I build pipelines.",
        skills=[(python, 4), (sql, 3)],
    )
    b = make_employee(session, job_title="Nurse", profile="I care for patients.")
    o = make_opening(
        session, "Pipeline gig", description="Build ETL jobs.", requirements=[(python, 3)]
    )
    return [a.id, b.id], [o.id]


def test_text_vectors_are_stored_and_reused(session: Session) -> None:
    enc = CountingEncoder()
    first = embed_texts(session, enc, ["Python", "SQL", "Python"], batch_size=2)
    assert first.shape == (3, 64)
    assert sorted(enc.encoded) == ["Python", "SQL"]  # each unique text once
    np.testing.assert_array_equal(first[0], first[2])
    enc.encoded.clear()
    again = embed_texts(session, enc, ["SQL", "Python", "Go"])
    assert enc.encoded == ["Go"]
    np.testing.assert_allclose(again[:2], first[[1, 0]])
    assert VectorRepository(session).count_text_vectors(enc.model_id) == 3


def test_query_texts_need_not_be_stored(session: Session) -> None:
    enc = HashingEncoder()
    vec = document_vector(session, enc, "Find me a data engineer. Python please.", store=False)
    assert vec.shape == (64,)
    assert VectorRepository(session).count_text_vectors(enc.model_id) == 0


def test_entity_vectors_recompute_only_what_changed(session: Session) -> None:
    employees, _ = _people(session)
    enc = CountingEncoder()
    stats = ensure_entity_vectors(session, enc, "employee", reader=READERS["employee"])
    assert (stats.documents, stats.documents_computed, stats.documents_reused) == (2, 2, 0)
    assert (
        ensure_entity_vectors(session, enc, "opening", reader=READERS["opening"]).documents_computed
        == 1
    )
    enc.encoded.clear()
    again = ensure_entity_vectors(session, enc, "employee", reader=READERS["employee"])
    assert (again.documents_computed, again.documents_reused) == (0, 2)
    assert enc.encoded == []

    ids, before = load_entity_matrix(session, "employee", enc.model_id)
    assert ids.tolist() == sorted(employees)
    session.execute(
        text("UPDATE employees SET profile = 'I now treat patients at night.' WHERE id = :i"),
        {"i": employees[1]},
    )
    changed = ensure_entity_vectors(session, enc, "employee", reader=READERS["employee"])
    assert (changed.documents_computed, changed.documents_reused) == (1, 1)
    assert enc.encoded == ["I now treat patients at night."]  # title reused from storage
    _, after = load_entity_matrix(session, "employee", enc.model_id)
    np.testing.assert_array_equal(after[0], before[0])
    assert not np.allclose(after[1], before[1])


def test_model_change_recomputes_beside_the_old_vectors(session: Session) -> None:
    _people(session)
    ensure_entity_vectors(session, HashingEncoder(64), "employee", reader=READERS["employee"])
    other = ensure_entity_vectors(
        session, HashingEncoder(32), "employee", reader=READERS["employee"]
    )
    assert other.documents_computed == 2
    ids64, m64 = load_entity_matrix(session, "employee", "hashing-64")
    ids32, m32 = load_entity_matrix(session, "employee", "hashing-32")
    assert ids64.tolist() == ids32.tolist()
    assert (m64.shape[1], m32.shape[1]) == (64, 32)


def test_deleted_entities_lose_their_vectors(session: Session) -> None:
    employees, _ = _people(session)
    enc = HashingEncoder()
    ensure_entity_vectors(session, enc, "employee", reader=READERS["employee"])
    session.execute(text("DELETE FROM employees WHERE id = :i"), {"i": employees[0]})
    stats = ensure_entity_vectors(session, enc, "employee", reader=READERS["employee"])
    assert stats.documents_removed == 1
    assert load_entity_matrix(session, "employee", enc.model_id)[0].tolist() == [employees[1]]


def test_sources_are_defined_once(session: Session) -> None:
    employees, openings = _people(session)
    emp = entity_sources(session, "employee", [employees[0]], READERS["employee"])[employees[0]]
    assert emp == ["Data engineer", "I build pipelines.", "Python", "SQL"]
    assert entity_sources(session, "opening", None, READERS["opening"])[openings[0]] == [
        "Pipeline gig",
        "Build ETL jobs.",
        "Python",
    ]
    skills = entity_sources(session, "skill")
    assert ["Python", "Python programming"] in skills.values()
    roles = entity_sources(session, "role")
    assert ["Data engineer", "ETL developer", "Builds data."] in roles.values()


def test_long_text_is_chunked_pooled_and_cached(session: Session) -> None:
    enc = CountingEncoder()
    paragraph = " ".join(f"Sentence number {i} about payments and ledgers." for i in range(400))
    cv = paragraph + " I also speak Japanese."  # ~20,000 characters
    assert len(cv) > 19_000
    vec = document_vector(session, enc, cv)
    np.testing.assert_allclose(vec, core.document_vector(enc.inner, cv), rtol=1e-5)
    assert "I also speak Japanese." in enc.encoded
    encoded_once = len(enc.encoded)
    enc.encoded.clear()
    # a second document sharing every sentence but one encodes only that one
    other = document_vectors(session, enc, [[paragraph, "I also speak Korean."]])
    assert enc.encoded == ["I also speak Korean."]
    assert other.shape == (1, 64)
    assert encoded_once == 401


def test_entity_matrix_round_trip(session: Session) -> None:
    _people(session)
    enc = HashingEncoder()
    ensure_entity_vectors(session, enc, "skill")
    ids, matrix = load_entity_matrix(session, "skill", enc.model_id)
    sources = entity_sources(session, "skill")
    expected = document_vectors(session, enc, [sources[int(i)] for i in ids])
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)
    none_ids, none = load_entity_matrix(session, "skill", "no-such-model")
    assert none_ids.size == 0
    assert none.shape[0] == 0


def test_run_embed_twice_recomputes_nothing(session: Session) -> None:
    _people(session)
    enc = CountingEncoder()
    first = run_embed(session, enc, readers=READERS)
    assert [s.kind for s in first] == [
        "skill labels",
        "skill documents",
        "role labels",
        "role documents",
        "employee documents",
        "opening documents",
    ]
    assert sum(s.computed for s in first) > 0
    enc.encoded.clear()
    second = run_embed(session, enc, readers=READERS)
    assert sum(s.computed for s in second) == 0
    assert enc.encoded == []


def test_vector_index_factory_follows_the_stored_vectors(runtime: Runtime) -> None:
    with runtime.sessionmaker() as session:
        _people(session)
        ensure_entity_vectors(session, runtime.encoder, "employee", reader=READERS["employee"])
        session.commit()
    index = vector_index(runtime, "employee")
    assert len(index) == 2
    assert vector_index(runtime, "employee") is index  # cached while nothing changed
    query = runtime.encoder.encode(["Data engineer pipelines Python"])[0]
    ids, scores = index.search(query, 1)
    assert ids.size == 1
    assert scores[0] > 0
    with runtime.sessionmaker() as session:
        make_employee(session, job_title="Data engineer", profile="pipelines")
        ensure_entity_vectors(session, runtime.encoder, "employee", reader=READERS["employee"])
        session.commit()
    assert len(vector_index(runtime, "employee")) == 3
    numpy_index = vector_index(runtime, "employee", backend="numpy")
    assert isinstance(numpy_index, NumpyIndex)


# -- PostgreSQL with pgvector ------------------------------------------------------------------
def _require_pgvector(session: Session) -> None:
    usable, reason = pgvector_status(session.connection())
    if not usable:
        pytest.skip(
            f"pgvector search needs PostgreSQL with the vector extension; this database: {reason}"
        )


def _realistic(n: int, dim: int, seed: int) -> NDArray[np.float32]:
    """Clustered unit vectors, like real label embeddings, not uniform noise."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, dim)).astype(np.float32)
    m = centres[rng.integers(0, 12, n)] + 0.6 * rng.standard_normal((n, dim)).astype(np.float32)
    out: NDArray[np.float32] = (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)
    return out


def test_pgvector_agrees_with_numpy(runtime: Runtime) -> None:
    from talentmarket.embeddings.pgvector_index import PgVectorIndex

    with runtime.sessionmaker() as session:
        _require_pgvector(session)
        ids = np.arange(1, 401, dtype=np.int64) * 3
        matrix = _realistic(400, 384, seed=1)
        repo = VectorRepository(session)
        repo.upsert_entity_vectors("employee", "test-384", ids.tolist(), ["h"] * 400, matrix)
        session.commit()
    pg = vector_index(runtime, "employee", "test-384")
    assert isinstance(pg, PgVectorIndex)
    exact = NumpyIndex(ids, matrix)
    assert len(pg) == 400
    queries = _realistic(10, 384, seed=2)
    for q in queries:
        pg_ids, pg_scores = pg.search(q, 10)
        np_ids, np_scores = exact.search(q, 10)
        assert len(set(pg_ids.tolist()) & set(np_ids.tolist())) >= 9
        assert pg_ids[0] == np_ids[0]
        np.testing.assert_allclose(pg_scores[0], np_scores[0], atol=1e-5)
    allowed = ids[::5].tolist()
    sub_ids, _ = pg.search(queries[0], 5, allowed=allowed)
    np.testing.assert_array_equal(sub_ids, exact.search(queries[0], 5, allowed=allowed)[0])
    many_ids, _ = pg.search_many(queries[:3], 4)
    assert many_ids.shape == (3, 4)
    assert many_ids[:, 0].tolist() == [exact.search(q, 1)[0][0] for q in queries[:3]]


def test_pgvector_query_uses_the_hnsw_index(session: Session) -> None:
    _require_pgvector(session)
    session.execute(text("SET LOCAL enable_seqscan = off"))
    q = "[" + ",".join(["0.05"] * 384) + "]"
    plan = "\n".join(
        str(r[0])
        for r in session.execute(
            text(
                "EXPLAIN SELECT entity_id FROM entity_vectors "
                "WHERE entity = 'employee' AND dim = 384 AND model_id = 'm' "
                "ORDER BY embedding::vector(384) <=> CAST(:q AS vector(384)) LIMIT 5"
            ),
            {"q": q},
        )
    )
    assert "ix_entity_vectors_hnsw_employee_384" in plan


def test_postgres_without_pgvector_falls_back_to_numpy(
    runtime: Runtime, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentmarket.embeddings import index as index_module

    with runtime.sessionmaker() as session:
        _require_pgvector(session)
        _people(session)
        # DDL is transactional in PostgreSQL: the test's rollback brings the extension back
        session.execute(text("DROP EXTENSION vector CASCADE"))
        assert not pgvector_status(session.connection())[0]
        stats = ensure_entity_vectors(
            session, runtime.encoder, "employee", reader=READERS["employee"]
        )
        assert stats.documents_computed == 2
        session.commit()
    monkeypatch.setattr(index_module, "_warned", set())
    with caplog.at_level("WARNING", logger="talentmarket.embeddings.index"):
        index = vector_index(runtime, "employee")
        vector_index(runtime, "employee", backend="numpy")
    assert isinstance(index, NumpyIndex)
    assert len(index) == 2
    warnings = [r for r in caplog.records if "in-process" in r.getMessage()]
    assert len(warnings) == 1
    assert "not installed" in warnings[0].getMessage()


def test_embed_command_twice_recomputes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from talentmarket import cli
    from talentmarket.config import get_settings

    main = cli.main

    monkeypatch.setenv("TALENTMARKET_ENCODER", "hashing")
    get_settings.cache_clear()
    url = f"sqlite:///{tmp_path}/embed.db"
    assert main(["--database", url, "taxonomy", "import", "starter", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "embed", "--what", "skills,roles", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["model_id"] == "hashing-64"
    assert [p["kind"] for p in first["passes"]] == [
        "skill labels",
        "skill documents",
        "role labels",
        "role documents",
    ]
    assert all(p["texts_computed"] + p["documents_computed"] > 0 for p in first["passes"])
    assert main(["--database", url, "embed", "--what", "skills,roles", "--json"]) == 0
    captured = capsys.readouterr()
    second = json.loads(captured.out)
    assert all(p["texts_computed"] + p["documents_computed"] == 0 for p in second["passes"])
    assert "loaded" not in captured.err  # nothing to encode: the model is never loaded
    get_settings.cache_clear()


def test_bulk_pass_rebuilds_the_hnsw_index(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentmarket.embeddings import service
    from talentmarket.vectorstore.pgschema import hnsw_index_name

    _require_pgvector(session)
    employees, _ = _people(session)
    name = hnsw_index_name("employee")

    def has_index() -> bool:
        found = session.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()
        return found is not None

    monkeypatch.setattr(service, "BULK_INDEX_REBUILD", 1)
    assert ensure_entity_vectors(
        session, HashingEncoder(384), "employee", reader=READERS["employee"]
    ).documents_computed
    assert has_index()
    session.execute(text(f"DROP INDEX {name}"))  # as if a bulk pass had been interrupted
    session.execute(
        text("UPDATE employees SET profile = 'Night shifts.' WHERE id = :i"), {"i": employees[1]}
    )
    monkeypatch.setattr(service, "BULK_INDEX_REBUILD", 10_000)
    assert (
        ensure_entity_vectors(
            session, HashingEncoder(384), "employee", reader=READERS["employee"]
        ).documents_computed
        == 1
    )
    assert has_index()
    count = session.execute(
        text("SELECT count(*) FROM entity_vectors WHERE embedding IS NOT NULL AND dim = 384")
    ).scalar()
    assert count == 2


def test_small_pools_are_searched_exactly_in_memory_larger_ones_through_pgvector(
    runtime: Runtime, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentmarket.embeddings.pgvector_index import PgVectorIndex

    with runtime.sessionmaker() as session:
        _require_pgvector(session)
        _people_ids, (opening_id,) = _people(session)
        for entity in ("employee", "opening"):
            ensure_entity_vectors(session, runtime.encoder, entity, reader=READERS[entity])
        session.commit()
    searched: list[int] = []
    search = PgVectorIndex.search

    def spy(self: PgVectorIndex, *args: Any, **kwargs: Any) -> Any:
        searched.append(1)
        return search(self, *args, **kwargs)

    monkeypatch.setattr(PgVectorIndex, "search", spy)
    exact = client.get(f"/v1/openings/{opening_id}/candidates")
    assert exact.status_code == 200, exact.text
    assert not searched
    runtime.settings = runtime.settings.model_copy(update={"exact_vector_search_up_to": 0})
    indexed = client.get(f"/v1/openings/{opening_id}/candidates")
    assert indexed.status_code == 200, indexed.text
    assert searched
    ranked = [[item["employee"]["id"] for item in r.json()["items"]] for r in (exact, indexed)]
    assert ranked[0] == ranked[1]
    assert ranked[0]
