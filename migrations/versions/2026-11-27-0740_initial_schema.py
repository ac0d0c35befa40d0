"""Initial schema: taxonomy, people, openings, feedback.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27 07:40:30.252495+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.create_table(
        "taxonomy_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_releases")),
        sa.UniqueConstraint("source", "version", name=op.f("uq_taxonomy_releases_source_version")),
    )
    op.create_table(
        "work_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=255), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("parent_code", sa.String(length=64), nullable=False),
        sa.Column("parent_title", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_activities")),
        sa.UniqueConstraint("uri", name=op.f("uq_work_activities_uri")),
    )
    with op.batch_alter_table("work_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_activities_code"), ["code"], unique=False)

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("isco_code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("alt_titles", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("same_as", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("kind IN ('role', 'group')", name=op.f("ck_roles_kind")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["roles.id"], name=op.f("fk_roles_parent_id_roles"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["taxonomy_releases.id"],
            name=op.f("fk_roles_release_id_taxonomy_releases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("uri", name=op.f("uq_roles_uri")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_isco_code"), ["isco_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_release_id"), ["release_id"], unique=False)
        batch_op.create_index("ix_roles_source_kind", ["source", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_title"), ["title"], unique=False)

    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=512), nullable=False),
        sa.Column("alt_labels", sa.JSON(), nullable=False),
        sa.Column("hidden_labels", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("skill_type", sa.String(length=32), nullable=False),
        sa.Column("reuse_level", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("same_as", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("kind IN ('skill', 'group')", name=op.f("ck_skills_kind")),
        sa.CheckConstraint("status IN ('active', 'deprecated')", name=op.f("ck_skills_status")),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["taxonomy_releases.id"],
            name=op.f("fk_skills_release_id_taxonomy_releases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["skills.id"],
            name=op.f("fk_skills_replaced_by_id_skills"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint("uri", name=op.f("uq_skills_uri")),
    )
    with op.batch_alter_table("skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skills_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_skills_label"), ["label"], unique=False)
        batch_op.create_index(batch_op.f("ix_skills_release_id"), ["release_id"], unique=False)
        batch_op.create_index("ix_skills_source_kind", ["source", "kind"], unique=False)

    op.create_table(
        "taxonomy_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("entity_uri", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["taxonomy_releases.id"],
            name=op.f("fk_taxonomy_changes_release_id_taxonomy_releases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_changes")),
    )
    with op.batch_alter_table("taxonomy_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_taxonomy_changes_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "employees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("current_role_id", sa.Integer(), nullable=True),
        sa.Column("job_title", sa.String(length=256), nullable=False),
        sa.Column("department", sa.String(length=128), nullable=False),
        sa.Column("location", sa.String(length=128), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("availability_pct", sa.Integer(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("open_to_remote", sa.Boolean(), nullable=False),
        sa.Column("open_to_relocation", sa.Boolean(), nullable=False),
        sa.Column("preferred_kinds", sa.JSON(), nullable=False),
        sa.Column("preferred_locations", sa.JSON(), nullable=False),
        sa.Column("open_to_opportunities", sa.Boolean(), nullable=False),
        sa.Column("visible_to_recruiters", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "availability_pct BETWEEN 0 AND 100", name=op.f("ck_employees_availability_pct")
        ),
        sa.ForeignKeyConstraint(
            ["current_role_id"],
            ["roles.id"],
            name=op.f("fk_employees_current_role_id_roles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["employees.id"],
            name=op.f("fk_employees_manager_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employees")),
        sa.UniqueConstraint("email", name=op.f("uq_employees_email")),
        sa.UniqueConstraint("external_id", name=op.f("uq_employees_external_id")),
    )
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employees_current_role_id"), ["current_role_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_employees_department"), ["department"], unique=False)
        batch_op.create_index(batch_op.f("ix_employees_location"), ["location"], unique=False)
        batch_op.create_index(batch_op.f("ix_employees_manager_id"), ["manager_id"], unique=False)
        batch_op.create_index(
            "ix_employees_visibility",
            ["visible_to_recruiters", "open_to_opportunities"],
            unique=False,
        )

    op.create_table(
        "role_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["roles.id"],
            name=op.f("fk_role_relations_source_id_roles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["roles.id"],
            name=op.f("fk_role_relations_target_id_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_relations")),
        sa.UniqueConstraint(
            "source_id",
            "target_id",
            "relation",
            name=op.f("uq_role_relations_source_id_target_id_relation"),
        ),
    )
    with op.batch_alter_table("role_relations", schema=None) as batch_op:
        batch_op.create_index("ix_role_relations_target", ["target_id", "relation"], unique=False)

    op.create_table(
        "role_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("importance", sa.Float(), nullable=True),
        sa.Column("level", sa.Float(), nullable=True),
        sa.Column("source_level", sa.Float(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "relation IN ('essential', 'optional')", name=op.f("ck_role_skills_relation")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_role_skills_role_id_roles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_role_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_skills")),
        sa.UniqueConstraint("role_id", "skill_id", name=op.f("uq_role_skills_role_id_skill_id")),
    )
    with op.batch_alter_table("role_skills", schema=None) as batch_op:
        batch_op.create_index("ix_role_skills_skill", ["skill_id"], unique=False)

    op.create_table(
        "skill_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["skills.id"],
            name=op.f("fk_skill_relations_source_id_skills"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["skills.id"],
            name=op.f("fk_skill_relations_target_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_relations")),
        sa.UniqueConstraint(
            "source_id",
            "target_id",
            "relation",
            name=op.f("uq_skill_relations_source_id_target_id_relation"),
        ),
    )
    with op.batch_alter_table("skill_relations", schema=None) as batch_op:
        batch_op.create_index("ix_skill_relations_target", ["target_id", "relation"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=255), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("task_type", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["taxonomy_releases.id"],
            name=op.f("fk_tasks_release_id_taxonomy_releases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_tasks_role_id_roles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint("uri", name=op.f("uq_tasks_uri")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_role_id"), ["role_id"], unique=False)

    op.create_table(
        "employee_aspirations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=True),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(role_id IS NULL) <> (skill_id IS NULL)",
            name=op.f("ck_employee_aspirations_role_xor_skill"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_employee_aspirations_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_employee_aspirations_role_id_roles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_employee_aspirations_skill_id_skills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee_aspirations")),
        sa.UniqueConstraint(
            "employee_id",
            "role_id",
            "skill_id",
            name=op.f("uq_employee_aspirations_employee_id_role_id_skill_id"),
        ),
    )
    with op.batch_alter_table("employee_aspirations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employee_aspirations_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "employee_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("proficiency", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_used", sa.Date(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('accepted', 'suggested', 'rejected')",
            name=op.f("ck_employee_skills_status"),
        ),
        sa.CheckConstraint(
            "proficiency BETWEEN 1 AND 5", name=op.f("ck_employee_skills_proficiency")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_employee_skills_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_employee_skills_skill_id_skills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee_skills")),
        sa.UniqueConstraint(
            "employee_id", "skill_id", name=op.f("uq_employee_skills_employee_id_skill_id")
        ),
    )
    with op.batch_alter_table("employee_skills", schema=None) as batch_op:
        batch_op.create_index(
            "ix_employee_skills_skill", ["skill_id", "status", "proficiency"], unique=False
        )

    op.create_table(
        "openings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("department", sa.String(length=128), nullable=False),
        sa.Column("location", sa.String(length=128), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        sa.Column("time_pct", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('job', 'gig', 'project', 'mentorship')", name=op.f("ck_openings_kind")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed', 'filled')", name=op.f("ck_openings_status")
        ),
        sa.CheckConstraint("capacity >= 1", name=op.f("ck_openings_capacity")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["employees.id"],
            name=op.f("fk_openings_owner_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_openings_role_id_roles"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_openings")),
        sa.UniqueConstraint("external_id", name=op.f("uq_openings_external_id")),
    )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_openings_department"), ["department"], unique=False)
        batch_op.create_index(batch_op.f("ix_openings_location"), ["location"], unique=False)
        batch_op.create_index(batch_op.f("ix_openings_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_openings_role_id"), ["role_id"], unique=False)
        batch_op.create_index("ix_openings_status_kind", ["status", "kind"], unique=False)

    op.create_table(
        "task_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["work_activities.id"],
            name=op.f("fk_task_activities_activity_id_work_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_task_activities_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_activities")),
        sa.UniqueConstraint(
            "task_id", "activity_id", name=op.f("uq_task_activities_task_id_activity_id")
        ),
    )
    with op.batch_alter_table("task_activities", schema=None) as batch_op:
        batch_op.create_index("ix_task_activities_activity", ["activity_id"], unique=False)

    op.create_table(
        "task_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_task_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_skills_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_skills")),
        sa.UniqueConstraint("task_id", "skill_id", name=op.f("uq_task_skills_task_id_skill_id")),
    )
    with op.batch_alter_table("task_skills", schema=None) as batch_op:
        batch_op.create_index("ix_task_skills_skill", ["skill_id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_decisions_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["openings.id"],
            name=op.f("fk_decisions_opening_id_openings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(
            "ix_decisions_opening_employee", ["opening_id", "employee_id"], unique=False
        )

    op.create_table(
        "interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_interests_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["openings.id"],
            name=op.f("fk_interests_opening_id_openings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interests")),
    )
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interests_employee_opening", ["employee_id", "opening_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interests_opening_id"), ["opening_id"], unique=False)

    op.create_table(
        "opening_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("must_have", sa.Boolean(), nullable=False),
        sa.Column("min_proficiency", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'suggested', 'rejected')",
            name=op.f("ck_opening_requirements_status"),
        ),
        sa.CheckConstraint(
            "min_proficiency BETWEEN 1 AND 5", name=op.f("ck_opening_requirements_min_proficiency")
        ),
        sa.CheckConstraint("weight > 0", name=op.f("ck_opening_requirements_weight")),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["openings.id"],
            name=op.f("fk_opening_requirements_opening_id_openings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_opening_requirements_skill_id_skills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_requirements")),
        sa.UniqueConstraint(
            "opening_id", "skill_id", name=op.f("uq_opening_requirements_opening_id_skill_id")
        ),
    )
    with op.batch_alter_table("opening_requirements", schema=None) as batch_op:
        batch_op.create_index("ix_opening_requirements_skill", ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("opening_requirements", schema=None) as batch_op:
        batch_op.drop_index("ix_opening_requirements_skill")

    op.drop_table("opening_requirements")
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interests_opening_id"))
        batch_op.drop_index("ix_interests_employee_opening")

    op.drop_table("interests")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_decisions_opening_employee")
        batch_op.drop_index(batch_op.f("ix_decisions_employee_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("task_skills", schema=None) as batch_op:
        batch_op.drop_index("ix_task_skills_skill")

    op.drop_table("task_skills")
    with op.batch_alter_table("task_activities", schema=None) as batch_op:
        batch_op.drop_index("ix_task_activities_activity")

    op.drop_table("task_activities")
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index("ix_openings_status_kind")
        batch_op.drop_index(batch_op.f("ix_openings_role_id"))
        batch_op.drop_index(batch_op.f("ix_openings_owner_id"))
        batch_op.drop_index(batch_op.f("ix_openings_location"))
        batch_op.drop_index(batch_op.f("ix_openings_department"))

    op.drop_table("openings")
    with op.batch_alter_table("employee_skills", schema=None) as batch_op:
        batch_op.drop_index("ix_employee_skills_skill")

    op.drop_table("employee_skills")
    with op.batch_alter_table("employee_aspirations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employee_aspirations_employee_id"))

    op.drop_table("employee_aspirations")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_role_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("skill_relations", schema=None) as batch_op:
        batch_op.drop_index("ix_skill_relations_target")

    op.drop_table("skill_relations")
    with op.batch_alter_table("role_skills", schema=None) as batch_op:
        batch_op.drop_index("ix_role_skills_skill")

    op.drop_table("role_skills")
    with op.batch_alter_table("role_relations", schema=None) as batch_op:
        batch_op.drop_index("ix_role_relations_target")

    op.drop_table("role_relations")
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_index("ix_employees_visibility")
        batch_op.drop_index(batch_op.f("ix_employees_manager_id"))
        batch_op.drop_index(batch_op.f("ix_employees_location"))
        batch_op.drop_index(batch_op.f("ix_employees_department"))
        batch_op.drop_index(batch_op.f("ix_employees_current_role_id"))

    op.drop_table("employees")
    with op.batch_alter_table("taxonomy_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taxonomy_changes_occurred_at"))

    op.drop_table("taxonomy_changes")
    with op.batch_alter_table("skills", schema=None) as batch_op:
        batch_op.drop_index("ix_skills_source_kind")
        batch_op.drop_index(batch_op.f("ix_skills_release_id"))
        batch_op.drop_index(batch_op.f("ix_skills_label"))
        batch_op.drop_index(batch_op.f("ix_skills_code"))

    op.drop_table("skills")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_title"))
        batch_op.drop_index("ix_roles_source_kind")
        batch_op.drop_index(batch_op.f("ix_roles_release_id"))
        batch_op.drop_index(batch_op.f("ix_roles_parent_id"))
        batch_op.drop_index(batch_op.f("ix_roles_isco_code"))
        batch_op.drop_index(batch_op.f("ix_roles_code"))

    op.drop_table("roles")
    with op.batch_alter_table("work_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_activities_code"))

    op.drop_table("work_activities")
    op.drop_table("taxonomy_releases")
    op.drop_table("data_versions")
