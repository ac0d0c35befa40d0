"""Skills as Open Skills Network Rich Skill Descriptors (RSD JSON, as OSMT publishes them).

One RSD per skill: name, statement (the description), keywords (alternative labels),
category (the broader group), the occupations that list it, an alignment to the source
framework (ESCO, O*NET) by URI, and published or archived from the skill's status. The
RSD's `uuid` is derived from the skill URI, so it is stable across exports.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from talentmarket.taxonomy.models import Role, Skill

CONTEXT = "https://rsd.openskillsnetwork.org/context-v1.json"
FRAMEWORKS = {"esco": "ESCO", "onet": "O*NET"}


def rich_skill_descriptor(
    skill: Skill, category: str, occupations: Sequence[Role], author: str
) -> dict[str, Any]:
    """The RSD of one skill."""
    framework = FRAMEWORKS.get(skill.source)
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "RichSkillDescriptor",
        "id": skill.uri,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, skill.uri)),
        "skillName": skill.label,
        "skillStatement": skill.description or skill.label,
        "status": "archived" if skill.status == "deprecated" else "published",
        "keywords": list(skill.alt_labels or []),
        "authors": [framework or author],
        "occupations": [
            {
                "id": role.uri,
                "code": role.code,
                "targetNodeName": role.title,
                "frameworkName": FRAMEWORKS.get(role.source, author),
            }
            for role in occupations
        ],
        "creationDate": skill.created_at.isoformat() if skill.created_at else None,
        "updateDate": skill.updated_at.isoformat() if skill.updated_at else None,
    }
    if category:
        out["category"] = category
    if framework:
        out["alignments"] = [
            {"id": skill.uri, "skillName": skill.label, "isPartOf": {"name": framework}}
        ]
    return out
