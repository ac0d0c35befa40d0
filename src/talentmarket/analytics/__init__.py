"""Workforce analytics: skill supply, demand and gaps by department, location or role."""
