"""Every row about one employee, found from the schema: each table with a foreign key to
`employees.id`, their document vectors, and the audit events naming them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, FromClause, LargeBinary, Table, delete, select, update
from sqlalchemy.orm import Session

from talentmarket.approvals.models import Approval
from talentmarket.audit.models import AuditEvent, AuditEventSubject
from talentmarket.audit.repository import ERASED_CALLER
from talentmarket.db.base import Base
from talentmarket.openings.models import Decision
from talentmarket.people.models import Employee
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
    """One person's rows across tables: read them all (export), or take the person out
    of them (erasure)."""

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

    def identifiers(self, employee_id: int) -> tuple[str | None, str] | None:
        """(external id, email) of the employee, or None when there is no such employee."""
        row = self.session.execute(
            select(Employee.external_id, Employee.email).where(Employee.id == employee_id)
        ).first()
        return None if row is None else (row[0], row[1])

    def anonymise_decisions(self, employee_id: int, caller_ids: list[str]) -> int:
        """Keep the decisions about the employee without them: no id, no free-text reason
        (it is about the person); decisions and approvals the person made as a recruiter
        or manager name an erased caller, and no decision names them as the manager the
        candidate came from. Returns how many decisions about the person were kept this way."""
        result = self.session.execute(
            update(Decision)
            .where(Decision.employee_id == employee_id)
            .values(employee_id=None, reason="")
        )
        self.session.execute(
            update(Decision)
            .where(Decision.from_manager_id == employee_id)
            .values(from_manager_id=None)
        )
        if caller_ids:
            for model in (Decision, Approval):
                self.session.execute(
                    update(model)
                    .where(model.decided_by.in_(caller_ids))
                    .values(decided_by=ERASED_CALLER)
                )
        return int(getattr(result, "rowcount", 0) or 0)

    def delete_vectors(self, employee_id: int) -> int:
        """Drop the employee's document vectors under every model."""
        result = self.session.execute(
            delete(EntityVector).where(
                EntityVector.entity == "employee", EntityVector.entity_id == employee_id
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
