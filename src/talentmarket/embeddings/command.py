"""`talentmarket embed`: store vectors for skills, roles, employees and openings."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from talentmarket.config import Settings
from talentmarket.embeddings.service import BATCH_SIZE, KINDS, EmbedStats, run_embed


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


def cmd_embed(args: argparse.Namespace, settings: Settings) -> int:
    """Compute the vectors that are missing or stale; commit as it goes, so it resumes."""
    from talentmarket.cli import ProgressPrinter, open_runtime

    if args.threads:
        # On a shared, busy machine one torch thread beats two that wait on each other.
        import torch

        torch.set_num_threads(args.threads)
    runtime = open_runtime(settings)
    started = time.perf_counter()
    encoder = runtime.encoder
    print(f"encoder {encoder.model_id} ({encoder.dim} dims) ready", file=sys.stderr)
    with runtime.sessionmaker() as session:
        stats = run_embed(
            session,
            encoder,
            args.what,
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


def add_embed_parser(sub: Any) -> None:
    """Add `embed` to the CLI's subcommands."""
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
