"""Exposure of a task to language models (E0 none, E1 direct, E2 with complementary
software), predicted from the task's words and the work activities it performs.

Trained on task statements labelled by people ("GPTs are GPTs", Eloundou et al., 2023).
Features: TF-IDF of the statement's words and word pairs, and one-hot flags of the
task's detailed work activities' parents: the intermediate activity (IWA, about 330) and
the generalised work activity (GWA, 41), which O*NET links to its tasks and a company
can pick for its own. One multinomial logistic regression (scikit-learn) over both.
Measured with whole occupation groups held out (`talentmarket eval task-exposure`).
The nearest labelled tasks (cosine over the TF-IDF vectors) are the reason shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

LEVELS = ("E0", "E1", "E2")
C = 2.0  # inverse regularisation of the logistic regression


def activity_parents(codes: Sequence[str]) -> list[str]:
    """The IWA and GWA codes above detailed work activity codes (O*NET DWA ids such as
    4.A.1.a.1.I01.D01: the IWA is 4.A.1.a.1.I01, the GWA 4.A.1.a.1); IWA or GWA codes
    given directly count as themselves."""
    out: set[str] = set()
    for code in codes:
        parts = code.split(".")
        i = next((k for k, p in enumerate(parts) if p[:1] == "I" and p[1:].isdigit()), None)
        if i is not None:
            out.add("iwa:" + ".".join(parts[: i + 1]))
            out.add("gwa:" + ".".join(parts[:i]))
        elif code:
            out.add("gwa:" + code)
    return sorted(out)


@dataclass(frozen=True)
class Neighbour:
    """A labelled task close to the one predicted."""

    index: int  # position in the training rows
    similarity: float


@dataclass(frozen=True)
class Prediction:
    """A predicted level with its probabilities and the nearest labelled tasks."""

    level: str
    confidence: float
    probabilities: dict[str, float]
    neighbours: list[Neighbour]
    used_activities: bool


class ExposureModel:
    """Fitted on labelled tasks: statements, their activity codes and levels."""

    def __init__(self, use_activities: bool = True) -> None:
        self.use_activities = use_activities
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.activity_index: dict[str, int] = {}
        self.model = LogisticRegression(C=C, max_iter=3000)
        self._train_words: csr_matrix | None = None

    def _activities(self, codes: Sequence[Sequence[str]]) -> csr_matrix:
        rows, cols = [], []
        for r, task_codes in enumerate(codes):
            for parent in activity_parents(task_codes):
                col = self.activity_index.get(parent)
                if col is not None:
                    rows.append(r)
                    cols.append(col)
        data = np.ones(len(rows), dtype=np.float64)
        return csr_matrix((data, (rows, cols)), shape=(len(codes), len(self.activity_index)))

    def _features(self, words: csr_matrix, codes: Sequence[Sequence[str]]) -> csr_matrix:
        if not self.use_activities:
            return words
        return hstack([words, self._activities(codes)]).tocsr()

    def fit(
        self, texts: Sequence[str], codes: Sequence[Sequence[str]], levels: Sequence[str]
    ) -> ExposureModel:
        """Fit on labelled tasks (levels in LEVELS)."""
        words = self.words.fit_transform(list(texts))
        parents = sorted({p for c in codes for p in activity_parents(c)})
        self.activity_index = {p: i for i, p in enumerate(parents)}
        self.model.fit(self._features(words, codes), list(levels))
        self._train_words = csr_matrix(words)
        return self

    def probabilities(
        self, texts: Sequence[str], codes: Sequence[Sequence[str]]
    ) -> NDArray[np.float64]:
        """(N, 3) probabilities in LEVELS order."""
        raw = self.model.predict_proba(self._features(self.words.transform(list(texts)), codes))
        order = [list(self.model.classes_).index(level) for level in LEVELS]
        return np.asarray(raw[:, order], dtype=np.float64)

    def predict(self, texts: Sequence[str], codes: Sequence[Sequence[str]]) -> list[str]:
        """The most probable level of each task."""
        return [LEVELS[i] for i in np.argmax(self.probabilities(texts, codes), axis=1)]

    def explain(self, text: str, codes: Sequence[str], k: int = 3) -> Prediction:
        """One task's level, confidence and its nearest labelled tasks."""
        p = self.probabilities([text], [codes])[0]
        best = int(np.argmax(p))
        neighbours: list[Neighbour] = []
        if self._train_words is not None:
            sims = (self._train_words @ self.words.transform([text]).T).toarray()[:, 0]
            for i in np.argsort(-sims, kind="stable")[:k]:
                if sims[i] > 0:
                    neighbours.append(Neighbour(int(i), round(float(sims[i]), 4)))
        used = self.use_activities and bool(
            any(parent in self.activity_index for parent in activity_parents(codes))
        )
        return Prediction(
            level=LEVELS[best],
            confidence=round(float(p[best]), 4),
            probabilities={level: round(float(v), 4) for level, v in zip(LEVELS, p, strict=True)},
            neighbours=neighbours,
            used_activities=used,
        )
