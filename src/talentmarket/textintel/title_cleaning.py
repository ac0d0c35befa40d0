"""Cleaning job titles as HRIS and ATS systems hold them ("Sr. SWE II (m/w/d) - Berlin",
"HR & ADMIN EXEC") by documented rules: abbreviations expanded, gender markers, grades and
noise phrases dropped, words and separators split. The title normaliser scores roles
against the cleaned text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from talentmarket.textintel.lexical import fold

# Abbreviations common in HRIS/ATS titles, expanded to the words taxonomies use. Kept
# small and unambiguous: two-letter words that are also common English or Malay words
# ("am", "be", "pa") are left alone unless they are almost always an abbreviation.
ABBREVIATIONS: Mapping[str, str] = {
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "asst": "assistant",
    "assoc": "associate",
    "admin": "administration",
    "exec": "executive",
    "execs": "executives",
    "engr": "engineer",
    "eng": "engineer",
    "dev": "developer",
    "devs": "developers",
    "swe": "software engineer",
    "sde": "software development engineer",
    "sre": "site reliability engineer",
    "qa": "quality assurance",
    "qc": "quality control",
    "hr": "human resources",
    "hrbp": "human resources business partner",
    "it": "information technology",
    "ict": "ict",
    "pm": "project manager",
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "cto": "chief technology officer",
    "coo": "chief operating officer",
    "cio": "chief information officer",
    "cmo": "chief marketing officer",
    "ciso": "chief information security officer",
    "gm": "general manager",
    "coord": "coordinator",
    "rep": "representative",
    "reps": "representatives",
    "cust": "customer",
    "svc": "service",
    "tech": "technician",
    "ops": "operations",
    "mktg": "marketing",
    "dept": "department",
    "supv": "supervisor",
    "spvr": "supervisor",
    "acct": "accountant",
    "accts": "accounting",
    "accounts": "accounting",  # "Accounts Assistant", "Accounts Payable": bookkeeping
    "acctg": "accounting",
    "csr": "customer service representative",
    "bdm": "business development manager",
    "bde": "business development executive",
    "dba": "database administrator",
    "sysadmin": "system administrator",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "ui": "user interface",
    "ux": "user experience",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "cna": "certified nursing assistant",
    "pa": "personal assistant",
    "ea": "executive assistant",
    "r&d": "research and development",
    "f&b": "food and beverage",
    "m&e": "mechanical and electrical",
    "hse": "health safety and environment",
    "ehs": "environment health and safety",
    "hvac": "heating ventilation and air conditioning",
    "qs": "quantity surveyor",
    "sw": "software",
    "hw": "hardware",
    "infra": "infrastructure",
    "mfg": "manufacturing",
    "maint": "maintenance",
    "whse": "warehouse",
    "govt": "government",
    "intl": "international",
    "mech": "mechanical",
    "elec": "electrical",
}

# Words that say nothing about the occupation: seniority, contract, schedule, internship,
# hiring boilerplate, grade numerals. Removed from titles and from label variants alike.
NOISE_WORDS: frozenset[str] = frozenset(
    {
        "senior", "sr", "snr", "junior", "jr", "jnr", "experienced", "entry",
        "intern", "interns", "internship", "internships", "trainee", "trainees", "placement",
        "contract", "temporary", "temp", "permanent", "freelance", "remote", "hybrid",
        "onsite", "urgent", "urgently", "immediate", "immediately", "hiring", "vacancy",
        "vacancies", "wanted", "required", "needed", "opening", "position", "job", "jobs",
        "i", "ii", "iii", "iv", "v", "vi", "level", "grade", "new",
    }
)  # fmt: skip
_NOISE_PHRASES = (
    r"part[\s-]?time|full[\s-]?time|entry[\s-]level|mid[\s-]level|fresh\s+grad(?:uate)?s?"
    r"|home[\s-]?based|work\s+from\s+home|wfh|on[\s-]site|fixed[\s-]term|industrial\s+training"
    r"|immediate\s+start|(?:urgently|now|we\s+are)\s+hiring|job\s+(?:opening|vacancy)"
)
_NOISE_RE = re.compile(rf"\b(?:{_NOISE_PHRASES})\b", re.IGNORECASE)
_GENDER_RE = re.compile(
    r"\(\s*(?:[mwfdhxai]|all|divers|nb)\s*(?:[/|,]\s*(?:[mwfdhxai]|divers|nb)\s*)+\)"
    r"|(?<![\w/])[mwfh]\s*/\s*[mwfd](?:\s*/\s*[dxi])?(?![\w/])"
    r"|\(\s*(?:all\s+genders|gn|male|female|males?\s*/\s*females?|men|women|ladies)"
    r"(?:\s+only)?\s*\)"
    r"|\b(?:male|female)\s+only\b",
    re.IGNORECASE,
)
_AMP_PAIR = re.compile(r"\b([a-z])\s*&\s*([a-z])\b")
_PIECE = re.compile(r"[a-z0-9]+(?:[&'+#.\-][a-z0-9]+)*[+#]*|[()\[\]/,|@;:&]|\s-+\s")
_KEEP_WITH_DIGITS = frozenset({"2d", "3d", "b2b", "b2c", "c++", "s4"})
SEPARATORS = frozenset({"(", ")", "/", ",", "|", "@", ";", ":", "-"})
_STOPWORDS = frozenset({"and", "or", "of", "in", "for", "the", "a", "an", "to", "at", "with"})


def clean_title(text: str) -> str:
    """Normalise a raw job title by fixed rules; never returns an empty string for a title.

    Rules, in order:
    1. Unicode to ASCII: accents dropped ("Protégé" -> "protege"), other scripts removed.
    2. Gender markers removed: "(m/w/d)", "(f/m/x)", "m/f", "(all genders)", "(Male Only)".
    3. Noise phrases removed: "part time", "full-time", "entry level", "fresh graduate",
       "home based", "work from home", "on-site", "fixed-term", "we are hiring", ...
    4. Case-folded; "cum" (as in "Driver cum Clerk") and a lone "&" become "and"; "R & D",
       "F&B", "M&E" are expanded.
    5. Tokens with digits (requisition ids, dates, "Operator 1", "Grade1") are dropped,
       except a few such as "3d" and "b2b".
    6. Noise words dropped: seniority ("Sr.", "Junior"), contract ("Temp", "Permanent"),
       internship ("Intern", "Trainee"), hiring words ("Vacancy", "Urgent"), grade
       numerals ("II", "IV").
    7. Abbreviations expanded with `ABBREVIATIONS` ("Mgr" -> "manager", "SWE" ->
       "software engineer", "HR" -> "human resources", "QA" -> "quality assurance").
    8. Separators kept as single spaced marks ("-", "/", ",", "(", ")") so callers can split
       segments; dangling and repeated separators and empty brackets are removed.
    If nothing is left (the title was only noise, e.g. "Intern"), the case-folded title
    without digits is returned instead.
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.encode("ascii", "ignore").decode()
    t = _GENDER_RE.sub(" ", t)
    t = _NOISE_RE.sub(" ", t)
    t = t.lower()
    t = re.sub(r"\bcum\b", " and ", t)
    t = _AMP_PAIR.sub(lambda m: ABBREVIATIONS.get(f"{m[1]}&{m[2]}", m[0]), t)
    words: list[str] = []
    for match in _PIECE.finditer(t):
        piece = match.group().strip()
        piece = {"[": "(", "]": ")", "&": "and"}.get(piece, piece)
        if piece.startswith("-"):
            piece = "-"
        if piece in SEPARATORS:
            words.append(piece)
            continue
        piece = piece.strip("'.-")
        if not piece or piece in NOISE_WORDS:
            continue
        if any(ch.isdigit() for ch in piece) and piece not in _KEEP_WITH_DIGITS:
            continue
        piece = ABBREVIATIONS.get(piece, piece)
        words.append(piece)
    cleaned = tidy(words)
    if cleaned:
        return cleaned
    fallback = re.sub(r"[^a-z ]+", " ", t)
    return " ".join(fallback.split()) or text.strip().lower()


def tidy(words: list[str]) -> str:
    """Join words and separators; drop empty brackets, repeated and dangling marks."""
    out: list[str] = []
    depth = 0
    for word in words:
        if word == "(":
            depth += 1
            out.append(word)
        elif word == ")":
            if depth == 0:
                continue
            depth -= 1
            if out and out[-1] == "(":
                out.pop()
            else:
                out.append(word)
        elif word in SEPARATORS:
            if out and (out[-1] not in SEPARATORS or out[-1] == ")"):
                out.append(word)
        else:
            out.append(word)
    while out and out[-1] in SEPARATORS and out[-1] != ")":
        if out.pop() == "(":
            depth -= 1
    out.extend(")" * depth)
    text = " ".join(out).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    return " ".join(text.split())


def content_words(text: str) -> list[str]:
    """Plural-folded words of a cleaned text, without separators and stop words."""
    words = re.findall(r"[a-z0-9][a-z0-9&'+#.\-]*", text)
    return [fold(w) for w in words if w not in _STOPWORDS]


_WORD_OR_MARK = re.compile(r"(?:^|\s)-(?=\s|$)|[()/,|@;:]|[^\s()/,|@;:]+")


def split_words(cleaned: str) -> list[str]:
    """Words and separator marks of a cleaned title, in order."""
    return [m.group().strip() for m in _WORD_OR_MARK.finditer(cleaned)]


def segments(words: Sequence[str]) -> list[list[str]]:
    """Split a cleaned title's words at separators; brackets start and end segments."""
    segments: list[list[str]] = [[]]
    for word in words:
        if word in SEPARATORS:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append(word)
    return [seg for seg in segments if seg]
