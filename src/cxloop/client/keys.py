"""API keys: the secret is shown once; the store keeps only its SHA-256.

Secrets are 32 random bytes, so a fast hash is enough: there is nothing to
brute-force the way there is with a human password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from cxloop.errors import ValidationError
from cxloop.store import ApiKeyRecord, Store

__all__ = ["SCOPES", "NewKey", "create_key", "hash_secret", "parse_scopes", "verify_key"]

SCOPES = ("ingest", "read", "admin")


@dataclass(frozen=True)
class NewKey:
    key_id: str
    name: str
    scopes: tuple[str, ...]
    secret: str  # the whole bearer token; shown once


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_scopes(text: str) -> tuple[str, ...]:
    scopes = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise ValidationError(f"--scopes: unknown scope(s) {', '.join(unknown) or '(none given)'}; use a"
                              f" comma-separated list of {', '.join(SCOPES)}")  # fmt: skip
    return scopes


def create_key(store: Store, name: str, scopes: tuple[str, ...], now: datetime) -> NewKey:
    if not name.strip() or len(name) > 100:
        raise ValidationError("--name: give the key a name of 1 to 100 characters, such as the system that uses it")
    key_id = "k" + secrets.token_hex(6)
    token = f"cx_{key_id}_{secrets.token_urlsafe(32)}"
    store.add_api_key(ApiKeyRecord(key_id, name.strip(), scopes, hash_secret(token), now))
    return NewKey(key_id, name.strip(), scopes, token)


def verify_key(store: Store, token: str) -> ApiKeyRecord | None:
    """The live key that ``token`` proves, or None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "cx":
        return None
    record = store.get_api_key(parts[1])
    if record is None or record.revoked_at is not None:
        return None
    return record if hmac.compare_digest(record.secret_hash, hash_secret(token)) else None
