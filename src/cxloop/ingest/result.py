"""What an ingestion run reports: counts and one reason per rejected record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["IngestResult", "RawRecord", "Reject"]


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read from an entry point, before validation.

    ``where`` names it for people (``line 12``, ``row 40``, ``index 3``);
    ``error`` is set when the record could not even be parsed.
    """

    where: str
    data: dict[str, Any] | None
    error: str | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    where: str
    error: str
    raw: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"where": self.where, "error": self.error}
        kind, _, number = self.where.partition(" ")
        if number.isdigit():
            out[kind] = int(number)
        if self.raw is not None:
            out["record"] = self.raw
        return out


@dataclass(slots=True)
class IngestResult:
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    rejects: list[Reject] = field(default_factory=list)

    def add(self, other: IngestResult) -> None:
        self.accepted += other.accepted
        self.rejected += other.rejected
        self.duplicates += other.duplicates
        self.rejects.extend(other.rejects)

    def summary(self) -> dict[str, int]:
        return {"accepted": self.accepted, "rejected": self.rejected, "duplicates": self.duplicates}
