"""SQL of webhooks: subscriptions, their leases, and the deliveries the outbox fans out to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from talentmarket.db.keyset import keyset_rows
from talentmarket.errors import NotFound
from talentmarket.events.models import Event
from talentmarket.paging import PageRequest
from talentmarket.webhooks.models import WebhookDelivery, WebhookSubscription


def add(session: Session, subscription: WebhookSubscription) -> WebhookSubscription:
    """Store a new subscription in the caller's transaction."""
    session.add(subscription)
    session.flush()
    return subscription


def get(session: Session, subscription_id: int) -> WebhookSubscription:
    """A subscription by id, or NotFound."""
    found = session.get(WebhookSubscription, subscription_id)
    if found is None:
        raise NotFound(f"webhook {subscription_id} does not exist")
    return found


def page(
    session: Session, page: PageRequest, owner: str | None
) -> tuple[list[WebhookSubscription], int, bool]:
    """Subscriptions by id (only the owner's, when given)."""
    stmt = select(WebhookSubscription)
    if owner is not None:
        stmt = stmt.where(WebhookSubscription.owner == owner)
    return keyset_rows(session, stmt, WebhookSubscription.id, page)


def delete(session: Session, subscription: WebhookSubscription) -> None:
    """Remove a subscription with its deliveries."""
    session.delete(subscription)
    session.flush()


def last_event_id(session: Session) -> int:
    """The newest outbox id (0 when empty)."""
    return int(session.scalar(select(func.max(Event.id))) or 0)


def pending_counts(session: Session, ids: list[int]) -> dict[int, int]:
    """Undelivered deliveries per subscription."""
    rows = session.execute(
        select(WebhookDelivery.subscription_id, func.count())
        .where(WebhookDelivery.subscription_id.in_(ids), WebhookDelivery.delivered_at.is_(None))
        .group_by(WebhookDelivery.subscription_id)
    )
    return {int(s): int(n) for s, n in rows}


# --- the worker ------------------------------------------------------------------------


def due(session: Session, now: datetime) -> list[int]:
    """Subscriptions a worker may take now: not held by a live lease, not waiting."""
    stmt = select(WebhookSubscription.id).where(
        or_(WebhookSubscription.lease_until.is_(None), WebhookSubscription.lease_until < now),
        or_(WebhookSubscription.retry_at.is_(None), WebhookSubscription.retry_at <= now),
    )
    return list(session.scalars(stmt.order_by(WebhookSubscription.id)))


def claim(
    session: Session, subscription_id: int, owner: str, now: datetime, until: datetime
) -> bool:
    """Take the subscription's lease if it is free or lapsed (one UPDATE: at most one
    worker wins); True when this worker holds it."""
    result = session.execute(
        update(WebhookSubscription)
        .where(
            WebhookSubscription.id == subscription_id,
            or_(
                WebhookSubscription.lease_until.is_(None),
                WebhookSubscription.lease_until < now,
                WebhookSubscription.lease_owner == owner,
            ),
        )
        .values(lease_owner=owner, lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def release(session: Session, subscription_id: int, owner: str) -> None:
    """Give the lease back (only this worker's)."""
    session.execute(
        update(WebhookSubscription)
        .where(WebhookSubscription.id == subscription_id, WebhookSubscription.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def fan_out(session: Session, subscription: WebhookSubscription, limit: int) -> int:
    """Give the subscription a delivery row for each wanted event after its low water
    that has none yet; returns how many were added."""
    prefixed = [f"org.talentmarket.{t}" for t in subscription.event_types]
    has_row = exists().where(
        WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.event_id == Event.id
    )
    ids = list(
        session.scalars(
            select(Event.id)
            .where(Event.id > subscription.low_water, Event.type.in_(prefixed), ~has_row)
            .order_by(Event.id)
            .limit(limit)
        )
    )
    if ids:
        session.execute(
            insert(WebhookDelivery),
            [{"subscription_id": subscription.id, "event_id": i, "attempts": 0} for i in ids],
        )
    return len(ids)


def settled_below(session: Session, low_water: int, since: datetime) -> int:
    """The outbox id below the oldest event after `low_water` written after `since`:
    events up to it are taken as committed (the newest id when none is that young). Only
    ids above the low water are read (a range of the primary key, not the whole outbox)."""
    young = session.scalar(
        select(func.min(Event.id)).where(Event.id > low_water, Event.time >= since)
    )
    return int(young) - 1 if young is not None else last_event_id(session)


def pending(
    session: Session, subscription_id: int, limit: int
) -> list[tuple[WebhookDelivery, Event]]:
    """The subscription's undelivered deliveries with their events, in outbox order."""
    stmt = (
        select(WebhookDelivery, Event)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(
            and_(
                WebhookDelivery.subscription_id == subscription_id,
                WebhookDelivery.delivered_at.is_(None),
            )
        )
        .order_by(WebhookDelivery.event_id)
        .limit(limit)
    )
    return [(d, e) for d, e in session.execute(stmt).all()]
