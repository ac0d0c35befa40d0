"""Verified identity: signing keys, JWT bearer tokens, hashed API keys and the resolver
that turns request credentials into a caller. No web framework is imported here; the
HTTP dependency in `api/security.py` calls `resolver.Authenticator`."""
