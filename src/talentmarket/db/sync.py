"""One way to make a child collection (an employee's skills, an opening's requirements)
match a wanted list: add the missing rows, update the kept ones, remove the rest."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
V = TypeVar("V")


def _always(_row: Any) -> bool:
    """Every unnamed row may be removed."""
    return True


def sync_children(
    session: Session,
    existing: Mapping[K, R],
    wanted: Iterable[tuple[K, V]],
    *,
    create: Callable[[K, V], R],
    update: Callable[[R, V], bool],
    removable: Callable[[R], bool] = _always,
) -> bool:
    """Add a row for each wanted key not in `existing`, update the ones that are, delete
    the unnamed ones `removable` allows; True when anything was added, changed or removed."""
    left = dict(existing)
    changed = False
    for key, item in wanted:
        row = left.pop(key, None)
        if row is None:
            session.add(create(key, item))
            changed = True
        else:
            changed |= update(row, item)
    for row in left.values():
        if removable(row):
            session.delete(row)
            changed = True
    return changed
