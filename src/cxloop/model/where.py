"""``--where`` filters: a small, safe expression language.

``touchpoint = checkout and segment in (vip, regular) and nps <= 6``

Conditions are joined with ``and``; each is ``FIELD OP VALUE`` with OP one of
``= != < <= > >=`` (the ordering ones on nps, csat and ces only) or
``FIELD in (V1, V2, ...)``. Values are bare words, numbers or quoted strings.
Nothing from the expression reaches SQL except as a parameter or a validated
field name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxloop.errors import ValidationError

__all__ = ["Condition", "parse_where"]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*'|"(?:[^"]|"")*")
      | (?P<op><=|>=|!=|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[^\s'"(),=<>!]+)
    )""",
    re.VERBOSE,
)
_ORDERING = {"<", "<=", ">", ">="}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # = != < <= > >= in
    values: tuple[str, ...]


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ValidationError(f"--where: cannot read {text[position:]!r} (at character {position + 1})")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "string":
            value = value[1:-1].replace(value[0] * 2, value[0])
        out.append((kind, value))
        position = match.end()
    return out


def parse_where(
    text: str | None, numeric_fields: frozenset[str] | None = frozenset({"nps", "csat", "ces"})
) -> list[Condition]:
    """The conditions of a ``--where`` expression; a :class:`ValidationError` says where it went wrong.

    ``numeric_fields``: the fields the ordering operators may compare; None admits
    any (the engine compares event properties as they come, a missing or
    non-numeric value never holding).
    """
    if text is None or not text.strip():
        return []
    tokens = _tokens(text)
    conditions: list[Condition] = []
    i = 0

    def expect(kinds: set[str], what: str) -> tuple[str, str]:
        nonlocal i
        if i >= len(tokens) or tokens[i][0] not in kinds:
            seen = tokens[i][1] if i < len(tokens) else "the end"
            raise ValidationError(f"--where: expected {what}, found {seen!r} in {text!r}")
        i += 1
        return tokens[i - 1]

    while True:
        _, field = expect({"word"}, "a field name")
        if i < len(tokens) and tokens[i] == ("word", "in"):
            i += 1
            if expect({"punct"}, "'('")[1] != "(":
                raise ValidationError(f"--where: expected '(' after 'in' in {text!r}")
            values = [expect({"word", "string"}, "a value")[1]]
            while i < len(tokens) and tokens[i] == ("punct", ","):
                i += 1
                values.append(expect({"word", "string"}, "a value")[1])
            if expect({"punct"}, "')'")[1] != ")":
                raise ValidationError(f"--where: expected ')' to close the list in {text!r}")
            conditions.append(Condition(field, "in", tuple(values)))
        else:
            _, op = expect({"op"}, "an operator (= != < <= > >= in)")
            _, value = expect({"word", "string"}, "a value")
            if op in _ORDERING:
                if numeric_fields is not None and field not in numeric_fields:
                    raise ValidationError(f"--where: {op} works on {', '.join(sorted(numeric_fields))}, not {field!r}")
                try:
                    float(value)
                except ValueError:
                    raise ValidationError(f"--where: {field} {op} needs a number, got {value!r}") from None
            conditions.append(Condition(field, op, (value,)))
        if i == len(tokens):
            return conditions
        _, word = expect({"word"}, "'and'")
        if word.lower() != "and":
            raise ValidationError(f"--where: conditions are joined with 'and', found {word!r} in {text!r}")
