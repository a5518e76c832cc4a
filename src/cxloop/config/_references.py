"""Cross-reference rules of ``cxloop.yaml``: unique names and declared targets.

The rules run on plain data (what YAML gives, or a model dump), so the loader can
report them together with shape errors, each at its own location.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["NAMED_SECTIONS", "Loc", "field_path", "reference_problems"]

Loc = tuple[str | int, ...]

#: The list sections whose entries carry a ``name`` that must be unique.
NAMED_SECTIONS = (
    "purposes",
    "sources",
    "channels",
    "touchpoints",
    "segments",
    "teams",
    "case_types",
    "goals",
    "detectors",
)

# (section, key in each entry, section it must name an entry of, noun)
_ENTRY_REFERENCES = (
    ("sources", "purpose", "purposes", "purpose"),
    ("touchpoints", "channel", "channels", "channel"),
    ("blueprint", "touchpoint", "touchpoints", "touchpoint"),
)
# (key under defaults:, section it must name an entry of, noun)
_DEFAULT_REFERENCES = (
    ("source", "sources", "source"),
    ("file_source", "sources", "source"),
)
# Sections that may be absent: a reference to them is checked against nothing.
_OPTIONAL_SECTIONS = frozenset({"channels", "touchpoints", "segments"})


def field_path(loc: Loc) -> str:
    """The dotted, indexed path of ``loc``: ``('sources', 1, 'purpose')`` -> ``sources[1].purpose``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _entries(data: Mapping[object, object], section: str) -> list[tuple[int, Mapping[object, object]]]:
    value = data.get(section)
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, Mapping)]


def _declared(data: Mapping[object, object], section: str) -> list[str] | None:
    """The names declared in ``section``, or ``None`` when it cannot be checked against."""
    value = data.get(section)
    if value is None and section in _OPTIONAL_SECTIONS:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        return None
    return [name for _, entry in _entries(data, section) if isinstance(name := entry.get("name"), str)]


def _undeclared(value: str, noun: str, section: str, names: list[str]) -> str:
    choices = ", ".join(sorted(set(names))) if names else f"(no {section} are declared yet)"
    return f"{value!r} is not a declared {noun}; declare it under {section}: or use one of: {choices}"


def reference_problems(data: object) -> list[tuple[Loc, str]]:
    """Every broken cross-reference in ``data``, as ``(loc, message)`` pairs.

    Values of the wrong type are skipped: shape validation reports those.

    >>> [(loc, message)] = reference_problems({"purposes": [{"name": "service"}],
    ...                                        "sources": [{"name": "http", "purpose": "ads"}]})
    >>> loc
    ('sources', 0, 'purpose')
    >>> message
    "'ads' is not a declared purpose; declare it under purposes: or use one of: service"
    """
    if not isinstance(data, Mapping):
        return []
    problems: list[tuple[Loc, str]] = []
    for section in NAMED_SECTIONS:
        first_at: dict[str, int] = {}
        for index, entry in _entries(data, section):
            name = entry.get("name")
            if not isinstance(name, str):
                continue
            if name in first_at:
                problems.append(
                    (
                        (section, index, "name"),
                        f"duplicate name {name!r}: {section}[{first_at[name]}] already uses it; "
                        f"names must be unique within {section}: rename or remove one",
                    )
                )
            else:
                first_at[name] = index
    for section, key, target, noun in _ENTRY_REFERENCES:
        names = _declared(data, target)
        if names is None:
            continue
        for index, entry in _entries(data, section):
            value = entry.get(key)
            if isinstance(value, str) and value not in names:
                problems.append(((section, index, key), _undeclared(value, noun, target, names)))
    defaults = data.get("defaults")
    if isinstance(defaults, Mapping):
        for key, target, noun in _DEFAULT_REFERENCES:
            names = _declared(data, target)
            value = defaults.get(key)
            if names is not None and isinstance(value, str) and value not in names:
                problems.append((("defaults", key), _undeclared(value, noun, target, names)))
    return problems
