"""Fitted skill extractors kept on disk, so a restarted server skips the fit.

Fitting the extractor on ESCO (about 100k label vectors read from the database,
near-duplicate labels dropped, the label dictionary built) is pure Python and numpy
work; after a restart it competes with the model import for the interpreter, and it
decided when the first extraction could be answered. A snapshot is the fitted state,
pickled under a key that hashes everything the fit reads: the skills with all their
labels, the demand prior, the extractor's settings, the model id and size, and the
source of the modules that fit and score. Any change gives a new key, so a snapshot is
never stale; the two newest are kept.

Snapshots are written by this service into its own cache folder (mode 0600) and read
only from there; never point `cache_dir` at files from elsewhere.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from talentmarket import __version__
from talentmarket.textintel import encoders, extraction, lexical, textsplit
from talentmarket.textintel.encoders import Encoder
from talentmarket.textintel.extracted import SkillLabels
from talentmarket.textintel.extraction import SkillExtractor

log = logging.getLogger(__name__)

FORMAT = 1
KEEP = 2
_PREFIX = "skill-extractor-"


@cache
def _code_fingerprint() -> bytes:
    """Hash of the source of the modules whose code shapes the fitted state."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    for module in (extraction, lexical, textsplit, encoders):
        if module.__file__:
            digest.update(Path(module.__file__).read_bytes())
    return digest.digest()


def extractor_key(
    extractor: SkillExtractor,
    skills: Sequence[SkillLabels],
    frequency: Mapping[int, float],
    encoder: Encoder,
) -> str:
    """Key of the state `extractor.fit(skills, stored vectors, frequency=frequency)` gives."""
    settings = {k: v for k, v in vars(extractor).items() if k != "encoder"}
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(repr(sorted(settings.items())).encode())
    digest.update(f"{encoder.model_id}:{encoder.dim}".encode())
    digest.update(pickle.dumps(list(skills), protocol=5))
    digest.update(repr(sorted(frequency.items())).encode())
    return digest.hexdigest()[:32]


def load_extractor(folder: Path, key: str, encoder: Encoder) -> SkillExtractor | None:
    """The snapshot of `key` bound to `encoder`, or None when there is none (or it is
    unreadable)."""
    path = folder.expanduser() / f"{_PREFIX}{key}.pkl"
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            state: dict[str, Any] = pickle.load(fh)
    except Exception as exc:  # a damaged file is rebuilt, not fatal
        log.warning("ignoring unreadable extractor snapshot %s: %s", path, exc)
        return None
    extractor = SkillExtractor(encoder)
    extractor.__dict__.update(state)
    extractor.encoder = encoder
    os.utime(path)  # recently used: kept by the pruning below
    return extractor


def save_extractor(folder: Path, key: str, extractor: SkillExtractor) -> Path | None:
    """Write the fitted state atomically and keep the newest `KEEP` snapshots."""
    folder = folder.expanduser()
    state = {k: v for k, v in vars(extractor).items() if k != "encoder"}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=5)
        path = folder / f"{_PREFIX}{key}.pkl"
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not keep the extractor snapshot in %s: %s", folder, exc)
        return None
    old = sorted(folder.glob(f"{_PREFIX}*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in old[KEEP:]:
        stale.unlink(missing_ok=True)
    return path
