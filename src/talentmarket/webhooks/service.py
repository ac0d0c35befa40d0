"""Subscribe, read and unsubscribe: admins see every subscription, integrations their own."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from talentmarket.errors import MalformedInput, NotFound
from talentmarket.events.service import check_readable
from talentmarket.paging import Page, PageRequest
from talentmarket.principal import Principal
from talentmarket.webhooks import repository
from talentmarket.webhooks.models import WebhookSubscription
from talentmarket.webhooks.schemas import WebhookCreate, WebhookRead


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MalformedInput("url must be an http(s) URL with a host", field="body.url")
    if parts.username or parts.password:
        raise MalformedInput("url must not hold credentials (the secret signs)", field="body.url")
    if parts.fragment:
        raise MalformedInput("url must not have a fragment", field="body.url")
    return url


def _read(session: Session, rows: list[WebhookSubscription]) -> list[WebhookRead]:
    pending = repository.pending_counts(session, [r.id for r in rows])
    return [
        WebhookRead(
            id=r.id,
            url=r.url,
            events=list(r.event_types),
            status="failing" if r.status == "failing" else "active",
            owner=r.owner,
            created_at=r.created_at,
            pending=pending.get(r.id, 0),
            last_delivered_at=r.last_delivered_at,
            failing_since=r.failing_since,
            retry_at=r.retry_at,
            last_error=r.last_error,
            started_after=r.started_after,
        )
        for r in rows
    ]


def subscribe(session: Session, principal: Principal, body: WebhookCreate) -> WebhookRead:
    """A subscription to events from now on (earlier ones: the replay endpoint)."""
    newest = repository.last_event_id(session)
    subscription = WebhookSubscription(
        url=_check_url(body.url),
        event_types=sorted(set(check_readable(principal.role, list(body.events), "body.events"))),
        secret=body.secret,
        owner=principal.id,
        started_after=newest,
        low_water=newest,
    )
    repository.add(session, subscription)
    return _read(session, [subscription])[0]


def _owned(session: Session, principal: Principal, subscription_id: int) -> WebhookSubscription:
    subscription = repository.get(session, subscription_id)
    if principal.role != "admin" and subscription.owner != principal.id:
        raise NotFound(f"webhook {subscription_id} does not exist")
    return subscription


def get(session: Session, principal: Principal, subscription_id: int) -> WebhookRead:
    """One subscription of the caller (any, for admins)."""
    return _read(session, [_owned(session, principal, subscription_id)])[0]


def list_subscriptions(
    session: Session, principal: Principal, page: PageRequest
) -> Page[WebhookRead]:
    """The caller's subscriptions (all, for admins), by id."""
    owner = None if principal.role == "admin" else principal.id
    rows, total, more = repository.page(session, page, owner)
    return page.keyed(_read(session, rows), total, more, key=lambda item: item.id)


def unsubscribe(session: Session, principal: Principal, subscription_id: int) -> None:
    """Delete a subscription and its pending deliveries."""
    repository.delete(session, _owned(session, principal, subscription_id))
