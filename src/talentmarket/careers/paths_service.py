"""Career paths of an employee over the role-relatedness graph (`mobility.paths`).

The start is the employee's current role and accepted skills (with no skills recorded,
the current role's essential needs stand in for them; with no current role, the first
move goes to the roles whose needs the skills cover best). With a target role: the
cheapest paths that reach it within `max_steps` moves. Without: the most reachable
attractive roles among those the search reaches (plus the employee's own target roles,
searched for directly), score = attractiveness x reachability (with a target, the score
is the reachability alone), where

    attractiveness = 0.5 min(1, open openings for the role / 2)
                   + 0.3 aspiration (1 for a target role of the employee, else its
                         relatedness to the closest one)
                   + 0.2 proximity of the current role to it
    reachability   = 1 / (1 + months / 6).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.careers import repository
from talentmarket.careers.employee_state import (
    EmployeeState,
    ensure_can_view,
    held_vector,
    load_state,
)
from talentmarket.careers.provenance import careers_provenance
from talentmarket.careers.related_service import role_ref
from talentmarket.careers.schemas import (
    CareerPathRead,
    CareerPaths,
    PathStep,
    SkillGapItem,
    SkillRef,
)
from talentmarket.errors import InvalidRequest, NotFound
from talentmarket.mobility.coverage import weighted_coverage
from talentmarket.mobility.levels import EFFORT_ASSUMPTION, months_for, to_scale
from talentmarket.mobility.paths import CareerPath, PathSearch, StepGap, step_gaps
from talentmarket.principal import Principal
from talentmarket.relatedness.service import RoleRelatednessView, get_relatedness
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.repository import RoleRepository

FloatArray = NDArray[np.float64]
FIRST_MOVES = 15  # candidate first moves when the employee has no current role
REACH_MONTHS = 6.0
ASPIRATIONS_SEARCHED = 3  # target roles searched for when no target is given


def _gap_items(view: RoleRelatednessView, gap: StepGap, under: bool) -> list[SkillGapItem]:
    held_mask = gap.held > 0
    pick = np.flatnonzero(held_mask if under else ~held_mask)
    return [
        SkillGapItem(
            skill=SkillRef(
                id=int(view.skill_ids[gap.columns[k]]),
                uri=view.skill_uri(int(view.skill_ids[gap.columns[k]])),
                label=view.skill_label(int(gap.columns[k])),
            ),
            status="under_level" if under else "missing",
            held_proficiency=round(float(to_scale(gap.held[k : k + 1])[0]), 1) if under else None,
            required_proficiency=round(float(to_scale(gap.required[k : k + 1])[0]), 1),
            levels=round(float(gap.levels[k]), 1),
            importance=round(float(gap.importance[k]), 3),
        )
        for k in pick.tolist()
    ]


def _path_read(
    view: RoleRelatednessView,
    path: CareerPath,
    held: FloatArray,
    openings: dict[int, int],
    score: float | None,
    reasons: list[str],
) -> CareerPathRead:
    model = view.model
    assert model is not None
    steps = []
    for move, gap in zip(path.moves, step_gaps(model.skill_matrix_, held, path.rows), strict=True):
        held_mask = gap.held > 0
        steps.append(
            PathStep(
                role=role_ref(view, move.row),
                relatedness=round(move.relatedness, 4),
                levels=round(move.levels, 1),
                months=months_for(move.levels),
                missing=_gap_items(view, gap, under=False),
                under_level=_gap_items(view, gap, under=True),
                missing_count=int((~held_mask).sum()),
                under_level_count=int(held_mask.sum()),
                open_openings=openings.get(view.info_of(move.row).role_id, 0),
            )
        )
    return CareerPathRead(
        steps=steps,
        levels=round(path.levels, 1),
        months=months_for(path.levels),
        cost=round(path.cost, 2),
        score=None if score is None else round(score, 4),
        reasons=reasons,
    )


def _attractiveness(
    view: RoleRelatednessView,
    rows: NDArray[np.intp],
    start: int | None,
    first_closeness: dict[int, float],
    aspiration_rows: list[int],
    openings: dict[int, int],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Attractiveness of candidate rows and its parts (openings, aspiration, proximity)."""
    ids = view.role_ids[rows]
    open_part = np.minimum(1.0, np.array([openings.get(int(i), 0) for i in ids]) / 2.0)
    aspiration = np.zeros(rows.size)
    for asp in aspiration_rows:
        aspiration = np.maximum(aspiration, view.relatedness_from(asp)[rows])
        aspiration[rows == asp] = 1.0
    if start is not None:
        near = view.proximity_row(start)[rows].astype(np.float64)
    else:
        near = np.array([first_closeness.get(int(r), 0.0) for r in rows])
    total = 0.5 * open_part + 0.3 * aspiration + 0.2 * near
    return total, open_part, aspiration, near


def _with_aspirations(
    found: list[CareerPath],
    search: PathSearch,
    held: FloatArray,
    start: int | None,
    first: tuple[NDArray[np.intp], FloatArray] | None,
    aspiration_rows: list[int],
    max_steps: int,
) -> list[CareerPath]:
    """Open-ended results plus the cheapest path to each target role of the employee (an
    open-ended beam may prune a far but wanted role)."""
    best = {p.rows[-1]: p for p in found}
    for row in aspiration_rows[:ASPIRATIONS_SEARCHED]:
        if row == start:
            continue
        paths = search.search(
            held, start=start, first=first, target=row, max_steps=max_steps, limit=1
        )
        if paths and (row not in best or paths[0].cost < best[row].cost):
            best[row] = paths[0]
    return list(best.values())


def career_paths(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    employee_id: int,
    target_role: str | None,
    max_steps: int,
    limit: int,
) -> CareerPaths:
    """The best few paths to a target role, or the most reachable attractive roles."""
    ensure_can_view(principal, employee_id, "career paths")
    state = load_state(session, employee_id)
    view = get_relatedness(session, runtime)
    target_row = _target_row(session, view, target_role)
    current = state.employee.current_role_id
    start = view.row(current) if current is not None else None
    if target_row is not None and target_row == start:
        raise InvalidRequest(
            f"employee {employee_id} already holds role {target_role}; "
            f"GET /v1/employees/{employee_id}/skill-gap?role={target_role} shows what is left"
        )
    search = view.path_search()
    held, first = _starting_point(view, search, state, start)
    found = search.search(
        held, start=start, first=first, target=target_row, max_steps=max_steps, limit=limit
    )
    aspiration_rows = [
        r for r in (view.row(role.id) for role in state.target_roles) if r is not None
    ]
    if target_row is None:
        found = _with_aspirations(found, search, held, start, first, aspiration_rows, max_steps)
    openings = repository.open_openings_by_role(session)
    note = ""
    if target_row is not None:
        if not found:
            note = f"no path reaches the target within {max_steps} moves; try more steps"
        reads = _target_reads(view, found, held, openings, target_row)
    else:
        first_closeness = (
            dict(zip(first[0].tolist(), first[1].tolist(), strict=True)) if first else {}
        )
        reads = _ranked_reads(
            view, found, held, openings, start, first_closeness, aspiration_rows, limit
        )
    return CareerPaths(
        employee_id=employee_id,
        start_role=role_ref(view, start) if start is not None else None,
        target_role=role_ref(view, target_row) if target_row is not None else None,
        max_steps=max_steps,
        paths=reads,
        note=note,
        effort_unit=EFFORT_ASSUMPTION,
        provenance=careers_provenance(session, runtime, f"role relatedness {view.version}"),
    )


def _target_row(session: Session, view: RoleRelatednessView, target_role: str | None) -> int | None:
    """The relatedness row of the target role (None without one); NotFound when the role
    is not an active occupation."""
    if target_role is None:
        return None
    role = RoleRepository(session).by_ref(target_role)
    row = view.row(role.id)
    if row is None:
        raise NotFound(f"role {target_role} is not an active occupation")
    return row


def _starting_point(
    view: RoleRelatednessView, search: PathSearch, state: EmployeeState, start: int | None
) -> tuple[FloatArray, tuple[NDArray[np.intp], FloatArray] | None]:
    """The levels the employee holds on the view's skills, (m,), and, without a current
    role, the candidate first moves with their coverage."""
    held = held_vector(view, state.held)
    if not held.any() and start is not None:
        held = search.essential_[start].toarray().ravel()
    if start is None and not held.any():
        raise InvalidRequest(
            f"employee {state.employee.id} has no current role and no accepted skills to start from"
        )
    if start is not None:
        return held, None
    assert view.model is not None
    coverage = weighted_coverage(view.model.skill_matrix_, held)
    rows = np.argsort(-coverage, kind="stable")[:FIRST_MOVES].astype(np.intp)
    return held, (rows, coverage[rows])


def _target_reads(
    view: RoleRelatednessView,
    found: list[CareerPath],
    held: FloatArray,
    openings: dict[int, int],
    target_row: int,
) -> list[CareerPathRead]:
    """Paths to a target, cheapest first, each with why it was found."""
    reads = []
    for path in found:
        reasons = [f"reaches {view.info_of(target_row).title} in {len(path.moves)} move(s)"]
        closest = min(m.relatedness for m in path.moves)
        reasons.append(f"every move between related roles (relatedness >= {closest:.2f})")
        reach = 1.0 / (1.0 + months_for(path.levels) / REACH_MONTHS)
        reads.append(_path_read(view, path, held, openings, reach, reasons))
    return reads


def _ranked_reads(
    view: RoleRelatednessView,
    found: list[CareerPath],
    held: FloatArray,
    openings: dict[int, int],
    start: int | None,
    first_closeness: dict[int, float],
    aspiration_rows: list[int],
    limit: int,
) -> list[CareerPathRead]:
    """The `limit` most attractive reachable roles (attractiveness discounted by months
    of learning), each with its reasons."""
    if not found:
        return []
    ends = np.array([p.rows[-1] for p in found], dtype=np.intp)
    attract, _, aspiration, near = _attractiveness(
        view, ends, start, first_closeness, aspiration_rows, openings
    )
    months = np.array([months_for(p.levels) for p in found])
    score = attract / (1.0 + months / REACH_MONTHS)
    reads = []
    for i in np.lexsort((ends, -score))[:limit].tolist():
        path = found[i]
        reasons = []
        n_open = openings.get(int(view.role_ids[ends[i]]), 0)
        if n_open:
            reasons.append(f"{n_open} open opening(s) for this role")
        if aspiration[i] >= 1.0:
            reasons.append("one of your target roles")
        elif aspiration[i] > 0.3:
            reasons.append("close to one of your target roles")
        if near[i] > 0.3:
            reasons.append(f"close to where you are now (proximity {near[i]:.2f})")
        reasons.append(f"about {months_for(path.levels):g} months of learning")
        reads.append(_path_read(view, path, held, openings, float(score[i]), reasons))
    return reads
