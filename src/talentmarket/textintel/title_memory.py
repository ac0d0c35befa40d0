"""Confirmed title-to-role mappings as a nearest-neighbour memory beside the normaliser.

A title's `neighbours` nearest confirmed titles vote for the roles they were mapped to.
Nearness mixes the cosine of the titles' vectors with the cosine of their word TF-IDF
vectors (`lexical_share` of it), so a confirmed title sharing the query's rarer words
counts even where the small model blurs them. Each neighbour votes exp((sim - 1) /
temperature): an exact match votes 1, one at similarity 0.85 votes e^-1. The votes are
a distribution over roles scaled by min(1, total), so many near neighbours share one unit
of vote by how many of them name each role, and a title with only distant neighbours gets
little. Roles that received a vote also get a small prior, log(1 + mapped titles) over
log(1 + most mapped titles): of two roles voted for alike, the one HR maps to more often
wins. The memory's part is fused with the normaliser's score as (score + weight * vote +
prior_weight * prior) / (1 + weight + prior_weight): scores stay in [0, 1] and the ranking
is unchanged when no confirmed title is near.

Five constants, chosen with one random half of the JobBERT validation titles as memory
and the other half as cases and reported the other way round against ESCO 1.1.1
(docs/MEASUREMENTS.md, "How the vote is counted"); the optimum is flat (neighbours 30-50,
temperature 0.1-0.2, weight 1-1.5, lexical share 0.2-0.4 within 0.01 acc@1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class Recall:
    """The nearest confirmed title behind a role's vote."""

    title: str
    similarity: float


@dataclass(frozen=True)
class Votes:
    """The memory's part of each role's score for queries, (q, n_roles), already weighted
    (0 where no neighbour named the role), and the neighbours behind it (q, k) as memory
    indices and similarities."""

    per_role: NDArray[np.float32]
    neighbours: NDArray[np.int64]
    similarities: NDArray[np.float32]


class TitleMemory:
    """Confirmed titles with their roles (as positions in the normaliser's role order)."""

    def __init__(
        self,
        neighbours: int = 30,
        temperature: float = 0.15,
        weight: float = 1.0,
        lexical_share: float = 0.4,
        prior_weight: float = 0.1,
    ) -> None:
        self.neighbours = neighbours
        self.temperature = temperature
        self.weight = weight
        self.lexical_share = lexical_share
        self.prior_weight = prior_weight
        self.titles_: list[str] = []
        self.positions_ = np.zeros(0, dtype=np.int64)
        self.vectors_ = np.zeros((0, 0), dtype=np.float32)
        self.prior_ = np.zeros(0, dtype=np.float32)
        self.lexicon_: TfidfVectorizer | None = None
        self.words_: sparse.csr_matrix | None = None  # (words, titles)
        self.n_roles_ = 0

    def fit(
        self,
        titles: Sequence[str],
        positions: Sequence[int],
        vectors: NDArray[np.float32],
        n_roles: int,
        prepared: Sequence[str] | None = None,
    ) -> Self:
        """Remember titles, their roles' positions and unit vectors (one row per title);
        `prepared` are the titles as the normaliser cleaned them (default: as given)."""
        texts = list(titles if prepared is None else prepared)
        if len({len(titles), len(positions), len(vectors), len(texts)}) != 1:
            raise ValueError("titles, positions, vectors and prepared titles differ in length")
        self.titles_ = list(titles)
        self.positions_ = np.asarray(positions, dtype=np.int64)
        self.vectors_ = np.ascontiguousarray(vectors, dtype=np.float32)
        self.n_roles_ = n_roles
        counts = np.bincount(self.positions_, minlength=n_roles).astype(np.float32)
        top = float(counts.max()) if len(counts) else 0.0
        self.prior_ = np.log1p(counts) / np.log1p(top) if top else counts
        self.lexicon_, self.words_ = None, None
        if texts and self.lexical_share:
            lexicon = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
            try:
                self.words_ = sparse.csr_matrix(lexicon.fit_transform(texts).T)
                self.lexicon_ = lexicon
            except ValueError:  # no word of two letters or more in any title
                pass
        return self

    def __len__(self) -> int:
        return len(self.titles_)

    @property
    def scale(self) -> float:
        """What the fused score is divided by to stay in [0, 1]."""
        return 1.0 + self.weight + self.prior_weight

    def similarities(
        self, queries: NDArray[np.float32], prepared: Sequence[str]
    ) -> NDArray[np.float32]:
        """Similarity of each query to each confirmed title: (q, n_titles)."""
        sims = queries @ self.vectors_.T
        if self.lexicon_ is None or self.words_ is None:
            return sims.astype(np.float32)
        share = self.lexical_share
        lexical: NDArray[np.float32] = (
            self.lexicon_.transform(list(prepared)) @ self.words_
        ).toarray()
        mixed: NDArray[np.float32] = ((1.0 - share) * sims + share * lexical).astype(np.float32)
        return mixed

    def votes(self, queries: NDArray[np.float32], prepared: Sequence[str]) -> Votes:
        """The memory's part of each role's score for each query (unit vectors (q, dim) and
        the queries as the normaliser prepared them)."""
        q = len(queries)
        per_role = np.zeros((q, self.n_roles_), dtype=np.float32)
        k = min(self.neighbours, len(self))
        if not k:
            empty = np.zeros((q, 0))
            return Votes(per_role, empty.astype(np.int64), empty.astype(np.float32))
        sims = self.similarities(queries, prepared)
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        near = np.take_along_axis(sims, top, axis=1).astype(np.float32)
        weights = np.exp((near - 1.0) / self.temperature)
        total = weights.sum(axis=1, keepdims=True)
        weights *= np.minimum(total, 1.0) / np.maximum(total, 1e-30)
        rows = np.repeat(np.arange(q), k)
        np.add.at(per_role, (rows, self.positions_[top].ravel()), weights.ravel())
        named = np.zeros_like(per_role, dtype=bool)
        named[rows, self.positions_[top].ravel()] = True
        per_role = self.weight * per_role + self.prior_weight * self.prior_ * named
        return Votes(per_role.astype(np.float32), top.astype(np.int64), near)

    def fuse(self, scores: NDArray[np.float32], votes: Votes) -> NDArray[np.float32]:
        """The normaliser's scores with the memory's votes, still in [0, 1]."""
        if not len(self):
            return scores
        return ((scores + votes.per_role) / self.scale).astype(np.float32)

    def share(self, votes: Votes, query: int, position: int) -> float:
        """The part of a fused score that the memory gave."""
        return float(votes.per_role[query, position]) / self.scale if len(self) else 0.0

    def recall(self, votes: Votes, query: int, position: int) -> Recall | None:
        """The nearest confirmed title of this role among a query's neighbours."""
        mine = [
            (float(s), int(i))
            for i, s in zip(votes.neighbours[query], votes.similarities[query], strict=True)
            if self.positions_[i] == position
        ]
        if not mine:
            return None
        similarity, index = max(mine)
        return Recall(self.titles_[index], round(similarity, 4))
