"""Exact label matching: find taxonomy labels written out in a text, with char offsets.

Labels and text are tokenised the same way (case-folded, light plural folding, hyphens
and slashes as separators), so the label "work in teams" finds "Work in team",
"work-in-teams" and "WORK IN TEAMS". Short acronym labels whose lower-case
form is an ordinary word ("LESS", "GO", "R") only match when the case agrees, so the
word "less" does not find the LESS stylesheet language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*[+#]*")
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: normalised form, original form and char offsets."""

    norm: str
    raw: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label found in the text: which label entry and where (char offsets)."""

    entry: int
    start: int
    end: int


def fold(word: str) -> str:
    """Case-fold a token and drop a plural 's' (not 'ss', not short words)."""
    low = word.lower()
    if len(low) > 3 and low.endswith("s") and not low.endswith("ss") and low[-2].isalpha():
        return low[:-1]
    return low


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with offsets; hyphens, slashes and spaces separate tokens."""
    return [Token(fold(m.group()), m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def label_variants(label: str) -> list[str]:
    """The label and, for 'Java (computer programming)', also 'Java'."""
    out = [label]
    stripped = _PAREN.sub("", label)
    if stripped and stripped != label:
        out.append(stripped)
    return out


def common_words(texts: Iterable[str]) -> Counter[str]:
    """Count lower-case word occurrences (as written, case kept) in running prose."""
    return Counter(w for w in _TOKEN.findall("\n".join(texts)) if w.islower())


class LabelMatcher:
    """Dictionary of tokenised labels; `find` returns every label occurrence in a text."""

    def __init__(self, max_tokens: int = 8, case_word_min_count: int = 5) -> None:
        self.max_tokens = max_tokens
        self.case_word_min_count = case_word_min_count

    def fit(self, labels: Sequence[str], prose: Iterable[str] = ()) -> LabelMatcher:
        """Index labels (entry i is labels[i]); `prose` decides which acronyms need case."""
        common = common_words(prose)
        self.index_: dict[tuple[str, ...], list[int]] = {}
        self.case_raw_: dict[int, tuple[str, ...]] = {}
        folded: dict[str, str] = {}  # labels repeat words: fold each distinct word once
        for entry, label in enumerate(labels):
            raws = _TOKEN.findall(label)  # the same tokens as `tokenize`, without offsets
            if not raws or len(raws) > self.max_tokens:
                continue
            key = tuple([folded.get(w) or folded.setdefault(w, fold(w)) for w in raws])
            self.index_.setdefault(key, []).append(entry)
            if len(raws) == 1 and _needs_case(raws[0], common, self.case_word_min_count):
                self.case_raw_[entry] = (raws[0],)
        self.lengths_ = sorted({len(k) for k in self.index_}, reverse=True)
        return self

    def find(self, text: str) -> list[LabelHit]:
        """All label occurrences in text, as (entry, start, end); overlapping hits kept."""
        tokens = tokenize(text)
        norms = [t.norm for t in tokens]
        hits: list[LabelHit] = []
        for i in range(len(tokens)):
            for n in self.lengths_:
                if i + n > len(tokens):
                    continue
                entries = self.index_.get(tuple(norms[i : i + n]))
                if not entries:
                    continue
                raws = tuple(t.raw for t in tokens[i : i + n])
                for entry in entries:
                    need = self.case_raw_.get(entry)
                    if need is not None and need != raws:
                        continue
                    hits.append(LabelHit(entry, tokens[i].start, tokens[i + n - 1].end))
        return hits


def _needs_case(raw: str, common: Counter[str], min_count: int) -> bool:
    """True for a short acronym-like label whose lower-case form is an ordinary word."""
    upper = sum(1 for ch in raw if ch.isupper())
    if upper < 1 or raw.islower():
        return False
    if upper < 2 and len(raw) > 2:
        return False
    return common[raw.lower()] >= min_count or len(raw) <= 2
