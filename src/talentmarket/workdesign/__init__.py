"""Work redesign for generative AI: each task's exposure to language models (labelled or
predicted), a role's exposure and the skill shift that follows."""
