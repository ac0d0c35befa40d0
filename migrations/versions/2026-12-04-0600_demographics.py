"""Self-reported demographics, in a table of their own, kept only with consent.

Revision ID: 0009_demographics
Revises: 0008_events
Create Date: 2026-12-04 06:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_demographics"
down_revision: str | None = "0008_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "demographics",
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=64), nullable=True),
        sa.Column("race_ethnicity", sa.String(length=64), nullable=True),
        sa.Column("age_band", sa.String(length=32), nullable=True),
        sa.Column("disability", sa.String(length=16), nullable=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_demographics_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("employee_id", name=op.f("pk_demographics")),
    )


def downgrade() -> None:
    op.drop_table("demographics")
