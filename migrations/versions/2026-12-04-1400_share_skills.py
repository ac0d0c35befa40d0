"""Employees' consent to share their skills with other systems (the skills export).

Revision ID: 0016_share_skills
Revises: 0015_data_changes
Create Date: 2026-12-04 14:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_share_skills"
down_revision: str | None = "0015_data_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employees") as batch:
        batch.add_column(
            sa.Column("share_skills", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("employees") as batch:
        batch.drop_column("share_skills")
