"""Case-insensitive indexes for the department and location filters.

Filters compare `lower(department)` and `lower(location)`; without an index of that
expression every filtered search read all employees (about 100 ms at 100,000 people).

Revision ID: 0019_employee_text_filters
Revises: 0018_courses
Create Date: 2026-12-04 19:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_employee_text_filters"
down_revision: str | None = "0018_courses"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_employees_department_ci", "employees", [sa.text("lower(department)")])
    op.create_index("ix_employees_location_ci", "employees", [sa.text("lower(location)")])


def downgrade() -> None:
    op.drop_index("ix_employees_location_ci", table_name="employees")
    op.drop_index("ix_employees_department_ci", table_name="employees")
