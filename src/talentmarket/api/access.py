"""One access policy: every API route's rule in one table, enforced before any handler.

A rule names the roles that may call a route about anyone, and the roles that may call it
only about themselves (the route's `employee_id`, in the path or the query, must be the
caller's own employee). Admins may call every route. Row rules (consent to be found,
minimised fields) live in the services that read the rows.

`POLICY` is checked when the app is built: a route without a rule stops the app from
starting, and `tests/api/test_access_matrix.py` walks every route for every role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from talentmarket.api.security import PrincipalDep
from talentmarket.errors import Forbidden
from talentmarket.principal import ROLES, Principal, Role


@dataclass(frozen=True)
class Rule:
    """Who may call a route: `anyone` about anyone, `self_only` about themselves."""

    anyone: frozenset[Role]
    self_only: frozenset[Role] = frozenset()
    why: str = ""

    def allows(self, role: Role, own: bool) -> bool:
        """Whether a caller of this role may call the route (`own`: about themself)."""
        return role == "admin" or role in self.anyone or (own and role in self.self_only)


def rule(*anyone: Role, self_only: tuple[Role, ...] = (), why: str = "") -> Rule:
    """A rule from role names."""
    return Rule(frozenset(anyone), frozenset(self_only), why)


EVERYONE = rule(*ROLES, why="taxonomy, open openings and text tools serve every caller")
ADMIN = rule("admin", why="governance and the audit log")
STAFF = rule("recruiter", why="recruiting work over consenting people")
SYNC = rule("integration", why="HRIS/ATS sync")
STAFF_SYNC = rule("recruiter", "integration", why="openings are kept by recruiters and the ATS")
PEOPLE_READ = rule(
    "recruiter", "integration", self_only=("employee",), why="a profile: its owner, HR systems"
)
OWN_DATA = rule(self_only=("employee",), why="a person's own data: themself and admins")
OWN_OR_SYNC = rule("integration", self_only=("employee",), why="the person or the HRIS")
LEARNING = rule(why="learned rankers change every ranking: HR only, under guardrails")
SUBSCRIBERS = rule("integration", why="webhooks: the integration's own subscriptions, and HR")
MATCH = rule("recruiter", self_only=("employee",), why="one pair: recruiters, or the person")

# (method, route template) -> rule
POLICY: dict[tuple[str, str], Rule] = {
    # text tools and the taxonomy
    ("POST", "/v1/skills/extract"): EVERYONE,
    ("POST", "/v1/roles/normalize"): EVERYONE,
    ("POST", "/v1/roles/normalize/confirm"): rule(
        "recruiter", "integration", why="a confirmed title teaches the normaliser for everyone"
    ),
    ("POST", "/v1/roles/mappings"): rule(
        "integration", why="confirmed title mappings: HR, or the HRIS that holds them"
    ),
    ("GET", "/v1/roles/mappings"): rule("integration", why="confirmed title mappings"),
    ("DELETE", "/v1/roles/mappings/{mapping_id}"): rule(
        "integration", why="confirmed title mappings"
    ),
    ("POST", "/v1/tasks/exposure"): EVERYONE,
    ("GET", "/v1/roles/{role_id}/work-redesign"): EVERYONE,
    ("GET", "/v1/analytics/exposure"): rule(why="HR: people in exposed roles per department"),
    ("GET", "/v1/employees/{employee_id}/reskilling"): OWN_DATA,
    ("GET", "/v1/skills"): EVERYONE,
    ("GET", "/v1/skills/lookup"): EVERYONE,
    ("GET", "/v1/skills/{skill_ref}"): EVERYONE,
    ("GET", "/v1/skills/{skill_id}/parents"): EVERYONE,
    ("GET", "/v1/skills/{skill_id}/children"): EVERYONE,
    ("GET", "/v1/skills/{skill_id}/rsd"): EVERYONE,
    ("GET", "/v1/skills/{skill_id}/related"): EVERYONE,
    ("GET", "/v1/roles"): EVERYONE,
    ("POST", "/v1/roles"): rule("integration", why="job architecture: HR, or the HRIS"),
    ("PATCH", "/v1/roles/{role_ref}"): rule("integration", why="job architecture: HR, or the HRIS"),
    ("POST", "/v1/roles/{role_id}/retire"): ADMIN,
    ("GET", "/v1/roles/{role_id}/profile-suggestions"): rule(
        why="job architecture: HR reviews what the work asks of a role"
    ),
    ("POST", "/v1/roles/{role_id}/profile-suggestions/decisions"): rule(
        why="job architecture: HR accepts or rejects a role profile change"
    ),
    ("GET", "/v1/roles/{role_ref}"): EVERYONE,
    ("GET", "/v1/roles/{role_id}/children"): EVERYONE,
    ("GET", "/v1/roles/{role_id}/related"): EVERYONE,
    ("GET", "/v1/tasks"): EVERYONE,
    ("GET", "/v1/tasks/{task_id}"): EVERYONE,
    ("GET", "/v1/taxonomy/releases"): EVERYONE,
    ("GET", "/v1/taxonomy/changes"): EVERYONE,
    ("GET", "/v1/taxonomy/graph"): EVERYONE,
    # governance
    ("POST", "/v1/skills"): ADMIN,
    ("PATCH", "/v1/skills/{skill_id}"): ADMIN,
    ("POST", "/v1/skills/merge"): ADMIN,
    ("POST", "/v1/skills/{skill_id}/deprecate"): ADMIN,
    # people
    ("POST", "/v1/employees"): SYNC,
    ("GET", "/v1/employees"): rule("recruiter", "integration", why="recruiters: consenting only"),
    ("GET", "/v1/employees/by-external-id/{external_id}"): SYNC,
    ("PUT", "/v1/employees/by-external-id/{external_id}"): SYNC,
    ("DELETE", "/v1/employees/by-external-id/{external_id}"): SYNC,
    ("GET", "/v1/employees/{employee_id}"): PEOPLE_READ,
    ("PATCH", "/v1/employees/{employee_id}"): OWN_OR_SYNC,
    ("DELETE", "/v1/employees/{employee_id}"): SYNC,
    ("GET", "/v1/employees/{employee_id}/export"): OWN_DATA,
    ("POST", "/v1/employees/{employee_id}/erase"): ADMIN,
    ("PUT", "/v1/employees/{employee_id}/skills"): OWN_OR_SYNC,
    ("POST", "/v1/employees/{employee_id}/skills"): OWN_OR_SYNC,
    ("DELETE", "/v1/employees/{employee_id}/skills/{skill_id}"): OWN_OR_SYNC,
    ("POST", "/v1/employees/{employee_id}/skills/{skill_id}/accept"): OWN_DATA,
    ("POST", "/v1/employees/{employee_id}/skills/{skill_id}/reject"): OWN_DATA,
    ("POST", "/v1/employees/{employee_id}/skills/infer"): OWN_OR_SYNC,
    # openings
    ("POST", "/v1/openings"): STAFF_SYNC,
    ("GET", "/v1/openings"): EVERYONE,
    ("PUT", "/v1/openings/by-external-id/{external_id}"): SYNC,
    ("GET", "/v1/openings/{opening_id}"): EVERYONE,
    ("PATCH", "/v1/openings/{opening_id}"): STAFF_SYNC,
    ("DELETE", "/v1/openings/{opening_id}"): STAFF_SYNC,
    ("PUT", "/v1/openings/{opening_id}/requirements"): STAFF_SYNC,
    ("POST", "/v1/openings/{opening_id}/requirements/suggest"): STAFF,
    ("POST", "/v1/openings/{opening_id}/requirements/{skill_id}/accept"): STAFF,
    ("POST", "/v1/openings/{opening_id}/requirements/{skill_id}/reject"): STAFF,
    # rankings and feedback
    ("GET", "/v1/employees/{employee_id}/opportunities"): OWN_DATA,
    ("GET", "/v1/openings/{opening_id}/candidates"): STAFF,
    ("POST", "/v1/candidates/search"): STAFF,
    ("GET", "/v1/matches"): MATCH,
    ("POST", "/v1/openings/{opening_id}/decisions"): STAFF,
    ("POST", "/v1/staffing/plans"): STAFF,
    ("GET", "/v1/exports/employee-skills"): rule(
        "integration", why="HRIS and LMS sync of consenting people's skills"
    ),
    ("POST", "/v1/staffing/plans/accept"): STAFF,
    ("GET", "/v1/openings/{opening_id}/decisions"): STAFF,
    ("POST", "/v1/employees/{employee_id}/interests"): OWN_DATA,
    ("GET", "/v1/employees/{employee_id}/interests"): OWN_DATA,
    ("GET", "/v1/employees/{employee_id}/applications"): OWN_DATA,
    # manager approval of time shares
    ("GET", "/v1/approvals"): rule(why="HR's view of every request"),
    ("GET", "/v1/managers/{employee_id}/approvals"): rule(
        self_only=("employee", "recruiter"), why="the manager's own queue, and HR"
    ),
    ("GET", "/v1/approvals/{approval_id}"): rule(
        "employee", "recruiter", why="the person, their manager (checked on the row) or HR"
    ),
    ("POST", "/v1/approvals/{approval_id}/answer"): rule(
        "employee", "recruiter", why="the person's manager (checked on the row) or HR"
    ),
    # careers
    ("GET", "/v1/employees/{employee_id}/career-paths"): OWN_DATA,
    ("GET", "/v1/employees/{employee_id}/skill-gap"): OWN_DATA,
    ("GET", "/v1/employees/{employee_id}/learning"): OWN_DATA,
    # analytics and audit
    ("GET", "/v1/analytics/skills"): rule("recruiter", why="aggregates, small cells hidden"),
    ("GET", "/v1/analytics/moves"): rule(why="HR: moves and approval times per manager"),
    ("GET", "/v1/audit/events"): ADMIN,
    ("GET", "/v1/employees/{employee_id}/demographics"): OWN_DATA,
    ("PUT", "/v1/employees/{employee_id}/demographics"): OWN_DATA,
    ("GET", "/v1/audits/fairness"): rule(why="bias audit over self-reported demographics"),
    ("GET", "/v1/audit/events/{event_id}/explanation"): ADMIN,
    ("GET", "/v1/rankers"): LEARNING,
    ("POST", "/v1/rankers"): LEARNING,
    ("POST", "/v1/rankers/rollback"): LEARNING,
    ("GET", "/v1/rankers/{ranker_id}"): LEARNING,
    ("GET", "/v1/rankers/{ranker_id}/shadow-audit"): LEARNING,
    ("POST", "/v1/rankers/{ranker_id}/activate"): LEARNING,
    ("GET", "/v1/events"): rule(
        "integration", why="the event outbox (ids and states, no personal text): subscribers"
    ),
    ("POST", "/v1/webhooks"): SUBSCRIBERS,
    ("GET", "/v1/webhooks"): SUBSCRIBERS,
    ("GET", "/v1/webhooks/{webhook_id}"): SUBSCRIBERS,
    ("DELETE", "/v1/webhooks/{webhook_id}"): SUBSCRIBERS,
    ("GET", "/v1/audit/anomalies"): ADMIN,
    # the learning catalogue
    ("GET", "/v1/courses"): EVERYONE,
    ("GET", "/v1/courses/{course_id}"): EVERYONE,
    ("POST", "/v1/courses"): rule("integration", why="courses come from the LMS, or HR"),
    ("PUT", "/v1/courses/by-external-id/{external_id}"): rule(
        "integration", why="the LMS keeps its catalogue in sync"
    ),
    ("DELETE", "/v1/courses/{course_id}"): rule("integration", why="the LMS, or HR"),
    ("POST", "/v1/courses/{course_id}/skills/{skill_id}/decision"): rule(
        why="an admin confirms what a course teaches"
    ),
    ("GET", "/v1/me/access-log"): rule(*ROLES, why="the caller's own access log"),
}


def route_of(request: Request) -> tuple[str, str]:
    """(method, route template) of the request being served."""
    route = request.scope.get("route")
    return request.method, getattr(route, "path", request.url.path)


def subject_employee(request: Request) -> int | None:
    """The employee a request is about: the path's `employee_id`, else the query's."""
    raw = request.path_params.get("employee_id", request.query_params.get("employee_id"))
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


async def authorize(request: Request, principal: PrincipalDep) -> Principal:
    """Allow the request if the route's rule allows the caller's role; 403 otherwise.
    A coroutine, as the other pure checks around every handler are: FastAPI runs a plain
    function dependency in a worker thread, a hop of about a quarter of a millisecond
    each on this project's 2-core machine. The refusal's audit row is written in a
    worker thread, off the event loop."""
    method, path = route_of(request)
    found = POLICY.get((method, path))
    if found is None:  # create_app refuses such an app; this guards a route added late
        raise Forbidden(f"{method} {path} has no access rule")
    subject = subject_employee(request)
    own = subject is not None and subject == principal.employee_id
    if not found.allows(principal.role, own):
        record = getattr(request.app.state, "record_denial", None)
        if record is not None:  # the app wires the audit log in
            await run_in_threadpool(record, principal, method, path, subject)
        whose = " about another person" if principal.role in found.self_only else ""
        raise Forbidden(f"a {principal.role} may not call {method} {path}{whose}")
    return principal


CallerDep = Annotated[Principal, Depends(authorize)]


def missing_rules(routes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The API routes (method, template) that have no rule in POLICY."""
    return [r for r in routes if r not in POLICY]
