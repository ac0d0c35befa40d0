"""Audit log: append-only audit_events, their subject index, and the maintenance gate.

Append-only by construction: triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) of audit_events and audit_event_subjects unless a row exists in
audit_maintenance. Only the retention prune and the anonymisation of an erased person
insert that row, inside their own transaction, and delete it before they commit, so no
other transaction ever sees it. A table rather than a PostgreSQL session setting because
SQLite has no settings and one mechanism on both backends is tested by one test. (A
database superuser can still drop the triggers; the log guards against the application,
not against the database's owner.)

Revision ID: 0004_audit_log
Revises: 0003_api_keys
Create Date: 2026-12-03 08:50:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_audit_log"
down_revision: str | None = "0003_api_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("audit_events", "audit_event_subjects")
EVENT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_maintenance) THEN
        RAISE EXCEPTION '% is append-only: rows change only through the audit prune',
            TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$
"""


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in TABLES:
            # statement-level: one check per statement, not per row of a large prune
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
            )
        return
    for table in TABLES:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                "WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance) "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def upgrade() -> None:
    op.create_table(
        "audit_maintenance",
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("reason", name=op.f("pk_audit_maintenance")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", EVENT_ID, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("caller", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("route", sa.String(length=256), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("subject_employee_ids", sa.JSON(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=True),
        sa.Column("result_count", sa.Integer(), nullable=True),
        sa.Column("model_id", sa.String(length=256), nullable=True),
        sa.Column("taxonomy_release", sa.String(length=128), nullable=True),
        sa.Column("scoring_version", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_index("ix_audit_events_caller_at", "audit_events", ["caller", "at"])
    op.create_index("ix_audit_events_opening_id", "audit_events", ["opening_id"])
    op.create_table(
        "audit_event_subjects",
        sa.Column("event_id", EVENT_ID, nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["audit_events.id"],
            name=op.f("fk_audit_event_subjects_event_id_audit_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "employee_id", name=op.f("pk_audit_event_subjects")),
    )
    op.create_index(
        "ix_audit_event_subjects_employee_event",
        "audit_event_subjects",
        ["employee_id", "event_id"],
    )
    _create_triggers()


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        names = [f"{table}_append_only"] if postgres else [f"{table}_no_update", f"{table}_no_delete"]
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
    op.drop_index("ix_audit_event_subjects_employee_event", table_name="audit_event_subjects")
    op.drop_table("audit_event_subjects")
    op.drop_index("ix_audit_events_opening_id", table_name="audit_events")
    op.drop_index("ix_audit_events_caller_at", table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_at"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("audit_maintenance")
