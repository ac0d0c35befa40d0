"""The ranking core: skill adjacency, candidate scoring, explanations, ranking metrics.

No web framework, no database, no text models (those are in `textintel`)."""
