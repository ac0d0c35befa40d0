"""Webhook signatures: what the worker signs, a receiver verifies; a changed body,
timestamp or secret fails, and so does a replay outside the tolerance."""

from __future__ import annotations

import pytest

from talentmarket.webhooks.signing import InvalidSignature, headers, signature, verify

SECRET = "s3cret-of-twenty-four-chars"
BODY = b'{"specversion":"1.0","id":"e-1","data":{"employee_id":7}}'


def test_a_signed_body_verifies() -> None:
    signed = headers(SECRET, "e-1", 1_800_000_000, BODY)
    verify(SECRET, signed, BODY, now=1_800_000_010)
    assert signed["webhook-signature"].startswith("v1,")
    # header names are case-insensitive on the wire
    verify(SECRET, {k.upper(): v for k, v in signed.items()}, BODY, now=1_800_000_010)


@pytest.mark.parametrize(
    "body",
    [BODY.replace(b"7", b"8"), BODY + b" ", b""],
    ids=["changed value", "trailing space", "empty"],
)
def test_a_tampered_body_fails(body: bytes) -> None:
    signed = headers(SECRET, "e-1", 1_800_000_000, BODY)
    with pytest.raises(InvalidSignature, match="no signature matches"):
        verify(SECRET, signed, body, now=1_800_000_000)


def test_another_secret_id_or_timestamp_fails() -> None:
    signed = headers(SECRET, "e-1", 1_800_000_000, BODY)
    with pytest.raises(InvalidSignature):
        verify("another-secret-of-24-chars!", signed, BODY, now=1_800_000_000)
    with pytest.raises(InvalidSignature):
        verify(SECRET, {**signed, "webhook-id": "e-2"}, BODY, now=1_800_000_000)
    with pytest.raises(InvalidSignature):
        verify(SECRET, {**signed, "webhook-timestamp": "1800000001"}, BODY, now=1_800_000_000)


def test_a_replay_outside_the_tolerance_fails_and_missing_headers_fail() -> None:
    signed = headers(SECRET, "e-1", 1_800_000_000, BODY)
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(SECRET, signed, BODY, now=1_800_000_000 + 301)
    with pytest.raises(InvalidSignature, match="missing"):
        verify(SECRET, {"webhook-id": "e-1"}, BODY)


def test_one_of_several_signatures_may_match_during_a_secret_rotation() -> None:
    new = signature(SECRET, "e-1", 1_800_000_000, BODY)
    old = signature("the-old-secret-of-24-chars", "e-1", 1_800_000_000, BODY)
    both = {
        "webhook-id": "e-1",
        "webhook-timestamp": "1800000000",
        "webhook-signature": f"{old} {new}",
    }
    verify(SECRET, both, BODY, now=1_800_000_000)
