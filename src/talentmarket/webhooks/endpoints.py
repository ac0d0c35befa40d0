"""HTTP endpoints of webhook subscriptions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from talentmarket.api.deps import PageParams, PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.paging import Page
from talentmarket.webhooks import service
from talentmarket.webhooks.schemas import WebhookCreate, WebhookRead

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
WebhookId = Annotated[int, Path(ge=1, le=ID_MAX, description="webhook subscription id")]


@router.post(
    "",
    response_model=WebhookRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 422),
)
def create_webhook(
    body: WebhookCreate, session: SessionDep, principal: PrincipalDep
) -> WebhookRead:
    """Subscribe a URL to event types. Each event is POSTed as a CloudEvent (structured
    JSON) with `webhook-id`, `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 of
    `id.timestamp.body` with the secret, base64, `v1,` first); any 2xx answer counts as
    received, anything else is retried with backoff, in order per subject."""
    return service.subscribe(session, principal, body)


@router.get("", response_model=Page[WebhookRead], responses=problem_responses(403, 422))
def list_webhooks(
    session: SessionDep, principal: PrincipalDep, page: PageParams
) -> Page[WebhookRead]:
    """The caller's subscriptions (every one, for admins) with their delivery state."""
    return service.list_subscriptions(session, principal, page)


@router.get("/{webhook_id}", response_model=WebhookRead, responses=problem_responses(403, 404, 422))
def get_webhook(webhook_id: WebhookId, session: SessionDep, principal: PrincipalDep) -> WebhookRead:
    """One subscription: pending events, last delivery, failures and the next retry."""
    return service.get(session, principal, webhook_id)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404, 422),
)
def delete_webhook(webhook_id: WebhookId, session: SessionDep, principal: PrincipalDep) -> None:
    """Unsubscribe: pending deliveries are dropped."""
    service.unsubscribe(session, principal, webhook_id)
