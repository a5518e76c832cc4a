"""The engine's settings in ``cxloop.yaml``: the service blueprint (who owns a
touchpoint), teams, case types and their SLAs, goals (for the ``stuck``
detector), custom detectors, event-time handling and webhook delivery."""

from __future__ import annotations

from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints

from cxloop.config.rules import EventType
from cxloop.model.touchpoint import Slug

__all__ = [
    "BlueprintEntry",
    "CaseTypeConfig",
    "DeliveryConfig",
    "DetectorConfig",
    "EngineConfig",
    "GoalConfig",
    "TeamConfig",
]

EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Z_][A-Z0-9_]*$", max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BlueprintEntry(_Strict):
    """One line of the service blueprint: a touchpoint, the process behind it and the team that owns it."""

    touchpoint: Slug = Field(description="a declared touchpoint")
    process: Slug = Field(description="the back-stage process behind it, such as fulfilment")
    team: Slug = Field(description="the team that owns cases raised at this touchpoint")


class TeamConfig(_Strict):
    """One team: where its alerts and cases are sent, and who takes escalations."""

    name: Slug = Field(description="the team's name, as the blueprint and rules use it")
    webhook: AnyHttpUrl | None = Field(default=None, description="optional URL that receives its alerts and cases")
    escalate_to: Slug | None = Field(default=None, description="team alerted when one of its cases breaches SLA")


class CaseTypeConfig(_Strict):
    """A kind of case and its service level."""

    name: Slug = Field(description="the case type, as rules name it in `case:`")
    sla_hours: float = Field(gt=0, description="hours from opening until the case is due")
    owner: Slug | None = Field(default=None, description="optional team that owns every case of this type")


class GoalConfig(_Strict):
    """A goal customers pursue; a customer who starts it and does not finish in time is ``stuck``."""

    name: Slug
    start: list[EventType] = Field(min_length=1, description="event types that start the goal")
    done: list[EventType] = Field(min_length=1, description="event types that reach it")
    within_hours: float = Field(gt=0, description="hours allowed between start and done")


class DetectorConfig(_Strict):
    """A custom binary detector: open when an event of these types meets the conditions."""

    name: Slug = Field(description="the signal's name")
    events: list[EventType] = Field(min_length=1)
    where: str | None = Field(default=None, description="conditions, in the --where language")
    clear_after_days: float = Field(default=7, gt=0, description="cleared after this many quiet days")


class EngineConfig(_Strict):
    """How the engine handles time, and its defaults."""

    grace_seconds: float = Field(
        default=0, ge=0, le=86_400,
        description="events are decided in event-time order once the newest event is this much later;"
        " 0 decides on arrival",
    )  # fmt: skip
    default_team: Slug = Field(default="cx", description="owner of cases at touchpoints the blueprint does not name")
    default_sla_hours: float = Field(default=72, gt=0, description="SLA of case types not declared in case_types")
    case_on_signals: list[Slug] = Field(
        default_factory=lambda: ["detractor", "upset", "public_complaint"],
        description="signals that open a case of the same name when they open",
    )
    invitation_expiry_days: int = Field(default=14, gt=0, description="an unanswered invitation expires after")


class DeliveryConfig(_Strict):
    """Webhook delivery from the outbox: HMAC-signed, retried with backoff, then dead-lettered."""

    secret_env: EnvName = Field(
        default="CXLOOP_WEBHOOK_SECRET", description="environment variable holding the HMAC key"
    )
    max_attempts: int = Field(default=6, ge=1, le=50)
    backoff_seconds: float = Field(default=2.0, gt=0, description="first retry delay; doubles each try")
    timeout_seconds: float = Field(default=5.0, gt=0)
    invitations_webhook: AnyHttpUrl | None = Field(default=None, description="optional survey sender's URL")
