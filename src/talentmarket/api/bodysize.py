"""How large a request body may be, per route.

The limit itself is enforced by FastAPI/Starlette's body limiter
(`FastAPI(max_body_size=...)`, `include_router(..., max_body_size=...)`): a
Content-Length over the limit is refused with 413 at the first read, before a byte of
the body is taken, and a chunked body is counted as it streams and cut off with 413 as
soon as it passes the limit. This module only decides the numbers.
"""

from __future__ import annotations

from fastapi import APIRouter

from talentmarket.config import Settings

# Routes whose body carries a free text of up to max_text_chars characters.
TEXT_ROUTES = frozenset(
    {
        "/v1/skills/extract",
        "/v1/employees/{employee_id}/skills/infer",
        "/v1/openings/{opening_id}/requirements/suggest",
        "/v1/roles/normalize",
    }
)
# JSON may spell one character as \uXXXX (6 bytes), or 12 for a surrogate pair counted as
# one character by Python; 6 per character plus room for the other fields covers any
# text a person writes.
BYTES_PER_CHAR = 6
ENVELOPE_BYTES = 64 * 1024


def text_body_limit(settings: Settings) -> int:
    """Largest body a text route accepts: what max_text_chars needs, at least the default."""
    return max(settings.max_body_bytes, BYTES_PER_CHAR * settings.max_text_chars + ENVELOPE_BYTES)


def router_body_limit(router: APIRouter, settings: Settings) -> int | None:
    """The limit for a router's routes: the text limit if it serves texts, else the app's."""
    paths = {getattr(route, "path", None) for route in router.routes}
    return text_body_limit(settings) if paths & TEXT_ROUTES else None
