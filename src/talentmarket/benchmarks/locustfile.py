"""Locust users for `talentmarket bench load` (run by locust in its own process: locust
patches the standard library with gevent on import, so nothing else imports this file).

Each user, with one to two seconds' think time between requests, ranks candidates for an
open opening, opportunities for an employee, searches candidates by text and skill, or
reads a profile; the ids, queries and token come from the benchmark through the
environment.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(os.environ.get("TALENTMARKET_LOAD_PLAN", "{}"))
# the benchmark's admin token: users call as a signed-in caller, as real ones do
HEADERS: dict[str, str] = json.loads(os.environ.get("TALENTMARKET_LOAD_HEADERS", "{}"))


class Visitor(HttpUser):
    """One person using the service: a recruiter or an employee."""

    wait_time = between(1.0, 2.0)

    def on_start(self) -> None:
        """Sign in: every request carries the benchmark's token."""
        self.client.headers.update(HEADERS)

    @task(3)
    def candidates(self) -> None:
        opening = random.choice(PLAN["openings"])
        self.client.get(f"/v1/openings/{opening}/candidates?limit=20", name="candidates")

    @task(3)
    def opportunities(self) -> None:
        person = random.choice(PLAN["employees"])
        self.client.get(f"/v1/employees/{person}/opportunities?limit=20", name="opportunities")

    @task(2)
    def search(self) -> None:
        self.client.post(
            "/v1/candidates/search?limit=20", json=random.choice(PLAN["searches"]), name="search"
        )

    @task(1)
    def profile(self) -> None:
        person = random.choice(PLAN["employees"])
        self.client.get(f"/v1/employees/{person}", name="profile")
