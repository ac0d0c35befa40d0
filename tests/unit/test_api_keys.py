"""API keys: random secrets, stored as hashes, named callers, both settings forms."""

from __future__ import annotations

import pytest

from talentmarket.auth.apikeys import (
    entries_from_settings,
    find_entry,
    generate_api_key,
    hash_api_key,
    settings_entry,
)
from talentmarket.errors import InvalidRequest


def test_keys_are_random_and_hashed() -> None:
    a, b = generate_api_key(), generate_api_key()
    assert a != b
    assert a.startswith("tmk_")
    assert len(a) > 40
    assert hash_api_key(a).startswith("sha256:")
    assert a not in hash_api_key(a)
    assert hash_api_key(a) == hash_api_key(a) != hash_api_key(b)


def test_hashed_settings_name_the_caller_and_never_hold_the_secret() -> None:
    key = generate_api_key()
    entry = settings_entry("hris-sync", "integration", key)
    assert key not in str(entry)
    entries = entries_from_settings(entry)
    found = find_entry(key, entries)
    assert found is not None
    assert (found.principal_id, found.role) == ("apikey:hris-sync", "integration")
    assert find_entry(key + "x", entries) is None


def test_earlier_plain_form_is_hashed_and_named_by_role_not_secret() -> None:
    entries = entries_from_settings(
        {"alpha-secret": "admin", "beta-secret": "admin", "r": "recruiter"}
    )
    names = {e.name for e in entries}
    assert names == {"settings-admin-1", "settings-admin-2", "settings-recruiter-1"}
    found = find_entry("beta-secret", entries)
    assert found is not None
    assert "beta" not in found.principal_id
    assert all("secret" not in e.key_hash for e in entries)
    # numbering follows the hashes, so it is the same on every start
    assert entries == entries_from_settings(
        {"beta-secret": "admin", "r": "recruiter", "alpha-secret": "admin"}
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"k": "superuser"}, "unknown role"),
        ({"ok": {"role": "admin", "hash": "sha256:abc"}}, "64 hex"),
        ({"bad name!": {"role": "admin", "hash": "0" * 64}}, "name"),
        ({"k": 3}, "role or"),
    ],
)
def test_malformed_settings_are_refused(setting: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        entries_from_settings(setting)
