"""`talentmarket bench host`: what this machine does with the bundled model, so that the
figures of the other benchmarks can be compared across machines.

The latency bars of extraction, titles and rankings were set on one machine; another can
run the same model several times slower. This prints the yardsticks the team's notes on
that machine name (short skill labels and ~100-word paragraphs encoded in batches of 64,
one query against 100,000 x 384 vectors), the same paragraphs read by the service's int8
reader, and the CPU's name and features. It needs no database.

Texts: the starter taxonomy's skill labels (preferred and alternative), and 100-word
windows of the benchmark ad (`benchmarks/skills.py`, 306 words), each window starting two
words after the last (wrapping round), so that no two are alike.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from talentmarket.benchmarks.skills import JOB_AD
from talentmarket.config import Settings
from talentmarket.matching.blocks import matvec
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers.starter_format import read_starter_taxonomy, starter_path
from talentmarket.textintel.cpu import machine
from talentmarket.textintel.encoders import Encoder

BATCH = 64
LABELS = 640  # short texts encoded per round
PARAGRAPHS = 128  # 100-word texts encoded per round
PARAGRAPH_WORDS = 100
PRODUCT_ROWS = 100_000


def skill_labels(count: int = LABELS) -> list[str]:
    """`count` short texts: the starter skills' labels and alternative labels, in order,
    repeated when there are fewer."""
    skills = read_starter_taxonomy(starter_path()).skills
    labels = [text for s in skills for text in (s.label, *s.alt_labels)]
    return [labels[i % len(labels)] for i in range(count)]


def paragraphs(count: int = PARAGRAPHS, words: int = PARAGRAPH_WORDS) -> list[str]:
    """`count` windows of `words` words of the benchmark ad, each two words on (distinct
    while 2 * count is below the ad's length)."""
    ad = JOB_AD.split()
    starts = range(0, 2 * count, 2)
    return [" ".join(ad[(s + i) % len(ad)] for i in range(words)) for s in starts]


def per_second(encode: Callable[[list[str]], Any], texts: list[str], rounds: int) -> float:
    """Texts encoded per second, the best of `rounds` rounds in batches of `BATCH` (a
    round that another process slowed down does not count)."""
    encode(texts[:BATCH])  # warm-up: the first batch pays for lazy set-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            encode(texts[i : i + BATCH])
        best = min(best, time.perf_counter() - start)
    return round(len(texts) / best, 1)


def product_ms(rows: int = PRODUCT_ROWS, dim: int = 384, queries: int = 30) -> float:
    """p50 milliseconds of one vector against `rows` unit vectors, as the employee pool
    multiplies them (`matching.blocks.matvec`)."""
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((rows, dim), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    times = []
    for q in range(queries):
        start = time.perf_counter()
        matvec(matrix, matrix[q])
        times.append((time.perf_counter() - start) * 1000.0)
    return round(float(np.percentile(times, 50)), 2)


def measure(encoder: Encoder, reader: Encoder, rounds: int = 3) -> dict[str, Any]:
    """The yardsticks for one encoder (the model) and the reader of request texts."""
    labels, texts = skill_labels(), paragraphs()
    out: dict[str, Any] = {
        "machine": machine(),
        "model": encoder.model_id,
        "labels_per_s": per_second(encoder.encode, labels, rounds),
        "paragraphs_per_s": per_second(encoder.encode, texts, rounds),
        "reader": reader.model_id,
        "reader_paragraphs_per_s": per_second(reader.encode, texts, rounds),
        "product_100k_ms": product_ms(),
        "batch": BATCH,
        "rounds": rounds,
    }
    return out


def main(settings: Settings, rounds: int) -> int:
    """Print the host's yardsticks as one JSON object."""
    runtime = Runtime(settings)
    try:
        print(json.dumps(measure(runtime.encoder, runtime.reader, rounds)))
    finally:
        runtime.close()
    return 0
