"""Property-based fuzz of the whole API with schemathesis: for each role, with a valid
token, requests generated from the OpenAPI document (half of them about people and
openings that exist) never get a 5xx, never get a 2xx that the access policy forbids,
and every answer matches the document (a documented status, its media type, its schema).

Bounded and reproducible: derandomized, `TALENTMARKET_FUZZ_EXAMPLES` examples per
operation and role (default 6)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from talentmarket.api.access import POLICY
from talentmarket.app import create_app
from talentmarket.principal import ROLES
from talentmarket.runtime import Runtime
from tests.factories import make_employee, make_opening, make_role, make_skill
from tests.tokens import TokenMaker

CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("TALENTMARKET_FUZZ_EXAMPLES", "6"))
NO_LIMITS = dict.fromkeys(("ranking", "search", "extraction", "titles", "export"), "")


@pytest.fixture
def fuzz_client(runtime: Runtime) -> Iterator[TestClient]:
    """The API without rate limits, so that every generated request reaches its route."""
    runtime.settings = runtime.settings.model_copy(update={"rate_limits": NO_LIMITS})
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as c:
        yield c


def _world(session: Session) -> dict[str, list[int]]:
    python, sql = make_skill(session, "Python"), make_skill(session, "SQL")
    role = make_role(session, "Data Analyst")
    people = [
        make_employee(session, skills=[(python, 3)], current_role_id=role.id),
        make_employee(session, skills=[(python, 4), (sql, 2)], current_role_id=role.id),
        make_employee(session, skills=[(sql, 5)], visible_to_recruiters=False),
    ]
    opening = make_opening(session, status="open", role_id=role.id, requirements=[(python, 3)])
    session.commit()
    return {
        "employee_id": [p.id for p in people],
        "opening_id": [opening.id],
        "skill_id": [python.id, sql.id],
        "role_id": [role.id],
    }


def _request(case: Any, headers: dict[str, str]) -> dict[str, Any]:
    kwargs: dict[str, Any] = case.as_transport_kwargs(base_url="http://testserver")
    kwargs.pop("cookies", None)
    sent = {
        k: v
        for k, v in kwargs["headers"].items()
        if k.lower() not in ("authorization", "x-api-key", "cookie")
    }
    kwargs["headers"] = sent | headers
    if "data" in kwargs:
        kwargs["content"] = kwargs.pop("data")
    return kwargs


def _about(case: Any) -> int | None:
    for where in (case.path_parameters or {}, case.query or {}):
        value = where.get("employee_id")
        if isinstance(value, int):
            return value
    return None


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_nothing_the_policy_forbids(
    fuzz_client: TestClient, session: Session, tokens: TokenMaker, role: str
) -> None:
    world = _world(session)
    me = world["employee_id"][0]
    fuzz = Fuzz(
        fuzz_client, role, tokens.headers(role, me if role == "employee" else None), me, world
    )
    schema = schemathesis.openapi.from_dict(fuzz_client.get("/openapi.json").json())
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/v1/"):
            fuzz.run(operation)
            operations += 1
    assert operations == len(POLICY)
    assert len(fuzz.answered) >= 15, f"too few operations answered 2xx: {sorted(fuzz.answered)}"
    assert not fuzz.failures, "\n".join(sorted(set(fuzz.failures))[:40])


class Fuzz:
    """One role's calls: what failed, and which operations answered 2xx at least once."""

    def __init__(
        self,
        client: TestClient,
        role: str,
        headers: dict[str, str],
        me: int,
        world: dict[str, list[int]],
    ) -> None:
        self.client, self.role, self.headers, self.me, self.world = client, role, headers, me, world
        self.failures: list[str] = []
        self.answered: set[str] = set()

    def run(self, operation: Any) -> None:
        rule = POLICY[(operation.method.upper(), operation.path)]

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), pin=st.booleans(), pick=st.integers(0, 2))
        def call(case: Any, pin: bool, pick: int) -> None:
            if pin:  # about people and openings that exist
                for name in list(case.path_parameters or {}):
                    if name in self.world:
                        case.path_parameters[name] = self.world[name][pick % len(self.world[name])]
            answer = self.client.request(**_request(case, self.headers))
            try:  # the status is documented, the body and its media type match the schema
                case.validate_response(answer, checks=CHECKS)
            except FailureGroup as failed:
                said = " ".join(str(failed).split())[:300]
                self.failures.append(f"off-schema: {case.method} {case.path}: {said}")
            what = f"{case.method} {case.formatted_path} -> {answer.status_code}"
            if answer.status_code >= 500:
                self.failures.append(f"server error: {what}: {answer.text[:200]}")
            if 200 <= answer.status_code < 300:
                self.answered.add(f"{case.method} {operation.path}")
                own = self.role == "employee" and _about(case) == self.me
                if not rule.allows(self.role, own=own):
                    self.failures.append(f"policy forbids {self.role}: {what}")

        call()
