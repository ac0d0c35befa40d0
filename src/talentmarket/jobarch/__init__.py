"""Job architecture: the company's own roles (job family, level, tasks, skills with levels),
started from a standard occupation and tailored, versioned in the change feed, retired
into a successor that people and openings follow."""
