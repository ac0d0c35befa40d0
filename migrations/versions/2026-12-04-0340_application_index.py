"""Applications: an index to read an opening's applicants.

Candidate lists and openings show where each person stands (applied, shortlisted, ...);
that reads the opening's `apply` interests, which the (employee, opening) index cannot
serve. Interests hold every view too, so without this index each read scans them all.

Revision ID: 0006_application_index
Revises: 0005_erasure
Create Date: 2026-12-04 03:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_application_index"
down_revision: str | None = "0005_erasure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_interests_opening_action", "interests", ["opening_id", "action"])


def downgrade() -> None:
    op.drop_index("ix_interests_opening_action", table_name="interests")
