"""Signed tokens: what verifies, and every way a token must fail (expiry, audience,
issuer, unknown or forged key, `alg: none`, HMAC tricks, tampering), with clock skew."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from talentmarket.auth.keys import (
    SigningKey,
    UnusableKey,
    generate_signing_jwk,
    parse_jwks,
    public_jwk,
    signing_key,
    thumbprint,
)
from talentmarket.auth.tokens import TokenError, issue_token, role_from_claims, verify_token

ISS, AUD = "https://idp.example.com", "talentmarket"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return signing_key(generate_signing_jwk())


def _issue(key: SigningKey, **kw: Any) -> str:
    args: dict[str, Any] = {
        "role": "employee",
        "subject": "E-17",
        "employee_id": 17,
        "ttl": 600,
        "issuer": ISS,
        "audience": AUD,
    }
    return issue_token(key, **(args | kw))


def _verify(token: str, key: SigningKey, leeway: float = 0, **kw: Any) -> Any:
    args: dict[str, Any] = {"issuer": ISS, "audience": AUD, "leeway": leeway}
    return verify_token(token, [key.public], **(args | kw))


def _segments(token: str) -> list[str]:
    return token.split(".")


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(part: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return data


def test_issue_and_verify_round_trip(key: SigningKey) -> None:
    token = _issue(key)
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["kid"]) == ("EdDSA", key.kid)
    claims = _verify(token, key)
    assert (claims.subject, claims.role, claims.employee_id, claims.issuer) == (
        "E-17",
        "employee",
        17,
        ISS,
    )
    assert claims.expires_at - time.time() == pytest.approx(600, abs=5)


def test_expired_token_is_refused(key: SigningKey) -> None:
    token = _issue(key, ttl=60, now=time.time() - 120)
    with pytest.raises(TokenError, match="expired"):
        _verify(token, key)


def test_leeway_absorbs_clock_skew_and_no_more(key: SigningKey) -> None:
    expired_10s_ago = _issue(key, ttl=60, now=time.time() - 70)
    assert _verify(expired_10s_ago, key, leeway=30).subject == "E-17"
    with pytest.raises(TokenError, match="expired"):
        _verify(expired_10s_ago, key, leeway=2)
    from_a_fast_clock = _issue(key, now=time.time() + 10)
    assert _verify(from_a_fast_clock, key, leeway=30).role == "employee"


def test_not_yet_valid_token_is_refused(key: SigningKey) -> None:
    token = _issue(key, now=time.time() + 300)
    with pytest.raises(TokenError, match="not valid yet"):
        _verify(token, key, leeway=30)


def test_wrong_audience_is_refused(key: SigningKey) -> None:
    with pytest.raises(TokenError, match="audience"):
        _verify(_issue(key, audience="another-service"), key)


def test_wrong_issuer_is_refused(key: SigningKey) -> None:
    with pytest.raises(TokenError, match="issuer"):
        _verify(_issue(key, issuer="https://evil.example.com"), key)


def test_token_signed_with_another_key_is_refused(key: SigningKey) -> None:
    other = signing_key(generate_signing_jwk())
    with pytest.raises(TokenError, match="unknown key"):
        _verify(_issue(other), key)
    # the other key claiming our key id: the signature does not verify
    payload = jwt.decode(_issue(other), options={"verify_signature": False})
    forged = jwt.encode(payload, other.key, algorithm="EdDSA", headers={"kid": key.kid})
    with pytest.raises(TokenError, match="signature"):
        _verify(forged, key)


def test_alg_none_is_refused(key: SigningKey) -> None:
    payload = jwt.decode(_issue(key), options={"verify_signature": False}) | {"role": "admin"}
    header = {"alg": "none", "typ": "JWT", "kid": key.kid}
    unsigned = f"{_b64(header)}.{_b64(payload)}."
    with pytest.raises(TokenError, match="algorithm 'none'"):
        _verify(unsigned, key)
    no_kid = f"{_b64({'alg': 'none'})}.{_b64(payload)}."
    with pytest.raises(TokenError, match="algorithm 'none'"):
        _verify(no_kid, key)


def test_hmac_signed_with_the_public_key_is_refused(key: SigningKey) -> None:
    payload = jwt.decode(_issue(key), options={"verify_signature": False}) | {"role": "admin"}
    public_x = base64.urlsafe_b64decode(public_jwk(generate_signing_jwk())["x"] + "==")
    secret = public_x * 2  # 64 bytes: what an attacker knows of a public key
    token = jwt.encode(payload, secret, algorithm="HS256", headers={"kid": key.kid})
    with pytest.raises(TokenError, match="algorithm 'HS256'"):
        _verify(token, key)


def test_tampered_payload_is_refused(key: SigningKey) -> None:
    header, payload, signature = _segments(_issue(key))
    claims = _unb64(payload) | {"role": "admin", "tm_employee_id": 1}
    with pytest.raises(TokenError, match="signature"):
        _verify(f"{header}.{_b64(claims)}.{signature}", key)


def test_missing_claims_and_garbage_are_refused(key: SigningKey) -> None:
    payload = {"iss": ISS, "aud": AUD, "sub": "x", "role": "admin", "iat": int(time.time())}
    no_exp = jwt.encode(payload, key.key, algorithm="EdDSA", headers={"kid": key.kid})
    with pytest.raises(TokenError, match="exp"):
        _verify(no_exp, key)
    with pytest.raises(TokenError, match="malformed"):
        _verify("not.a.token", key)
    with pytest.raises(TokenError, match="no verification key"):
        verify_token(_issue(key), [], ISS, AUD)


def test_roles_from_a_claim_a_list_or_a_dotted_path() -> None:
    assert role_from_claims({"role": "recruiter"}) == "recruiter"
    assert role_from_claims({"roles": ["employee", "recruiter", "other"]}) == "recruiter"
    keycloak = {"realm_access": {"roles": ["offline_access", "employee"]}}
    assert role_from_claims(keycloak, "realm_access.roles") == "employee"
    with pytest.raises(TokenError, match="no known role"):
        role_from_claims({"role": "superuser"})
    with pytest.raises(TokenError, match="no known role"):
        role_from_claims({"sub": "x"})


def test_an_identity_providers_ec_key_from_inline_jwks() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    jwk: dict[str, Any] = jwt.algorithms.ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk |= {"kid": thumbprint(jwk), "use": "sig"}
    keys = parse_jwks(json.dumps({"keys": [jwk]}), "inline")
    assert keys[0].algorithm == "ES256"
    payload = {
        "iss": ISS,
        "aud": [AUD, "other"],
        "sub": "00u1abc",
        "roles": ["recruiter"],
        "email": "Rita@Example.com",
        "iat": int(time.time()),
        "exp": int(time.time()) + 300,
    }
    token = jwt.encode(payload, private, algorithm="ES256", headers={"kid": jwk["kid"]})
    claims = verify_token(token, keys, ISS, AUD)
    assert (claims.role, claims.subject, claims.email) == (
        "recruiter",
        "00u1abc",
        "Rita@Example.com",
    )
    assert claims.employee_id is None
    # the header cannot talk the key into another algorithm
    _, body, signature = _segments(token)
    relabelled = f"{_b64({'alg': 'ES384', 'kid': jwk['kid']})}.{body}.{signature}"
    with pytest.raises(TokenError, match="algorithm 'ES384'"):
        verify_token(relabelled, keys, ISS, AUD)


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "oct", "k": "c2VjcmV0", "kid": "s"}, "not accepted"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB", "alg": "HS256"}, "cannot be read|does not fit"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AA", "use": "enc"}, "not a signature key"),
    ],
)
def test_unusable_keys_are_refused(jwk: dict[str, Any], message: str) -> None:
    with pytest.raises(UnusableKey, match=message):
        parse_jwks(json.dumps({"keys": [jwk]}), "inline")


def test_private_members_never_reach_verification_keys() -> None:
    jwk = generate_signing_jwk()
    assert "d" in jwk
    assert "d" not in public_jwk(jwk)
    assert jwk["kid"] == thumbprint(public_jwk(jwk))
