"""Skill intelligence: extraction, suggestions, title normalisation, semantic search."""
