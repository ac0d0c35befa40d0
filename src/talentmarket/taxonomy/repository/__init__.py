"""Reads of the taxonomy: skills, roles, tasks, their edges and releases."""

from talentmarket.taxonomy.repository.common import SkillRef
from talentmarket.taxonomy.repository.roles import ReleaseRepository, RoleRepository
from talentmarket.taxonomy.repository.skills import SkillRepository

__all__ = ["ReleaseRepository", "RoleRepository", "SkillRef", "SkillRepository"]
