"""Pydantic's validation errors, reworded to say what is wrong and how to fix it."""

from __future__ import annotations

import re
import types
from datetime import date
from difflib import get_close_matches
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from cxloop.config._references import Loc
from cxloop.config.schema import SLUG_PATTERN, WorkspaceConfig

__all__ = ["describe", "explain"]


def _unwrap(annotation: object) -> object:
    """Strip ``Annotated`` and ``X | None`` down to the type that is validated."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _type_at(loc: Loc) -> object:
    """The (unwrapped) type the schema expects at ``loc``, or ``None`` off the schema."""
    current: object = WorkspaceConfig
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        elif isinstance(part, int) and get_origin(current) is list:
            current = get_args(current)[0]
        else:
            return None
    return _unwrap(current)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    found = _type_at(loc)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _field_at(loc: Loc) -> FieldInfo | None:
    model = _model_at(loc[:-1]) if loc else None
    return model.model_fields.get(str(loc[-1])) if model is not None else None


def describe(value: object) -> str:
    """A short phrase for what YAML gave, such as ``a number (5)``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return f"text ({value!r})" if len(value) <= 60 else "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _suggest_slug(value: str) -> str | None:
    slug = re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")
    slug = slug.lstrip("0123456789_")
    return slug[:64] if slug and re.fullmatch(SLUG_PATTERN, slug[:64]) else None


def _missing(loc: Loc) -> str:
    info = _field_at(loc)
    about = f": {info.description}" if info is not None and info.description else ""
    return f"required, but missing; add `{loc[-1]}:` here{about}"


def _unknown_key(loc: Loc) -> str:
    model = _model_at(loc[:-1])
    key = str(loc[-1])
    if model is None:
        return f"unknown key {key!r}; remove it"
    allowed = list(model.model_fields)
    close = get_close_matches(key, allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else "remove it; "
    return f"unknown key {key!r}; {hint}keys allowed here: {', '.join(allowed)}"


def _not_allowed(loc: Loc, value: object, expected: str) -> str:
    if loc == ("version",):
        return f"{value!r} is not a version this cxloop reads; write version: 1"
    literal = _type_at(loc)
    choices = [str(arg) for arg in get_args(literal)] if get_origin(literal) is Literal else []
    if not choices:
        return f"{value!r} is not allowed; use {expected}"
    close = get_close_matches(str(value), choices, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{value!r} is not allowed; {hint}use one of: {', '.join(choices)}"


def _bad_pattern(value: object, pattern: str) -> str:
    if pattern.startswith("^https?://"):
        return f"{value!r} is not an http(s) URL; write one such as https://hooks.example.com/cx"
    if pattern != SLUG_PATTERN or not isinstance(value, str):
        return f"{value!r} does not match the pattern {pattern}"
    suggestion = _suggest_slug(value)
    example = f", such as {suggestion!r}" if suggestion else ""
    return (
        f"{value!r} is not a valid name; use lower_snake_case (a lowercase letter, then lowercase "
        f"letters, digits or _){example}"
    )


def explain(error: ErrorDetails) -> str:
    """What is wrong at ``error['loc']`` and how to fix it, in one line."""
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing" and loc:
        return _missing(loc)
    if kind == "extra_forbidden" and loc:
        return _unknown_key(loc)
    if kind == "literal_error":
        return _not_allowed(loc, value, str(ctx.get("expected", "")))
    if kind == "string_pattern_mismatch":
        return _bad_pattern(value, str(ctx.get("pattern", "")))
    if kind == "string_type":
        return (
            f"expected text, got {describe(value)}; write plain text, in quotes if YAML would "
            "read it as a number, date, yes/no or null"
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {describe(value)}; write digits only, such as 730"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}, got {value!r}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (one '- ' entry per line), got {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping ('key: value' lines), got {describe(value)}"
    if kind == "too_short":
        info = _field_at(loc) if loc else None
        about = f" ({info.description})" if info is not None and info.description else ""
        return f"is empty; declare at least {ctx.get('min_length', 1)} entry here{about}"
    if kind == "string_too_short":
        return "must not be empty; write a value, or remove the key if it is optional"
    if kind == "string_too_long":
        return f"is too long; write at most {ctx.get('max_length')} characters"
    if kind == "recursion_loop":
        return "refers to itself through a YAML alias (*name); write the value out instead"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error["msg"])
