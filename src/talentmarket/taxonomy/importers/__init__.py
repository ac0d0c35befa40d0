"""taxonomy importers."""
