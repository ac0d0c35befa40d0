"""Role profiles that stay current: compare a role's skills with what the company's recent
openings for it ask and with what real vacancies with its title ask, suggest skills to add
(asked by at least `min_share` of them) or drop (asked by none), with the evidence, and
let an admin accept or reject each.

Two plain rules and no fitted constants: a skill is suggested for adding when it is asked
by at least a share of the role's ads (openings and vacancies pooled), and for dropping
when the role has enough ads and none asks for it. Answers are kept, so a rejected
suggestion does not come back; an accepted one changes a company role like any edit (a
new version in the change feed). Imported roles show suggestions but stay read-only.
"""

from __future__ import annotations

from datetime import timedelta
from statistics import median
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.versions import bump_version
from talentmarket.errors import Conflict
from talentmarket.governance.changes import ChangeRepository
from talentmarket.jobarch import profile_repository as repo
from talentmarket.jobarch import repository
from talentmarket.jobarch.models import ProfileDecision
from talentmarket.jobarch.profile_schemas import (
    ProfileDecisionIn,
    ProfileDecisionRead,
    ProfileSuggestion,
    RoleProfileSuggestions,
    SkillEvidence,
)
from talentmarket.jobarch.schemas import CompanyRoleBase
from talentmarket.jobarch.service import SOURCE, company_role
from talentmarket.people.shared import resolve_skill
from talentmarket.principal import Principal
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.models import Role, RoleSkill
from talentmarket.taxonomy.repository import RoleRepository

WINDOW_DAYS = 365
MIN_SHARE = 0.3
MIN_EVIDENCE = 3
SHOWN = 5  # opening ids kept as evidence


class Evidence:
    """The ads of one role: its recent openings and its vacancies."""

    def __init__(self, session: Session, role: Role, days: int) -> None:
        base = repository.base_of(session, role.id)
        since = utcnow() - timedelta(days=days)
        self.openings = repo.recent_openings(session, role.id, since)
        self.vacancies = repo.vacancies(session, [role.id] + ([base.id] if base else []))
        self.total = self.openings.total + self.vacancies.total

    def of(self, skill_id: int) -> SkillEvidence:
        """How often the ads ask for one skill."""
        o, v = self.openings.by_skill[skill_id], self.vacancies.by_skill[skill_id]
        levels = self.openings.levels.get(skill_id, [])
        return SkillEvidence(
            openings=o,
            openings_total=self.openings.total,
            vacancies=v,
            vacancies_total=self.vacancies.total,
            share=round((o + v) / self.total, 4) if self.total else 0.0,
            opening_ids=self.openings.opening_ids.get(skill_id, [])[:SHOWN],
            min_proficiency=float(median(levels)) if levels else None,
        )

    def asked(self) -> set[int]:
        """Every skill some ad asks for."""
        return set(self.openings.by_skill) | set(self.vacancies.by_skill)


def _reason(action: str, e: SkillEvidence) -> str:
    counts = (
        f"{e.openings} of {e.openings_total} recent openings and "
        f"{e.vacancies} of {e.vacancies_total} vacancies"
    )
    if action == "add":
        return f"asked by {counts} ({e.share:.0%}) and not in the profile"
    return f"in the profile but asked by none of {e.openings_total + e.vacancies_total} ads"


def _decision_read(d: ProfileDecision, skill: SkillBrief, version: int) -> ProfileDecisionRead:
    return ProfileDecisionRead(
        role_id=d.role_id,
        skill=skill,
        action=d.action,
        decision=d.decision,
        reason=d.reason,
        evidence=SkillEvidence.model_validate(d.evidence),
        decided_by=d.decided_by,
        decided_at=d.decided_at,
        role_version=version,
    )


def _suggest(
    session: Session,
    role: Role,
    ev: Evidence,
    decided: set[tuple[int, str]],
    min_share: float,
    limit: int,
) -> tuple[list[ProfileSuggestion], list[ProfileSuggestion]]:
    held = repo.profile(session, role.id)
    known = repo.skills(session, sorted(ev.asked() | set(held)))
    add, drop = [], []
    for skill_id in ev.asked() - set(held):
        e, skill = ev.of(skill_id), known[skill_id]
        if e.share >= min_share and skill.status == "active" and (skill_id, "add") not in decided:
            add.append((e, skill, None))
    for skill_id, edge in held.items():
        e = ev.of(skill_id)
        if e.openings + e.vacancies == 0 and (skill_id, "drop") not in decided:
            drop.append((e, known[skill_id], edge.relation))
    add.sort(key=lambda t: (-t[0].share, t[1].label))
    drop.sort(key=lambda t: (t[2] != "essential", t[1].label))
    return tuple(  # type: ignore[return-value]
        [
            ProfileSuggestion(
                action=action,
                skill=SkillBrief.model_validate(skill),
                relation=relation,
                evidence=e,
                reason=_reason(action, e),
            )
            for e, skill, relation in rows[:limit]
        ]
        for action, rows in (("add", add), ("drop", drop))
    )


def suggestions(
    session: Session,
    role_id: int,
    days: int = WINDOW_DAYS,
    min_share: float = MIN_SHARE,
    min_evidence: int = MIN_EVIDENCE,
    limit: int = 20,
) -> RoleProfileSuggestions:
    """What to add to a role's profile and what to drop, with the evidence for each."""
    role = RoleRepository(session).get(role_id)
    ev = Evidence(session, role, days)
    answers = repo.decisions(session, role.id)
    decided = {(d.skill_id, d.action) for d, _ in answers}
    enough = ev.total >= min_evidence
    add, drop = _suggest(session, role, ev, decided, min_share, limit) if enough else ([], [])
    return RoleProfileSuggestions(
        role=CompanyRoleBase(id=role.id, uri=role.uri, title=role.title, source=role.source),
        version=role.version,
        editable=role.source == SOURCE and role.status == "active",
        window_days=days,
        min_share=min_share,
        min_evidence=min_evidence,
        openings=ev.openings.total,
        vacancies=ev.vacancies.total,
        vacancy_titles=ev.vacancies.titles[:10],
        add=add,
        drop=drop,
        decided=[_decision_read(d, SkillBrief.model_validate(s), role.version) for d, s in answers],
    )


def _apply(
    session: Session,
    principal: Principal,
    role: Role,
    body: ProfileDecisionIn,
    skill_id: int,
    e: SkillEvidence,
) -> None:
    if body.action == "add":
        asked = round(e.min_proficiency) if e.min_proficiency is not None else 3
        session.add(
            RoleSkill(
                role_id=role.id,
                skill_id=skill_id,
                relation=body.relation,
                level=float(body.required_proficiency or asked),
                origin=SOURCE,
            )
        )
    else:
        session.delete(repo.profile(session, role.id)[skill_id])
    role.version += 1
    details: dict[str, Any] = {
        "version": role.version,
        "changed": ["skills"],
        "suggestion": {"action": body.action, "skill_id": skill_id},
    }
    ChangeRepository(session).record("role", role.id, role.uri, "updated", principal.id, details)
    bump_version(session, "taxonomy")


def _check(role: Role, body: ProfileDecisionIn, label: str, held: bool, e: SkillEvidence) -> None:
    asked = e.openings + e.vacancies
    if body.action == "add" and held:
        raise Conflict(f"{label!r} is already in the profile of {role.title!r}")
    if body.action == "add" and not asked:
        raise Conflict(f"no opening or vacancy of {role.title!r} asks for {label!r}")
    if body.action == "drop" and not held:
        raise Conflict(f"{label!r} is not in the profile of {role.title!r}")
    if body.action == "drop" and asked:
        raise Conflict(f"{asked} ads of {role.title!r} ask for {label!r}: not one to drop")


def decide(
    session: Session, principal: Principal, role_id: int, body: ProfileDecisionIn
) -> ProfileDecisionRead:
    """Accept or reject one suggestion; accepting changes the company role's profile."""
    role = RoleRepository(session).get(role_id)
    skill = resolve_skill(session, body)
    evidence = Evidence(session, role, WINDOW_DAYS).of(skill.id)
    _check(role, body, skill.label, skill.id in repo.profile(session, role.id), evidence)
    if body.decision == "accept":
        company_role(session, str(role.id))  # imported or retired roles: 409
        _apply(session, principal, role, body, skill.id, evidence)
    found = repo.decision(session, role.id, skill.id, body.action)
    answer = found or ProfileDecision(role_id=role.id, skill_id=skill.id, action=body.action)
    answer.decision = body.decision
    answer.reason = body.reason
    answer.evidence = evidence.model_dump()
    answer.decided_by = principal.id
    answer.decided_at = utcnow()
    if found is None:
        session.add(answer)
    session.flush()
    return _decision_read(answer, SkillBrief.model_validate(skill), role.version)
