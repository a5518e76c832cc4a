"""PII redaction: typed placeholders, Luhn-checked cards, international phones, custom patterns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.errors import ValidationError
from cxloop.text.pii import Redactor, luhn_valid, redact

FILLER = st.text(alphabet=st.sampled_from("abcdefghij klmnop,.!?ก่าข配達"), max_size=30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jo.smith+cx@example.co.uk today", "write to [EMAIL] today"),
        ("call +44 20 7946 0958 please", "call [PHONE] please"),
        ("call (555) 123-4567", "call [PHONE]"),
        ("โทร +66 81 234 5678 ครับ", "โทร [PHONE] ครับ"),
        ("mobile 081-234-5678", "mobile [PHONE]"),
        ("+1-555-123-4567", "[PHONE]"),
        ("card 4111 1111 1111 1111 expired", "card [CARD] expired"),
        ("card 5500-0000-0000-0004", "card [CARD]"),
        ("order 1234567812345678 is late", "order 1234567812345678 is late"),
        ("delivered 2024-01-15 at 10:30, paid 1,299 baht", "delivered 2024-01-15 at 10:30, paid 1,299 baht"),
        ("on 12/05/2024 I called twice", "on 12/05/2024 I called twice"),
        ("ref 12345 and 2 items", "ref 12345 and 2 items"),
    ],
)
def test_redact_examples(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111a1111111111")


def test_custom_patterns_and_switches() -> None:
    redactor = Redactor(patterns={"ACCOUNT": r"\bACC-\d{6}\b"}, phones=False)
    assert redactor.redact("ACC-123456 call +44 20 7946 0958") == "[ACCOUNT] call +44 20 7946 0958"
    findings = redactor.findings("x ACC-000001 y")
    assert [(f.kind, f.start, f.end) for f in findings] == [("ACCOUNT", 2, 12)]
    with pytest.raises(ValidationError, match="upper-case"):
        Redactor(patterns={"acct": r"\d"})
    with pytest.raises(ValidationError, match="ACCOUNT"):
        Redactor(patterns={"ACCOUNT": r"("})


@settings(max_examples=40, deadline=None)
@given(email=st.emails(), before=FILLER, after=FILLER)
def test_any_email_inside_text_is_removed(email: str, before: str, after: str) -> None:
    out = redact(f"{before} {email} {after}")
    assert email not in out
    assert "[EMAIL]" in out


def _luhn_digit(body: str) -> str:
    return next(d for d in "0123456789" if luhn_valid(body + d))


@settings(max_examples=150, deadline=None)
@given(body=st.text(alphabet="0123456789", min_size=12, max_size=18), before=FILLER, after=FILLER)
def test_luhn_cards_are_removed_and_other_digit_runs_kept(body: str, before: str, after: str) -> None:
    card = body + _luhn_digit(body)
    assert "[CARD]" in redact(f"{before} {card} {after}")
    assert card not in redact(f"{before} {card} {after}")
    wrong = body + str((int(_luhn_digit(body)) + 1) % 10)
    assert not luhn_valid(wrong)
    if not (wrong.startswith("0") and len(wrong) <= 11):
        assert wrong in redact(f"{before} {wrong} {after}")
