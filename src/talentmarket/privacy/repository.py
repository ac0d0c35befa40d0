"""Every row about one employee, found from the schema: each table with a foreign key to
`employees.id`, their document vectors, and the audit events naming them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, FromClause, LargeBinary, Table, select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent, AuditEventSubject
from talentmarket.db.base import Base
from talentmarket.openings import models as _openings  # noqa: F401  (tables naming people)
from talentmarket.people import models as _people  # noqa: F401
from talentmarket.vectorstore.models import EntityVector


def employee_references() -> list[tuple[Table, Column[Any]]]:
    """(table, column) for every foreign key to `employees.id`, and `employees.id` itself."""
    employees = Base.metadata.tables["employees"]
    refs: list[tuple[Table, Column[Any]]] = [(employees, employees.c.id)]
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is employees.c.id and fk.parent.table is table:
                refs.append((table, fk.parent))
    return refs


def _plain(table: FromClause) -> list[Any]:
    """A table's columns without binary payloads (vectors are described, not exported)."""
    return [c for c in table.columns if not isinstance(c.type, LargeBinary)]


class PrivacyRepository:
    """Reads of one person's rows across tables; never writes."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self, table: Table, column: Column[Any], employee_id: int) -> list[dict[str, Any]]:
        """The table's rows whose `column` names the employee, by primary key."""
        stmt = select(*_plain(table)).where(column == employee_id)
        stmt = stmt.order_by(*table.primary_key.columns)
        return [dict(row._mapping) for row in self.session.execute(stmt)]

    def vectors(self, employee_id: int) -> list[dict[str, Any]]:
        """The employee's document vectors' metadata (model, text hash, dimension)."""
        table = EntityVector.__table__
        stmt = select(*_plain(table)).where(
            EntityVector.entity == "employee", EntityVector.entity_id == employee_id
        )
        return [dict(row._mapping) for row in self.session.execute(stmt)]

    def audit_events(self, employee_id: int) -> list[dict[str, Any]]:
        """The audit events naming the employee (who read or ranked them), oldest first."""
        table = AuditEvent.__table__
        stmt = (
            select(*_plain(table))
            .join(AuditEventSubject, AuditEventSubject.event_id == AuditEvent.id)
            .where(AuditEventSubject.employee_id == employee_id)
            .order_by(AuditEvent.id)
        )
        return [dict(row._mapping) for row in self.session.execute(stmt)]
