"""The identity settings, read once per change: keys from files and the environment."""

from __future__ import annotations

import ipaddress
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from talentmarket.auth.apikeys import ApiKeyEntry, entries_from_settings
from talentmarket.auth.keys import SigningKey, VerificationKey, load_signing_keys, parse_jwks
from talentmarket.config import Settings
from talentmarket.errors import InvalidRequest

KEY_FILE_NAME = Path("auth") / "signing-key.json"


def default_key_file(settings: Settings) -> Path:
    """Where the local signing key lives: the setting, else beside the SQLite file, else
    `var/auth/` (the data folder, which the repository ignores)."""
    if settings.auth_key_file is not None:
        return settings.auth_key_file.expanduser()
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().parent / KEY_FILE_NAME
    return Path("var") / KEY_FILE_NAME


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts local connections."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_remote_ip(host: str) -> bool:
    """Whether a client address is an IP address off this machine (in-process test
    clients and unix sockets have none)."""
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class AuthConfig:
    """Everything the resolver needs that does not live in the database."""

    signing_keys: tuple[SigningKey, ...]
    verification_keys: tuple[VerificationKey, ...]
    settings_keys: tuple[ApiKeyEntry, ...]
    issuer: str
    audience: str
    leeway: int
    role_claim: str
    loopback: bool
    key_file: Path

    @property
    def configured(self) -> bool:
        """Whether a key or a settings API key exists (stored API keys are checked apart)."""
        return bool(self.verification_keys or self.settings_keys)

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthConfig:
        """Read the local key file, the JWKS file and the inline JWKS named by settings."""
        key_file = default_key_file(settings)
        signing = tuple(load_signing_keys(key_file)) if key_file.exists() else ()
        verifying = [k.public for k in signing]
        if settings.auth_jwks_file is not None:
            path = settings.auth_jwks_file.expanduser()
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise InvalidRequest(f"TALENTMARKET_AUTH_JWKS_FILE {path}: {exc}") from exc
            verifying += parse_jwks(text, str(path))
        if settings.auth_jwks:
            verifying += parse_jwks(settings.auth_jwks, "TALENTMARKET_AUTH_JWKS")
        return cls(
            signing_keys=signing,
            verification_keys=tuple(verifying),
            settings_keys=tuple(entries_from_settings(settings.api_keys)),
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            leeway=settings.auth_leeway,
            role_claim=settings.auth_role_claim,
            loopback=is_loopback(settings.bind_host),
            key_file=key_file,
        )


def _mtime(path: Path | None) -> int | None:
    try:
        return path.stat().st_mtime_ns if path is not None else None
    except OSError:
        return None


def _fingerprint(settings: Settings) -> str:
    """What the config depends on, file modification times included."""
    key_file = default_key_file(settings)
    parts: list[Any] = [
        settings.api_keys,
        settings.auth_jwks,
        str(settings.auth_jwks_file),
        _mtime(settings.auth_jwks_file),
        str(key_file),
        _mtime(key_file),
        settings.auth_issuer,
        settings.auth_audience,
        settings.auth_leeway,
        settings.auth_role_claim,
        settings.bind_host,
    ]
    return json.dumps(parts, sort_keys=True, default=str)


_cache: dict[str, AuthConfig] = {}
_cache_lock = threading.Lock()


def auth_config(settings: Settings) -> AuthConfig:
    """The config for these settings, rebuilt only when a setting or key file changes."""
    fingerprint = _fingerprint(settings)
    with _cache_lock:
        found = _cache.get(fingerprint)
    if found is not None:
        return found
    config = AuthConfig.from_settings(settings)
    with _cache_lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[fingerprint] = config
    return config
