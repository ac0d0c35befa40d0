"""People's skills for other systems (an HRIS, an LMS): the accepted skills of every
active employee who consented (`share_skills`), a page at a time, as JSON or CSV.

Nothing else about the person leaves: their id, their id in the HRIS, and per skill the
taxonomy URI, label and level. Every page is an audited read of those people.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from talentmarket.csvsafe import safe_row
from talentmarket.paging import Page, PageRequest
from talentmarket.people.models import PROFICIENCY_SCALE
from talentmarket.people.repository import PeopleRepository, sharing_skills_query
from talentmarket.people.schemas import ExportedSkill, SkillsExportItem
from talentmarket.requestctx import note_read
from talentmarket.shapes import SkillBrief

CSV_HEADER = ("employee_id", "external_id", "skill_uri", "skill_label", "proficiency", "level")


def skills_page(session: Session, page: PageRequest) -> Page[SkillsExportItem]:
    """A page of consenting people with their accepted skills, by employee id."""
    repo = PeopleRepository(session)
    people, total, more = repo.page(sharing_skills_query(), page)
    held = repo.accepted_skills_of([p.id for p in people])
    items = [
        SkillsExportItem(
            employee_id=p.id,
            external_id=p.external_id,
            skills=[
                ExportedSkill(
                    skill=SkillBrief(id=s.id, uri=s.uri, label=s.label),
                    proficiency=level,
                    proficiency_label=PROFICIENCY_SCALE.get(level, ""),
                )
                for s, level in held.get(p.id, [])
            ],
        )
        for p in people
    ]
    note_read([p.id for p in people], action="export", result_count=len(items))
    return page.keyed(items, total, more, key=lambda item: item.employee_id)


def as_csv(found: Page[SkillsExportItem]) -> str:
    """One row per person and skill (cells made safe for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for item in found.items:
        for s in item.skills:
            writer.writerow(
                safe_row(
                    (
                        item.employee_id,
                        item.external_id or "",
                        s.skill.uri,
                        s.skill.label,
                        s.proficiency,
                        s.proficiency_label,
                    )
                )
            )
    return out.getvalue()
