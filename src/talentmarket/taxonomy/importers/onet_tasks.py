"""O*NET tasks, detailed work activities (DWAs) and the task-skill links derived from them.

O*NET rates skills per occupation, not per task, so task-skill links are derived from its
own tables: a task's DWAs (`Tasks to DWAs.txt`) belong to generalized work activities (the
`Element ID` of `DWA Reference.txt`), `Skills to Work Activities.txt` links work activities
to skills, and of those skills a task keeps the ones its occupation rates with importance
(IM) >= 3; the link's weight is IM / 5.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from talentmarket.taxonomy.importers import onet_codes as codes
from talentmarket.taxonomy.importers.onet_codes import table
from talentmarket.taxonomy.importers.rows import (
    ActivityRow,
    EdgeRow,
    Progress,
    TaskRow,
    TaxonomyRows,
)

TASK_TYPES = {"": "core", "core": "core", "supplemental": "supplemental"}
WORK_ACTIVITY_ROOT = "4.A."


def read_tasks(
    folder: Path,
    rows: TaxonomyRows,
    occupations: set[str],
    elements: Collection[str],
    skills: set[str],
    importance: dict[tuple[str, str], float],
    progress: Progress,
) -> None:
    """Tasks, DWAs, task-DWA edges and derived task-skill links into `rows`."""
    task_roles = _read_statements(folder, rows, occupations, progress)
    work_activity_of = _read_activities(folder, rows, elements, progress)
    skills_of = _read_skill_activities(folder, elements, skills, progress)

    dwas_of: dict[str, dict[str, None]] = {}
    for line in table(folder, "Tasks to DWAs.txt", ("Task ID", "DWA ID"), progress):
        task = line.require("Task ID")
        if task not in task_roles:
            raise line.fail(f"unknown Task ID {task}")
        code = line.get("O*NET-SOC Code")
        if code and code != task_roles[task]:
            raise line.fail(f"task {task} belongs to {task_roles[task]}, not {code}")
        dwa = line.require("DWA ID")
        if dwa not in work_activity_of:
            raise line.fail(f"unknown DWA ID {dwa}")
        dwas_of.setdefault(task, {})[dwa] = None

    for task, dwas in dwas_of.items():
        uri = codes.task_uri(task)
        rows.task_activities.extend(EdgeRow(uri, codes.dwa_uri(d), "performs") for d in dwas)
        code = task_roles[task]
        linked: dict[str, None] = {}
        for dwa in dwas:
            for element in skills_of.get(work_activity_of[dwa], ()):
                linked[element] = None
        for element in linked:
            value = importance.get((code, element))
            if value is not None and value >= codes.ESSENTIAL_IMPORTANCE:
                rows.task_skills.append(
                    EdgeRow(uri, codes.descriptor_uri(element), "uses", round(value / 5.0, 4))
                )
    progress("derive task skills", len(dwas_of), len(dwas_of))


def _read_statements(
    folder: Path, rows: TaxonomyRows, occupations: set[str], progress: Progress
) -> dict[str, str]:
    """Task statements; returns the occupation code of every Task ID."""
    task_roles: dict[str, str] = {}
    required = ("O*NET-SOC Code", "Task ID", "Task")
    for line in table(folder, "Task Statements.txt", required, progress):
        code = line.require("O*NET-SOC Code")
        if code not in occupations:
            raise line.fail(f"unknown O*NET-SOC code {code}")
        task = line.require("Task ID")
        if not task.isdigit():
            raise line.fail(f"Task ID {task!r} is not a number")
        if task in task_roles:
            raise line.fail(f"duplicate Task ID {task}")
        raw_type = line.get("Task Type")
        task_type = TASK_TYPES.get(raw_type.lower())
        if task_type is None:
            raise line.fail(f"Task Type {raw_type!r} is not Core or Supplemental")
        task_roles[task] = code
        rows.tasks.append(
            TaskRow(
                uri=codes.task_uri(task),
                role_uri=codes.role_uri(code),
                statement=line.require("Task"),
                task_type=task_type,
            )
        )
    return task_roles


def _read_activities(
    folder: Path, rows: TaxonomyRows, elements: Collection[str], progress: Progress
) -> dict[str, str]:
    """DWAs with their IWA; returns the work activity element of every DWA ID."""
    iwa_titles: dict[str, str] | None = None
    if (folder / "IWA Reference.txt").is_file():
        iwa_titles = {}
        for line in table(folder, "IWA Reference.txt", ("IWA ID", "IWA Title"), progress):
            iwa_titles[line.require("IWA ID")] = line.require("IWA Title")
    work_activity_of: dict[str, str] = {}
    required = ("Element ID", "IWA ID", "DWA ID", "DWA Title")
    for line in table(folder, "DWA Reference.txt", required, progress):
        element = line.require("Element ID")
        if not element.startswith(WORK_ACTIVITY_ROOT) or element not in elements:
            raise line.fail(f"unknown work activity element {element}")
        dwa, iwa = line.require("DWA ID"), line.require("IWA ID")
        if dwa in work_activity_of:
            raise line.fail(f"duplicate DWA ID {dwa}")
        if iwa_titles is None:
            iwa_title = line.get("IWA Title")
        elif iwa in iwa_titles:
            iwa_title = iwa_titles[iwa]
        else:
            raise line.fail(f"unknown IWA ID {iwa}")
        work_activity_of[dwa] = element
        rows.activities.append(
            ActivityRow(
                uri=codes.dwa_uri(dwa),
                title=line.require("DWA Title"),
                code=dwa,
                parent_code=iwa,
                parent_title=iwa_title,
            )
        )
    return work_activity_of


def _read_skill_activities(
    folder: Path, elements: Collection[str], skills: set[str], progress: Progress
) -> dict[str, list[str]]:
    """Skill elements of every work activity element."""
    skills_of: dict[str, list[str]] = {}
    required = ("Skills Element ID", "Work Activities Element ID")
    for line in table(folder, "Skills to Work Activities.txt", required, progress):
        skill = line.require("Skills Element ID")
        if skill not in skills:
            raise line.fail(f"unknown skill element {skill}")
        activity = line.require("Work Activities Element ID")
        if not activity.startswith(WORK_ACTIVITY_ROOT) or activity not in elements:
            raise line.fail(f"unknown work activity element {activity}")
        linked = skills_of.setdefault(activity, [])
        if skill not in linked:
            linked.append(skill)
    return skills_of
