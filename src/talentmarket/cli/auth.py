"""`talentmarket auth ...`: local signing keys, tokens and API keys; and the demo tokens
that `demo up` prints. Handlers take parsed arguments; `register` adds the subcommands to
the parser it is given."""

from __future__ import annotations

import json
import sys
from typing import Any

from talentmarket.auth.apikeys import check_name, check_role, generate_api_key, hash_api_key
from talentmarket.auth.apikeys import settings_entry as apikey_settings_entry
from talentmarket.auth.config import default_key_file
from talentmarket.auth.keys import SigningKey, create_key_file, load_signing_keys
from talentmarket.auth.repository import ApiKeyRepository
from talentmarket.auth.tokens import AUTH_ROLES, issue_token
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.db.migrate import ensure_current
from talentmarket.demo.repository import first_employee
from talentmarket.errors import InvalidRequest
from talentmarket.people.models import Employee
from talentmarket.people.repository import resolve_employee
from talentmarket.runtime import Runtime

DEMO_TTL = 12 * 3600


def _runtime(settings: Settings) -> Runtime:
    """A runtime on the configured database, migrated to the newest schema."""
    runtime = Runtime(settings)
    if ensure_current(runtime.engine, settings.database_url):
        print("database migrated to the newest schema", file=sys.stderr)
    return runtime


def _signing_key(settings: Settings) -> SigningKey:
    """The key that signs local tokens (the first of the key file)."""
    path = default_key_file(settings)
    if not path.exists():
        raise InvalidRequest(f"no signing key at {path}: run `talentmarket auth keygen` first")
    return load_signing_keys(path)[0]


def cmd_keygen(args: Any, settings: Settings) -> int:
    """Create (or with --rotate, replace) the local signing key."""
    path = default_key_file(settings)
    key = create_key_file(path, rotate=args.rotate)
    print(f"signing key {key.kid} ({key.algorithm}) written to {path} (mode 600)")
    return 0


def local_token(
    settings: Settings, runtime: Runtime, role: str, employee: str | None, ttl: int | None
) -> tuple[str, Employee | None]:
    """A token the service on these settings accepts; for `employee`, names who."""
    checked = check_role(role)
    if checked == "employee" and not employee:
        raise InvalidRequest("an employee token needs --employee ID_OR_EXTERNAL_ID")
    key = _signing_key(settings)
    person = None
    if employee:
        with runtime.sessionmaker() as session:
            person = resolve_employee(session, employee)
    subject = f"local-{checked}"
    if person is not None:
        subject = person.external_id or f"employee:{person.id}"
    token = issue_token(
        key,
        checked,
        subject,
        person.id if person is not None else None,
        ttl or settings.auth_token_ttl,
        settings.auth_issuer,
        settings.auth_audience,
    )
    return token, person


def cmd_token(args: Any, settings: Settings) -> int:
    """Print a signed token for a role (and employee)."""
    runtime = _runtime(settings)
    try:
        token, _ = local_token(settings, runtime, args.role, args.employee, args.ttl)
    finally:
        runtime.close()
    print(token)
    return 0


def cmd_apikey_create(args: Any, settings: Settings) -> int:
    """Create an API key and print its secret once (and, with --settings, its entry)."""
    name, role = check_name(args.name), check_role(args.role)
    key = generate_api_key()
    if args.settings:
        entry = json.dumps(apikey_settings_entry(name, role, key))
        print(f"add to TALENTMARKET_API_KEYS (the secret is not in it): {entry}", file=sys.stderr)
    else:
        runtime = _runtime(settings)
        with transaction(runtime.sessionmaker) as session:
            ApiKeyRepository(session).create(name, role, hash_api_key(key))
        runtime.close()
        print(f"API key {name!r} ({role}) created; it is shown only now:", file=sys.stderr)
    print(key)
    return 0


def cmd_apikey_list(args: Any, settings: Settings) -> int:
    """List stored API keys: name, role, created, revoked (never the secret)."""
    runtime = _runtime(settings)
    with runtime.sessionmaker() as session:
        rows = [
            {
                "name": k.name,
                "role": k.role,
                "created_at": k.created_at.isoformat(),
                "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
            }
            for k in ApiKeyRepository(session).list()
        ]
    runtime.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "active"
        print(f"{row['name']:<32} {row['role']:<12} created {row['created_at']}  {state}")
    return 0


def cmd_apikey_revoke(args: Any, settings: Settings) -> int:
    """Revoke a stored API key by name; it stops working at once."""
    runtime = _runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        ApiKeyRepository(session).revoke(args.name)
    runtime.close()
    print(f"API key {args.name!r} revoked")
    return 0


def demo_tokens(settings: Settings, runtime: Runtime, base_url: str) -> str:
    """Create the local key if missing and return ready tokens for a demo employee, a
    recruiter and an admin, with a first request to try."""
    path = default_key_file(settings)
    if not path.exists():
        key = create_key_file(path)
        print(f"signing key {key.kid} created at {path}", file=sys.stderr)
    with runtime.sessionmaker() as session:
        first = first_employee(session)
    lines = [f"tokens for the demo (valid {DEMO_TTL // 3600} h; signing key {path}):"]
    employee_id = None
    for role in ("employee", "recruiter", "admin"):
        if role == "employee" and first is None:
            continue
        ref = str(first) if role == "employee" else None
        token, person = local_token(settings, runtime, role, ref, DEMO_TTL)
        if person is not None:
            employee_id = person.id
            lines.append(
                f"  # employee {person.id}; others: talentmarket auth token --role employee "
                "--employee ID"
            )
        lines.append(f"  export TM_{role.upper()}_TOKEN={token}")
    if employee_id is not None:
        lines.append(
            f'try: curl -H "Authorization: Bearer $TM_EMPLOYEE_TOKEN" '
            f"{base_url}/v1/employees/{employee_id}/opportunities"
        )
    return "\n".join(lines)


def register(sub: Any) -> None:
    """Add `auth keygen`, `auth token` and `auth apikey create|list|revoke`."""
    auth = sub.add_parser("auth", help="signing keys, tokens, API keys")
    cmds = auth.add_subparsers(dest="auth", required=True)
    keygen = cmds.add_parser("keygen", help="create the local signing key (Ed25519 JWK)")
    keygen.add_argument("--rotate", action="store_true", help="replace it; the old one verifies")
    keygen.set_defaults(handler=cmd_keygen)
    token = cmds.add_parser("token", help="print a signed token the service accepts")
    token.add_argument("--role", required=True, choices=AUTH_ROLES, help="the caller's role")
    token.add_argument("--employee", help="employee id, external id or email (who it is)")
    token.add_argument("--ttl", type=int, help="lifetime in seconds (default: setting)")
    token.set_defaults(handler=cmd_token)
    apikey = cmds.add_parser("apikey", help="API keys for integrations (stored hashed)")
    keys = apikey.add_subparsers(dest="apikey", required=True)
    create = keys.add_parser("create", help="create a key and print it once")
    create.add_argument("--name", required=True, help="a unique name for the integration")
    create.add_argument("--role", required=True, choices=AUTH_ROLES, help="the key's role")
    create.add_argument(
        "--settings", action="store_true", help="store nothing; print a TALENTMARKET_API_KEYS entry"
    )
    create.set_defaults(handler=cmd_apikey_create)
    listing = keys.add_parser("list", help="list stored keys (never their secrets)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_apikey_list)
    revoke = keys.add_parser("revoke", help="revoke a stored key by name")
    revoke.add_argument("name", help="the key's name")
    revoke.set_defaults(handler=cmd_apikey_revoke)
