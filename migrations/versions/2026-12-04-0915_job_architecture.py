"""Job architecture: a role's family, grade, version and successor.

Revision ID: 0012_job_architecture
Revises: 0011_task_exposure
Create Date: 2026-12-04 09:15:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_job_architecture"
down_revision: str | None = "0011_task_exposure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "roles", sa.Column("family", sa.String(length=128), nullable=False, server_default="")
    )
    op.add_column(
        "roles", sa.Column("grade", sa.String(length=32), nullable=False, server_default="")
    )
    op.add_column("roles", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("roles", sa.Column("replaced_by_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roles") as batch_op:
        batch_op.drop_column("replaced_by_id")
        batch_op.drop_column("version")
        batch_op.drop_column("grade")
        batch_op.drop_column("family")
