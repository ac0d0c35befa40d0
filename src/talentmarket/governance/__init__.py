"""Taxonomy governance: local skills, deprecation, merges, near-duplicates, the change feed."""
