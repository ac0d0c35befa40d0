"""The marketplace: ranked opportunities and candidates, matches, decisions, interests."""
