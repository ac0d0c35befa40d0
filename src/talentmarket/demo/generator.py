"""Generate synthetic people and openings from role profiles; no database access.

Everything is drawn from `random.Random(seed)`, so the same taxonomy and parameters give
the same data. Profile texts are built one sentence per skill from a few templates, which
keeps them readable and lets sentence vectors be shared across people.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST_NAMES = [
    "Ada",
    "Alan",
    "Amara",
    "Ana",
    "Andrei",
    "Anja",
    "Arjun",
    "Aya",
    "Ben",
    "Bianca",
    "Carlos",
    "Chen",
    "Chloe",
    "Daniel",
    "Dara",
    "Diego",
    "Elena",
    "Emil",
    "Emma",
    "Farah",
    "Felix",
    "Fatima",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Isaac",
    "Ivan",
    "Jana",
    "Jonas",
    "Julia",
    "Kai",
    "Karin",
    "Kenji",
    "Lara",
    "Leo",
    "Lina",
    "Luca",
    "Maja",
    "Malik",
    "Maria",
    "Mateo",
    "Mei",
    "Mila",
    "Nadia",
    "Noah",
    "Nora",
    "Omar",
    "Paula",
    "Pedro",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sara",
    "Selin",
    "Sofia",
    "Tariq",
    "Theo",
    "Tomas",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abara",
    "Berg",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Martins",
    "Nakamura",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Umarov",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Moreau",
    "Keller",
    "Horvat",
    "Lindqvist",
    "Mensah",
    "Papadopoulos",
    "Romero",
    "Sato",
    "Bauer",
]
LOCATIONS = ("Berlin", "Lisbon", "Amsterdam", "Warsaw", "Madrid", "Dublin", "Stockholm", "Milan")
KINDS = ("job", "gig", "project", "mentorship")
KIND_WEIGHTS = (0.4, 0.25, 0.2, 0.15)
SENIORITY = (("Junior", -1), ("", 0), ("Senior", 1))

SKILL_SENTENCES = (
    "Experienced in {skill}.",
    "Uses {skill} in day-to-day work.",
    "Has applied {skill} on several projects.",
    "Comfortable with {skill}.",
)
LEVEL_WORDS = {1: "basic", 2: "working", 3: "solid", 4: "advanced", 5: "expert"}


@dataclass(frozen=True)
class RoleProfile:
    """What the generator needs to know about a role."""

    id: int
    title: str
    department: str
    description: str
    skills: tuple[tuple[int, str, bool, float], ...]  # (skill id, label, essential, level 1-5)
    tasks: tuple[str, ...] = ()


@dataclass
class PersonDraft:
    """A synthetic employee before it is written."""

    external_id: str
    name: str
    email: str
    role_id: int
    job_title: str
    department: str
    location: str
    profile: str
    skills: list[tuple[int, int]]  # (skill id, proficiency 1-5)
    availability_pct: int
    open_to_opportunities: bool
    visible_to_recruiters: bool
    open_to_remote: bool
    preferred_kinds: list[str]
    target_role_ids: list[int] = field(default_factory=list)
    grow_skill_ids: list[int] = field(default_factory=list)


@dataclass
class OpeningDraft:
    """A synthetic opening before it is written."""

    external_id: str
    kind: str
    title: str
    role_id: int
    description: str
    department: str
    location: str
    remote: bool
    capacity: int
    hours_per_week: float | None
    time_pct: int | None
    start_date: date
    end_date: date | None
    status: str
    owner_index: int
    requirements: list[tuple[int, bool, int, float]]  # (skill id, must, min level, weight)


def _clip(level: float) -> int:
    return max(1, min(5, round(level)))


def _sentence(rng: random.Random, label: str) -> str:
    return rng.choice(SKILL_SENTENCES).format(skill=label)


def generate_people(
    roles: Sequence[RoleProfile], count: int, seed: int, start: int = 0, prefix: str = "demo"
) -> Iterator[PersonDraft]:
    """Yield `count` employees (numbered from `start`), each holding a role's skills."""
    usable = [r for r in roles if len(r.skills) >= 3]
    if not usable:
        return
    by_department: dict[str, list[RoleProfile]] = {}
    for role in usable:
        by_department.setdefault(role.department, []).append(role)
    for i in range(start, start + count):
        rng = random.Random(f"{seed}:person:{i}")
        role = rng.choice(usable)
        seniority, shift = rng.choice(SENIORITY)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        held: dict[int, int] = {}
        labels: dict[int, str] = {}
        for skill_id, label, essential, level in role.skills:
            if rng.random() < (0.85 if essential else 0.4):
                held[skill_id] = _clip(level + shift + rng.choice((-1, 0, 0, 1)))
                labels[skill_id] = label
        neighbours = by_department.get(role.department, usable)
        for _ in range(rng.randint(1, 3)):
            other = rng.choice(neighbours)
            skill_id, label, _essential, level = rng.choice(other.skills)
            if skill_id not in held:
                held[skill_id] = _clip(level - 1 + rng.choice((0, 1)))
                labels[skill_id] = label
        title = f"{seniority} {role.title}".strip()
        ordered = sorted(held, key=lambda s: -held[s])
        sentences = [f"{title} in {role.department}."]
        sentences += [_sentence(rng, labels[s]) for s in ordered[:12]]
        if role.tasks:
            sentences.append(rng.choice(role.tasks))
        target = rng.choice(neighbours)
        grow = [s for s, _l, _e, _v in target.skills if s not in held][:2]
        yield PersonDraft(
            external_id=f"{prefix}-{seed}-e{i}",
            name=f"{first} {last}",
            email=f"{first.lower()}.{last.lower()}.{i}@{prefix}{seed}.example.com",
            role_id=role.id,
            job_title=title,
            department=role.department,
            location=rng.choice(LOCATIONS),
            profile=" ".join(sentences),
            skills=sorted(held.items()),
            availability_pct=rng.choice((0, 10, 20, 20, 30, 50)),
            open_to_opportunities=rng.random() < 0.8,
            visible_to_recruiters=rng.random() < 0.85,
            open_to_remote=rng.random() < 0.7,
            preferred_kinds=sorted(rng.sample(KINDS, rng.randint(1, 3))),
            target_role_ids=[target.id] if target.id != role.id and rng.random() < 0.6 else [],
            grow_skill_ids=grow if rng.random() < 0.7 else [],
        )


def _requirements(
    role: RoleProfile, rng: random.Random
) -> tuple[list[tuple[int, str, bool, float]], list[tuple[int, bool, int, float]]]:
    """An opening's must-haves (the role's strongest skills) and its requirement tuples
    (skill, must have, min level, weight), must-haves first."""
    ranked = sorted(role.skills, key=lambda s: (not s[2], -s[3], rng.random()))
    musts = ranked[: rng.randint(2, 4)]
    nices = rng.sample(ranked[len(musts) :], min(len(ranked) - len(musts), rng.randint(2, 5)))
    requirements = [(s, True, _clip(lv), round(1.0 + lv / 5, 2)) for s, _l, _e, lv in musts]
    requirements += [(s, False, _clip(lv - 1), round(0.5 + lv / 10, 2)) for s, _l, _e, lv in nices]
    return musts, requirements


RANKED_TITLE = ("junior ", "senior ", "lead ", "principal ", "head ", "chief ")


def _shape(
    kind: str, role: RoleProfile, task: str, first_skill: str, rng: random.Random
) -> tuple[str, float | None, int | None, timedelta | None]:
    """Title, hours a week, share of time and duration of an opening of this kind."""
    if kind == "job":
        ranked = role.title.lower().startswith(RANKED_TITLE)
        prefix = "" if ranked else rng.choice(("", "Senior ", "Lead "))
        return f"{prefix}{role.title}".strip(), 40.0, 100, None
    if kind == "gig":
        title = f"Gig: {task.rstrip('.')[:90]}"
        return title, float(rng.choice((4, 6, 8))), None, timedelta(weeks=6)
    if kind == "project":
        purpose = rng.choice(("pilot", "migration", "launch", "review"))
        title = f"Project team: {role.title} for a {purpose}"
        return title, None, rng.choice((20, 30, 50)), timedelta(weeks=16)
    return f"Mentorship in {first_skill}", 2.0, None, timedelta(weeks=12)


def generate_openings(
    roles: Sequence[RoleProfile],
    count: int,
    seed: int,
    people: int,
    start: int = 0,
    prefix: str = "demo",
) -> Iterator[OpeningDraft]:
    """Yield `count` openings of all four kinds with requirements from role skills."""
    usable = [r for r in roles if len(r.skills) >= 3]
    if not usable:
        return
    today = date(2026, 12, 1)
    for i in range(start, start + count):
        rng = random.Random(f"{seed}:opening:{i}")
        role = rng.choice(usable)
        kind = KINDS[i % 4] if i < 4 else rng.choices(KINDS, KIND_WEIGHTS)[0]
        musts, requirements = _requirements(role, rng)
        skills_text = ", ".join(label for _s, label, _e, _l in musts)
        task = rng.choice(role.tasks) if role.tasks else role.description[:200]
        title, hours, pct, duration = _shape(kind, role, task, musts[0][1], rng)
        starts = today + timedelta(days=rng.randint(0, 60))
        description = (
            f"{title}. We are looking for someone with {skills_text}. "
            f"{task} {role.description[:300]}"
        ).strip()
        yield OpeningDraft(
            external_id=f"{prefix}-{seed}-o{i}",
            kind=kind,
            title=title,
            role_id=role.id,
            description=description,
            department=role.department,
            location=rng.choice(LOCATIONS),
            remote=rng.random() < 0.35,
            capacity=1 if kind != "project" else rng.randint(1, 4),
            hours_per_week=hours,
            time_pct=pct,
            start_date=starts,
            end_date=None if duration is None else starts + duration,
            status="open" if rng.random() < 0.9 else rng.choice(("draft", "closed")),
            owner_index=rng.randrange(max(people, 1)),
            requirements=requirements,
        )
