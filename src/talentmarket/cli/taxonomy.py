"""`talentmarket taxonomy import`: load ESCO, O*NET or the starter taxonomy."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.cli.common import ProgressPrinter, open_runtime
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.runtime import Runtime


def render_report(report: dict[str, Any], seconds: float) -> str:
    """Human-readable import summary."""
    lines = [f"{report['source']} {report['version']}: done in {seconds:.1f} s"]
    for name, c in report["counts"].items():
        if not c["total"] and not c["removed"]:
            continue
        lines.append(
            f"  {name:<18} {c['total']:>9,}  (created {c['created']:,}, updated {c['updated']:,},"
            f" unchanged {c['unchanged']:,}, removed/deprecated {c['removed']:,})"
        )
    lines.extend(f"  note: {n}" for n in report["notes"])
    if not report["changed"]:
        lines.append("  no changes: already up to date")
    elif report.get("dry_run"):
        lines.append("  dry run: these changes were found and nothing was written")
    else:
        lines.append("  changes written")
    return "\n".join(lines)


def cmd_taxonomy_import(args: argparse.Namespace, settings: Settings) -> int:
    """Import ESCO, O*NET or the starter taxonomy in one transaction."""
    from talentmarket.taxonomy.importers import import_taxonomy

    runtime = open_runtime(settings)
    started = time.perf_counter()
    path = Path(args.path) if args.path else None
    progress = ProgressPrinter(args.source, quiet=args.quiet)
    with transaction(runtime.sessionmaker) as session:
        report = import_taxonomy(session, args.source, path, progress, args.version)
        if args.dry_run:
            session.rollback()
    seconds = time.perf_counter() - started
    data = report.as_dict() | {"seconds": round(seconds, 2), "dry_run": args.dry_run}
    print(json.dumps(data, indent=2) if args.json else render_report(data, seconds))
    runtime.close()
    return 0


def _import_file(
    settings: Settings, path: str, load: Callable[[Session, Runtime, Path], dict[str, Any]]
) -> int:
    """Run one file import in one transaction and print its report as JSON."""
    runtime = open_runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        report = load(session, runtime, Path(path))
    print(json.dumps(report))
    runtime.close()
    return 0


def cmd_taxonomy_import_exposure(args: argparse.Namespace, settings: Settings) -> int:
    """Store people's exposure labels of the O*NET tasks the taxonomy holds."""
    from talentmarket.workdesign.service import import_labels

    return _import_file(
        settings, args.path, lambda session, _rt, path: import_labels(session, path)
    )


def cmd_taxonomy_import_vacancies(args: argparse.Namespace, settings: Settings) -> int:
    """Count the skills real vacancies ask per role (the evidence of role profiles and
    the extractor's prior)."""
    from talentmarket.jobarch.vacancies import import_vacancies

    return _import_file(settings, args.path, import_vacancies)


def cmd_taxonomy_import_mappings(args: argparse.Namespace, settings: Settings) -> int:
    """Confirmed title-to-role mappings from a file, all or none."""
    from talentmarket.skillintel.mappings import import_file

    return _import_file(settings, args.path, import_file)


def cmd_taxonomy_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the taxonomy as an ESCO-style CSV folder (reads only)."""
    from dataclasses import asdict

    from talentmarket.taxonomy.export_esco import export_esco, export_rsd

    runtime = open_runtime(settings)
    try:
        with runtime.sessionmaker() as session:
            if args.format == "rsd":
                report = export_rsd(session, Path(args.folder), settings.company_name)
            else:
                report = export_esco(session, Path(args.folder))
    finally:
        runtime.close()
    print(json.dumps(asdict(report), indent=1))
    return 0


def register(sub: Any) -> None:
    """Add `taxonomy import`, `import-exposure`, `import-vacancies` and `import-mappings`."""
    tax = sub.add_parser("taxonomy", help="taxonomy data").add_subparsers(dest="tax", required=True)
    imp = tax.add_parser("import", help="import esco, onet or starter (one transaction)")
    imp.add_argument("source", choices=["esco", "onet", "starter"], help="which taxonomy")
    imp.add_argument("path", nargs="?", help="folder of the source files (starter: optional)")
    imp.add_argument("--version", help="release label (default: from the folder name)")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument("--quiet", action="store_true", help="no progress lines")
    imp.set_defaults(handler=cmd_taxonomy_import)
    exp = tax.add_parser(
        "import-exposure",
        help="task exposure labels (the ai-exposure folder); replaces those stored",
    )
    exp.add_argument("path", help="folder holding task_exposure.tsv")
    exp.set_defaults(handler=cmd_taxonomy_import_exposure)
    vac = tax.add_parser(
        "import-vacancies",
        help="real vacancies (JSON lines: title, skill_name) as evidence for role profiles "
        "and the extractor's prior",
    )
    vac.add_argument(
        "path", help="the .jsonl file, or a folder holding vacancies_with_esco_skills.jsonl"
    )
    vac.set_defaults(handler=cmd_taxonomy_import_vacancies)
    maps = tax.add_parser(
        "import-mappings",
        help="confirmed title-to-role mappings (CSV: title,role; or JSON lines) the title "
        "normaliser learns from",
    )
    maps.add_argument("path", help="a .csv with title and role columns, or a .jsonl file")
    maps.set_defaults(handler=cmd_taxonomy_import_mappings)
    out = tax.add_parser(
        "export",
        help="the taxonomy (local skills included) as an ESCO-style CSV folder that "
        "`taxonomy import esco` reads back, or as Rich Skill Descriptors",
    )
    out.add_argument(
        "format",
        choices=["esco", "rsd"],
        help="esco: the ESCO CSV layout; rsd: Rich Skill Descriptors, one JSON object a line",
    )
    out.add_argument("folder", help="folder to write (created if needed)")
    out.set_defaults(handler=cmd_taxonomy_export)
