"""A deterministic synthetic world for :mod:`benchmarks.engine`: a workspace with N rules and events.

* Customers ``cust_000000`` ... with a skewed activity (lognormal), a UTC offset,
  a segment (vip 10%, regular 50%, new 40%), an e-mail identity for 85% of them
  and a device id (app) for 30%; a third carry a ``timezone`` trait.
* :func:`warm_events`: one ``customer.updated`` per customer (segment, maybe a
  time zone, identities), then ``extra`` mixed events, all before the timed ones.
* :func:`timed_events`: the measured mix (page views, orders, payments and their
  failures, deliveries, contacts with topics, surveys with NPS and often text,
  social posts), in event-time order over the 14 days before the anchor.
* :func:`workspace_yaml`: ``cxloop init``'s template with a demo-like contact
  policy, blueprint, teams, case types, a goal and ``rules`` rules: 11 realistic
  ones, then fillers. Most fillers name event types this world never sends; one
  in ten is on a frequent type with a condition that rarely holds, so those
  types are decided against many candidate rules, as in a large real rule set.

Everything but the anchor (a moment the caller picks) comes from ``seed``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import orjson
import yaml

from cxloop.config.template import INIT_TEMPLATE

__all__ = ["LATENCY_RULE", "REALISTIC_RULES", "World", "timed_events", "warm_events", "workspace_yaml"]

ZONES = [(0, 0.35), (60, 0.25), (120, 0.1), (-300, 0.15), (-480, 0.05), (330, 0.05), (540, 0.05)]
TRAIT_ZONES = {0: "Europe/London", 60: "Europe/Paris", 120: "Europe/Athens", -300: "America/New_York",
               -480: "America/Los_Angeles", 330: "Asia/Kolkata", 540: "Asia/Tokyo"}  # fmt: skip
SEGMENTS = [("vip", 0.1), ("regular", 0.5), ("new", 0.4)]
TOPICS = ["delivery", "refund", "billing", "account", "product"]
CARRIERS = ["dpd", "royal_mail", "ups", "evri"]
PATHS = ["/", "/sale", "/new", "/women", "/men", "/kids", "/home", "/search", "/account", "/help"]
CATEGORIES = ["shoes", "dresses", "jackets", "kitchen", "bedding", "toys", "beauty", "sport"]
COMMENTS = [
    "Delivery was quick and the parcel arrived in perfect condition.",
    "The courier was late again and the box was soaked.",
    "Great prices but the website kept logging me out at checkout.",
    "Agent was friendly and solved my problem in minutes.",
    "I waited 40 minutes on hold, this is unacceptable.",
    "Refund took three weeks, far too long.",
    "Love the new app, much easier to find what I need.",
    "Still waiting for my refund, nobody answers my emails.",
    "Best customer service I have had from an online shop.",
    "Product quality has gone down, very disappointed.",
    "Checkout was smooth, paid with my phone in seconds.",
    "Would recommend to friends, consistently good experience.",
]
SOCIAL = ["Worst delivery experience ever, parcel delayed a week", "Love my new jacket from them!",
          "Still waiting for a refund, awful service", "Quick delivery, happy customer"]  # fmt: skip


def _money(r: random.Random, low: float, high: float) -> float:
    return round(r.uniform(low, high), 2)


# (type, weight, touchpoint, channel, properties)
Kind = tuple[str, float, str | None, str | None, Callable[[random.Random], dict[str, Any]]]
MIX: list[Kind] = [
    ("page.viewed", 0.34, "browse", "web", lambda r: {"path": r.choice(PATHS), "duration_ms": r.randint(200, 90_000)}),
    (
        "product.viewed",
        0.12,
        "product",
        "web",
        lambda r: {
            "sku": f"SKU-{r.randint(1, 25_000):05d}",
            "category": r.choice(CATEGORIES),
            "price": _money(r, 3, 400),
        },
    ),
    ("app.opened", 0.04, None, "app", lambda r: {"version": r.choice(["5.1.0", "5.2.1", "5.3.0"])}),
    ("cart.updated", 0.06, "checkout", "web", lambda r: {"quantity": r.randint(1, 4), "cart_value": _money(r, 5, 900)}),
    ("checkout.started", 0.04, "checkout", "web", lambda r: {"cart_value": _money(r, 5, 900)}),
    (
        "order.placed",
        0.035,
        "checkout",
        "web",
        lambda r: {
            "order_id": f"ORD-{r.randint(1, 10**8):08d}",
            "amount": _money(r, 8, 1_200),
            "items": r.randint(1, 9),
        },
    ),
    (
        "order.paid",
        0.035,
        "payment",
        "web",
        lambda r: {"order_id": f"ORD-{r.randint(1, 10**8):08d}", "amount": _money(r, 8, 1_200)},
    ),
    (
        "payment.failed",
        0.008,
        "payment",
        "web",
        lambda r: {"reason": r.choice(["card_declined", "3ds_failed", "timeout"]), "amount": _money(r, 8, 1_200)},
    ),
    (
        "delivery.delivered",
        0.035,
        "delivery",
        None,
        lambda r: {
            "carrier": r.choice(CARRIERS),
            "late": (late := r.random() < 0.25),
            "delay_days": r.randint(1, 5) if late else 0,
        },
    ),
    ("email.opened", 0.06, None, "email", lambda r: {"campaign": f"cmp_{r.randint(1, 60):03d}"}),
    ("contact.created", 0.02, "support_email", "email", lambda r: {"topic": r.choice(TOPICS)}),
    ("email.received", 0.01, "support_email", "email", lambda r: {"topic": r.choice(TOPICS)}),
    ("call.started", 0.015, "support_call", "phone", lambda r: {"topic": r.choice(TOPICS)}),
    ("chat.started", 0.015, "support_chat", "chat", lambda r: {"topic": r.choice(TOPICS)}),
    (
        "call.ended",
        0.015,
        "support_call",
        "phone",
        lambda r: {"wait_seconds": r.randint(0, 2_400), "resolved": r.random() < 0.7},
    ),
    ("chat.ended", 0.015, "support_chat", "chat", lambda r: {"resolved": r.random() < 0.75}),
    (
        "return.requested",
        0.02,
        "returns",
        "web",
        lambda r: {"reason": r.choice(["too_small", "damaged", "changed_mind"]), "amount": _money(r, 8, 600)},
    ),
    ("survey.response", 0.045, None, "email", lambda r: {}),  # filled in by _survey
    ("social.posted", 0.005, "social", "social", lambda r: {"platform": r.choice(["x", "instagram", "tiktok"])}),
    ("customer.updated", 0.008, None, None, lambda r: {"marketing_opt_in": r.random() < 0.6}),
]
SURVEYS = [("post_delivery", "delivery"), ("post_contact", "support_call"), ("relationship_nps", None)]

#: The realistic rules (YAML flow mappings); fillers complete the count.
REALISTIC_RULES = [
    "{name: survey_after_delivery, when: {events: [delivery.delivered]}, then: [{survey: post_delivery}]}",
    "{name: survey_after_contact, when: {events: [call.ended, chat.ended]}, then: [{survey: post_contact}]}",
    "{name: late_delivery_alert, when: {events: [delivery.delivered], where: 'properties.late = true'},"
    " then: [{alert: logistics}]}",
    "{name: late_delivery_for_vip, when: {events: [delivery.delivered], where: 'properties.late = true and"
    " segment = vip'}, then: [{case: late_delivery}]}",
    "{name: payment_failed_alert, when: {events: [payment.failed]}, then: [{alert: payments}]}",
    "{name: vip_detractor_alert, when: {events: [survey.response], where: 'nps <= 6 and segment = vip'},"
    " then: [{alert: cx}]}",
    "{name: repeat_contact_escalation, when: {events: [contact.created, email.received, call.started,"
    " chat.started], signals: [repeat_contact]}, then: [{case: repeat_contact}]}",
    "{name: public_complaint_response, when: {events: [social.posted], signals: [public_complaint]},"
    " then: [{alert: social_care}]}",
    "{name: stuck_checkout_nudge, when: {events: [signal.stuck]}, then: [{alert: digital}]}",
    "{name: damaged_return_case, when: {events: [return.requested], where: 'properties.reason = damaged'},"
    " then: [{case: damaged_return}]}",
    "{name: big_vip_order, when: {events: [order.placed], where: 'properties.items in (8, 9) and segment = vip'},"
    " then: [{alert: sales}]}",
]
#: The rule every latency event fires (a late delivery); it is one of the realistic rules.
LATENCY_RULE = "late_delivery_alert"
_FREQUENT = ["page.viewed", "product.viewed", "cart.updated", "order.placed", "email.opened", "survey.response",
             "delivery.delivered", "app.opened"]  # fmt: skip


def _filler(i: int) -> str:
    if i % 10 == 0:  # on a frequent type, with a condition that rarely or never holds
        event = _FREQUENT[(i // 10) % len(_FREQUENT)]
        where = f"properties.campaign = spring_{i} and segment = vip" if i % 20 == 0 else f"nps <= {i % 3}"
        return f"{{name: filler_{i:03d}, when: {{events: [{event}], where: '{where}'}}, then: [{{alert: ops}}]}}"
    where = f"properties.tier in (gold, platinum) and properties.region = r{i % 7}"
    kind = ["alert: ops", "case: partner_issue", "survey: partner_feedback"][i % 3]
    return (
        f"{{name: filler_{i:03d}, when: {{events: [partner.p{i:03d}.updated, partner.p{i:03d}.closed],"
        f" where: '{where}'}}, then: [{{{kind}}}]}}"
    )


ENGINE_YAML = """
contact_policy:
  max_invitations: {count: 2, per_days: 30}
  per_survey:
    post_delivery: {count: 1, per_days: 45}
  quiet_hours: {start: "21:00", end: "08:00"}
  channel_priority: [app, email, sms]
  suppress_after_response_days: 14
  sampling: 0.5

blueprint:
  - {touchpoint: delivery, process: fulfilment, team: logistics}
  - {touchpoint: returns, process: returns, team: logistics}
  - {touchpoint: payment, process: payments, team: payments}
  - {touchpoint: checkout, process: checkout, team: digital}
  - {touchpoint: support_call, process: customer_service, team: support}
  - {touchpoint: support_chat, process: customer_service, team: support}

teams:
  - {name: logistics, escalate_to: operations}
  - {name: support, escalate_to: service_leads}
  - {name: social_care, escalate_to: communications}
  - {name: payments}
  - {name: digital}
  - {name: cx}

case_types:
  - {name: public_complaint, sla_hours: 4}
  - {name: upset, sla_hours: 24}
  - {name: repeat_contact, sla_hours: 24}
  - {name: detractor, sla_hours: 48}
  - {name: late_delivery, sla_hours: 48}

goals:
  - {name: checkout, start: [checkout.started], done: [order.paid], within_hours: 2}
"""


def workspace_yaml(rules: int) -> str:
    """``cxloop.yaml`` with ``rules`` rules (at least the realistic ones) and the engine sections above."""
    data = yaml.safe_load(INIT_TEMPLATE)
    data["workspace"]["timezone"] = "UTC"
    data["touchpoints"] += [{"name": "support_email", "channel": "email"}, {"name": "social", "channel": "social"}]
    data.update(yaml.safe_load(ENGINE_YAML))
    chosen = [*REALISTIC_RULES, *(_filler(i) for i in range(max(0, rules - len(REALISTIC_RULES))))]
    data["rules"] = [yaml.safe_load(text) for text in chosen[: max(rules, len(REALISTIC_RULES))]]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200)


@dataclass
class World:
    """The customers: their offsets, segments, identities and activity."""

    customers: int
    seed: int

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        n = self.customers
        activity = rng.lognormal(0.0, 1.2, n)
        self.activity = activity / activity.sum()
        self.zone = rng.choice(len(ZONES), size=n, p=np.array([w for _, w in ZONES]) / sum(w for _, w in ZONES))
        self.segment = rng.choice(len(SEGMENTS), size=n, p=[w for _, w in SEGMENTS])
        self.email = rng.random(n) < 0.85
        self.device = rng.random(n) < 0.30
        self.zone_trait = rng.random(n) < 0.33
        self.offsets: list[int] = [ZONES[z][0] for z in self.zone.tolist()]

    def cid(self, c: int) -> str:
        return f"cust_{c:06d}"

    def offset(self, c: int) -> int:
        return self.offsets[c]


_TZ = {minutes: timezone(timedelta(minutes=minutes)) for minutes, _ in ZONES}


def _stamp(at: datetime, minutes: int) -> str:
    """RFC 3339 in the customer's own offset, to the second."""
    return at.replace(microsecond=0).astimezone(_TZ[minutes]).isoformat()


def _event_id(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    for hi, lo in rng.integers(0, 2**63, size=(n, 2), dtype=np.int64).tolist():
        raw = f"{hi:016x}{lo:016x}"
        out.append(f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-a{raw[17:20]}-{raw[20:32]}")
    return out


def _survey(r: random.Random, event: dict[str, Any]) -> None:
    nps = min(10, max(0, round(r.gauss(7.2, 2.6))))
    survey, touchpoint = SURVEYS[r.randrange(len(SURVEYS))]
    event["properties"] = {"survey": survey, "nps": nps, "csat": min(5, max(1, round(nps / 2.2 + 0.6)))}
    if touchpoint is not None:
        event["touchpoint"] = touchpoint
    if r.random() < 0.6:
        event["text"] = " ".join(r.sample(COMMENTS, r.choice([1, 1, 2])))


def _mixed(world: World, n: int, start: datetime, span: timedelta, seed: int) -> list[bytes]:
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    who = rng.choice(world.customers, size=n, p=world.activity)
    weights = np.array([k[1] for k in MIX])
    kinds = rng.choice(len(MIX), size=n, p=weights / weights.sum())
    seconds = np.sort(rng.integers(0, int(span.total_seconds()), size=n))
    ids = _event_id(rng, n)
    lines = []
    for event_id, c, kind, second in zip(ids, who.tolist(), kinds.tolist(), seconds.tolist(), strict=True):
        name, _, touchpoint, channel, props = MIX[kind]
        event: dict[str, Any] = {
            "event_id": event_id,
            "customer_id": world.cid(c),
            "type": name,
            "occurred_at": _stamp(start + timedelta(seconds=second), world.offset(c)),
        }
        if touchpoint is not None:
            event["touchpoint"] = touchpoint
        if channel is not None:
            event["channel"] = channel
        event["properties"] = props(r)
        if name == "survey.response":
            _survey(r, event)
        elif name == "social.posted":
            event["text"] = r.choice(SOCIAL)
        lines.append(orjson.dumps(event))
    return lines


def warm_events(world: World, extra: int, anchor: datetime) -> list[bytes]:
    """A profile event per customer (days 60 to 45 before ``anchor``), then ``extra`` mixed events (45 to 14)."""
    rng = np.random.default_rng(world.seed + 1)
    order = rng.permutation(world.customers)
    ids = _event_id(rng, world.customers)
    start = anchor - timedelta(days=60)
    step = timedelta(days=15) / max(world.customers, 1)
    lines = []
    for i, c in enumerate(int(x) for x in order):
        cid = world.cid(c)
        props: dict[str, Any] = {"segment": SEGMENTS[int(world.segment[c])][0]}
        if world.zone_trait[c]:
            props["timezone"] = TRAIT_ZONES[world.offset(c)]
        identities = {}
        if world.email[c]:
            identities["email"] = f"{cid}@example.com"
        if world.device[c]:
            identities["device_id"] = f"dev-{c:06d}"
        at = _stamp(start + step * i, world.offset(c))
        event: dict[str, Any] = {
            "event_id": ids[i], "customer_id": cid, "type": "customer.updated", "occurred_at": at, "properties": props,
        }  # fmt: skip
        if identities:
            event["identities"] = identities
        lines.append(orjson.dumps(event))
    return lines + _mixed(world, extra, anchor - timedelta(days=45), timedelta(days=31), world.seed + 2)


def timed_events(world: World, n: int, anchor: datetime) -> list[bytes]:
    """``n`` mixed events over the 14 days before ``anchor`` (ending an hour before it), in event-time order."""
    return _mixed(world, n, anchor - timedelta(days=14), timedelta(days=14) - timedelta(hours=1), world.seed + 3)
