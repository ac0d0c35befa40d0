"""PeopleRepository on the real schema: the visibility seam, filters and bulk reads."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.paging import PageRequest
from talentmarket.people import service as people_service
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.people.repository import EmployeeFilters, PeopleRepository
from talentmarket.people.schemas import EmployeeCreate, EmployeeSkillIn, EmployeeUpsert
from talentmarket.principal import Principal
from talentmarket.textintel.encoders import HashingEncoder
from tests.factories import make_employee, make_employee_skill, make_opening, make_role, make_skill


def _ids(session: Session, repo: PeopleRepository, **kwargs: object) -> list[int]:
    return list(session.scalars(repo.visible_candidates(**kwargs).with_only_columns(Employee.id)))  # type: ignore[arg-type]


def test_visible_candidates_apply_consent(session: Session) -> None:
    role = make_role(session)
    dept = "Seam"
    shown = make_employee(session, department=dept, location="Porto", availability_pct=50)
    also = make_employee(
        session, department=dept, location="Lisbon", current_role_id=role.id, availability_pct=10
    )
    hidden = make_employee(session, department=dept, visible_to_recruiters=False)
    closed = make_employee(session, department=dept, open_to_opportunities=False)
    neither = make_employee(
        session, department=dept, open_to_opportunities=False, visible_to_recruiters=False
    )
    gone = make_employee(session, department=dept, status="inactive")
    owner = make_employee(session, department=dept)
    opening = make_opening(session, owner_id=owner.id)
    repo = PeopleRepository(session)

    pool = _ids(session, repo, department=dept, exclude_ids=[opening.owner_id or 0])
    assert pool == [shown.id, also.id]
    for left_out in (hidden, closed, neither, gone, owner):
        assert left_out.id not in pool
    assert _ids(session, repo, department=dept) == [shown.id, also.id, owner.id]
    assert _ids(session, repo, department="seam", location="PORTO") == [shown.id]
    assert _ids(session, repo, department=dept, role_id=role.id) == [also.id]
    assert _ids(session, repo, department=dept, min_availability_pct=20) == [shown.id]
    assert _ids(session, repo, only_ids=[hidden.id, also.id]) == [also.id]
    employees = list(session.scalars(repo.visible_candidates(only_ids=[shown.id])))
    assert employees == [shown]


def test_visible_candidates_compose_with_list_filters_and_paging(session: Session) -> None:
    python = make_skill(session)
    people = [make_employee(session, department="Compose", skills=[(python, 4)]) for _ in range(5)]
    make_employee(session, department="Compose", skills=[(python, 4)], visible_to_recruiters=False)
    repo = PeopleRepository(session)
    stmt = repo.filter(
        repo.visible_candidates(department="compose"),
        EmployeeFilters(skill_id=python.id, min_proficiency=4),
    )
    first, total, more = repo.page(stmt, PageRequest(limit=2))
    assert more
    rest, _, more = repo.page(stmt, PageRequest(limit=10, after=first[-1].id))
    assert not more
    assert total == 5
    assert [e.id for e in first + rest] == [p.id for p in people]


def test_query_filters_skill_level_and_status(session: Session) -> None:
    python = make_skill(session)
    strong = make_employee(session, department="Levels", skills=[(python, 5)])
    weak = make_employee(session, department="Levels", skills=[(python, 2)])
    inferred = make_employee(session, department="Levels")
    make_employee_skill(session, inferred, python, 5, status="suggested")
    repo = PeopleRepository(session)

    def ids(**kwargs: object) -> list[int]:
        stmt = repo.query(EmployeeFilters(department="Levels", **kwargs))  # type: ignore[arg-type]
        return [e.id for e in session.scalars(stmt)]

    assert ids(skill_id=python.id) == [strong.id, weak.id]
    assert ids(skill_id=python.id, min_proficiency=3) == [strong.id]
    assert ids() == [strong.id, weak.id, inferred.id]


def test_bulk_skill_reads_and_manager_chain(session: Session) -> None:
    python, sql = make_skill(session), make_skill(session)
    boss = make_employee(session, skills=[(python, 3), (sql, 2)])
    mid = make_employee(session, manager_id=boss.id)
    low = make_employee(session, manager_id=mid.id)
    make_employee_skill(session, low, sql, 4, status="rejected")
    repo = PeopleRepository(session)
    held = repo.held_labels([boss.id, low.id])
    assert held[boss.id] == sorted([python.label, sql.label])
    assert low.id not in held
    assert repo.manager_chain(low.id) == [low.id, mid.id, boss.id]


def test_upsert_no_op_keeps_updated_at(session: Session) -> None:
    python = make_skill(session)
    body = EmployeeUpsert(
        name="Kim",
        email="kim@example.com",
        skills=[EmployeeSkillIn(skill_id=python.id, proficiency=3)],
    )
    hris = Principal(id="apikey:hris", role="admin")
    created = people_service.upsert_employee(session, hris, "HR-100", body, HashingEncoder())
    assert created.result == "created"
    again = people_service.upsert_employee(session, hris, "HR-100", body, HashingEncoder())
    assert again.result == "unchanged"
    assert again.id == created.id
    assert again.employee is not None
    assert created.employee is not None
    assert again.employee.updated_at == created.employee.updated_at
    session.expire_all()
    stored = session.scalar(select(Employee).where(Employee.external_id == "HR-100"))
    assert stored is not None
    assert stored.name == "Kim"


def test_create_service_resolves_references(session: Session) -> None:
    python = make_skill(session, "Python")
    role = make_role(session, code="2512")
    body = EmployeeCreate.model_validate(
        {
            "name": "Lee",
            "email": "lee@example.com",
            "current_role_uri": "2512",
            "skills": [{"skill_uri": python.uri, "proficiency": 2}],
            "aspirations": {"target_roles": [role.id], "grow_skills": []},
        }
    )
    read = people_service.create_employee(session, body, HashingEncoder())
    assert read.current_role is not None
    assert read.current_role.id == role.id
    assert [(s.skill.label, s.proficiency) for s in read.skills] == [("Python", 2)]
    assert [r.id for r in read.aspirations.target_roles] == [role.id]


def test_a_skill_added_by_another_writer_first_is_returned_not_a_conflict(
    session: Session,
) -> None:
    python = make_skill(session)
    kim = make_employee(session, "Kim")
    session.commit()
    theirs = EmployeeSkill(employee_id=kim.id, skill_id=python.id, proficiency=4)
    session.add(theirs)
    session.commit()
    session.expunge(theirs)  # this writer never saw it
    mine = EmployeeSkill(employee_id=kim.id, skill_id=python.id, proficiency=2)
    found = PeopleRepository(session).add_skill_row(mine)
    assert found is not None
    assert (found.employee_id, found.skill_id, found.proficiency) == (kim.id, python.id, 4)
    session.commit()  # the session is still usable
    rows = session.scalars(select(EmployeeSkill).where(EmployeeSkill.employee_id == kim.id)).all()
    assert len(rows) == 1
