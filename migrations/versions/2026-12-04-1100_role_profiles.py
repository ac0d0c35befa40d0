"""Role profiles that stay current: vacancy skill counts per role and decisions on
suggested profile changes.

Revision ID: 0013_role_profiles
Revises: 0012_job_architecture
Create Date: 2026-12-04 11:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_role_profiles"
down_revision: str | None = "0012_job_architecture"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "vacancy_roles",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("vacancies", sa.Integer(), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        _fk("vacancy_roles", "role_id", "roles"),
        sa.PrimaryKeyConstraint("role_id", name=op.f("pk_vacancy_roles")),
    )
    op.create_table(
        "vacancy_skills",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("vacancies", sa.Integer(), nullable=False),
        _fk("vacancy_skills", "role_id", "roles"),
        _fk("vacancy_skills", "skill_id", "skills"),
        sa.PrimaryKeyConstraint("role_id", "skill_id", name=op.f("pk_vacancy_skills")),
    )
    op.create_table(
        "role_profile_decisions",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        _fk("role_profile_decisions", "role_id", "roles"),
        _fk("role_profile_decisions", "skill_id", "skills"),
        sa.PrimaryKeyConstraint(
            "role_id", "skill_id", "action", name=op.f("pk_role_profile_decisions")
        ),
    )


def downgrade() -> None:
    op.drop_table("role_profile_decisions")
    op.drop_table("vacancy_skills")
    op.drop_table("vacancy_roles")
