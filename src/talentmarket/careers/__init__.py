"""Career mobility for employees: related roles, career paths, skill gaps, learning."""
