"""Static API keys for machine integrations, stored only as SHA-256 hashes.

A key is `tmk_` + 256 random bits (`secrets.token_urlsafe`), so a plain SHA-256 is a safe
hash: there is nothing to brute-force. A caller is named `apikey:<name>`, never by any
part of the secret. Keys live in the `api_keys` table (`talentmarket auth apikey ...`) or
in the `TALENTMARKET_API_KEYS` setting:

- `{"<name>": {"role": "<role>", "hash": "sha256:<hex>"}}`: the secret never appears in
  configuration (`talentmarket auth apikey create --settings` prints such an entry);
- `{"<secret>": "<role>"}`: the earlier form, still read: each secret is hashed when the
  settings are read and named `settings-<role>-<n>`, numbered in the order of their hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from talentmarket.auth.tokens import AUTH_ROLES, AuthRole
from talentmarket.errors import InvalidRequest

API_KEY_PREFIX = "tmk_"
HASH_PREFIX = "sha256:"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class ApiKeyEntry:
    """A usable API key: its name, role and the hash of its secret."""

    name: str
    role: AuthRole
    key_hash: str

    @property
    def principal_id(self) -> str:
        """The stable id that audit rows and decisions record for this key."""
        return f"apikey:{self.name}"


def generate_api_key() -> str:
    """A new secret: the `tmk_` prefix (so secret scanners spot it) and 256 random bits."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """`sha256:<hex>` of a presented or new secret."""
    return HASH_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """A key name: letters, digits, `.`, `_`, `-`, at most 64 characters."""
    if not NAME_PATTERN.match(name):
        raise InvalidRequest(f"API key name {name!r}: use letters, digits, '.', '_', '-' (<= 64)")
    return name


def check_role(role: str) -> AuthRole:
    """A role an API key may carry."""
    if role not in AUTH_ROLES:
        raise InvalidRequest(f"unknown role {role!r} (one of {', '.join(AUTH_ROLES)})")
    return role


def _normalise_hash(value: str, name: str) -> str:
    """`sha256:<hex>` from a configured hash (the prefix is optional)."""
    digest = value.removeprefix(HASH_PREFIX).lower()
    if not HEX64.match(digest):
        raise InvalidRequest(f"API key {name!r}: 'hash' must be sha256:<64 hex digits>")
    return HASH_PREFIX + digest


def entries_from_settings(setting: Mapping[str, Any]) -> list[ApiKeyEntry]:
    """The keys of the `TALENTMARKET_API_KEYS` setting, in either of its two forms."""
    entries: list[ApiKeyEntry] = []
    legacy: list[tuple[str, AuthRole]] = []
    for key, value in setting.items():
        if isinstance(value, str):
            legacy.append((hash_api_key(key), check_role(value)))
        elif isinstance(value, Mapping):
            role = check_role(str(value.get("role", "")))
            entries.append(
                ApiKeyEntry(check_name(key), role, _normalise_hash(str(value.get("hash", "")), key))
            )
        else:
            raise InvalidRequest("TALENTMARKET_API_KEYS: each value is a role or {role, hash}")
    counts: dict[str, int] = {}
    for key_hash, role in sorted(legacy):
        counts[role] = counts.get(role, 0) + 1
        entries.append(ApiKeyEntry(f"settings-{role}-{counts[role]}", role, key_hash))
    names = [e.name for e in entries]
    if len(set(names)) != len(names):
        raise InvalidRequest("TALENTMARKET_API_KEYS: two keys have the same name")
    return entries


def find_entry(presented: str, entries: Iterable[ApiKeyEntry]) -> ApiKeyEntry | None:
    """The entry whose hash matches the presented secret (constant-time comparisons)."""
    wanted = hash_api_key(presented).encode()
    found = None
    for entry in entries:
        if hmac.compare_digest(wanted, entry.key_hash.encode()):
            found = entry
    return found


def settings_entry(name: str, role: str, key: str) -> dict[str, dict[str, str]]:
    """The `TALENTMARKET_API_KEYS` entry for a key, without its secret."""
    return {check_name(name): {"role": check_role(role), "hash": hash_api_key(key)}}
