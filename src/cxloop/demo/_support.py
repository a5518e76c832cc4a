"""Contact-centre episodes and public social posts of one simulated customer.

A contact episode is one problem (``topic``) that takes one to three contacts:
an unresolved contact is followed by another about the same topic (a repeat
contact), sometimes on another channel. Call-centre events name the customer
by phone number only, support e-mails by e-mail address only, chats by
customer id and device.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxloop.demo.phrases import comment, social_post
from cxloop.demo.truth import LONG_WAIT_SECONDS

if TYPE_CHECKING:
    from cxloop.demo._journey import Journey

__all__ = ["SurveyDue", "contact_episode", "social"]

_HOUR = 3_600
_DAY = 86_400
_OFFICE = (8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 16, 17, 18, 19)
_ANY = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)
_MESSAGE = {"delivery": "order_missing", "payment": "payment_failed", "return": "refund_waiting"}
_PLATFORMS = {
    "en": ("x", "facebook", "instagram"),
    "zh": ("weibo", "xiaohongshu"),
    "ja": ("x", "x", "instagram"),
    "th": ("facebook", "x", "tiktok"),
    "ar": ("x", "instagram"),
    "es": ("x", "instagram", "facebook"),
}
# (median wait s, log-sd), busy-period median wait s, busy probability, median handle s
_WAITS = {
    "phone": (150.0, 0.7, 840.0, 0.18, 360.0),
    "chat": (45.0, 0.8, 420.0, 0.12, 540.0),
    "email": (5 * 3600.0, 0.8, 30 * 3600.0, 0.15, 600.0),
}


@dataclass
class SurveyDue:
    """A survey answer to draw later: when, which survey, on which channel, about what."""

    ts: int
    kind: str
    channel: str
    trigger: dict[str, Any] | None
    order_id: str | None = None


def contact_episode(journey: Journey, ts: int, topic: str, order_id: str | None) -> None:
    """One to three contacts about ``topic``; repeats follow unresolved contacts."""
    plan, rng = journey.plan, journey.rng
    channel = rng.choices(("phone", "chat", "email"), weights=plan.contact_weights)[0]
    for attempt in (1, 2, 3):
        ts = journey.next_at(ts, _OFFICE if channel == "phone" else _ANY)
        median, sd, busy_median, p_busy, handle_median = _WAITS[channel]
        busy = rng.random() < p_busy
        wait = int(rng.lognormvariate(math.log(busy_median if busy else median), 0.5 if busy else sd))
        long_wait = wait > LONG_WAIT_SECONDS[channel]
        abandoned = channel == "phone" and wait > 1200 and rng.random() < 0.3
        handle = 0 if abandoned else 30 + int(rng.lognormvariate(math.log(handle_median), 0.5))
        p_resolved = (0.72 if attempt == 1 else 0.8) - (0.1 if long_wait else 0.0)
        resolved = not abandoned and rng.random() < p_resolved
        agent = f"agent-{rng.randrange(1, 121):03d}"
        props: dict[str, Any] = {"topic": topic}
        if order_id is not None:
            props["order_id"] = order_id
        ended = {**props, "wait_seconds": wait, "handle_seconds": handle, "resolved": resolved}
        text = None
        if channel != "phone" and topic in _MESSAGE:
            topics = ["repeat_contact", _MESSAGE[topic]] if attempt > 1 else [_MESSAGE[topic]]
            text = comment(plan.locale.language, topics, rng)
        end_ts = ts + wait + handle
        if channel == "phone":
            common: dict[str, Any] = {"channel": "phone", "touchpoint": "call_centre", "who": "phone"}
            journey.emit(ts, "contact.created", "contact_center", properties=props, **common)
            ended |= {"abandoned": abandoned, "agent_id": agent}
            last = journey.emit(end_ts, "call.ended", "contact_center", properties=ended, **common)
        elif channel == "chat":
            device = plan.app_device if plan.app_device is not None and rng.random() < plan.p_app else plan.web_device
            common = {"channel": "chat", "touchpoint": "live_chat", "device": device}
            journey.emit(ts, "contact.created", "contact_center", properties=props, text=text, **common)
            last = journey.emit(
                end_ts, "chat.ended", "contact_center", properties=ended | {"agent_id": agent}, **common
            )
        else:
            common = {"channel": "email", "touchpoint": "support_email", "who": "email"}
            journey.emit(ts, "email.received", "contact_center", properties=props, text=text, **common)
            ended.pop("handle_seconds")
            last = journey.emit(
                end_ts, "email.replied", "contact_center", properties=ended | {"agent_id": agent}, **common
            )
        journey.contacts.append((end_ts, channel, wait, long_wait, attempt > 1, resolved))
        if not abandoned and rng.random() < 0.2 * journey.response_factor():
            survey_channel = "chat" if channel == "chat" else "email"
            reply = end_ts + rng.randrange(600, 6 * _HOUR)
            journey.surveys.append(SurveyDue(reply, "post_contact", survey_channel, last, order_id))
        if long_wait and rng.random() < 0.04:
            kind = {"phone": "wait_long", "chat": "chat_wait", "email": "reply_slow"}[channel]
            social(journey, end_ts + rng.randrange(60, 2 * _HOUR), [kind], positive=False, minutes=wait // 60)
        if resolved:
            return
        if attempt == 3 or rng.random() > 0.8:
            if rng.random() < 0.08:
                social(journey, end_ts + rng.randrange(_HOUR, _DAY), ["unresolved"], positive=False)
            return
        ts = end_ts + rng.randrange(4 * _HOUR, 3 * _DAY)
        if rng.random() < 0.3:
            channel = rng.choice([c for c in ("phone", "chat", "email") if c != channel])


def social(
    journey: Journey,
    ts: int,
    topics: list[str],
    *,
    positive: bool,
    days: int = 1,
    minutes: int = 1,
) -> None:
    """A public post about the brand, in the customer's language."""
    plan, rng = journey.plan, journey.rng
    language = plan.locale.language
    text = social_post(language, topics, positive, rng, days=days, minutes=minutes)
    props = {"platform": rng.choice(_PLATFORMS[language]), "public": True, "handle": plan.social_handle}
    journey.emit(
        ts, "social.posted", "social_listening", channel="social", touchpoint="social",
        purpose="cx_improvement", properties=props, text=text, who="social",
    )  # fmt: skip
