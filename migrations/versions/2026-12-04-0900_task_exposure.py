"""Task exposure labels beside the taxonomy's tasks.

Revision ID: 0011_task_exposure
Revises: 0010_learned_rankers
Create Date: 2026-12-04 09:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_task_exposure"
down_revision: str | None = "0010_learned_rankers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_exposure",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("human", sa.String(length=4), nullable=False),
        sa.Column("gpt4", sa.String(length=4), nullable=False),
        sa.Column("automation", sa.String(length=4), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_task_exposure_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_task_exposure")),
    )


def downgrade() -> None:
    op.drop_table("task_exposure")
