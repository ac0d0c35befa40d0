"""Demand outside the company's own openings: real vacancies imported as counts per role
and skill (`talentmarket taxonomy import-vacancies`; the ads themselves are not kept).

Role profiles read them as evidence (`jobarch`), and the skill extractor's prior counts
them beside the company's openings (how often real job ads ask for a skill)."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base


class VacancyRole(Base):
    """How many imported vacancies a role's title received, with a few of their titles."""

    __tablename__ = "vacancy_roles"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    vacancies: Mapped[int] = mapped_column(Integer)
    titles: Mapped[list[str]] = mapped_column(JSON, default=list)


class VacancySkill(Base):
    """How many of a role's vacancies ask for a skill."""

    __tablename__ = "vacancy_skills"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    vacancies: Mapped[int] = mapped_column(Integer)
