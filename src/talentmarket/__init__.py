"""talentmarket: skills taxonomy and internal talent marketplace."""

__version__ = "0.1.0"
