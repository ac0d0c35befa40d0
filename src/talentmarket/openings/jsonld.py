"""An opening as a schema.org `JobPosting` in JSON-LD, for career sites, job boards and
ATSs that read the standard.

Skills are `DefinedTerm`s carrying the taxonomy URI, in the `DefinedTermSet` of their
taxonomy (ESCO, O*NET or the company's own); the role gives `occupationalCategory` (its
ESCO URI or O*NET-SOC code); minimum proficiencies become `experienceRequirements`.
A remote opening is `jobLocationType: TELECOMMUTE`; internal openings have no salary.
"""

from __future__ import annotations

from typing import Any

from talentmarket.openings.schemas import OpeningRead

CONTEXT = "https://schema.org"
LEVELS = {1: "basic", 2: "working", 3: "solid", 4: "advanced", 5: "expert"}
EMPLOYMENT = {"job": "FULL_TIME", "gig": "TEMPORARY", "project": "TEMPORARY"}
TERM_SETS = (
    ("http://data.europa.eu/esco/", "https://esco.ec.europa.eu/", "ESCO"),
    ("https://www.onetonline.org/", "https://www.onetcenter.org/", "O*NET"),
    ("urn:onet:", "https://www.onetcenter.org/", "O*NET"),
)


def term_set(uri: str, company: str) -> dict[str, str]:
    """The `DefinedTermSet` a skill URI belongs to."""
    for prefix, url, name in TERM_SETS:
        if uri.startswith(prefix):
            return {"@type": "DefinedTermSet", "name": name, "url": url}
    return {"@type": "DefinedTermSet", "name": f"{company} skills"}


def _employment(opening: OpeningRead) -> str:
    if opening.kind == "job" and opening.hours_per_week and opening.hours_per_week < 35:
        return "PART_TIME"
    return EMPLOYMENT.get(opening.kind, "OTHER")


def job_posting(opening: OpeningRead, company: str) -> dict[str, Any]:
    """The JSON-LD object of one opening."""
    active = [r for r in opening.requirements if r.status == "active"]
    posting: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": company, "value": str(opening.id)},
        "title": opening.title,
        "description": opening.description or opening.title,
        "datePosted": opening.created_at.date().isoformat(),
        "employmentType": _employment(opening),
        "hiringOrganization": {"@type": "Organization", "name": company},
        "skills": [
            {
                "@type": "DefinedTerm",
                "name": r.skill.label,
                "url": r.skill.uri,
                "termCode": r.skill.uri,
                "inDefinedTermSet": term_set(r.skill.uri, company),
            }
            for r in active
        ],
    }
    if opening.end_date is not None:
        posting["validThrough"] = opening.end_date.isoformat()
    if opening.start_date is not None:
        posting["jobStartDate"] = opening.start_date.isoformat()
    if opening.location:
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": opening.location},
        }
    elif not opening.remote:  # on site, place not given: the organisation's own premises
        posting["jobLocation"] = {"@type": "Place", "name": company}
    if opening.remote:
        posting["jobLocationType"] = "TELECOMMUTE"
    if opening.role is not None:
        esco = opening.role.uri.startswith(TERM_SETS[0][0])
        posting["occupationalCategory"] = (
            opening.role.uri if esco else opening.role.code or opening.role.uri
        )
    if opening.hours_per_week:
        posting["workHours"] = f"{opening.hours_per_week:g} hours a week"
    if opening.department:
        posting["industry"] = opening.department
    wanted = [
        f"{r.skill.label}: {LEVELS.get(r.min_proficiency, r.min_proficiency)} "
        f"(level {r.min_proficiency} of 5){', required' if r.must_have else ''}"
        for r in active
    ]
    if wanted:
        posting["experienceRequirements"] = "; ".join(wanted)
    return posting


def item_list(postings: list[dict[str, Any]]) -> dict[str, Any]:
    """JobPostings as one schema.org ItemList (a feed page)."""
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "numberOfItems": len(postings),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": i,
                "item": {k: v for k, v in p.items() if k != "@context"},
            }
            for i, p in enumerate(postings, start=1)
        ],
    }
