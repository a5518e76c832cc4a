"""One customer's life in the demo world: sessions, orders, deliveries, contacts,
surveys and social posts, drawn from one seeded ``random.Random``.

Operational events come first; the survey answers are drawn afterwards from the
customer's latest experiences before each answer (see :mod:`cxloop.demo.truth`).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from cxloop.demo._answers import answer
from cxloop.demo._support import SurveyDue, contact_episode, social
from cxloop.demo.catalog import (
    CARRIERS,
    FAIL_REASONS,
    FX_PER_USD,
    PAYMENT_METHODS,
    PRODUCTS,
    WALLET_REASONS,
    WHOLE_CURRENCIES,
    Locale,
    format_local,
    offset_at,
)

__all__ = ["CustomerPlan", "Journey", "simulate"]

DAY = 86_400
HOUR = 3_600
_SESSION_HOURS = (7, 8, 9, 10, 11, 12, 12, 13, 13, 14, 15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 21, 22, 22, 23)


@dataclass(frozen=True)
class CustomerPlan:
    """What the world drew for one customer before their journey is simulated."""

    index: int
    customer_id: str
    seed: int
    locale: Locale
    segment: str
    traits: dict[str, Any]
    email: str
    phone: str
    web_device: str
    app_device: str | None
    social_handle: str
    p_store: float
    p_app: float
    contact_weights: tuple[float, float, float]
    halo: float
    taste: dict[str, float]
    nps_u: float
    first_ts: int
    n_orders: int
    n_browse: int
    guest: str | None


@dataclass
class Journey:
    """Mutable state of one customer's simulation."""

    plan: CustomerPlan
    seed: int
    start_ts: int
    end_ts: int
    rng: random.Random = field(init=False)
    events: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    surveys: list[SurveyDue] = field(default_factory=list)
    deliveries: list[tuple[int, int, bool]] = field(default_factory=list)  # ts, delay_days, defect
    payments: list[tuple[int, bool]] = field(default_factory=list)  # ts, any failure
    contacts: list[tuple[int, str, int, bool, bool, bool]] = field(default_factory=list)
    purchases: list[int] = field(default_factory=list)
    n: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.plan.seed)

    # -- emission --------------------------------------------------------------------------------

    def emit(
        self,
        ts: int,
        type_: str,
        source: str,
        *,
        channel: str | None = None,
        touchpoint: str | None = None,
        purpose: str = "service",
        properties: dict[str, Any] | None = None,
        text: str | None = None,
        who: str = "customer",
        device: str | None = None,
    ) -> dict[str, Any]:
        """Record one event; ``who`` says how it names the customer."""
        plan = self.plan
        event: dict[str, Any] = {"event_id": f"d{self.seed}-{plan.index}-{self.n}"}
        if who in ("customer", "crm", "social"):
            event["customer_id"] = plan.customer_id
        if who == "crm":
            event["identities"] = {"email": plan.email, "phone": plan.phone}
        elif who == "phone":
            event["identities"] = {"phone": plan.phone}
        elif who == "email":
            event["identities"] = {"email": plan.email}
        elif who == "social":
            event["identities"] = {"social_handle": plan.social_handle}
        elif device is not None:
            event["identities"] = {"device_id": device}
        event["type"] = type_
        event["occurred_at"] = format_local(ts, offset_at(plan.locale, ts))
        if touchpoint is not None:
            event["touchpoint"] = touchpoint
        if channel is not None:
            event["channel"] = channel
        if properties:
            event["properties"] = properties
        if text is not None:
            event["text"] = text
        event["source"] = source
        event["purpose"] = purpose
        self.events.append((ts, self.n, event))
        self.n += 1
        return event

    # -- time helpers ----------------------------------------------------------------------------

    def on_day(self, ts: int, hours: tuple[int, ...] = _SESSION_HOURS) -> int:
        """A moment on the same local day as ``ts`` at an hour drawn from ``hours``."""
        offset = offset_at(self.plan.locale, ts)
        midnight = ts - (ts + offset) % DAY
        return midnight + self.rng.choice(hours) * HOUR + self.rng.randrange(HOUR)

    def next_at(self, ts: int, hours: tuple[int, ...] = _SESSION_HOURS) -> int:
        """The first moment at or after ``ts`` at an hour (local) drawn from ``hours``."""
        moment = self.on_day(ts, hours)
        return moment if moment >= ts else moment + DAY

    def local_date(self, ts: int) -> str:
        return format_local(ts, offset_at(self.plan.locale, ts))[:10]

    def poisson(self, lam: float) -> int:
        limit, k, p = math.exp(-lam), 0, self.rng.random()
        while p > limit:
            k += 1
            p *= self.rng.random()
        return k

    def money(self, usd: float) -> float:
        currency = self.plan.locale.currency
        amount = usd * FX_PER_USD[currency]
        return float(round(amount)) if currency in WHOLE_CURRENCIES else round(amount, 2)

    # -- browsing and buying ---------------------------------------------------------------------

    def digital(self) -> tuple[str, str, str]:
        """Channel, SDK source and device of an online session."""
        plan = self.plan
        if plan.app_device is not None and self.rng.random() < plan.p_app:
            return "app", "app_sdk", plan.app_device
        return "web", "web_sdk", plan.web_device

    def browse(self, ts: int, *, guest: bool = False, buy: bool = False) -> tuple[int, str, str, str, list[Any]]:
        """A browsing session; returns the time it ends, its channel, source, device and basket."""
        channel, source, device = self.digital() if not guest else ("web", "web_sdk", self.plan.web_device)
        who = "device" if guest else "customer"
        session = f"s{self.plan.index}-{self.n}"
        common = {"channel": channel, "source": source, "purpose": "analytics", "who": who, "device": device}
        self.emit(
            ts,
            "page.viewed",
            touchpoint="home_page",
            properties={"page": "home", "session_id": session},
            **common,
        )
        basket: list[Any] = []
        for _ in range(1 + self.poisson(1.2)):
            ts += self.rng.randrange(20, 240)
            product = self.rng.choice(PRODUCTS)
            props = {"sku": product.sku, "category": product.category, "price": self.money(product.price_usd)}
            self.emit(
                ts,
                "product.viewed",
                touchpoint="product_page",
                properties={**props, "session_id": session},
                **common,
            )
            basket.append(product)
        if buy or (not guest and self.rng.random() < 0.25):
            ts += self.rng.randrange(20, 180)
            product = basket[-1]
            qty = 1 if self.rng.random() < 0.8 else 2
            props = {"sku": product.sku, "quantity": qty, "price": self.money(product.price_usd)}
            props |= {"currency": self.plan.locale.currency, "session_id": session}
            self.emit(
                ts,
                "cart.added",
                touchpoint="cart",
                channel=channel,
                source=source,
                device=device,
                properties=props,
            )
            basket = [product] * qty
        else:
            basket = []
        return ts, channel, source, device, basket

    def online_order(self, ts: int, k: int) -> None:
        ts, channel, source, device, basket = self.browse(ts, buy=True)
        plan, rng = self.plan, self.rng
        order_id = f"o{self.seed}-{plan.index}-{k}"
        amount = self.money(sum(p.price_usd for p in basket))
        currency = plan.locale.currency
        common = {"channel": channel, "source": source, "device": device}
        ts += rng.randrange(30, 300)
        props = {"cart_value": amount, "items": len(basket), "currency": currency}
        self.emit(ts, "checkout.started", touchpoint="checkout", properties=props, **common)
        method = rng.choice(PAYMENT_METHODS[plan.locale.language])
        failed, paid = False, False
        for attempt in (1, 2, 3):
            ts += rng.randrange(20, 120)
            p_fail = 0.07 if attempt == 1 else 0.3
            if rng.random() >= p_fail:
                props = {"order_id": order_id, "amount": amount, "currency": currency, "items": len(basket)}
                props |= {"method": method, "attempt": attempt}
                self.emit(ts, "order.paid", touchpoint="payment", properties=props, **common)
                paid = True
                break
            failed = True
            reason = rng.choice(FAIL_REASONS.get(method, WALLET_REASONS))
            props = {"order_id": order_id, "amount": amount, "currency": currency, "method": method}
            props |= {"attempt": attempt, "reason": reason}
            self.emit(ts, "payment.failed", touchpoint="payment", properties=props, **common)
            if rng.random() > (0.75 if attempt == 1 else 0.4):
                break
            ts += rng.randrange(30, 600)
        self.payments.append((ts, failed))
        if failed:
            if rng.random() < (0.2 if paid else 0.35):
                contact_episode(self, ts + rng.randrange(HOUR // 6, 2 * DAY), "payment", order_id)
            if not paid and rng.random() < 0.05:
                social(self, ts + rng.randrange(HOUR // 6, DAY), ["payment_failed"], positive=False)
        if paid:
            self.purchases.append(ts)
            self.deliver(ts, order_id, channel, source, amount)

    def deliver(self, paid_ts: int, order_id: str, channel: str, source: str, amount: float) -> None:
        plan, rng = self.plan, self.rng
        carrier, multiplier = rng.choices(CARRIERS, weights=(0.4, 0.35, 0.25))[0]
        promised_days = 2 if plan.segment == "vip" else 3
        promised_ts = self.on_day(paid_ts + promised_days * DAY, (20,))
        ship_ts = paid_ts + rng.randrange(4 * HOUR, 28 * HOUR)
        promised_date = self.local_date(promised_ts)
        props: dict[str, Any] = {"order_id": order_id, "carrier": carrier, "promised_date": promised_date}
        self.emit(
            ship_ts,
            "order.shipped",
            "logistics",
            channel="delivery",
            touchpoint="order_dispatch",
            properties=props,
        )
        late = rng.random() < 0.115 * multiplier
        delay = 1 + min(self.poisson(1.5), 6) if late else 0
        day = promised_ts + (delay * DAY if late else -DAY * (rng.random() < 0.3))
        delivered_ts = max(self.on_day(day, (9, 10, 11, 12, 13, 14, 15, 16, 17, 18)), ship_ts + 3 * HOUR)
        defect = rng.random() < 0.035
        props = {"order_id": order_id, "carrier": carrier, "promised_date": promised_date}
        props |= {"delivered_date": self.local_date(delivered_ts), "delay_days": delay, "late": late}
        delivered = self.emit(
            delivered_ts,
            "delivery.delivered",
            "logistics",
            channel="delivery",
            touchpoint="home_delivery",
            properties=props,
        )
        self.deliveries.append((delivered_ts, delay, defect))
        if late:
            if rng.random() < 0.4:
                contact_episode(self, promised_ts + rng.randrange(2 * HOUR, delay * DAY), "delivery", order_id)
            if rng.random() < 0.06:
                social(
                    self,
                    delivered_ts + rng.randrange(HOUR, DAY),
                    ["delivery_late"],
                    positive=False,
                    days=delay,
                )
        elif rng.random() < 0.0025:
            social(self, delivered_ts + rng.randrange(HOUR, DAY), ["delivery_fast"], positive=True)
        if rng.random() < 0.15 * self.response_factor():
            survey_channel = "app" if channel == "app" else "email"
            reply = delivered_ts + rng.randrange(HOUR, 2 * DAY)
            self.surveys.append(SurveyDue(reply, "post_delivery", survey_channel, delivered, order_id))
        if defect or rng.random() < 0.045:
            reason = (
                rng.choice(("defective", "not_as_described")) if defect else rng.choice(("wrong_size", "changed_mind"))
            )
            asked = delivered_ts + rng.randrange(HOUR, 8 * DAY)
            props = {"order_id": order_id, "reason": reason}
            device = plan.app_device if channel == "app" else plan.web_device
            self.emit(
                asked,
                "return.requested",
                source,
                channel=channel,
                touchpoint="returns",
                properties=props,
                device=device,
            )
            done = asked + rng.randrange(3 * DAY, 8 * DAY)
            props = {"order_id": order_id, "refund_amount": amount, "currency": plan.locale.currency}
            self.emit(done, "return.completed", "logistics", channel="delivery", touchpoint="returns", properties=props)
            if rng.random() < 0.3:
                contact_episode(self, asked + rng.randrange(HOUR, 3 * DAY), "return", order_id)

    def store_visit(self, ts: int, k: int) -> None:
        plan, rng = self.plan, self.rng
        ts = self.next_at(ts, (10, 11, 12, 13, 14, 15, 16, 17, 17, 18, 18, 19, 20))
        store_id = f"ST-{plan.locale.country}-{plan.index % 3 + 1:02d}"
        props: dict[str, Any] = {"store_id": store_id}
        self.emit(ts, "store.visit", "pos", channel="store", touchpoint="store_floor", properties=props)
        if rng.random() < 0.7:
            items = [rng.choice(PRODUCTS) for _ in range(1 + self.poisson(0.6))]
            props |= {"order_id": f"o{self.seed}-{plan.index}-{k}", "items": len(items)}
            props |= {"amount": self.money(sum(p.price_usd for p in items)), "currency": plan.locale.currency}
            props["method"] = "card" if rng.random() < 0.7 else "cash"
            ts += rng.randrange(5 * 60, 45 * 60)
            self.emit(ts, "order.paid", "pos", channel="store", touchpoint="store_checkout", properties=props)
            self.purchases.append(ts)

    def response_factor(self) -> float:
        return {"vip": 1.3, "regular": 1.0, "new": 0.85}[self.plan.segment]

    # -- the timeline ----------------------------------------------------------------------------

    def run(self) -> None:
        """Draw the customer's operational life; survey answers are drawn later by :meth:`answer`."""
        plan, rng = self.plan, self.rng
        first = plan.first_ts
        if plan.guest == "device":
            for _ in range(1 + self.poisson(0.8)):
                self.browse(self.on_day(first - rng.randrange(DAY, 20 * DAY)), guest=True)
        elif plan.guest == "email":
            when = self.on_day(first - rng.randrange(DAY, 30 * DAY))
            props = {"list": "weekly_deals", "language": plan.locale.language}
            self.emit(
                when, "newsletter.subscribed", "web_sdk", channel="web", touchpoint="newsletter_signup",
                purpose="marketing", properties=props, who="email",
            )  # fmt: skip
        self.emit(first, "customer.updated", "crm", properties=dict(plan.traits), who="crm")
        if plan.guest == "device":  # signed up on the browser they used as a guest
            props = {"page": "account", "session_id": f"s{plan.index}-{self.n}"}
            self.emit(
                first + rng.randrange(30, 300), "page.viewed", "web_sdk", channel="web", touchpoint="home_page",
                purpose="analytics", properties=props, device=plan.web_device,
            )  # fmt: skip
        span = max(self.end_ts - first, HOUR)
        for k in range(plan.n_orders):
            ts = first + HOUR // 2 if k == 0 and plan.segment == "new" else self.next_at(first + rng.randrange(span))
            if rng.random() < plan.p_store:
                self.store_visit(ts, k)
            else:
                self.online_order(ts, k)
        for _ in range(plan.n_browse):
            self.browse(self.next_at(first + rng.randrange(span)))
        if rng.random() < 0.08:
            topic = rng.choice(("account", "loyalty", "product_question", "invoice"))
            contact_episode(self, self.next_at(first + rng.randrange(span)), topic, None)
        earliest = max(first + 14 * DAY, self.start_ts + int(0.4 * (self.end_ts - self.start_ts)))
        if earliest < self.end_ts - HOUR and rng.random() < 0.18 * self.response_factor():
            ts = self.next_at(rng.randrange(earliest, self.end_ts - HOUR))
            self.surveys.append(SurveyDue(ts, "relationship_nps", "email", None))


def simulate(plan: CustomerPlan, seed: int, start_ts: int, end_ts: int) -> list[dict[str, Any]]:
    """All events of one customer inside ``[start_ts, end_ts)``, in time order."""
    journey = Journey(plan, seed, start_ts, end_ts)
    journey.run()
    journey.surveys.sort(key=lambda s: s.ts)
    for survey in journey.surveys:
        if survey.ts < end_ts:
            answer(journey, survey)
    journey.events.sort(key=lambda item: (item[0], item[1]))
    return [event for ts, _, event in journey.events if start_ts <= ts < end_ts]
