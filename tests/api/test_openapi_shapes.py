"""The OpenAPI document keeps the API's conventions: plain component names, one list
envelope for every GET that returns a collection, one shape for a skill reference and
one for provenance."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

ENVELOPE = {"items", "total", "limit", "next_cursor"}


def _spec(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()  # type: ignore[no-any-return]


def _refs(node: Any) -> set[str]:
    """Component names referenced anywhere inside a schema fragment."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _response_components(spec: dict[str, Any]) -> set[str]:
    """Every component an answer can contain (followed through nested references)."""
    schemas = spec["components"]["schemas"]
    todo = _refs([op.get("responses", {}) for ops in spec["paths"].values() for op in ops.values()])
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo |= _refs(schemas[name])
    return seen


def test_component_names_are_plain(client: TestClient) -> None:
    names = list(_spec(client)["components"]["schemas"])
    assert [n for n in names if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n)] == []
    assert "EmployeeSummaryPage" in names


def test_collections_come_in_the_list_envelope(client: TestClient) -> None:
    spec = _spec(client)
    schemas = spec["components"]["schemas"]
    bare, odd = [], []
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op is None or not path.startswith("/v1/"):
            continue
        body = op["responses"].get("200", {}).get("content", {}).get("application/json", {})
        schema = body.get("schema", {})
        if schema.get("type") == "array":
            bare.append(path)
        ref = schema.get("$ref", "").rsplit("/", 1)[-1]
        if ref.endswith("Page") and not set(schemas[ref]["properties"]) >= ENVELOPE:
            odd.append(ref)
    assert bare == [], "GETs answering a bare array"
    assert odd == [], "pages without the envelope"


def test_one_skill_reference_and_one_provenance(client: TestClient) -> None:
    schemas = _spec(client)["components"]["schemas"]
    assert set(schemas["SkillBrief"]["properties"]) == {"id", "uri", "label"}
    assert {"model", "taxonomy_release"} <= set(schemas["Provenance"]["properties"])
    assert [n for n in schemas if "Provenance" in n] == ["Provenance"]
    assert [n for n in schemas if "SkillBrief" in n] == ["SkillBrief"]


SCALE_WORDS = {  # the 1-5 scale's fields (docs/API.md), and level words that are not it
    "proficiency",
    "min_proficiency",
    "held_proficiency",
    "required_proficiency",
    "origin_proficiency",
    "destination_proficiency",
    "proficiency_label",
    "levels",  # effort: levels to gain
    "under_level",  # a career step's under-level skills
    "under_level_count",
    "reuse_level",  # ESCO's reuse level of a skill (transversal ... occupation-specific)
}


def test_the_proficiency_scale_has_one_name(client: TestClient) -> None:
    schemas = _spec(client)["components"]["schemas"]
    words = {
        prop
        for comp in schemas.values()
        for prop in comp.get("properties", {})
        if "level" in prop or "proficiency" in prop
    }
    assert words - SCALE_WORDS == set()


def test_a_skill_named_inside_an_answer_has_its_uri(client: TestClient) -> None:
    schemas = _spec(client)["components"]["schemas"]
    bare = [
        name
        for name, comp in schemas.items()
        if {"id", "label"} <= set(comp.get("properties", {}))
        and "uri" not in comp.get("properties", {})
    ]
    assert bare == []


def test_answers_name_a_skill_with_one_nested_brief(client: TestClient) -> None:
    """A skill inside an answer is `skill: SkillBrief`, never flat `skill_uri`/`skill_label`
    fields (request bodies still name a skill by `skill_id` or `skill_uri`)."""
    spec = _spec(client)
    answers = _response_components(spec)
    flat = [
        name
        for name in answers
        if {"skill_uri", "skill_label"}
        & set(spec["components"]["schemas"][name].get("properties", {}))
    ]
    assert flat == []
