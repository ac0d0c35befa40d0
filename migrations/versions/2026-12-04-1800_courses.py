"""The learning catalogue: courses and the skills each one teaches.

Revision ID: 0018_courses
Revises: 0017_webhooks
Create Date: 2026-12-04 18:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_courses"
down_revision: str | None = "0017_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("provider", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("duration_hours", sa.Float(), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.CheckConstraint(
            "difficulty IN ('beginner', 'intermediate', 'advanced')",
            name=op.f("ck_courses_difficulty"),
        ),
        sa.CheckConstraint("status IN ('active', 'retired')", name=op.f("ck_courses_status")),
        sa.CheckConstraint("duration_hours > 0", name=op.f("ck_courses_duration")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("external_id", name=op.f("uq_courses_external_id")),
    )
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_courses_language"), ["language"], unique=False)
        batch_op.create_index(batch_op.f("ix_courses_provider"), ["provider"], unique=False)

    op.create_table(
        "course_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("proficiency", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("evidence", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "status IN ('suggested', 'accepted', 'rejected')", name=op.f("ck_course_skills_status")
        ),
        sa.CheckConstraint(
            "proficiency BETWEEN 1 AND 5", name=op.f("ck_course_skills_proficiency")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_skills_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_course_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_skills")),
        sa.UniqueConstraint(
            "course_id", "skill_id", name=op.f("uq_course_skills_course_id_skill_id")
        ),
    )
    with op.batch_alter_table("course_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_skills_skill_id"), ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("course_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_skills_skill_id"))

    op.drop_table("course_skills")
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_courses_provider"))
        batch_op.drop_index(batch_op.f("ix_courses_language"))

    op.drop_table("courses")
