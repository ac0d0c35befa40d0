"""Stored text and entity vectors, the `embed` command and vector search on both backends."""
