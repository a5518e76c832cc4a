"""The error hierarchy: every error of ours is a ``CxloopError``."""

from __future__ import annotations

__all__ = [
    "BackendUnavailableError",
    "ConfigError",
    "CxloopError",
    "NotFoundError",
    "ValidationError",
    "WorkspaceError",
]


class CxloopError(Exception):
    """Root of all cxloop errors; messages say what, where and how to fix it."""


class ValidationError(CxloopError, ValueError):
    """Input that does not fit the contract (a record, a flag, a request)."""


class ConfigError(CxloopError, ValueError):
    """A workspace configuration file that cannot be used as written."""


class WorkspaceError(CxloopError):
    """A workspace folder that is missing or not usable."""


class NotFoundError(CxloopError, LookupError):
    """A thing asked for by id that does not exist."""


class BackendUnavailableError(CxloopError, RuntimeError):
    """A store or bus that cannot be reached or whose driver is missing."""
