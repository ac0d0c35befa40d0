"""The starter taxonomy (data/taxonomy/) as importable rows.

Our ids (`skill.python`) become URIs `urn:talentmarket:skill:python`; ESCO URIs and O*NET
codes recorded in the files become `same_as` links, made when those taxonomies are loaded.
"""

from __future__ import annotations

from pathlib import Path

from talentmarket.taxonomy.importers.rows import (
    EdgeRow,
    RoleRow,
    RoleSkillRow,
    SkillRow,
    TaskRow,
    TaxonomyRows,
)
from talentmarket.taxonomy.importers.starter_format import (
    DEFAULT_STARTER_PATH,
    read_starter_taxonomy,
)
from talentmarket.taxonomy.importers.starter_rows import StarterTaxonomy

SOURCE = "starter"
URN = "urn:talentmarket:"
ONET_URL = "https://www.onetonline.org/link/summary/"


def uri(local_id: str) -> str:
    """URI of a starter concept: skill.python -> urn:talentmarket:skill:python."""
    kind, _, rest = local_id.partition(".")
    return f"{URN}{kind}:{rest}"


def read_starter(path: Path | None = None, version: str | None = None) -> TaxonomyRows:
    """Parse and validate the starter folder (default: the shipped one) into rows."""
    folder = path or DEFAULT_STARTER_PATH
    return to_rows(read_starter_taxonomy(folder), version)


def to_rows(tax: StarterTaxonomy, version: str | None = None) -> TaxonomyRows:
    """Convert parsed starter data into TaxonomyRows."""
    rows = TaxonomyRows(SOURCE, version or tax.checksum[:12], checksum=tax.checksum)
    _skill_rows(tax, rows)
    _role_rows(tax, rows)
    for task in tax.tasks:
        rows.tasks.append(
            TaskRow(uri=uri(task.id), role_uri=uri(task.role), statement=task.statement)
        )
        rows.task_skills.extend(EdgeRow(uri(task.id), uri(s), "uses") for s in task.skills)
    return rows


def _skill_rows(tax: StarterTaxonomy, rows: TaxonomyRows) -> None:
    """Skill groups, skills, their hierarchy and relations."""
    for group in tax.skill_groups:
        rows.skills.append(
            SkillRow(
                uri=uri(group.id),
                label=group.label,
                kind="group",
                description=group.description,
                skill_type="group",
                code=group.id,
            )
        )
        if group.parent:
            rows.skill_edges.append(EdgeRow(uri(group.id), uri(group.parent), "broader"))
    for skill in tax.skills:
        rows.skills.append(
            SkillRow(
                uri=uri(skill.id),
                label=skill.label,
                alt_labels=skill.alt_labels,
                description=skill.description,
                skill_type=skill.type,
                reuse_level=skill.reuse_level or "",
                code=skill.id,
                same_as=(skill.esco_uri,) if skill.esco_uri else (),
            )
        )
        rows.skill_edges.extend(EdgeRow(uri(skill.id), uri(g), "broader") for g in skill.groups)
    rows.skill_edges.extend(
        EdgeRow(uri(r.source), uri(r.target), r.relation, r.weight) for r in tax.skill_relations
    )


def _role_rows(tax: StarterTaxonomy, rows: TaxonomyRows) -> None:
    """Role families, roles and the skills each role asks."""
    for family in tax.role_groups:
        rows.roles.append(
            RoleRow(
                uri=uri(family.id),
                title=family.label,
                kind="group",
                code=family.id,
                description=family.description,
                parent_uri=uri(family.parent) if family.parent else "",
            )
        )
    for role in tax.roles:
        same = [role.esco_uri] if role.esco_uri else []
        if role.onet_code:
            same.append(ONET_URL + role.onet_code)
        rows.roles.append(
            RoleRow(
                uri=uri(role.id),
                title=role.title,
                code=role.id,
                isco_code=role.isco_code or "",
                alt_titles=role.alt_titles,
                description=role.description,
                parent_uri=uri(role.group),
                same_as=tuple(same),
            )
        )
    rows.role_skills.extend(
        RoleSkillRow(
            role_uri=uri(rs.role),
            skill_uri=uri(rs.skill),
            relation=rs.relation,
            importance=float(rs.importance),
            level=float(rs.level),
            source_level=float(rs.level),
        )
        for rs in tax.role_skills
    )
