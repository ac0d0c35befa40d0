"""Learning the scorer's part weights from recruiters' decisions (learning to rank).

Input: impressions, the pairs shown on logged candidate pages, each with its list (one
logged ranking), rank, parts, must-have gate and whether the recruiter later chose the
person (shortlisted or selected).

Method: pairwise logistic regression (scikit-learn) on the within-list differences of
the features of a chosen and a passed-over person, with no intercept: the coefficients
are a ranking direction over the four parts. People low on a page are less likely to
have been seen at all, so each (chosen, passed over) pair is weighted by the inverse
propensity of the chosen one and the propensity of the passed-over one, with the
position-bias model p(rank) = 1 / rank (Joachims et al., 2017, "Unbiased learning to
rank with biased feedback"). The coefficients, clipped at zero and normalised, become
the scorer's part weights, so a learned ranker is still the same scorer: every score is a
weighted sum of the same parts and explains itself the same way.

Features are the gated parts; an unavailable part (NaN) is filled with the pair's
weighted mean under the weights the list was ranked with, which leaves that ranking's
scores unchanged (see `features`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ndcg_score

from talentmarket.matching.scoring import PARTS, rescore

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
MAX_PAIRS_PER_LIST = 400
BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)
FOLDS = 3


class NoSignal(ValueError):
    """The decisions hold nothing to learn from (no list with both a chosen and a
    passed-over person, or no part that favours the chosen)."""


@dataclass(frozen=True)
class Impressions:
    """Pairs shown on logged pages, each array with one row per pair (N,)."""

    list_id: I64
    rank: I64  # 1-based position on the logged page
    parts: F64  # (N, 4) in PARTS order, NaN where unavailable
    gate: F64
    chosen: NDArray[np.bool_]
    base: F64  # (N, 4) the part weights each pair was ranked with (its list's scorer)

    def __len__(self) -> int:
        return len(self.list_id)

    def subset(self, mask: NDArray[np.bool_]) -> Impressions:
        """The impressions where mask holds."""
        return Impressions(
            self.list_id[mask],
            self.rank[mask],
            self.parts[mask],
            self.gate[mask],
            self.chosen[mask],
            self.base[mask],
        )

    def live_scores(self) -> F64:
        """Each pair's score as its list ranked it."""
        return rescore(self.parts, self.gate, self.base)


@dataclass(frozen=True)
class Fit:
    """Learned part weights (in PARTS order, summing to 1) and what they were fitted on."""

    weights: F64
    lists: int
    pairs: int
    chosen: int
    blend: float = 1.0  # share of the fitted direction (the rest: the live weights)

    def as_dict(self) -> dict[str, float]:
        """The weights by part name."""
        return {part: round(float(w), 6) for part, w in zip(PARTS, self.weights, strict=True)}


def propensity(rank: I64) -> F64:
    """The chance a person at this page position was looked at: 1 / rank."""
    return 1.0 / np.maximum(rank, 1).astype(np.float64)


def features(parts: F64, gate: F64, base: F64) -> F64:  # base: (4,) or (N, 4)
    """Gated parts, (N, 4), with each unavailable part set to the pair's weighted mean of
    the available ones under `base`: then sum(base * features) / sum(base) is the score
    the pair had, and learned weights compare pairs with and without a role alike."""
    values = np.asarray(parts, dtype=np.float64)
    mean = rescore(values, np.ones(len(values)), base)
    filled = np.where(np.isnan(values), mean[:, None], values)
    return np.asarray(gate, dtype=np.float64)[:, None] * filled


def _pairs(imp: Impressions, x: F64) -> tuple[F64, F64]:
    """Differences (chosen - passed over) within each list, and their weights."""
    diffs: list[F64] = []
    weights: list[F64] = []
    prop = propensity(imp.rank)
    for lst in np.unique(imp.list_id):
        rows = np.flatnonzero(imp.list_id == lst)
        pos = rows[imp.chosen[rows]]
        neg = rows[~imp.chosen[rows]]
        if len(pos) == 0 or len(neg) == 0:
            continue
        p, n = np.meshgrid(pos, neg, indexing="ij")
        p, n = p.ravel()[:MAX_PAIRS_PER_LIST], n.ravel()[:MAX_PAIRS_PER_LIST]
        diffs.append(x[p] - x[n])
        weights.append(prop[n] / prop[p])
    if not diffs:
        raise NoSignal("no logged list has both a chosen and a passed-over person")
    return np.vstack(diffs), np.concatenate(weights)


def _direction(imp: Impressions) -> tuple[F64, int]:
    """The pairwise logistic regression's direction: part weights summing to 1."""
    x = features(imp.parts, imp.gate, imp.base)
    d, w = _pairs(imp, x)
    w = w / w.mean()
    model = LogisticRegression(fit_intercept=False, C=1.0, max_iter=1000)
    model.fit(np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))], np.r_[w, w])
    coef = np.clip(model.coef_[0], 0.0, None)
    if coef.sum() <= 0:
        raise NoSignal("no part favours the chosen people")
    return coef / coef.sum(), len(d)


def _choose_blend(imp: Impressions, base: F64) -> float:
    """The blend with the best mean nDCG@10 gain over the live weights (blend 0) in
    FOLDS-fold cross-validation over contiguous blocks of lists, among the blends whose
    gain exceeds one standard error of the per-list differences; 0 when none does."""
    lists = np.unique(imp.list_id)
    diffs: dict[float, list[F64]] = {b: [] for b in BLENDS[1:]}
    for block in np.array_split(lists, FOLDS):
        held = np.isin(imp.list_id, block)
        if not held.any() or held.all():
            continue
        try:
            direction, _ = _direction(imp.subset(~held))
        except NoSignal:
            continue
        late = imp.subset(held)
        live = pair_accuracy(late, scores_under(late, base))
        for b in BLENDS[1:]:
            mixed = scores_under(late, (1 - b) * base + b * direction)
            diffs[b].append(pair_accuracy(late, mixed) - live)
    best, best_gain = 0.0, 0.0
    for b, parts in diffs.items():
        diff = np.concatenate(parts) if parts else np.zeros(0)
        if len(diff) < 2:
            continue
        gain, error = float(diff.mean()), float(diff.std(ddof=1) / np.sqrt(len(diff)))
        if gain > error and gain > best_gain:
            best, best_gain = b, gain
    return best


def fit_weights(imp: Impressions) -> Fit:
    """Part weights that order each list's chosen people above the passed-over ones,
    shrunk toward the weights the lists were ranked with as far as cross-validation over
    the training window asks (see `_choose_blend`); the chosen blend is applied to the
    direction fitted on all of it. When the decisions agree with the live weights, the
    blend stays at 0 and the learned ranker ranks as the live one."""
    base = imp.base.mean(axis=0) / imp.base.mean(axis=0).sum()
    blend = _choose_blend(imp, base)
    direction, pairs = _direction(imp)
    weights = (1 - blend) * base + blend * direction
    chosen_lists = len({int(i) for i in imp.list_id[imp.chosen]})
    return Fit(weights / weights.sum(), chosen_lists, pairs, int(imp.chosen.sum()), blend)


def pair_accuracy(imp: Impressions, scores: F64) -> F64:
    """Per list with a chosen and a passed-over person: the weighted share of (chosen,
    passed over) pairs that `scores` order right (ties count half), with the weights of
    the fit."""
    prop = propensity(imp.rank)
    out = []
    for lst in np.unique(imp.list_id):
        rows = np.flatnonzero(imp.list_id == lst)
        pos, neg = rows[imp.chosen[rows]], rows[~imp.chosen[rows]]
        if len(pos) == 0 or len(neg) == 0:
            continue
        p, n = np.meshgrid(pos, neg, indexing="ij")
        w = prop[n] / prop[p]
        right = (scores[p] > scores[n]) + 0.5 * (scores[p] == scores[n])
        out.append(float((w * right).sum() / w.sum()))
    return np.asarray(out, dtype=np.float64)


def ndcg_lists(imp: Impressions, scores: F64, relevance: F64 | None = None, k: int = 10) -> F64:
    """nDCG@k of each list with at least one relevant pair, ranking it by `scores`.
    Relevance defaults to whether the person was chosen, weighted by the inverse
    propensity of the position they were chosen from: logged choices favour the order
    that was shown, and a choice made far down a page says more about preference."""
    rel = imp.chosen / propensity(imp.rank) if relevance is None else relevance
    values = []
    for lst in np.unique(imp.list_id):
        rows = np.flatnonzero(imp.list_id == lst)
        if len(rows) < 2 or rel[rows].max() <= 0:
            continue
        values.append(ndcg_score(rel[rows][None, :], scores[rows][None, :], k=k))
    return np.asarray(values, dtype=np.float64)


def ndcg_at(imp: Impressions, scores: F64, relevance: F64 | None = None, k: int = 10) -> float:
    """Mean nDCG@k over the lists (see `ndcg_lists`); NaN when no list has a relevant pair."""
    values = ndcg_lists(imp, scores, relevance, k)
    return float(values.mean()) if len(values) else float("nan")


def scores_under(imp: Impressions, weights: F64) -> F64:
    """Each impression's score under the given part weights."""
    return rescore(imp.parts, imp.gate, weights)
