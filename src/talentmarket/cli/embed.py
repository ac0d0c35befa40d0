"""`talentmarket embed`: store vectors for skills, roles, employees and openings."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmarket.cli.common import ProgressPrinter, open_runtime
from talentmarket.config import Settings
from talentmarket.documents import READERS
from talentmarket.embeddings.bulk import KINDS, run_embed
from talentmarket.embeddings.service import BATCH_SIZE, EmbedStats
from talentmarket.runtime import Runtime
from talentmarket.textintel.encoders import DEFAULT_MODEL, Encoder, HashingEncoder


def parse_kinds(value: str) -> list[str]:
    """'skills,roles' -> ['skills', 'roles'], checked against the known kinds."""
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        msg = f"unknown kind(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(KINDS)}"
        raise argparse.ArgumentTypeError(msg)
    return kinds


def render(stats: list[EmbedStats], model_id: str, seconds: float) -> str:
    """One line per pass: items, computed, reused, seconds."""
    lines = [f"embeddings ({model_id}): done in {seconds:.1f} s"]
    for s in stats:
        if s.kind.endswith("labels"):
            lines.append(
                f"  {s.kind:<19} {s.texts:>9,} texts   (computed {s.texts_computed:,}, "
                f"reused {s.texts_reused:,})  {s.seconds:.1f} s"
            )
        else:
            lines.append(
                f"  {s.kind:<19} {s.documents:>9,} vectors (computed {s.documents_computed:,}, "
                f"reused {s.documents_reused:,}, removed {s.documents_removed:,}; "
                f"chunks encoded {s.texts_computed:,} of {s.texts:,})  {s.seconds:.1f} s"
            )
    return "\n".join(lines)


def configured_model_id(settings: Settings) -> str:
    """The model id the configured encoder will report, known without loading it."""
    if settings.encoder == "hashing":
        return HashingEncoder().model_id
    if settings.model in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}", "default"):
        return DEFAULT_MODEL
    return settings.model


class LazyEncoder:
    """The runtime's encoder, loaded on first use: a run with nothing to encode (the
    usual second run) never loads the model."""

    def __init__(self, runtime: Runtime, model_id: str, threads: int | None = None) -> None:
        self.runtime = runtime
        self.model_id = model_id
        self.threads = threads
        self._encoder: Encoder | None = None

    def _load(self) -> Encoder:
        if self._encoder is None:
            if self.threads:
                # On a busy two-core machine one torch thread beats two waiting on each other.
                import torch

                torch.set_num_threads(self.threads)
            encoder = self.runtime.encoder
            if encoder.model_id != self.model_id:
                msg = f"encoder reports {encoder.model_id!r}, expected {self.model_id!r}"
                raise RuntimeError(msg)
            print(f"encoder {encoder.model_id} ({encoder.dim} dims) loaded", file=sys.stderr)
            self._encoder = encoder
        return self._encoder

    @property
    def dim(self) -> int:
        """Vector size (loads the model)."""
        return self._load().dim

    @dim.setter
    def dim(self, value: int) -> None:
        msg = "the dimension comes from the model"
        raise AttributeError(msg)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length."""
        return self._load().encode(texts, batch_size)


def cmd_embed(args: argparse.Namespace, settings: Settings) -> int:
    """Compute the vectors that are missing or stale; commit as it goes, so it resumes."""
    runtime = open_runtime(settings)
    started = time.perf_counter()
    encoder = LazyEncoder(runtime, configured_model_id(settings), args.threads)
    with runtime.sessionmaker() as session:
        stats = run_embed(
            session,
            encoder,
            args.what,
            readers=READERS,
            batch_size=args.batch_size,
            progress=ProgressPrinter("embed", quiet=args.quiet),
            checkpoint=session.commit,
        )
        session.commit()
    seconds = time.perf_counter() - started
    if args.json:
        data = {
            "model_id": encoder.model_id,
            "seconds": round(seconds, 2),
            "passes": [s.as_dict() for s in stats],
        }
        print(json.dumps(data, indent=2))
    else:
        print(render(stats, encoder.model_id, seconds))
    runtime.close()
    return 0


def register(sub: Any) -> None:
    """Add `embed` (stored vectors; the logic lives in talentmarket.embeddings)."""
    embed = sub.add_parser(
        "embed", help="store vectors of skills, roles, employees and openings (only stale ones)"
    )
    embed.add_argument(
        "--what",
        type=parse_kinds,
        default=list(KINDS),
        help=f"comma-separated kinds (default: {','.join(KINDS)})",
    )
    embed.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="texts per encode call")
    embed.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    embed.add_argument("--json", action="store_true", help="print the report as JSON")
    embed.add_argument("--quiet", action="store_true", help="no progress lines")
    embed.set_defaults(handler=cmd_embed)
