"""Manager approval of time shares, and where a person came from when decided about.

`approvals` holds one request per person and gig, project or mentorship: the manager
asked (NULL: none, so HR answers), the time share and dates, the deadline after which
HR answers instead, and the answer. `decisions` gains the manager and department the
person had when the decision was made, so moves in and out of teams are counted where
they happened even after the HRIS updates the person's manager.

Revision ID: 0007_approvals
Revises: 0006_application_index
Create Date: 2026-12-04 05:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_approvals"
down_revision: str | None = "0006_application_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("time_pct", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("decided_as", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'cancelled')",
            name=op.f("ck_approvals_status"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_approvals_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["employees.id"],
            name=op.f("fk_approvals_manager_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["openings.id"],
            name=op.f("fk_approvals_opening_id_openings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
        sa.UniqueConstraint("employee_id", "opening_id", name="uq_approvals_employee_opening"),
    )
    op.create_index(op.f("ix_approvals_employee_id"), "approvals", ["employee_id"])
    op.create_index(op.f("ix_approvals_opening_id"), "approvals", ["opening_id"])
    op.create_index("ix_approvals_manager_status", "approvals", ["manager_id", "status"])
    op.create_index("ix_approvals_status_due", "approvals", ["status", "due_at"])
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.add_column(sa.Column("from_manager_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("from_department", sa.String(length=128), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.drop_column("from_department")
        batch_op.drop_column("from_manager_id")
    op.drop_table("approvals")
