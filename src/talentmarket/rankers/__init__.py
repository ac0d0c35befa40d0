"""Learned rankers: part weights fitted from recruiters' decisions, run in shadow beside
the live scorer, activated by an admin only under guardrails, rolled back in one call."""
