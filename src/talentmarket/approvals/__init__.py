"""Manager approval of the time a gig, project or mentorship takes, with escalation to HR."""
