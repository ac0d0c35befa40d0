"""Webhooks: subscriptions to the event outbox, delivered signed, in order, at least once."""
