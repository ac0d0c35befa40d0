"""The right of access: everything held about one person, as one JSON document."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from talentmarket.errors import Forbidden, NotFound
from talentmarket.principal import Principal
from talentmarket.privacy.repository import PrivacyRepository, employee_references
from talentmarket.requestctx import note_read


def ensure_may_export(principal: Principal, employee_id: int) -> None:
    """Row rule: a person exports their own data; an admin exports anyone's."""
    if principal.role != "admin" and principal.employee_id != employee_id:
        raise Forbidden("only the employee themself or an admin may export their data")


def export_employee(session: Session, principal: Principal, employee_id: int) -> dict[str, Any]:
    """Every row that names the employee, per table (binary vectors left out), their
    vectors' metadata and the audit events about them; a noted export."""
    ensure_may_export(principal, employee_id)
    repo = PrivacyRepository(session)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, column in employee_references():
        key = table.name if column.name in ("id", "employee_id") else f"{table.name}.{column.name}"
        tables.setdefault(key, []).extend(repo.rows(table, column, employee_id))
    profiles = tables.pop("employees", [])
    if not profiles:
        raise NotFound(f"employee {employee_id} does not exist")
    note_read([employee_id], action="export")
    return {
        "employee_id": employee_id,
        "profile": profiles[0],
        "tables": tables,
        "vectors": repo.vectors(employee_id),
        "audit_events": repo.audit_events(employee_id),
    }
