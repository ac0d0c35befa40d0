"""Proficiency scales: the service's 1-5 scale and the [0, 1] scale of the mobility cores.

The service stores proficiency, role levels and minimum requirements on one 1-5 scale
(1 awareness ... 5 expert). The cores work on [0, 1]: level u = (level - 1) / 4, and a
held skill is never below `HELD_FLOOR` so "held at level 1" differs from "not held".

Effort is counted in **skill-levels to gain** on the 1-5 scale: a need at level r held at
level h costs max(0, r - h); a need that is not held costs r (starting from nothing).
Months are a rough figure, `months_for`: `LEVELS_PER_MONTH` levels a month, the pace of
part-time learning next to a current job (an assumption, stated in every answer).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from talentmarket.mobility.coverage import HELD_FLOOR

FloatArray = NDArray[np.float64]

DEFAULT_REQUIRED_LEVEL = 3.0  # a need without a level asks for a practitioner
ESSENTIAL_IMPORTANCE = 0.75  # importance of an unrated essential need, on [0, 1]
OPTIONAL_IMPORTANCE = 0.5  # importance of an unrated optional need
LEVELS_PER_MONTH = 2.0
EFFORT_ASSUMPTION = (
    "effort in skill-levels to gain on the 1-5 proficiency scale (a missing skill counts "
    f"from 0); months assume about {LEVELS_PER_MONTH:g} levels a month of part-time "
    "learning next to the current job"
)


def unit_level(level: float | None) -> float:
    """A 1-5 level on [0, 1]; None means the default required level (3)."""
    value = DEFAULT_REQUIRED_LEVEL if level is None else float(level)
    return min(1.0, max(0.0, (value - 1.0) / 4.0))


def unit_importance(importance: float | None, essential: bool) -> float:
    """A 1-5 importance on [0, 1]; unrated needs get a fixed weight by their kind."""
    if importance is None:
        return ESSENTIAL_IMPORTANCE if essential else OPTIONAL_IMPORTANCE
    return min(1.0, max(0.0, (float(importance) - 1.0) / 4.0))


def held_unit(proficiency: int | float) -> float:
    """An employee's 1-5 proficiency as a held level on [0, 1] (never below HELD_FLOOR)."""
    return max(HELD_FLOOR, unit_level(float(proficiency)))


def to_scale(unit: FloatArray) -> FloatArray:
    """[0, 1] levels back on the 1-5 scale; same shape."""
    out: FloatArray = 1.0 + 4.0 * np.asarray(unit, dtype=np.float64)
    return out


def levels_to_gain(held: FloatArray, required: FloatArray) -> FloatArray:
    """Skill-levels (1-5 scale) to gain per need: held (k,) and required (k,) on [0, 1],
    held 0 meaning "not held". Returns (k,) >= 0; a missing need costs its full level."""
    held_levels = np.where(held > 0.0, to_scale(held), 0.0)
    gain: FloatArray = np.maximum(to_scale(required) - held_levels, 0.0)
    return gain


def months_for(levels: float) -> float:
    """A rough duration in months for a number of skill-levels (see module docstring)."""
    return round(levels / LEVELS_PER_MONTH, 1)
