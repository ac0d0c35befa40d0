"""Signing and verification keys as JWKs: a local Ed25519 key for the embedded default,
and public JWKS (file or inline) from the company's identity provider.

Algorithms are fixed by key type, never taken from a token: symmetric (`oct`) keys are
refused, so neither `none` nor an HMAC signed with a public key can ever verify.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt import PyJWK
from jwt.algorithms import OKPAlgorithm
from jwt.exceptions import PyJWTError

from talentmarket.errors import InvalidRequest

# Which JWS algorithms a key of each type may verify (RFC 7518, RFC 8037).
ALGORITHMS_BY_KTY: dict[str, frozenset[str]] = {
    "OKP": frozenset({"EdDSA"}),
    "EC": frozenset({"ES256", "ES384", "ES512"}),
    "RSA": frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}),
}
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth")


class UnusableKey(InvalidRequest):
    """A key file or JWKS cannot be used (missing, malformed, symmetric, unknown type)."""

    title = "Unusable key"


@dataclass(frozen=True)
class VerificationKey:
    """A public key with its id and the one algorithm it verifies."""

    kid: str | None
    algorithm: str
    key: Any  # a cryptography public key object


@dataclass(frozen=True)
class SigningKey:
    """A private key with its id and algorithm; `public` is its verification half."""

    kid: str
    algorithm: str
    key: Any  # a cryptography private key object
    public: VerificationKey


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) of a public OKP, EC or RSA key."""
    required = {
        "OKP": ("crv", "kty", "x"),
        "EC": ("crv", "kty", "x", "y"),
        "RSA": ("e", "kty", "n"),
    }
    members = {name: jwk[name] for name in required[jwk["kty"]]}
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


def generate_signing_jwk() -> dict[str, Any]:
    """A new Ed25519 private key as a JWK with `kid` (its thumbprint), `alg` and `use`."""
    jwk: dict[str, Any] = OKPAlgorithm.to_jwk(Ed25519PrivateKey.generate(), as_dict=True)
    return jwk | {"kid": thumbprint(jwk), "alg": "EdDSA", "use": "sig"}


def public_jwk(jwk: dict[str, Any]) -> dict[str, Any]:
    """The public half of a JWK (private members dropped)."""
    return {k: v for k, v in jwk.items() if k not in PRIVATE_MEMBERS}


def _parse(jwk: dict[str, Any]) -> tuple[PyJWK, str]:
    """Check a JWK's type and algorithm pairing and parse it with PyJWT."""
    kty = jwk.get("kty")
    if kty not in ALGORITHMS_BY_KTY:
        raise UnusableKey(f"key type {kty!r} is not accepted (only OKP, EC and RSA public keys)")
    if jwk.get("use", "sig") != "sig":
        raise UnusableKey(f"key {jwk.get('kid')!r} is not a signature key (use={jwk['use']!r})")
    if "alg" in jwk and jwk["alg"] not in ALGORITHMS_BY_KTY[kty]:
        raise UnusableKey(f"algorithm {jwk['alg']!r} does not fit a {kty} key")
    try:
        parsed = PyJWK(jwk)
    except PyJWTError as exc:
        raise UnusableKey(f"key {jwk.get('kid')!r} cannot be read: {exc}") from exc
    if parsed.algorithm_name not in ALGORITHMS_BY_KTY[kty]:
        raise UnusableKey(f"algorithm {parsed.algorithm_name!r} does not fit a {kty} key")
    return parsed, parsed.algorithm_name


def verification_key(jwk: dict[str, Any]) -> VerificationKey:
    """A verification key from a public (or private: only its public half is kept) JWK."""
    parsed, algorithm = _parse(public_jwk(jwk))
    return VerificationKey(kid=jwk.get("kid"), algorithm=algorithm, key=parsed.key)


def signing_key(jwk: dict[str, Any]) -> SigningKey:
    """A signing key from a private JWK that has a `kid`."""
    if "d" not in jwk or not jwk.get("kid"):
        raise UnusableKey("a signing key needs the private member 'd' and a 'kid'")
    parsed, algorithm = _parse(jwk)
    return SigningKey(jwk["kid"], algorithm, parsed.key, verification_key(jwk))


def parse_jwks(text: str, source: str) -> list[VerificationKey]:
    """Verification keys from JWKS JSON (`{"keys": [...]}`) or one JWK; names `source` in
    errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnusableKey(f"{source} is not JSON: {exc.msg} at line {exc.lineno}") from exc
    jwks = data.get("keys", [data]) if isinstance(data, dict) else None
    if not isinstance(jwks, list) or not all(isinstance(k, dict) for k in jwks) or not jwks:
        raise UnusableKey(f"{source} holds no JWK (expected {{'keys': [...]}})")
    return [verification_key(jwk) for jwk in jwks]


def read_key_file(path: Path) -> list[dict[str, Any]]:
    """The private JWKs of a key file, newest (the one that signs) first."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UnusableKey(f"signing key file {path} cannot be read: {exc}") from exc
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list) or not keys:
        raise UnusableKey(f"signing key file {path} holds no keys")
    return keys


def load_signing_keys(path: Path) -> list[SigningKey]:
    """Every key of a key file, the signing one first (older ones still verify)."""
    return [signing_key(jwk) for jwk in read_key_file(path)]


def write_key_file(path: Path, jwks: list[dict[str, Any]]) -> None:
    """Write private JWKs readable by the owner only (0600, folder 0700), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"keys": jwks}, out, indent=2)
        out.write("\n")
    os.replace(tmp, path)


def create_key_file(path: Path, rotate: bool = False, keep: int = 2) -> SigningKey:
    """Create the local signing key; with `rotate`, put a new key first and keep the
    `keep` newest so tokens signed with the previous key verify until they expire."""
    old: list[dict[str, Any]] = []
    if path.exists():
        if not rotate:
            raise UnusableKey(f"{path} exists already (use --rotate to replace its key)")
        old = read_key_file(path)
    new = generate_signing_jwk()
    write_key_file(path, [new, *old][:keep])
    return signing_key(new)
