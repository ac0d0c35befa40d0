"""Files the commands need besides the code: `alembic.ini`, `migrations/`, the starter
taxonomy in `data/taxonomy/` and the demo learning catalogue in `data/learning/`.

A wheel (`pip install talentmarket`) carries them inside the package, under `_shipped/`
(see `[tool.hatch.build.targets.wheel.force-include]`); a source checkout or an editable
install reads them from the repository root.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SHIPPED = PACKAGE / "_shipped"
SOURCE_ROOT = PACKAGE.parents[1]  # src/talentmarket -> the repository root


def shipped(relative: str) -> Path:
    """The path of a shipped file or folder, e.g. "migrations" or "data/taxonomy"."""
    inside = SHIPPED / relative
    return inside if inside.exists() else SOURCE_ROOT / relative
