"""Task exposure and work redesign.

Labels: `import_labels` stores people's labels (and GPT-4's beside them) for the O*NET
tasks in the taxonomy. Prediction: the exposure classifier (`textintel.exposure`) is
fitted on the stored labels once per taxonomy and label version, and predicts any task
without a label, with its confidence and the nearest labelled tasks as the reason.
Redesign: a role's tasks, each weighted (core 1, supplemental 0.5); its exposure as the
paper defines it (alpha = E1 share, beta = E1 + E2/2, gamma = E1 + E2, of task weight);
and, if exposed tasks shrink by `shrink` of their time (E1 fully, E2 half as much, like
beta), which skills linked to the tasks grow or shrink in share of the role's work.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.careers.related_service import related_roles
from talentmarket.db.versions import data_versions
from talentmarket.errors import Conflict, NotFound
from talentmarket.requestctx import note_read
from talentmarket.runtime import Runtime
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.importers.onet_codes import TASK_URI
from talentmarket.textintel.exposure import LEVELS, ExposureModel
from talentmarket.workdesign import repository
from talentmarket.workdesign.labels import FILE, read_labelled
from talentmarket.workdesign.repository import TaskRow
from talentmarket.workdesign.schemas import (
    DepartmentExposure,
    HeldRoleExposure,
    NeighbourTask,
    Reskilling,
    ReskillingMove,
    RoleExposure,
    SkillShift,
    TaskExposurePrediction,
    TaskExposureRow,
    TaskText,
    WorkforceExposure,
    WorkRedesign,
)

TASK_WEIGHT = {"core": 1.0, "supplemental": 0.5}
EXPOSED_SHARE = {"E0": 0.0, "E1": 1.0, "E2": 0.5}  # beta: E2 counts half


def import_labels(session: Session, folder: Path) -> dict[str, int]:
    """Store the labels of the tasks the taxonomy has (O*NET tasks by id); the others are
    counted. One transaction: a bad row stops it, naming file and line."""
    rows = read_labelled(folder / FILE)
    uris = [TASK_URI.format(task_id=int(float(r["Task ID"]))) for r in rows]
    ids = repository.task_ids_by_uri(session, uris)
    stored: dict[int, dict[str, object]] = {}
    for row, uri in zip(rows, uris, strict=True):
        if uri in ids:
            stored[ids[uri]] = {
                "task_id": ids[uri],
                "human": row["human_exposure_agg"],
                "gpt4": row.get("gpt4_exposure", "") or "",
                "automation": row.get("gpt4_automation", "") or "",
                "source": "gpts-are-gpts-2023",
            }
    repository.replace_labels(session, list(stored.values()))
    return {
        "rows": len(rows),
        "labelled_tasks": len(stored),
        "not_in_taxonomy": len(rows) - len(stored),
    }


class Classifier:
    """The fitted classifier and the labelled tasks it learned from."""

    def __init__(self, rows: list[TaskRow]) -> None:
        self.rows = rows
        self.model = ExposureModel().fit(
            [r.statement for r in rows], [r.codes for r in rows], [r.human or "E0" for r in rows]
        )


def classifier(session: Session, runtime: Runtime) -> Classifier:
    """The classifier of the current taxonomy and labels (fitted once, cached)."""
    versions = data_versions(session)
    key = (versions.get("taxonomy", 0), versions.get(repository.VERSION_AREA, 0))

    def build() -> Classifier | None:
        rows = repository.labelled_tasks(session)
        present = {r.human for r in rows}
        return Classifier(rows) if present >= set(LEVELS) else None

    fitted: Classifier | None = runtime.cached("workdesign:classifier", key, build)
    if fitted is None:
        raise Conflict(
            "no labelled tasks to learn exposure from: import O*NET and then "
            "`talentmarket taxonomy import-exposure ../shared/data/ai-exposure`"
        )
    return fitted


def predict(session: Session, runtime: Runtime, body: TaskText) -> TaskExposurePrediction:
    """A free-text task's exposure, confidence and nearest labelled tasks."""
    fitted = classifier(session, runtime)
    p = fitted.model.explain(body.text, body.activities)
    return TaskExposurePrediction(
        exposure=p.level,
        confidence=p.confidence,
        probabilities=p.probabilities,
        neighbours=[
            NeighbourTask(
                task_id=fitted.rows[n.index].id,
                statement=fitted.rows[n.index].statement,
                exposure=fitted.rows[n.index].human or "",
                similarity=n.similarity,
            )
            for n in p.neighbours
        ],
        used_activities=p.used_activities,
        trained_on=len(fitted.rows),
    )


def _rows(session: Session, runtime: Runtime, tasks: list[TaskRow]) -> list[TaskExposureRow]:
    unlabelled = [t for t in tasks if t.human is None]
    predicted: dict[int, tuple[str, float]] = {}
    if unlabelled:
        model = classifier(session, runtime).model
        probs = model.probabilities(
            [t.statement for t in unlabelled], [t.codes for t in unlabelled]
        )
        for t, p in zip(unlabelled, probs, strict=True):
            predicted[t.id] = (LEVELS[int(np.argmax(p))], round(float(p.max()), 4))
    return [
        TaskExposureRow(
            id=t.id,
            statement=t.statement,
            task_type=t.task_type,
            weight=TASK_WEIGHT.get(t.task_type.lower(), 1.0),
            exposure=t.human or predicted[t.id][0],
            source="labelled" if t.human else "predicted",
            gpt4=t.gpt4 or None,
            automation=t.automation or None,
            confidence=None if t.human else predicted[t.id][1],
        )
        for t in tasks
    ]


def _exposure(rows: list[TaskExposureRow]) -> RoleExposure:
    kept = [r for r in rows if not r.removed]
    total = sum(r.weight for r in kept) or 1.0
    share = {level: sum(r.weight for r in kept if r.exposure == level) / total for level in LEVELS}
    return RoleExposure(
        alpha=round(share["E1"], 4),
        beta=round(share["E1"] + share["E2"] / 2, 4),
        gamma=round(share["E1"] + share["E2"], 4),
        method="shares of task weight (core tasks 1, supplemental 0.5) labelled E1 and E2; "
        "people's labels where the task is labelled, the classifier's prediction elsewhere",
    )


def work_redesign(
    session: Session, runtime: Runtime, role_id: int, shrink: float, remove: list[int]
) -> WorkRedesign:
    """A role's tasks by exposure, its exposure, and the skill shift of a what-if in which
    exposed tasks lose `shrink` of their time and `remove`d tasks go."""
    role = repository.get_role(session, role_id)
    if role is None:
        raise NotFound(f"role {role_id} does not exist")
    tasks = repository.role_tasks(session, role_id)
    rows = _rows(session, runtime, tasks) if tasks else []
    for r in rows:
        r.removed = r.id in remove
    before: dict[int, float] = {r.id: r.weight for r in rows}
    after: dict[int, float] = {
        r.id: 0.0 if r.removed else r.weight * (1 - shrink * EXPOSED_SHARE[r.exposure])
        for r in rows
    }
    links = repository.task_skills(session, [r.id for r in rows]) if rows else []
    exposed = {r.id: EXPOSED_SHARE[r.exposure] for r in rows}
    now: dict[int, float] = defaultdict(float)
    later: dict[int, float] = defaultdict(float)
    in_exposed: dict[int, float] = defaultdict(float)
    skills: dict[int, Any] = {}
    for task_id, skill, weight in links:
        skills[skill.id] = skill
        now[skill.id] += weight * before[task_id]
        later[skill.id] += weight * after[task_id]
        in_exposed[skill.id] += weight * before[task_id] * exposed[task_id]
    total_now, total_later = sum(now.values()) or 1.0, sum(later.values()) or 1.0
    shifts = [
        SkillShift(
            skill=SkillBrief(id=s.id, uri=s.uri, label=s.label),
            exposed_share=round(in_exposed[s.id] / now[s.id], 4) if now[s.id] else 0.0,
            importance_now=round(now[s.id] / total_now, 4),
            importance_after=round(later[s.id] / total_later, 4),
            change=round(later[s.id] / total_later - now[s.id] / total_now, 4),
        )
        for s in skills.values()
    ]
    shifts.sort(key=lambda x: (-x.change, x.skill.id))
    return WorkRedesign(
        role_id=role.id,
        role_label=role.title,
        shrink=shrink,
        tasks=sorted(rows, key=lambda r: (LEVELS.index(r.exposure), r.id), reverse=False),
        by_exposure={level: sum(1 for r in rows if r.exposure == level) for level in LEVELS},
        exposure=_exposure(rows),
        growing_skills=[s for s in shifts if s.change > 0][:15],
        shrinking_skills=sorted((s for s in shifts if s.change < 0), key=lambda x: x.change)[:15],
    )


def _betas(session: Session, runtime: Runtime, role_ids: list[int]) -> dict[int, RoleExposure]:
    """Exposure of each role that has tasks."""
    tasks = repository.tasks_of_roles(session, role_ids)
    return {r: _exposure(_rows(session, runtime, rows)) for r, rows in tasks.items() if rows}


def workforce_exposure(
    session: Session, runtime: Runtime, threshold: float, min_cell: int
) -> WorkforceExposure:
    """People by department: how many hold a role whose exposure (beta) is at least
    `threshold`; and the most exposed roles people hold. Departments and counts under
    `min_cell` people are hidden, so no one is singled out."""
    held = repository.people_by_department_and_role(session)
    role_ids = sorted({r for _, r, _ in held if r is not None})
    exposure = _betas(session, runtime, role_ids)
    note_read([], action="exposure-analytics", result_count=sum(n for _, _, n in held))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_role: dict[int, int] = defaultdict(int)
    for department, role_id, n in held:
        c = counts[department]
        c[0] += n
        if role_id is not None and role_id in exposure:
            c[1] += n
            c[2] += n if exposure[role_id].beta >= threshold else 0
            per_role[role_id] += n
    departments = []
    for name, (people, known, high) in sorted(counts.items()):
        hidden = people < min_cell or 0 < high < min_cell or 0 < known - high < min_cell
        departments.append(
            DepartmentExposure(
                department=name,
                people=None if people < min_cell else people,
                with_known_exposure=None if hidden else known,
                highly_exposed=None if hidden else high,
                share=None if hidden or not known else round(high / known, 4),
                suppressed=hidden,
            )
        )
    shown = [r for r, n in per_role.items() if n >= min_cell]
    titles = repository.role_titles(session, shown)
    roles = sorted(shown, key=lambda r: (-exposure[r].beta, -per_role[r], r))[:20]
    return WorkforceExposure(
        threshold=threshold,
        min_cell=min_cell,
        departments=departments,
        most_exposed_roles=[
            HeldRoleExposure(
                role_id=r,
                title=titles.get(r, ""),
                people=per_role[r],
                beta=exposure[r].beta,
                gamma=exposure[r].gamma,
            )
            for r in roles
        ],
        method="each person counts under their current role; a role's exposure is beta "
        "(E1 + E2/2 share of task weight, see GET /v1/roles/{id}/work-redesign)",
    )


def reskilling(session: Session, runtime: Runtime, employee_id: int) -> Reskilling:
    """A person's role exposure, the skills that grow in it if exposed tasks shrink, and
    related roles (careers' relatedness) less exposed than theirs, nearest first."""
    role_id = repository.current_role(session, employee_id)
    note_read([employee_id], action="reskilling")
    if role_id is None:
        return Reskilling(
            employee_id=employee_id,
            role_id=None,
            role_title=None,
            exposure=None,
            growing_skills=[],
            moves=[],
        )
    mine = work_redesign(session, runtime, role_id, 0.5, [])
    moves: list[ReskillingMove] = []
    try:
        related = related_roles(session, runtime, role_id, 40).items
    except NotFound:
        related = []
    exposure = _betas(session, runtime, [item.role.id for item in related])
    for item in related:
        there = exposure.get(item.role.id)
        if there is not None and mine.tasks and there.beta < mine.exposure.beta:
            moves.append(
                ReskillingMove(
                    role_id=item.role.id,
                    title=item.role.title,
                    proximity=item.proximity,
                    beta=there.beta,
                    skills_to_grow=[s.skill.label for s in item.skills_to_grow[:5]],
                )
            )
    moves.sort(key=lambda m: (-m.proximity, m.beta, m.role_id))
    return Reskilling(
        employee_id=employee_id,
        role_id=role_id,
        role_title=mine.role_label,
        exposure=mine.exposure if mine.tasks else None,
        growing_skills=mine.growing_skills,
        moves=moves[:10],
    )
