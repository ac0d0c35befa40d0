"""Role relatedness of the running service: the `mobility` core fitted over the taxonomy's
active occupations, shared by careers (related roles, paths, gaps) and ranking (role
proximity)."""
