"""Erasure: a decision outlives the person it was about.

`POST /v1/employees/{id}/erase` deletes the person; the decisions recruiters made about
them stay, without the person (`employee_id` NULL, the free-text reason cleared), so
that decision counts per opening and the fairness audit still add up. Before, the
foreign key cascaded and an erasure (or any delete) took the decisions with it.

Revision ID: 0005_erasure
Revises: 0004_audit_log
Create Date: 2026-12-03 23:45:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_erasure"
down_revision: str | None = "0004_audit_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_decisions_employee_id_employees"


def _employee_fk(nullable: bool, ondelete: str) -> None:
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.alter_column("employee_id", existing_type=sa.Integer(), nullable=nullable)
        batch_op.create_foreign_key(FK, "employees", ["employee_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    _employee_fk(nullable=True, ondelete="SET NULL")


def downgrade() -> None:
    op.execute("DELETE FROM decisions WHERE employee_id IS NULL")
    _employee_fk(nullable=False, ondelete="CASCADE")
