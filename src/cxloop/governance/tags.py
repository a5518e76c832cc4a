"""Tagging every incoming item with its declared source and purpose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cxloop.errors import ValidationError

__all__ = ["DataUseTags", "UndeclaredError"]


class UndeclaredError(ValidationError):
    """A source or purpose that the workspace does not declare."""


@dataclass(frozen=True)
class DataUseTags:
    """The workspace's declared sources (each with its default purpose) and purposes."""

    sources: Mapping[str, str | None]
    purposes: frozenset[str]

    def tag(self, source: str | None, purpose: str | None, default_source: str) -> tuple[str, str]:
        """The ``(source, purpose)`` an item is stored under, or :class:`UndeclaredError`."""
        src = source or default_source
        if src not in self.sources:
            raise UndeclaredError(
                f"source: {src!r} is not declared in cxloop.yaml; declare it under sources: or use one of: "
                + ", ".join(sorted(self.sources))
            )
        use = purpose or self.sources[src]
        if use is None:
            raise UndeclaredError(f"purpose: missing, and source {src!r} declares no default purpose")
        if use not in self.purposes:
            raise UndeclaredError(
                f"purpose: {use!r} is not declared in cxloop.yaml; declare it under purposes: or use one of: "
                + ", ".join(sorted(self.purposes))
            )
        return src, use
