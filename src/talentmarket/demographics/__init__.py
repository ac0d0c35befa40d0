"""Self-reported demographic data, kept apart: only the fairness audit and admins read it;
no ranking, search, matching or career code may import this package (import contract)."""
