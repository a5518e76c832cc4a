"""PII redaction: e-mail addresses, phone numbers, payment cards and your own patterns become typed placeholders.

Meant to run at ingest, before anything is stored. Cards are only cards when
their digits pass the Luhn check, so order numbers stay readable; phone
numbers are recognised in international (``+44 20 7946 0958``), bracketed
(``(555) 123-4567``) and separated national formats (``081-234-5678``), while
dates and plain long digit runs are left alone.

>>> redact("Mail jo@example.com or call +44 20 7946 0958, card 4111 1111 1111 1111")
'Mail [EMAIL] or call [PHONE], card [CARD]'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cxloop.errors import ValidationError

__all__ = ["Finding", "Redactor", "luhn_valid", "redact"]

_EMAIL = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z](?:[a-z0-9-]*[a-z0-9])?(?![\w-])",
    re.IGNORECASE,
)
_CARD = re.compile(r"(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,5}){0,5}(?!\w)")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_MIN_PHONE, _MAX_PHONE = 7, 15


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits passes the Luhn checksum (payment cards do).

    >>> luhn_valid("4111111111111111"), luhn_valid("4111111111111112")
    (True, False)
    """
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _is_phone(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    if not _MIN_PHONE <= digits <= _MAX_PHONE or _DATE.fullmatch(candidate):
        return False
    if candidate.startswith(("+", "(")):
        return True
    if candidate.isdigit():  # a bare run: only a national number starting with 0 (e.g. 0812345678)
        return candidate.startswith("0") and 9 <= digits <= 11
    groups = re.split(r"[ .-]", candidate)
    return len(groups) >= 2 and all(len(g) >= 2 for g in groups) and len(groups[-1]) >= 3


@dataclass(frozen=True)
class Finding:
    """One piece of PII: its ``kind`` (placeholder name) and offsets into the original text."""

    kind: str
    start: int
    end: int


class Redactor:
    """Finds and replaces PII; ``patterns`` adds kinds of your own (``{"IBAN": r"\\bGB\\d{2}[A-Z]{4}\\d{14}\\b"}``).

    Your patterns are applied after e-mail addresses and before cards and phone numbers, so they can claim
    digit strings (account numbers) that would otherwise read as phones.
    """

    def __init__(
        self, *, emails: bool = True, phones: bool = True, cards: bool = True, patterns: Mapping[str, str] | None = None
    ) -> None:
        self.emails, self.phones, self.cards = emails, phones, cards
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for kind, pattern in (patterns or {}).items():
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", kind):
                raise ValidationError(f"PII kind {kind!r}: use upper-case letters, digits and _ (it becomes [{kind}])")
            try:
                self.patterns.append((kind, re.compile(pattern)))
            except re.error as exc:
                raise ValidationError(f"PII pattern for {kind}: {exc}") from exc

    def findings(self, text: str) -> list[Finding]:
        """Non-overlapping PII in ``text``, by position (earlier kinds win overlaps, see the class docstring)."""
        taken: list[Finding] = []

        def free(start: int, end: int) -> bool:
            return all(end <= f.start or start >= f.end for f in taken)

        if self.emails:
            taken.extend(Finding("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(text))
        for kind, pattern in self.patterns:
            taken.extend(
                Finding(kind, m.start(), m.end())
                for m in pattern.finditer(text)
                if m.end() > m.start() and free(m.start(), m.end())
            )
        if self.cards:
            for m in _CARD.finditer(text):
                digits = re.sub(r"\D", "", m.group(0))
                if luhn_valid(digits) and free(m.start(), m.end()):
                    taken.append(Finding("CARD", m.start(), m.end()))
        if self.phones:
            for m in _PHONE.finditer(text):
                if _is_phone(m.group(0)) and free(m.start(), m.end()):
                    taken.append(Finding("PHONE", m.start(), m.end()))
        return sorted(taken, key=lambda f: f.start)

    def redact(self, text: str) -> str:
        """``text`` with each finding replaced by ``[KIND]``."""
        out: list[str] = []
        position = 0
        for finding in self.findings(text):
            out.append(text[position : finding.start])
            out.append(f"[{finding.kind}]")
            position = finding.end
        out.append(text[position:])
        return "".join(out)


_DEFAULT = Redactor()


def redact(text: str) -> str:
    """Redact e-mail addresses, phone numbers and Luhn-valid card numbers with the default :class:`Redactor`."""
    return _DEFAULT.redact(text)
