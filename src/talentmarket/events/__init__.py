"""The transactional outbox: what happened, as CloudEvents, written with the change."""
