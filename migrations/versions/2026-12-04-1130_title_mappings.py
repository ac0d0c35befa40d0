"""Confirmed title-to-role mappings that the title normaliser learns from.

Revision ID: 0014_title_mappings
Revises: 0013_role_profiles
Create Date: 2026-12-04 11:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_title_mappings"
down_revision: str | None = "0013_role_profiles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "title_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_key", sa.String(length=300), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_title_mappings_role_id_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_mappings")),
        sa.UniqueConstraint(
            "title_key", "role_id", name=op.f("uq_title_mappings_title_key_role_id")
        ),
    )
    op.create_index(op.f("ix_title_mappings_role_id"), "title_mappings", ["role_id"])
    op.create_index(op.f("ix_title_mappings_title_key"), "title_mappings", ["title_key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_title_mappings_title_key"), table_name="title_mappings")
    op.drop_index(op.f("ix_title_mappings_role_id"), table_name="title_mappings")
    op.drop_table("title_mappings")
