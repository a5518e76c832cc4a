"""Bearer-key authentication with scopes."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Request

from cxloop.api.problems import Problem
from cxloop.client import LocalClient

__all__ = ["require"]


def require(scope: str) -> Callable[[Request], str]:
    """A dependency that admits requests whose key holds ``scope``; it returns the key id."""

    def check(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem(401, "send an API key as `Authorization: Bearer KEY` (create one with `cxloop keys create`)")
        token = token.strip()
        state = request.app.state
        if state.admin_token and hmac.compare_digest(token, state.admin_token):
            return "local-admin"
        client: LocalClient = state.client
        key = client.verify_key(token)
        if key is None:
            raise Problem(401, "the API key is unknown or revoked")
        if scope not in key.scopes and "admin" not in key.scopes:
            raise Problem(403, f"the key {key.key_id} lacks the {scope!r} scope; it has: {', '.join(key.scopes)}")
        return key.key_id

    return check
