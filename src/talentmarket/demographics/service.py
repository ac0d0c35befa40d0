"""Keep, show and forget what a person chooses to tell about themselves."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.demographics import repository
from talentmarket.demographics.config import DemographicsSettings
from talentmarket.demographics.models import Demographics
from talentmarket.demographics.schemas import QUESTIONS, DemographicsIn, DemographicsRead
from talentmarket.errors import InvalidRequest, NotFound
from talentmarket.people.repository import PeopleRepository
from talentmarket.requestctx import note_read


def _categories(settings: DemographicsSettings) -> dict[str, list[str]]:
    return {q: list(getattr(settings, q)) for q in QUESTIONS}


def _read(
    employee_id: int, row: Demographics | None, settings: DemographicsSettings
) -> DemographicsRead:
    if row is None:
        return DemographicsRead(
            employee_id=employee_id, consent=False, categories=_categories(settings)
        )
    return DemographicsRead(
        employee_id=employee_id,
        consent=True,
        sex=row.sex,
        race_ethnicity=row.race_ethnicity,
        age_band=row.age_band,
        disability=row.disability,
        consented_at=row.consented_at,
        categories=_categories(settings),
    )


def _exists(session: Session, employee_id: int) -> None:
    if PeopleRepository(session).find(employee_id) is None:
        raise NotFound(f"employee {employee_id} does not exist")


def get_demographics(
    session: Session, employee_id: int, settings: DemographicsSettings
) -> DemographicsRead:
    """What is kept about the person."""
    _exists(session, employee_id)
    note_read([employee_id], action="read")
    return _read(employee_id, repository.find(session, employee_id), settings)


def put_demographics(
    session: Session, employee_id: int, body: DemographicsIn, settings: DemographicsSettings
) -> DemographicsRead:
    """Keep the answers (with consent), or forget them (without)."""
    _exists(session, employee_id)
    if not body.consent:
        repository.forget(session, employee_id)
        return _read(employee_id, None, settings)
    for question in QUESTIONS:
        answer = getattr(body, question)
        offered = getattr(settings, question)
        if answer is not None and answer not in offered:
            raise InvalidRequest(
                f"{question}: {answer!r} is not one of {', '.join(offered)}", field=question
            )
    earlier = repository.find(session, employee_id)
    row = Demographics(
        employee_id=employee_id,
        consented_at=earlier.consented_at if earlier is not None else utcnow(),
        **{q: getattr(body, q) for q in QUESTIONS},
    )
    return _read(employee_id, repository.save(session, row), settings)
