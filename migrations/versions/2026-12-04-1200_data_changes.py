"""Which rows changed at each data version, so ranking pools patch instead of rebuilding.

Revision ID: 0015_data_changes
Revises: 0014_title_mappings
Create Date: 2026-12-04 12:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_data_changes"
down_revision: str | None = "0014_title_mappings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_changes")),
    )
    op.create_index("ix_data_changes_area_version", "data_changes", ["area", "version"])


def downgrade() -> None:
    op.drop_index("ix_data_changes_area_version", table_name="data_changes")
    op.drop_table("data_changes")
