"""Learned rankers: versioned part weights with their window, metrics and life cycle.

Revision ID: 0010_learned_rankers
Revises: 0009_demographics
Create Date: 2026-12-04 08:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_learned_rankers"
down_revision: str | None = "0009_demographics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learned_rankers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.String(length=64), nullable=False),
        sa.Column("trained_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trained_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evaluated_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("shadow_audit", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_by", sa.String(length=128), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_rankers")),
        sa.UniqueConstraint("version", name=op.f("uq_learned_rankers_version")),
    )
    op.create_index(
        op.f("ix_learned_rankers_status"), "learned_rankers", ["status"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_learned_rankers_status"), table_name="learned_rankers")
    op.drop_table("learned_rankers")
