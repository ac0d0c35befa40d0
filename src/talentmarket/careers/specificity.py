"""How specific a skill is to the work that asks for it: the rarer among the taxonomy's
roles, the more specific.

    specificity(s) = log((1 + R) / (1 + r_s)) / log(1 + R)

with R the active roles that list any skill and r_s those listing s: 1 for a skill no
role lists, near 0 for one every role lists ("communication", "active listening"). It is
an inverse document frequency over roles, with no fitted constant, and is kept per
taxonomy version.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from talentmarket.careers import repository
from talentmarket.db.versions import data_versions
from talentmarket.runtime import Runtime

NAME = "skill-specificity"


@dataclass(frozen=True)
class Specificity:
    """Roles listing each skill, out of all roles with skills."""

    roles_listing: dict[int, int]
    roles_total: int

    def of(self, skill_id: int) -> float:
        """Specificity of a skill in [0, 1]."""
        if self.roles_total <= 0:
            return 1.0
        listing = min(self.roles_listing.get(skill_id, 0), self.roles_total)
        return math.log((1 + self.roles_total) / (1 + listing)) / math.log(1 + self.roles_total)

    def reason(self, skill_id: int) -> str:
        """One sentence on how specific the skill is."""
        listing = self.roles_listing.get(skill_id, 0)
        if self.roles_total <= 0 or listing == 0:
            return "specific: no role in the taxonomy lists it as a general skill"
        value = self.of(skill_id)
        kind, weight = ("specific", "counts") if value >= 0.5 else ("general", "counts for less")
        return (
            f"{kind}: listed by {listing} of {self.roles_total} roles (specificity "
            f"{value:.2f}), so the demand for it {weight}"
        )


def specificity(session: Session, runtime: Runtime) -> Specificity:
    """The table for the loaded taxonomy (cached per taxonomy version)."""

    def build() -> Specificity:
        counts, total = repository.roles_listing_skills(session)
        return Specificity(counts, total)

    return runtime.cached(NAME, data_versions(session).get("taxonomy", 0), build)
