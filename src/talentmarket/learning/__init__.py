"""The learning catalogue: courses and resources, their skills, and which close a gap."""
