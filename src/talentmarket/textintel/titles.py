"""Job-title normalisation: rank every role of the taxonomy for a free-text job title.

Titles as HRIS and ATS systems hold them ("Sr. SWE II (m/w/d) - Berlin", "HR & ADMIN
EXEC", "Genaral Worker") are cleaned by documented rules (`clean_title`), then every role is
scored against each of its label variants (preferred title and all alternative titles,
whatever source loaded them: ESCO alt labels, O*NET alternate titles, the company's own).
A role's score mixes two signals, each the maximum over the role's variants:

- semantic: cosine of the title embedding and the variant embedding (clipped to [0, 1]),
  pooled over the role's variants by a smooth maximum (log-sum-exp at `temperature`), so a
  role that several of its variants match ranks above one matched by a single variant;
- lexical: cosine of word TF-IDF vectors of the cleaned title and the cleaned variant, which
  rewards exact head words ("driver", "cashier") that small embedding models blur.

Two smaller role-level signals are added to that mix: the cosine to the role's preferred
title alone (the smooth maximum favours roles with many variants; the preferred title is the
one the taxonomy stands behind) and the cosine to the role's description, which names the
tasks a short title implies (a role without a description uses its preferred title instead).

Before scoring, two rules use the vocabulary of the loaded labels: a word unknown to every
label is replaced by the closest known word when it is a likely typo, and a separated
segment ("- Kuala Lumpur", "(Rawang)", "@ Pasir Gudang") made only of unknown words is
dropped as a location or note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmarket.textintel.encoders import Encoder, stack_vectors
from talentmarket.textintel.lexical import fold
from talentmarket.textintel.linalg import Rows
from talentmarket.textintel.title_cleaning import (
    SEPARATORS,
    clean_title,
    content_words,
    segments,
    split_words,
    tidy,
)
from talentmarket.textintel.title_memory import Recall, TitleMemory, Votes


@dataclass(frozen=True, slots=True)
class RoleLabels:
    """The labels of one role (occupation) that title normalisation needs."""

    id: int
    uri: str
    code: str
    title: str
    alt_titles: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class RankedRole:
    """One role proposed for a title, with the label variant that matched best."""

    role_id: int
    uri: str
    code: str
    title: str
    score: float
    matched_label: str
    from_mappings: float = 0.0  # the part of the score that confirmed mappings voted
    mapping: Recall | None = None  # the nearest confirmed title of this role


def group_softmax(
    values: NDArray[np.float32], starts: NDArray[np.int64], temperature: float
) -> NDArray[np.float32]:
    """Per-group smooth maximum log(sum(exp(t * v))) / t of column runs:
    (q, n_variants) -> (q, n_groups). It lies between the group's maximum and the maximum
    plus log(group size) / t, so a role that several variants match scores above one that a
    single variant matches equally well."""
    top = values.max(axis=1, keepdims=True)
    sums: NDArray[np.float32] = np.add.reduceat(
        np.exp(temperature * (values - top)), starts, axis=1
    )
    smooth: NDArray[np.float32] = np.log(sums) / temperature + top
    return smooth.astype(np.float32)


def group_max(values: NDArray[np.float32], starts: NDArray[np.int64]) -> NDArray[np.float32]:
    """Per-group maxima of columns grouped in runs: (q, n_variants) -> (q, n_groups)."""
    return np.maximum.reduceat(values, starts, axis=1)


class TitleNormalizer:
    """Rank all roles of a taxonomy for a free-text job title (estimator style).

    Parameters: `lexical_weight` is the share of the lexical score in the fused score;
    `preferred_weight` and `description_weight` the weights of the cosines to the preferred
    title and to the description, added to the fused score (0 turns a signal off);
    `temperature` of the smooth maximum over a role's variants (None: plain maximum);
    `typo_cutoff` the rapidfuzz ratio a misspelt word needs to be replaced by a label word;
    `drop_unknown_segments` whether separated segments without any label word are dropped.
    Defaults were chosen on one half of the JobBERT validation titles against ESCO 1.1.1
    (`bench/titles_eval.py` reports the other half).
    """

    def __init__(
        self,
        encoder: Encoder,
        *,
        lexical_weight: float = 0.15,
        preferred_weight: float = 0.1,
        description_weight: float = 0.2,
        typo_cutoff: float = 85.0,
        drop_unknown_segments: bool = True,
        temperature: float | None = 20.0,
    ) -> None:
        self.encoder = encoder
        self.lexical_weight = lexical_weight
        self.preferred_weight = preferred_weight
        self.description_weight = description_weight
        self.typo_cutoff = typo_cutoff
        self.drop_unknown_segments = drop_unknown_segments
        self.temperature = temperature

    @staticmethod
    def role_variants(role: RoleLabels) -> list[str]:
        """A role's label variants: title then alt titles, stripped, case-insensitively unique."""
        seen: dict[str, str] = {}
        for label in (role.title, *role.alt_titles):
            text = " ".join(label.split())
            if text and text.lower() not in seen:
                seen[text.lower()] = text
        return list(seen.values())

    @staticmethod
    def role_description(role: RoleLabels) -> str:
        """A role's description with whitespace collapsed ("" when it has none)."""
        return " ".join(role.description.split())

    @staticmethod
    def label_texts(roles: Sequence[RoleLabels]) -> list[str]:
        """Every text whose vector `fit` needs (label variants, then descriptions), unique,
        in first-seen order."""
        out: dict[str, None] = {}
        for role in roles:
            out.update(dict.fromkeys(TitleNormalizer.role_variants(role)))
        for role in roles:
            description = TitleNormalizer.role_description(role)
            if description:
                out.setdefault(description, None)
        return list(out)

    def fit(
        self, roles: Sequence[RoleLabels], vectors: Mapping[str, NDArray[np.float32]] | None = None
    ) -> Self:
        """Index the roles' label variants; `vectors` gives known embeddings by text."""
        if not roles:
            raise ValueError("no roles to fit")
        texts: list[str] = []
        owners: list[int] = []
        for index, role in enumerate(roles):
            variants = self.role_variants(role) or [str(role.id)]
            texts.extend(variants)
            owners.extend([index] * len(variants))
        self.roles_ = list(roles)
        self.position_of_ = {role.id: index for index, role in enumerate(self.roles_)}
        self.variant_texts_ = texts
        self.variant_owner_ = np.asarray(owners, dtype=np.int64)
        self.group_starts_ = np.flatnonzero(
            np.r_[True, self.variant_owner_[1:] != self.variant_owner_[:-1]]
        ).astype(np.int64)
        descriptions = [self.role_description(role) for role in roles]
        wanted = [*texts, *(d for d in descriptions if d)] if self.description_weight else texts
        embedded = self._embed_labels(wanted, vectors or {})
        self.embeddings_ = embedded[: len(texts)]
        self.variant_rows_ = Rows(self.embeddings_)
        self.preferred_ = np.ascontiguousarray(self.embeddings_[self.group_starts_])
        self.descriptions_ = self.preferred_.copy()
        if self.description_weight:
            has = np.flatnonzero([bool(d) for d in descriptions])
            self.descriptions_[has] = embedded[len(texts) :]
        cleaned = [clean_title(t) for t in texts]
        self.vectorizer_ = TfidfVectorizer(
            analyzer=content_words, sublinear_tf=True, dtype=np.float32
        )
        # (words, variants): a title's row times this is its lexical score per variant
        self.lexical_ = sparse.csr_matrix(self.vectorizer_.fit_transform(cleaned).T)
        self.vocabulary_ = frozenset(self.vectorizer_.vocabulary_)
        self._vocab_by_initial: dict[str, list[str]] = {}
        for word in self._label_words(cleaned):
            self._vocab_by_initial.setdefault(word[0], []).append(word)
        self._typos: dict[str, str] = {}
        return self

    @staticmethod
    def _label_words(cleaned: Sequence[str]) -> list[str]:
        """Typo targets: label words of four letters or more found in two labels or more,
        most frequent first (so a rare or misspelt label word is never a target)."""
        counts = Counter(w for text in cleaned for w in set(re.findall(r"[a-z]{4,}", text)))
        return [w for w, n in counts.most_common() if n >= 2]

    def _embed_labels(
        self, texts: Sequence[str], vectors: Mapping[str, NDArray[np.float32]]
    ) -> NDArray[np.float32]:
        """Embedding matrix (n_variants, dim): given vectors where known, encoded otherwise."""
        missing = list(dict.fromkeys(t for t in texts if t not in vectors))
        if missing:
            fresh = dict(zip(missing, self.encoder.encode(missing), strict=True))
            vectors = {**vectors, **fresh}
        return stack_vectors(vectors, texts, self.encoder.dim)

    def _fix_typo(self, word: str) -> str:
        """The closest label word for an unknown word that looks like a misspelling.

        Only words of six letters or more are corrected, only to a word with the same
        first letter (typos rarely hit it, and it keeps "allocation" from "location").
        """
        if fold(word) in self.vocabulary_ or not word.isalpha() or len(word) < 6:
            return word
        if word not in self._typos:
            choices = self._vocab_by_initial.get(word[0], [])
            hit = process.extractOne(
                word, choices, scorer=fuzz.ratio, score_cutoff=self.typo_cutoff
            )
            self._typos[word] = hit[0] if hit else word
        return self._typos[word]

    def prepare(self, title: str) -> str:
        """Clean a title, fix likely typos and drop segments with no known word."""
        cleaned = clean_title(title)
        words = [self._fix_typo(w) if w not in SEPARATORS else w for w in split_words(cleaned)]
        if not self.drop_unknown_segments:
            return tidy(words)
        parts = segments(words)
        known = [s for s in parts if any(fold(w) in self.vocabulary_ for w in s)]
        if not known or len(known) == len(parts):
            return tidy(words)
        return " / ".join(" ".join(s) for s in known)

    def _variant_scores(
        self, prepared: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]]:
        """Semantic and lexical scores of titles against variants, two (q, n_variants), the
        weighted preferred-title and description cosines, (q, n_roles), and the titles'
        vectors (q, dim)."""
        queries = self.encoder.encode(list(prepared))
        semantic = np.clip(self.variant_rows_.against(queries), 0.0, 1.0)
        lexical = (self.vectorizer_.transform(prepared) @ self.lexical_).toarray()
        extra = np.zeros((len(prepared), len(self.roles_)), dtype=np.float32)
        if self.preferred_weight:
            extra += self.preferred_weight * np.clip(queries @ self.preferred_.T, 0.0, 1.0)
        if self.description_weight:
            extra += self.description_weight * np.clip(queries @ self.descriptions_.T, 0.0, 1.0)
        return semantic.astype(np.float32), lexical.astype(np.float32), extra, queries

    def _role_scores(
        self,
        semantic: NDArray[np.float32],
        lexical: NDArray[np.float32],
        extra: NDArray[np.float32],
    ) -> NDArray[np.float32]:
        """Fuse variant scores and role-level signals into role scores:
        (q, n_variants) x 2 and (q, n_roles) -> (q, n_roles)."""
        w = self.lexical_weight
        if self.temperature is None:
            sem, top = group_max(semantic, self.group_starts_), 1.0
        else:
            sem = group_softmax(semantic, self.group_starts_, self.temperature)
            top = (
                1.0
                + float(np.log(np.diff(self.group_starts_, append=len(self.variant_texts_)).max()))
                / self.temperature
            )
        fused = (1.0 - w) * sem + w * group_max(lexical, self.group_starts_) + extra
        # one constant for all roles keeps scores in [0, 1] without creating ties
        bound = (1.0 - w) * top + w + self.preferred_weight + self.description_weight
        return (fused / bound).astype(np.float32)

    def read(
        self, titles: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32], list[str]]:
        """Titles as the normaliser reads them: scores in [0, 1] against all roles in fit
        order (len(titles), n_roles), without any memory; the titles' vectors (len(titles),
        dim); and the titles as prepared (what a memory of confirmed titles compares)."""
        prepared = [self.prepare(t) for t in titles]
        semantic, lexical, extra, queries = self._variant_scores(prepared)
        return self._role_scores(semantic, lexical, extra), queries, prepared

    def score_matrix(
        self, titles: Sequence[str], memory: TitleMemory | None = None
    ) -> NDArray[np.float32]:
        """Scores in [0, 1] of titles against all roles in fit order: (len(titles), n_roles);
        with a memory of confirmed titles, fused with its votes."""
        scores, queries, prepared = self.read(titles)
        if memory is None:
            return scores
        return memory.fuse(scores, memory.votes(queries, prepared))

    def rank(self, title: str) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """All role ids, best first, and their scores."""
        scores = self.score_matrix([title])[0]
        order = np.argsort(-scores, kind="stable")
        ids = np.fromiter((self.roles_[i].id for i in order), dtype=np.int64, count=len(order))
        return ids, scores[order]

    def normalize(
        self, title: str, limit: int = 10, memory: TitleMemory | None = None
    ) -> list[RankedRole]:
        """The best `limit` roles for a title, each with the label variant that matched and,
        with a memory, the part confirmed mappings voted and their nearest title."""
        prepared = [self.prepare(title)]
        semantic, lexical, extra, queries = self._variant_scores(prepared)
        w = self.lexical_weight
        per_variant = (1.0 - w) * semantic[0] + w * lexical[0]
        scores = self._role_scores(semantic, lexical, extra)[0]
        votes: Votes | None = None
        if memory is not None and len(memory):
            votes = memory.votes(queries, prepared)
            scores = memory.fuse(scores[None, :], votes)[0]
        limit = max(0, min(limit, len(scores)))
        top = np.argpartition(-scores, limit - 1)[:limit] if limit else np.array([], int)
        top = top[np.argsort(-scores[top], kind="stable")]
        out = []
        for index in top:
            lo = self.group_starts_[index]
            hi = self.group_starts_[index + 1] if index + 1 < len(self.group_starts_) else None
            best = lo + int(np.argmax(per_variant[lo:hi]))
            role = self.roles_[index]
            voted, recall = 0.0, None
            if memory is not None and votes is not None:
                voted = memory.share(votes, 0, int(index))
                recall = memory.recall(votes, 0, int(index))
            out.append(
                RankedRole(
                    role_id=role.id,
                    uri=role.uri,
                    code=role.code,
                    title=role.title,
                    score=float(scores[index]),
                    matched_label=self.variant_texts_[best],
                    from_mappings=voted,
                    mapping=recall,
                )
            )
        return out
