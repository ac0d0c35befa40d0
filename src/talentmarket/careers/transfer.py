"""Which held skill is closest to a needed one: taxonomy-graph similarity (co-occurrence in
roles and tasks, shared skill groups, stored skill vectors), shared by skill gaps and
learning recommendations."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.careers.repository import skill_names
from talentmarket.careers.schemas import SkillRef, TransferSkill
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.service import get_graph

MIN_TRANSFER = 0.15  # below this a held skill is not shown as transferable


def similarity_to_held(
    session: Session, runtime: Runtime, wanted: Sequence[int], held: Sequence[int]
) -> NDArray[np.float32]:
    """Graph similarity of each wanted skill to each held skill; (len(wanted), len(held))."""
    if not wanted or not held:
        return np.zeros((len(wanted), len(held)), dtype=np.float32)
    graph = get_graph(runtime, session)
    return graph.skill_similarity(list(wanted), list(held))["score"]


def closest_held(
    session: Session,
    runtime: Runtime,
    wanted: Sequence[int],
    held: dict[int, int],
    labels: dict[int, str],
) -> tuple[NDArray[np.float32], list[TransferSkill | None]]:
    """Per wanted skill: closeness (max similarity to a held skill, (k,)) and the held
    skill it comes from when at least MIN_TRANSFER (a wanted skill is never its own
    transfer)."""
    held_ids = sorted(held)
    sims = similarity_to_held(session, runtime, wanted, held_ids)
    if sims.size:
        same = np.asarray(wanted)[:, np.newaxis] == np.asarray(held_ids)[np.newaxis, :]
        sims = np.where(same, 0.0, sims).astype(np.float32)
    closeness = sims.max(axis=1) if sims.size else np.zeros(len(wanted), dtype=np.float32)
    out: list[TransferSkill | None] = []
    uris = {sid: uri for sid, (uri, _label) in skill_names(session, held_ids).items()}
    for i in range(len(wanted)):
        if not held_ids or closeness[i] < MIN_TRANSFER:
            out.append(None)
            continue
        j = int(np.argmax(sims[i]))
        sid = held_ids[j]
        out.append(
            TransferSkill(
                skill=SkillRef(id=sid, uri=uris.get(sid, ""), label=labels.get(sid, "")),
                held_proficiency=held[sid],
                similarity=round(float(sims[i, j]), 3),
            )
        )
    return closeness.astype(np.float32), out
