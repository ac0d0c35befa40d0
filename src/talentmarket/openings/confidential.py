"""Confidential job applications: a person's manager does not learn that they applied
for an internal job until they are shortlisted.

The manager may well be a recruiter too (or read a candidate list for another reason);
for a job opening, whatever would tell them that someone they manage applied, was
declined or withdrew is left out for them. Once the person was shortlisted or selected
there, the application is no longer secret. Admins (HR) see everything; gigs, projects
and mentorships are asked of the manager openly (`talentmarket.approvals`).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening
from talentmarket.openings.repository import ever_promoted
from talentmarket.people.repository import PeopleRepository
from talentmarket.principal import Principal


def hidden_from(
    session: Session, viewer: Principal | None, opening: Opening, people: Collection[int]
) -> set[int]:
    """Of these people, those whose application to this opening the viewer must not
    see: it is a job, the viewer manages them, and they were never shortlisted there."""
    if opening.kind != "job" or viewer is None or viewer.role == "admin":
        return set()
    if viewer.employee_id is None or not people:
        return set()
    secret = set(people) - ever_promoted(session, opening.id)
    return PeopleRepository(session).managed_by(viewer.employee_id, secret)
