"""``contact_policy:``: when a customer may be asked for feedback, and how."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cxloop.model.touchpoint import Slug

__all__ = ["Cap", "ContactPolicyConfig", "QuietHours"]

ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Cap(_Strict):
    """At most ``count`` invitations in any ``per_days`` days."""

    count: int = Field(ge=0, description="how many invitations at most")
    per_days: int = Field(gt=0, description="in how many days")


class QuietHours(_Strict):
    """Local times between which nobody is contacted (the span may cross midnight)."""

    start: ClockTime = Field(description="HH:MM in the customer's time zone, such as 21:00")
    end: ClockTime = Field(description="HH:MM in the customer's time zone, such as 08:00")

    def minutes(self) -> tuple[int, int]:
        start_h, start_m = (int(x) for x in self.start.split(":"))
        end_h, end_m = (int(x) for x in self.end.split(":"))
        return start_h * 60 + start_m, end_h * 60 + end_m


class ContactPolicyConfig(_Strict):
    """Frequency caps, quiet hours, opt-outs, channel priority, cross-channel suppression, sampling."""

    max_invitations: Cap | None = Field(default=None, description="the cap over every survey")
    per_survey: dict[Slug, Cap] = Field(default_factory=dict, description="caps for single surveys")
    quiet_hours: QuietHours | None = Field(default=None, description="no contact between these local times")
    channel_priority: list[Slug] = Field(
        default_factory=lambda: ["app", "email", "sms"], description="channels to try, best first"
    )
    suppress_after_response_days: int = Field(
        default=0, ge=0, description="after an answer on any channel, ask nobody again for this many days"
    )
    sampling: float = Field(default=1.0, ge=0.0, le=1.0, description="share of eligible triggers that invite")
