"""The REST API (FastAPI). Every error is answered as problem+json."""

from __future__ import annotations

from cxloop.api.app import create_app

__all__ = ["create_app"]
