"""Split CVs and job ads into segments and phrases (with char offsets); spot boilerplate.

Every function keeps offsets into the original text: placeholders such as
`<ORGANIZATION>` are blanked with spaces of the same length instead of being removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9•*\-])")
_HARD_BREAK = re.compile(r"\r?\n(?![ \t]*[a-z(])|\r|[•·▪●◦■►✓✔]|\s\*\s|;\s|\s\|\s|\t")
_LEAD = re.compile(r"^[\s*\-\u2013\u2014•·▪●◦■►✓✔>#:.,)(\]\[0-9]*(?=\S)")
_LETTER = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\S+")
# Phrase borders: punctuation and words that join rather than name things.
_PHRASE_BREAK = re.compile(
    r"[,;:()\[\]/|•!?]|\s[-\u2013\u2014]\s|\.(?=\s|$)"
    r"|\b(?:and|or|as well as|&|but|including|such as"
    r"|e\.g|i\.e|etc|like|plus|also|with|within|using|via|for|from|in|on|at|of|to|by)\b",
    re.IGNORECASE,
)

BOILERPLATE_PROTOTYPES: tuple[str, ...] = (
    "We offer a competitive salary and an attractive benefits package.",
    "Benefits include health insurance, a pension plan and paid time off.",
    "You will get 25 days of annual leave, flexible working hours and a bonus scheme.",
    "We are an equal opportunity employer and value diversity.",
    "All qualified applicants will receive consideration for employment without regard to "
    "race, colour, religion, sex, sexual orientation, gender identity, national origin, "
    "disability or veteran status.",
    "Apply now by sending your CV and cover letter.",
    "Click the apply button to submit your application before the deadline.",
    "If you have questions about the position, please contact our recruiter.",
    "We are a leading global company with offices in many countries and thousands of employees.",
    "Our mission is to make the world a better place for our customers.",
    "Join our award-winning team and enjoy free lunch, a gym membership and social events.",
    "The salary range for this position is 50,000 to 70,000 per year.",
    "We look forward to receiving your application.",
    "Applications are reviewed on an ongoing basis.",
    "The position is full-time and permanent, based in our head office.",
)

_CUES = re.compile(
    r"\b(?:competitive (?:salary|pay|compensation)|salary (?:range|band|of)|per (?:annum|hour"
    r"|year)|benefits? (?:package|include)|pension|health (?:insurance|care plan)|paid time off"
    r"|holiday|annual leave|vacation days|parental leave|gym|free (?:lunch|fruit|coffee)"
    r"|equal opportunit|affirmative action|without regard to|regardless of|veteran status"
    r"|sexual orientation|gender identity|disabilit|reasonable accommodation|diversity"
    r"|inclusive (?:workplace|culture)|about us|award-winning|our mission"
    r"|apply (?:now|today|online|here|by)|send (?:us )?your"
    r"|submit (?:your|an) (?:application|cv|resume)|application deadline|cover letter"
    r"|questions about the (?:job|position|role)|please contact|we look forward"
    r"|recruitment agenc|background check|visa sponsorship|full[- ]time|part[- ]time"
    r"|permanent position|start date|we offer|you will get|perks)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the original text: `text == original[start:end]`."""

    start: int
    end: int
    text: str


def mask_placeholders(text: str) -> str:
    """Blank `<ORGANIZATION>`-style placeholders with spaces, keeping every offset."""
    return PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


def _trimmed(text: str, start: int, end: int) -> Segment | None:
    """Strip whitespace and list markers from text[start:end]; None if no letters are left."""
    piece = text[start:end]
    lead = _LEAD.match(piece)
    skip = lead.end() if lead else 0
    body = piece[skip:].rstrip()
    if not _LETTER.search(body):
        return None
    begin = start + skip
    return Segment(begin, begin + len(body), body)


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of text[start:end] between matches of pattern, as absolute offsets."""
    out: list[tuple[int, int]] = []
    cursor = start
    for m in pattern.finditer(text, start, end):
        out.append((cursor, m.start()))
        cursor = m.end()
    out.append((cursor, end))
    return [(a, b) for a, b in out if b > a]


def split_segments(text: str, max_words: int = 40) -> list[Segment]:
    """Split text into sentence-like segments (lines, bullets, sentences, word windows)."""
    masked = mask_placeholders(text)
    out: list[Segment] = []
    for a, b in _spans(masked, _HARD_BREAK, 0, len(masked)):
        for c, d in _spans(masked, _SENTENCE_END, a, b):
            seg = _trimmed(masked, c, d)
            if seg is None:
                continue
            words = list(_WORD.finditer(masked, seg.start, seg.end))
            for i in range(0, len(words), max_words):
                chunk = words[i : i + max_words]
                piece = _trimmed(masked, chunk[0].start(), chunk[-1].end())
                if piece is not None:
                    out.append(Segment(piece.start, piece.end, text[piece.start : piece.end]))
    return out


def split_phrases(text: str, segment: Segment, max_words: int = 6) -> list[Segment]:
    """Short phrases of a segment, cut at punctuation and joining words (absolute offsets).

    A phrase longer than max_words is kept whole; phrases equal to the segment are dropped.
    """
    masked = mask_placeholders(text)
    out: list[Segment] = []
    for a, b in _spans(masked, _PHRASE_BREAK, segment.start, segment.end):
        piece = _trimmed(masked, a, b)
        if piece is None or (piece.start, piece.end) == (segment.start, segment.end):
            continue
        if len(piece.text.split()) > max_words * 2:
            continue
        out.append(Segment(piece.start, piece.end, text[piece.start : piece.end]))
    return out


_GENERIC_WORDS = """
    of in with for to and or on at by as a an the this that these those you your we our us
    they it is are be been will would can could should must may have has having do does
    years year month months experience experienced knowledge understanding ability able
    skills skill strong good solid great excellent proven basic advanced deep working
    familiarity proficiency proficient required requirement requirements preferred desirable
    plus bonus etc e g ie role position job candidate candidates ideal successful other
    similar related relevant new some any all more most least one two three four five six
    first level high highly very well mindset
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_GENERIC_TOKEN = re.compile(r"[A-Za-z]+|\d+\+?")


def is_generic(phrase: str) -> bool:
    """True when every word of the phrase is filler common to all job ads ("3+ years")."""
    return all(w.lower() in _GENERIC for w in _GENERIC_TOKEN.findall(phrase) if w[0].isalpha())


_BOILERPLATE_HEADING = re.compile(
    r"(?:what we offer|we offer|our offer|what(?:'s| is) in it for you|(?:our |your )?benefits"
    r"|perks(?: and benefits)?|compensation(?: and benefits)?|salary(?: and benefits)?"
    r"|about us|about the company|who we are|why (?:join us|work with us)"
    r"|our (?:company|culture|mission|story)|how to apply|application process|apply"
    r"|equal opportunit(?:y|ies))\s*(?P<colon>:)?",
    re.IGNORECASE,
)


_STRUCTURE_HEADING = re.compile(
    r"(?:your |the |about the )?(?:role|profile|tasks|job|position|responsibilities|duties"
    r"|requirements|qualifications|skills|competencies)|key responsibilities|who you are"
    r"|what you(?:'ll| will)? (?:bring|do|offer)|what we(?:'re| are) looking for|must have"
    r"|nice to have|the ideal candidate|description|job description",
    re.IGNORECASE,
)


def heading_kind(text: str) -> str | None:
    """'boilerplate', 'structure' or 'content' when text is a section heading, else None.

    A heading is a short line that does not end like a sentence ("What we offer",
    "About us:", "Your profile", "Python"); "About us: we are ..." also opens a boilerplate
    section. 'structure' headings ("Your role", "Requirements") name no skill themselves.
    """
    head = text.strip().rstrip(".!")
    m = _BOILERPLATE_HEADING.match(head)
    if m and (m.end() == len(head) or m.group("colon")):
        return "boilerplate"
    if _STRUCTURE_HEADING.fullmatch(head.rstrip(":")):
        return "structure"
    if len(head.split()) <= 5 and not text.strip().endswith((".", "!", "?")) and head[:1].isupper():
        return "content"
    return None


def has_boilerplate_cue(text: str) -> bool:
    """True when text holds a phrase typical of benefits, EEO, salary or how-to-apply text."""
    return _CUES.search(text) is not None


def content_section_rows(segments: list[Segment]) -> list[int]:
    """Segments outside boilerplate sections ("What we offer", "About us: ...", until the
    next heading) that are not structure headings ("Your role")."""
    out = []
    in_boilerplate = False
    for i, seg in enumerate(segments):
        kind = heading_kind(seg.text)
        if kind is not None:
            in_boilerplate = kind == "boilerplate"
        if kind != "structure" and not in_boilerplate:
            out.append(i)
    return out
