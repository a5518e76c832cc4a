"""``rules:``: when an event (with its customer's signals and traits) calls for
action, and which actions. Rules are indexed by event type, so many rules do
not mean many checks per event."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator
from pydantic import ValidationError as PydanticValidationError

from cxloop.errors import ConfigError
from cxloop.model.touchpoint import Slug

__all__ = ["ActionConfig", "RuleConfig", "WhenConfig", "load_rules"]

EventType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_\-]*(\.[a-z0-9_\-]+)*$", max_length=64)]


_KINDS = ("survey", "alert", "case", "webhook", "offer")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class WhenConfig(_Strict):
    """The trigger: event types, and conditions that must all hold."""

    events: list[EventType] = Field(min_length=1, description="event types that trigger the rule")
    where: str | None = Field(default=None, description="conditions on the event and the customer's traits")
    signals: list[Slug] = Field(default_factory=list, description="signals that must be open")


class ActionConfig(_Strict):
    """One action: exactly one of survey, alert, case, webhook or offer."""

    survey: Slug | None = Field(default=None, description="invite to this survey (under the contact policy)")
    alert: Slug | None = Field(default=None, description="alert this team")
    case: Slug | None = Field(default=None, description="open a case of this type")
    webhook: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+\S*$", max_length=2000)] | None = Field(
        default=None, description="POST to this http(s) URL"
    )
    offer: Slug | None = Field(
        default=None, description="a next-best action to present (recorded for the channel that shows it)"
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> ActionConfig:
        given = [k for k in _KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("an action is exactly one of survey, alert, case, webhook or offer")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in _KINDS if getattr(self, k) is not None)

    @property
    def target(self) -> str:
        return str(getattr(self, self.kind))


class RuleConfig(_Strict):
    name: Slug = Field(description="the rule's name, unique")
    when: WhenConfig
    then: list[ActionConfig] = Field(min_length=1)


def load_rules(path: Path) -> list[RuleConfig]:
    """The ``rules:`` of a YAML file (a candidate rule set for ``cxloop replay --rules``)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ConfigError(f"{where}: yaml: {getattr(exc, 'problem', None) or exc}") from None
    rules = data.get("rules") if isinstance(data, dict) else data
    try:
        return TypeAdapter(list[RuleConfig]).validate_python(rules)
    except PydanticValidationError as exc:
        problems = [
            f"{path}: rules" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"]) + f": {e['msg']}"
            for e in exc.errors(include_url=False)
        ]
        raise ConfigError("\n".join(problems)) from None
