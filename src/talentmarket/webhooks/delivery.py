"""The delivery worker: posts each subscription's events, signed, in outbox order.

At least once, never lost: a delivery row exists for every wanted event (fanned out from
the outbox, which is written with each change) and is marked delivered only after the
receiver answered 2xx, so a crash of the service or of the receiver at any point means a
retry, never a gap. One worker at a time holds a subscription (a lease in the database),
so several server processes or replicas deliver each subscription in order. Per subject,
order is kept: after a failure, later events of the same subject wait. A receiver that is
down (no answer, 5xx, 429) makes the whole subscription wait, with exponential backoff and
jitter; one that refuses one event (other 4xx) holds back only that event's subject.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from talentmarket.db.base import utcnow
from talentmarket.events.models import Event
from talentmarket.events.service import COMMITTED, cloudevent
from talentmarket.webhooks import repository, signing
from talentmarket.webhooks.config import WebhookSettings
from talentmarket.webhooks.models import WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """One attempt: delivered, or why not and whether the receiver as a whole is down."""

    ok: bool
    status: int | None = None
    error: str | None = None
    receiver_down: bool = False


class Deliverer:
    """Delivers every subscription's pending events; `run_once` is one pass."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: WebhookSettings,
        *,
        client: httpx.Client | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.client = client or httpx.Client(
            timeout=settings.timeout_seconds, follow_redirects=False
        )
        self.clock = clock
        self.rng = rng or random.Random()
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def run_once(self) -> int:
        """One pass over the subscriptions due now; the number of attempts made."""
        with self.sessions() as session:
            due = repository.due(session, self.clock())
        attempts = 0
        for subscription_id in due:
            if self._claim(subscription_id):
                try:
                    attempts += self._serve(subscription_id)
                finally:
                    with self.sessions.begin() as session:
                        repository.release(session, subscription_id, self.worker_id)
        return attempts

    def run(self, stop: threading.Event) -> None:
        """Pass after pass until `stop` is set; an idle pass waits `poll_seconds`, or
        less when this process commits events (`events.service.COMMITTED`)."""
        while not stop.is_set():
            COMMITTED.clear()  # a commit from here on wakes the next wait
            try:
                busy = self.run_once() > 0
            except Exception:  # the worker outlives a database or network hiccup
                log.exception("webhook delivery pass failed")
                busy = False
            if not busy:
                COMMITTED.wait(self.settings.poll_seconds)

    def _claim(self, subscription_id: int) -> bool:
        now = self.clock()
        until = now + timedelta(seconds=self.settings.lease_seconds)
        with self.sessions.begin() as session:
            return repository.claim(session, subscription_id, self.worker_id, now, until)

    def _serve(self, subscription_id: int) -> int:
        """Fan out new events, then deliver the pending ones in order."""
        with self.sessions() as session:
            subscription = repository.get(session, subscription_id)
            self._fan_out(session, subscription)
            session.commit()
            blocked: set[str] = set()
            attempts = 0
            for delivery, event in repository.pending(
                session, subscription_id, self.settings.batch
            ):
                if event.subject in blocked:
                    continue
                if delivery.next_attempt_at is not None and delivery.next_attempt_at > self.clock():
                    blocked.add(event.subject)
                    continue
                outcome = self._post(subscription, event)
                attempts += 1
                self._record(subscription, delivery, outcome)
                now = self.clock()
                until = now + timedelta(seconds=self.settings.lease_seconds)
                repository.claim(session, subscription_id, self.worker_id, now, until)  # renew
                session.commit()  # each outcome is durable before the next attempt
                if not outcome.ok:
                    blocked.add(event.subject)
                    if outcome.receiver_down:
                        break
            return attempts

    def _fan_out(self, session: Session, subscription: WebhookSubscription) -> None:
        repository.fan_out(session, subscription, self.settings.batch * 10)
        grace = timedelta(seconds=self.settings.commit_grace_seconds)
        settled = repository.settled_below(session, subscription.low_water, self.clock() - grace)
        subscription.low_water = max(subscription.low_water, settled)

    def _post(self, subscription: WebhookSubscription, event: Event) -> Outcome:
        """POST the event as a structured CloudEvent with signature headers."""
        body = json.dumps(cloudevent(event), separators=(",", ":")).encode()
        stamp = int(self.clock().timestamp())
        headers = signing.headers(subscription.secret, event.event_id, stamp, body)
        headers["content-type"] = "application/cloudevents+json"
        try:
            response = self.client.post(subscription.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500], receiver_down=True)
        if 200 <= response.status_code < 300:
            return Outcome(True, status=response.status_code)
        down = response.status_code >= 500 or response.status_code in (408, 429)
        return Outcome(False, response.status_code, f"HTTP {response.status_code}", down)

    def _record(
        self, subscription: WebhookSubscription, delivery: WebhookDelivery, outcome: Outcome
    ) -> None:
        """Mark the delivery and the subscription after an attempt."""
        now = self.clock()
        delivery.attempts += 1
        delivery.last_status = outcome.status
        delivery.last_error = outcome.error
        if outcome.ok:
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            subscription.last_delivered_at = now
            subscription.failures = 0
            subscription.failing_since = None
            subscription.retry_at = None
            subscription.status = "active"
            return
        wait = self.backoff(delivery.attempts)
        delivery.next_attempt_at = now + wait
        subscription.last_error = outcome.error
        subscription.failing_since = subscription.failing_since or now
        if outcome.receiver_down:
            subscription.failures += 1
            subscription.retry_at = now + self.backoff(subscription.failures)
        failing_for = (now - subscription.failing_since).total_seconds()
        if failing_for >= self.settings.failing_after_seconds:
            subscription.status = "failing"

    def backoff(self, failures: int) -> timedelta:
        """Exponential backoff with jitter: base x 2^(n-1), at most the maximum, then a
        random point in its upper half (so that retries of many receivers spread)."""
        ceiling = min(
            self.settings.retry_max_seconds,
            self.settings.retry_base_seconds * 2 ** min(failures - 1, 30),
        )
        return timedelta(seconds=self.rng.uniform(ceiling / 2, ceiling))


def start_thread(
    sessions: sessionmaker[Session], settings: WebhookSettings
) -> tuple[threading.Thread, threading.Event]:
    """The delivery worker as a daemon thread; set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=Deliverer(sessions, settings).run, args=(stop,), name="webhooks", daemon=True
    )
    thread.start()
    return thread, stop
