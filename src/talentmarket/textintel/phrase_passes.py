"""How the phrases of a text get their vectors, beside its segments' (see `extraction.py`).

Two passes (the default): the segments are encoded, then the distinct phrases of the
segments kept as content; with an encoder that runs two passes at once (ONNX Runtime),
the phrases of every candidate segment are encoded beside the segments instead, and those
of segments found to be boilerplate go unused. One pass: phrase vectors are pooled from
their tokens inside the segment's own pass.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.encoders import Encoder, encode_together
from talentmarket.textintel.textsplit import Segment, is_generic, split_phrases

# which of the rows are content (not boilerplate), given every segment's vector
ContentRows = Callable[[list[Segment], list[int], NDArray[np.float32]], list[int]]
Passes = tuple[list[int], dict[str, int], NDArray[np.float32]]


def _content_phrases(text: str, segment: Segment) -> list[Segment]:
    """The segment's phrases, filler left out."""
    return [p for p in split_phrases(text, segment) if not is_generic(p.text)]


def _encode(encoder: Encoder, texts: list[str], dim: int) -> NDArray[np.float32]:
    """Encoder call that tolerates an empty list: shape (len(texts), dim)."""
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return np.asarray(encoder.encode(texts), dtype=np.float32)


def phrases_one_pass(
    encoder: Encoder,
    content_rows: ContentRows,
    text: str,
    segments: list[Segment],
    candidates: list[int],
    seg_vecs: NDArray[np.float32],
    phrases: list[list[Segment]],
) -> Passes:
    """One model pass: phrase vectors pooled from their tokens inside the segment.
    Fills seg_vecs and phrases; returns the kept segments, phrase rows and vectors."""
    for i in candidates:
        phrases[i] = _content_phrases(text, segments[i])
    spans = [
        [(p.start - segments[i].start, p.end - segments[i].start) for p in phrases[i]]
        for i in candidates
    ]
    vecs, span_vecs = encoder.encode_spans(  # type: ignore[attr-defined]
        [segments[i].text for i in candidates], spans
    )
    seg_vecs[candidates] = vecs
    occurrence = dict(zip(candidates, span_vecs, strict=True))
    kept = content_rows(segments, candidates, seg_vecs)
    for i in set(candidates) - set(kept):
        phrases[i] = []
    distinct = list(dict.fromkeys(p.text for i in kept for p in phrases[i]))
    row_of = {t: r for r, t in enumerate(distinct)}
    phrase_vecs = np.zeros((len(distinct), encoder.dim), dtype=np.float32)
    for i in kept:
        for p, vec in zip(phrases[i], occurrence[i], strict=True):
            phrase_vecs[row_of[p.text]] += vec
    norms = np.linalg.norm(phrase_vecs, axis=1, keepdims=True)
    return kept, row_of, (phrase_vecs / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def phrases_two_passes(
    encoder: Encoder,
    content_rows: ContentRows,
    text: str,
    segments: list[Segment],
    candidates: list[int],
    seg_vecs: NDArray[np.float32],
    phrases: list[list[Segment]],
) -> Passes:
    """Segments encoded, then the distinct phrases of the segments kept; or, when the
    encoder runs two passes at once, the phrases of every candidate segment beside
    the segments (the same vectors, those of segments found to be boilerplate unused)."""
    dim = encoder.dim
    if candidates and getattr(encoder, "passes_at_once", False):
        for i in candidates:
            phrases[i] = _content_phrases(text, segments[i])
        every = list(dict.fromkeys(p.text for i in candidates for p in phrases[i]))
        seg_texts = [segments[i].text for i in candidates]
        seg_vecs[candidates], every_vecs = encode_together(encoder, [seg_texts, every])
        kept = content_rows(segments, candidates, seg_vecs)
        for i in set(candidates) - set(kept):
            phrases[i] = []
        distinct = list(dict.fromkeys(p.text for i in kept for p in phrases[i]))
        at = {t: r for r, t in enumerate(every)}
        vectors = every_vecs[[at[t] for t in distinct]].reshape(len(distinct), dim)
        return kept, {t: r for r, t in enumerate(distinct)}, vectors
    seg_vecs[candidates] = _encode(encoder, [segments[i].text for i in candidates], dim)
    kept = content_rows(segments, candidates, seg_vecs)
    for i in kept:
        phrases[i] = _content_phrases(text, segments[i])
    distinct = list(dict.fromkeys(p.text for i in kept for p in phrases[i]))
    row_of = {t: r for r, t in enumerate(distinct)}
    return kept, row_of, _encode(encoder, distinct, dim)
