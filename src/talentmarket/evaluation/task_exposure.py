"""`talentmarket eval task-exposure`: the task exposure classifier against people's labels,
with whole occupation groups held out.

Reads the labelled tasks (`task_exposure.tsv` of the "GPTs are GPTs" data) and O*NET's
links of tasks to detailed work activities (`Tasks to DWAs.txt`) from files, so it needs
no database. Five-fold group k-fold by the first two digits of the SOC code: no
occupation group is both trained on and tested. Prints accuracy and macro-F1 of the
classifier the service uses (words and work activities), of the same classifier on the
words alone (a task written in a company's own words, with no activities picked), and
the baselines: the majority class and GPT-4's own labels.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

from talentmarket.textintel.exposure import LEVELS, ExposureModel
from talentmarket.workdesign.labels import FILE, read_labelled

FOLDS = 5


def read_task_activities(path: Path) -> dict[int, list[str]]:
    """O*NET task id -> its detailed work activity ids."""
    out: dict[int, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            out[int(row["Task ID"])].append(row["DWA ID"])
    return out


def _scores(truth: list[str], predicted: list[str]) -> dict[str, float]:
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
    }


def eval_task_exposure(exposure_dir: Path, onet_dir: Path) -> dict[str, Any]:
    """Cross-validated scores against the human labels, with the baselines."""
    started = time.perf_counter()
    rows = read_labelled(exposure_dir / FILE)
    links = read_task_activities(onet_dir / "Tasks to DWAs.txt")
    texts = [r["Task"] for r in rows]
    truth = [r["human_exposure_agg"] for r in rows]
    codes = [links.get(int(float(r["Task ID"])), []) for r in rows]
    groups = [r["O*NET-SOC Code"][:2] for r in rows]
    both = np.empty(len(rows), dtype=object)
    words = np.empty(len(rows), dtype=object)
    for train, test in GroupKFold(FOLDS).split(texts, truth, groups):
        fit_texts = [texts[i] for i in train]
        fit_codes = [codes[i] for i in train]
        fit_truth = [truth[i] for i in train]
        test_texts, test_codes = [texts[i] for i in test], [codes[i] for i in test]
        model = ExposureModel().fit(fit_texts, fit_codes, fit_truth)
        both[test] = model.predict(test_texts, test_codes)
        text_only = ExposureModel(use_activities=False).fit(fit_texts, fit_codes, fit_truth)
        words[test] = text_only.predict(test_texts, test_codes)
    majority = max(LEVELS, key=truth.count)
    return {
        **_scores(truth, list(both)),
        "n": len(rows),
        "folds": FOLDS,
        "held_out": "occupation groups (first two digits of the SOC code)",
        "with_activities": round(float(np.mean([bool(c) for c in codes])), 4),
        "words_only": _scores(truth, list(words)),
        "baseline": {
            "majority_class": {**_scores(truth, [majority] * len(truth)), "class": majority},
            "gpt4": _scores(truth, [r["gpt4_exposure"] for r in rows]),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
