"""Role relatedness: rank every role as a next career move from one role, with reasons.

Each role is described by plain data (`RoleProfile`): texts, weighted skills and work
activities, a hierarchical group code. `RoleRelatedness.fit` turns them into row-normalised
matrices, one per signal:

- ``text``: TF-IDF of title, description and task statements;
- ``titles``: TF-IDF of the title and alternate titles;
- ``activities``: IDF-weighted work-activity profile (O*NET DWAs, or any task activity ids);
- ``skills``: IDF-weighted skill profile, weight importance x level;
- ``embedding``: cosine of caller-given text embeddings (optional);
- ``group``: shared prefix of hierarchical codes (SOC, ISCO).

A signal's similarity s is put on a common scale by (s - mean) / (q99 - mean), mean and
99th percentile taken over role pairs at fit, so 1 means "as similar as the closest 1% of
pairs". Their weighted mean f is the ranking key; the score shown is 1 - exp(-max(f, 0)),
in [0, 1), strictly increasing for related pairs (f = 1 gives 0.63) and 0 for pairs less
similar than an average pair, so the best matches do not tie at a clipped maximum.
`proximity` is asymmetric: the share of the destination's weighted skill needs that the
origin covers (level-aware) blended with the relatedness score.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Self

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from talentmarket.mobility.coverage import (
    SkillMatrix,
    build_skill_matrix,
    coverage_from,
    weighted_coverage,
)
from talentmarket.mobility.signals import (
    FloatArray,
    Matrix,
    block_similarity,
    code_matrix,
    idf_weighted_rows,
    normalize_dense_rows,
    off_diagonal_stats,
    prefix_similarity,
    row_similarity,
    sample_rows,
    smooth_idf,
    tfidf_rows,
    transpose_for_products,
)

SIGNALS = ("text", "titles", "activities", "skills", "embedding", "group")


@dataclass(frozen=True, slots=True)
class RoleSkill:
    """A role's need for one skill: importance and level in [0, 1], essential or optional."""

    skill_id: str
    importance: float = 1.0
    level: float | None = None
    essential: bool = True


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """Everything relatedness reads about one role; built from the taxonomy, not from files."""

    role_id: str
    title: str
    description: str = ""
    tasks: tuple[str, ...] = ()
    alt_titles: tuple[str, ...] = ()
    skills: tuple[RoleSkill, ...] = ()
    activities: tuple[str, ...] = ()
    group: str = ""


@dataclass(frozen=True, slots=True)
class SkillReason:
    """One skill in an explanation, with the origin's and destination's levels."""

    skill_id: str
    label: str
    origin_proficiency: float | None
    destination_proficiency: float | None
    importance: float


@dataclass(frozen=True, slots=True)
class RelatedRole:
    """A destination role ranked from an origin, with the parts of its score."""

    role_id: str
    index: int
    score: float
    proximity: float
    signals: Mapping[str, float]
    shared_skills: list[SkillReason] = field(default_factory=list)
    transferable_skills: list[SkillReason] = field(default_factory=list)
    skills_to_grow: list[SkillReason] = field(default_factory=list)
    missing_skills: list[SkillReason] = field(default_factory=list)


class RoleRelatedness:
    """Rank roles by how related they are as a next career move (weighted signal fusion)."""

    def __init__(
        self,
        *,
        text: float = 1.0,
        titles: float = 0.7,
        activities: float = 0.3,
        skills: float = 0.2,
        embedding: float = 1.2,
        group: float = 0.0,
        coverage_blend: float = 0.2,
        quantile: float = 0.99,
        max_reasons: int = 5,
        stats_rows: int = 600,
        seed: int = 0,
    ) -> None:
        self.text = text
        self.titles = titles
        self.activities = activities
        self.skills = skills
        self.embedding = embedding
        self.group = group
        self.coverage_blend = coverage_blend
        self.quantile = quantile
        self.max_reasons = max_reasons
        self.stats_rows = stats_rows
        self.seed = seed

    @property
    def weights(self) -> dict[str, float]:
        """Signal weights as given to the constructor."""
        return {name: float(getattr(self, name)) for name in SIGNALS}

    def fit(
        self,
        roles: Sequence[RoleProfile],
        *,
        embeddings: NDArray[np.floating] | None = None,
        skill_labels: Mapping[str, str] | None = None,
    ) -> Self:
        """Precompute the normalised signal matrices and their scales for `roles`."""
        if not roles:
            msg = "fit needs at least one role"
            raise ValueError(msg)
        if embeddings is not None and len(embeddings) != len(roles):
            msg = f"{len(embeddings)} embeddings for {len(roles)} roles"
            raise ValueError(msg)
        self.role_ids_ = [r.role_id for r in roles]
        self.index_ = {rid: i for i, rid in enumerate(self.role_ids_)}
        self.skill_matrix_: SkillMatrix = build_skill_matrix([r.skills for r in roles])
        self.skill_idf_ = smooth_idf(self.skill_matrix_.weights())
        labels = dict(skill_labels or {})
        self.skill_labels_ = [labels.get(s, s) for s in self.skill_matrix_.skill_ids]

        weights = self.weights
        matrices: dict[str, Matrix] = {}
        if weights["text"]:
            matrices["text"] = tfidf_rows(
                [" ".join((r.title + ".", r.description, *r.tasks)) for r in roles]
            )
        if weights["titles"]:
            matrices["titles"] = tfidf_rows([" ".join((r.title, *r.alt_titles)) for r in roles])
        if weights["activities"]:
            matrices["activities"] = idf_weighted_rows(_activity_counts(roles))
        if weights["skills"]:
            matrices["skills"] = idf_weighted_rows(self.skill_matrix_.profile())
        if weights["embedding"] and embeddings is not None:
            matrices["embedding"] = normalize_dense_rows(embeddings)
        # a signal with no data at all (no skills, no activities given) stays off
        self.matrices_ = {
            name: m for name, m in matrices.items() if not isinstance(m, sp.csr_matrix) or m.nnz > 0
        }
        self.transposed_ = {name: transpose_for_products(m) for name, m in self.matrices_.items()}
        self.codes_ = code_matrix([r.group for r in roles])
        self.active_ = {
            name: w
            for name, w in weights.items()
            if w and (name in self.matrices_ or (name == "group" and any(r.group for r in roles)))
        }
        self.scales_ = self._fit_scales(len(roles))
        return self

    def _signal_rows(
        self, rows: NDArray[np.intp], only: str | None = None
    ) -> dict[str, FloatArray]:
        """Raw similarities of `rows` to all roles per active signal (or only one); each
        (len(rows), n)."""
        out: dict[str, FloatArray] = {}
        for name in self.active_ if only is None else (only,):
            if name == "group":
                out[name] = np.stack([prefix_similarity(self.codes_, int(r)) for r in rows])
            else:
                out[name] = block_similarity(self.matrices_[name], rows, self.transposed_[name])
        return out

    def _present(self, name: str) -> NDArray[np.bool_]:
        """Roles that have data for a signal (a non-zero feature row or a code); (n,)."""
        if name == "group":
            present: NDArray[np.bool_] = (self.codes_ != 0).any(axis=1)
            return present
        matrix = self.matrices_[name]
        if isinstance(matrix, sp.csr_matrix):
            present = np.diff(matrix.indptr) > 0
        else:
            present = np.asarray(np.abs(matrix).sum(axis=1) > 0, dtype=np.bool_)
        return present

    def _fit_scales(self, n_roles: int) -> dict[str, tuple[float, float]]:
        """Per-signal (mean, q-quantile - mean) over sampled off-diagonal pairs of roles
        that both have data for the signal (when one source gives no work activities, its
        roles would otherwise pull the quantile to 0 and blow the scale up)."""
        scales: dict[str, tuple[float, float]] = {}
        for name in self.active_:
            present = self._present(name)
            with_data = np.flatnonzero(present)
            if with_data.size < 2:
                with_data = np.arange(n_roles)
                present = np.ones(n_roles, dtype=np.bool_)
            rows = with_data[sample_rows(with_data.size, self.stats_rows, self.seed)]
            sims = self._signal_rows(rows, only=name)[name]
            mean, high = off_diagonal_stats(
                sims[:, present], np.searchsorted(with_data, rows), self.quantile
            )
            scales[name] = (mean, max(high - mean, 1e-9))
        return scales

    def signals_from(self, role_index: int) -> dict[str, FloatArray]:
        """Raw per-signal similarities of one role to all roles; each shape (n,)."""
        out: dict[str, FloatArray] = {}
        for name in self.active_:
            if name == "group":
                out[name] = prefix_similarity(self.codes_, role_index)
            else:
                out[name] = row_similarity(self.matrices_[name], role_index)
        return out

    def reweighted(self, **weights: float) -> RoleRelatedness:
        """A fitted copy with other signal weights, sharing the fitted matrices and scales.

        Only signals fitted here can be switched on; a weight for a signal that was off at
        fit (weight 0 or no input) is ignored. Useful for tuning without refitting.
        """
        unknown = set(weights) - set(SIGNALS)
        if unknown:
            msg = f"unknown signals: {sorted(unknown)}"
            raise ValueError(msg)
        model = copy.copy(self)
        for name, value in weights.items():
            setattr(model, name, float(value))
        fitted = set(self.scales_)
        model.active_ = {n: w for n, w in model.weights.items() if w and n in fitted}
        return model

    def combine(self, raw: Mapping[str, FloatArray]) -> FloatArray:
        """Fuse raw per-signal similarities (from `signals_from`) into the unclipped ranking key."""
        return self._fuse(raw)

    def _fuse(self, raw: Mapping[str, FloatArray]) -> FloatArray:
        """Weight-averaged scaled similarities, unclipped; same shape as each input."""
        total = sum(self.active_.values())
        fused: FloatArray | None = None
        for name, weight in self.active_.items():
            mean, scale = self.scales_[name]
            part = weight * (raw[name] - mean) / scale
            fused = part if fused is None else fused + part
        if fused is None:
            return np.zeros(len(self.role_ids_))
        return fused / total

    def fused_from(self, role_index: int) -> FloatArray:
        """Unclipped fused relatedness of one role to all roles (ranking key); shape (n,)."""
        return self._fuse(self.signals_from(role_index))

    def scores_from(self, role_index: int) -> FloatArray:
        """Relatedness in [0, 1) of one role to all roles (self included); shape (n,)."""
        return squash(self.fused_from(role_index))

    def similarity_matrix(self, block: int = 256) -> FloatArray:
        """All-pairs relatedness in [0, 1); shape (n, n), symmetric, computed in row blocks."""
        n = len(self.role_ids_)
        out = np.empty((n, n), dtype=np.float64)
        for start in range(0, n, block):
            rows = np.arange(start, min(start + block, n), dtype=np.intp)
            out[rows] = squash(self._fuse(self._signal_rows(rows)))
        return out

    def coverage_from(self, origin: int) -> FloatArray:
        """Share of each destination's weighted skill needs that `origin` covers; shape (n,)."""
        return coverage_from(self.skill_matrix_, origin)

    def proximities_from(self, origin: int) -> FloatArray:
        """Asymmetric role proximity of `origin` to every destination, in [0, 1]; shape (n,)."""
        blend = self.coverage_blend
        return blend * self.coverage_from(origin) + (1.0 - blend) * self.scores_from(origin)

    def proximity(self, origin: int, destination: int) -> float:
        """Asymmetric proximity of one pair: destination needs the origin has, plus relatedness."""
        return float(self.proximities_from(origin)[destination])

    def related(self, role_index: int, limit: int = 10) -> list[RelatedRole]:
        """The `limit` most related other roles, best first, each with its reasons."""
        raw = self.signals_from(role_index)
        fused = self._fuse(raw)
        fused[role_index] = -np.inf
        limit = max(0, min(limit, len(fused) - 1))
        top = np.argpartition(-fused, limit - 1)[:limit] if limit else np.array([], np.intp)
        top = top[np.lexsort((top, -fused[top]))]
        coverage = weighted_coverage(
            self.skill_matrix_.take(top), self.skill_matrix_.held_levels(role_index)
        )
        blend = self.coverage_blend
        results = []
        for rank, j in enumerate(top.tolist()):
            score = float(squash(fused[j : j + 1])[0])
            results.append(
                RelatedRole(
                    role_id=self.role_ids_[j],
                    index=j,
                    score=score,
                    proximity=float(blend * coverage[rank] + (1.0 - blend) * score),
                    signals={name: float(sims[j]) for name, sims in raw.items()},
                    **self._reasons(role_index, j),
                )
            )
        return results

    def _reasons(self, origin: int, destination: int) -> dict[str, list[SkillReason]]:
        """Shared, transferable, to-grow and missing skills of one pair.

        shared: essential to the destination, held by the origin at the needed level;
        skills_to_grow: essential to the destination, held below the needed level;
        missing: essential to the destination, not held; transferable: held by the origin
        and used, though not essential, by the destination. Each list is ordered by
        importance x skill IDF, so distinctive skills come before ones every role has.
        """
        sm = self.skill_matrix_
        o_cols, _, o_lvl, _ = sm.row(origin)
        d_cols, d_imp, d_lvl, d_ess = sm.row(destination)
        pos = np.minimum(np.searchsorted(o_cols, d_cols), max(len(o_cols) - 1, 0))
        has = (o_cols[pos] == d_cols) if len(o_cols) else np.zeros(len(d_cols), dtype=bool)
        have = np.where(has, o_lvl[pos] if len(o_cols) else 0.0, np.nan)
        groups = {
            "shared_skills": d_ess & has & (np.nan_to_num(have) + 1e-9 >= d_lvl),
            "skills_to_grow": d_ess & has & (np.nan_to_num(have) + 1e-9 < d_lvl),
            "missing_skills": d_ess & ~has,
            "transferable_skills": ~d_ess & has,
        }
        out: dict[str, list[SkillReason]] = {}
        for name, mask in groups.items():
            picked = np.flatnonzero(mask)
            salience = d_imp[picked] * self.skill_idf_[d_cols[picked]]
            picked = picked[np.lexsort((d_cols[picked], -salience))][: self.max_reasons]
            out[name] = [
                SkillReason(
                    skill_id=sm.skill_ids[int(d_cols[k])],
                    label=self.skill_labels_[int(d_cols[k])],
                    origin_proficiency=None if np.isnan(have[k]) else float(have[k]),
                    destination_proficiency=float(d_lvl[k]),
                    importance=float(d_imp[k]),
                )
                for k in picked.tolist()
            ]
        return out


def squash(fused: FloatArray) -> FloatArray:
    """Map fused relatedness (units of a top-1% pair) to [0, 1): 1 - exp(-max(f, 0))."""
    out: FloatArray = -np.expm1(-np.maximum(fused, 0.0))
    return out


def _activity_counts(roles: Sequence[RoleProfile]) -> sp.csr_matrix:
    """Role x activity count matrix (an activity listed twice counts twice); (n, a)."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, role in enumerate(roles):
        for act in role.activities:
            rows.append(i)
            cols.append(vocab.setdefault(act, len(vocab)))
    data = np.ones(len(rows), dtype=np.float64)
    shape = (len(roles), max(len(vocab), 1))
    return sp.csr_matrix((data, (rows, cols)), shape=shape)
