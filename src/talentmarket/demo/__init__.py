"""Deterministic synthetic employees and openings for demos and load tests."""
