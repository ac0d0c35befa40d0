"""Staffing planner: many gigs, projects and mentorships staffed at once, as one
optimisation over the rankings' candidates (`planner.py`), proposed to a recruiter who
accepts or edits it."""
