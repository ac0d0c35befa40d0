"""The rights of access and erasure: everything held about one person as one JSON
document; and an erasure that leaves nothing about them but anonymised counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from talentmarket.audit.service import anonymise_employee
from talentmarket.errors import Forbidden, NotFound
from talentmarket.events.service import scrub_person
from talentmarket.people.service import delete_employee
from talentmarket.principal import Principal
from talentmarket.privacy.repository import PrivacyRepository, employee_references
from talentmarket.privacy.schemas import ErasureReport
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


def erase_employee(session: Session, employee_id: int) -> ErasureReport:
    """Erase a person (an admin's act, GDPR article 17), in one transaction.

    Deleted: the profile with skills, aspirations, interests and free text (the database
    cascades), and the document vectors. Kept without the person: the decisions about
    them (no id, no reason) and the audit events (their id taken out of subjects and
    ranking details, their own caller ids renamed), so that counts still add up. The
    people version moves on, so every cached ranking pool drops them at once.
    """
    repo = PrivacyRepository(session)
    ids = repo.identifiers(employee_id)
    if ids is None:
        raise NotFound(f"employee {employee_id} does not exist")
    external_id, email = ids
    # the caller ids the person may have used: a token's subject is their external id,
    # `employee:<id>` (local tokens) or their email (auth.resolver, cli.auth)
    subjects = (f"employee:{employee_id}", str(employee_id), external_id, email)
    callers = [f"user:{v}" for v in subjects if v]
    decisions = repo.anonymise_decisions(employee_id, callers)
    vectors = repo.delete_vectors(employee_id)
    scrub_person(session, employee_id)
    audit_rows = anonymise_employee(session, employee_id, callers)
    delete_employee(session, employee_id)
    note_read([], action="erase", result_count=1)  # the erasure's own row names no one
    return ErasureReport(
        erased=True,
        decisions_kept_anonymised=decisions,
        vectors_deleted=vectors,
        audit_rows_anonymised=audit_rows,
    )
