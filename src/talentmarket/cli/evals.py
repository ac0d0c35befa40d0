"""`talentmarket eval extraction|titles|mobility|related-roles|task-exposure`: quality on
labelled cases."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from talentmarket.cli.common import open_runtime
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.errors import MalformedInput


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run one evaluation on labelled cases and print one JSON object."""

    runtime = open_runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        if args.eval == "extraction":
            from talentmarket.evaluation.extraction import eval_extraction

            result = eval_extraction(session, runtime, Path(args.cases), args.baseline)
            if args.tune_on:
                from talentmarket.evaluation.cross_tuning import cross_tune

                tune_on = Path(args.tune_on)
                result["cross_tuning"] = cross_tune(session, runtime, Path(args.cases), tune_on)
        elif args.eval == "titles":
            from talentmarket.evaluation.extraction import eval_titles

            mappings = Path(args.mappings) if args.mappings else None
            if args.folds:
                from talentmarket.evaluation.title_folds import eval_title_folds

                if args.baseline:
                    raise MalformedInput("--baseline is measured without --folds")
                result = eval_title_folds(session, runtime, Path(args.cases), args.folds)
            else:
                result = eval_titles(session, runtime, Path(args.cases), args.baseline, mappings)
        elif args.eval == "related-roles":
            from talentmarket.evaluation.mobility import eval_related_roles

            result = eval_related_roles(session, runtime, Path(args.cases), args.baseline)
        else:
            from talentmarket.evaluation.mobility import eval_mobility

            result = eval_mobility(session, runtime, Path(args.cases), args.baseline)
    print(json.dumps(result))
    runtime.close()
    return 0


def cmd_eval_task_exposure(args: argparse.Namespace, settings: Settings) -> int:
    """The task exposure classifier, occupation groups held out (reads files only)."""
    from talentmarket.evaluation.task_exposure import eval_task_exposure

    shared = Path(args.shared)
    print(json.dumps(eval_task_exposure(shared / "data/ai-exposure", shared / "data/onet")))
    return 0


def register(sub: Any) -> None:
    """Add `eval extraction|titles|mobility|related-roles|task-exposure`."""
    evals = sub.add_parser("eval", help="quality on labelled cases").add_subparsers(
        dest="eval", required=True
    )
    helps = {
        "extraction": "rank all skills per text; RP@5, RP@10, MRR",
        "titles": "rank all roles per job title; acc@1, MRR",
        "mobility": "rank openings for O*NET occupation holders; nDCG@10, P@5, MRR",
        "related-roles": "rank related roles per O*NET occupation; nDCG@10, P@5, MRR",
    }
    for name, text in helps.items():
        cmd = evals.add_parser(name, help=text)
        cmd.add_argument("--cases", required=True, help="JSON lines file of labelled cases")
        cmd.add_argument("--baseline", action="store_true", help="add the baselines")
        if name == "titles":
            memory = cmd.add_mutually_exclusive_group()
            memory.add_argument(
                "--mappings",
                help="confirmed mappings (CSV title,role or JSON lines) remembered first; "
                "scores are given with and without them (none by default)",
            )
            memory.add_argument(
                "--folds",
                type=int,
                help="K: cut the cases into K folds (shuffled, seed 0) and ask each with the "
                "other K - 1 remembered as confirmed mappings; with and without them, per "
                "fold and over all (2: half remembered, half asked)",
            )
        if name == "extraction":
            cmd.add_argument(
                "--tune-on",
                help="another labelled set: pick the scoring weights on it from a grid and "
                "report them on --cases, beside the shipped weights and the grid's best",
            )
        cmd.set_defaults(handler=cmd_eval)
    exposure = evals.add_parser(
        "task-exposure", help="task exposure to language models; accuracy, macro-F1"
    )
    exposure.add_argument(
        "--shared",
        default="../shared",
        help="folder holding data/ai-exposure and data/onet (default ../shared)",
    )
    exposure.set_defaults(handler=cmd_eval_task_exposure)
