"""A deterministic JSONL file of canonical events with a realistic shape.

~100k customers with a skewed activity (a few very active, most occasional),
eleven event types with 2-5 properties each, ~5% ``survey.response`` with NPS,
CSAT and mostly a free-text comment, ~3% of events carrying an
``identities.email`` (always the customer's own, so no merges), RFC 3339
timestamps with the customer's UTC offset over 180 days, unique UUID-shaped
``event_id``. The same ``(n, seed, customers)`` always gives the same bytes.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import orjson

__all__ = ["FORMAT_VERSION", "dataset", "read_lines"]

FORMAT_VERSION = 1  # bump when the generated shape changes, so cached files are not reused
START = datetime(2025, 9, 1, tzinfo=UTC)
DAYS = 180

# (type, weight, touchpoint, channel); None means the field is left out.
TYPES: list[tuple[str, float, str | None, str | None]] = [
    ("page.viewed", 0.40, "browse", "web"),
    ("product.viewed", 0.15, "product", "web"),
    ("cart.updated", 0.08, "checkout", "web"),
    ("order.placed", 0.05, "checkout", "web"),
    ("order.paid", 0.05, "payment", "web"),
    ("order.delivered", 0.04, "delivery", None),
    ("email.opened", 0.08, None, "email"),
    ("call.ended", 0.03, "support_call", "phone"),
    ("chat.ended", 0.03, "support_chat", "chat"),
    ("return.requested", 0.04, "returns", "web"),
    ("survey.response", 0.05, None, "email"),
]
# UTC offsets (minutes) with weights; each customer lives in one.
ZONES: list[tuple[int, float]] = [
    (0, 0.35), (60, 0.25), (120, 0.1), (-300, 0.15), (-480, 0.05), (330, 0.05), (540, 0.05),
]  # fmt: skip
SURVEYS = [("post_purchase", "delivery"), ("support_csat", "support_call"), ("support_csat", "support_chat"),
           ("checkout", "checkout"), ("relationship", None)]  # fmt: skip
COMMENTS = [
    "Delivery was quick and the parcel arrived in perfect condition.",
    "The courier left the box in the rain, everything was soaked.",
    "Great prices but the website kept logging me out at checkout.",
    "Agent was friendly and solved my problem in minutes.",
    "I waited 40 minutes on hold before anyone answered.",
    "Refund took three weeks, far too long.",
    "Love the new app, much easier to find what I need.",
    "Sizes run small, had to return two items.",
    "Tracking page never updated, I had no idea where my order was.",
    "Best customer service I have had from an online shop.",
    "Product quality has gone down compared to last year.",
    "Checkout was smooth, paid with my phone in seconds.",
    "Chat bot could not understand my question, needed a human.",
    "Would recommend to friends, consistently good experience.",
    "The discount code did not work and support could not help.",
    "Item was out of stock after I paid, very frustrating.",
]
PATHS = ["/", "/sale", "/new", "/women", "/men", "/kids", "/home", "/search", "/account", "/help"]
CATEGORIES = ["shoes", "dresses", "jackets", "kitchen", "bedding", "toys", "beauty", "sport"]
DEVICES = ["mobile", "desktop", "tablet"]
REFERRERS = ["google", "direct", "instagram", "newsletter", "tiktok", "bing"]
CURRENCIES = ["GBP", "EUR", "USD"]
PAYMENTS = ["card", "paypal", "apple_pay", "klarna"]
CARRIERS = ["dpd", "royal_mail", "ups", "evri"]
REASONS = ["too_small", "too_large", "damaged", "not_as_described", "changed_mind"]
QUEUES = ["orders", "returns", "billing", "technical"]
LOCALES = ["en-GB", "fr-FR", "de-DE", "en-US"]

Props = Callable[[random.Random, int], dict[str, Any]]


def _money(r: random.Random, low: float, high: float) -> float:
    return round(r.uniform(low, high), 2)


def _page(r: random.Random, c: int) -> dict[str, Any]:
    return {"path": r.choice(PATHS), "referrer": r.choice(REFERRERS), "device": r.choice(DEVICES),
            "duration_ms": r.randint(200, 120_000), "locale": r.choice(LOCALES)}  # fmt: skip


def _product(r: random.Random, c: int) -> dict[str, Any]:
    return {"sku": f"SKU-{r.randint(1, 25_000):05d}", "category": r.choice(CATEGORIES),
            "price": _money(r, 3, 400), "currency": r.choice(CURRENCIES), "in_stock": r.random() < 0.9}  # fmt: skip


def _cart(r: random.Random, c: int) -> dict[str, Any]:
    return {"sku": f"SKU-{r.randint(1, 25_000):05d}", "quantity": r.randint(1, 4),
            "cart_value": _money(r, 5, 900), "currency": r.choice(CURRENCIES),
            "action": r.choice(["add", "remove"])}  # fmt: skip


def _order(r: random.Random, c: int) -> dict[str, Any]:
    return {"order_id": f"ORD-{c:06d}-{r.randint(1, 999):03d}", "amount": _money(r, 8, 1_200),
            "currency": r.choice(CURRENCIES), "items": r.randint(1, 9),
            "payment_method": r.choice(PAYMENTS)}  # fmt: skip


def _paid(r: random.Random, c: int) -> dict[str, Any]:
    return {"order_id": f"ORD-{c:06d}-{r.randint(1, 999):03d}", "amount": _money(r, 8, 1_200),
            "currency": r.choice(CURRENCIES), "payment_method": r.choice(PAYMENTS),
            "installments": r.choice([1, 1, 1, 3])}  # fmt: skip


def _delivered(r: random.Random, c: int) -> dict[str, Any]:
    late = max(0, r.randint(-3, 4))
    return {"order_id": f"ORD-{c:06d}-{r.randint(1, 999):03d}", "carrier": r.choice(CARRIERS),
            "on_time": late == 0, "days_late": late, "parcel_count": r.randint(1, 3)}  # fmt: skip


def _email(r: random.Random, c: int) -> dict[str, Any]:
    return {"campaign": f"cmp_{r.randint(1, 60):03d}", "subject_variant": r.choice("ABC"),
            "client": r.choice(["gmail", "outlook", "apple_mail"]), "device": r.choice(DEVICES),
            "list": r.choice(["newsletter", "transactional", "winback"])}  # fmt: skip


def _call(r: random.Random, c: int) -> dict[str, Any]:
    return {"duration_s": r.randint(30, 3_600), "queue": r.choice(QUEUES), "agent_id": f"ag_{r.randint(1, 250):03d}",
            "resolved": r.random() < 0.7, "wait_s": r.randint(0, 2_400)}  # fmt: skip


def _chat(r: random.Random, c: int) -> dict[str, Any]:
    return {"duration_s": r.randint(20, 2_400), "agent_id": f"ag_{r.randint(1, 250):03d}",
            "resolved": r.random() < 0.75, "messages": r.randint(2, 60), "bot_handoff": r.random() < 0.4}  # fmt: skip


def _return(r: random.Random, c: int) -> dict[str, Any]:
    return {"order_id": f"ORD-{c:06d}-{r.randint(1, 999):03d}", "reason": r.choice(REASONS),
            "amount": _money(r, 8, 600), "currency": r.choice(CURRENCIES), "items": r.randint(1, 3)}  # fmt: skip


def _survey(r: random.Random, c: int) -> dict[str, Any]:
    nps = min(10, max(0, round(r.gauss(7.4, 2.4))))
    csat = min(5, max(1, round(nps / 2.2 + r.gauss(0.6, 0.7))))
    return {"survey": r.choice(SURVEYS)[0], "nps": nps, "csat": csat, "wave": r.randint(1, 12),
            "lang": r.choice(["en", "fr", "de"])}  # fmt: skip


PROPS: dict[str, Props] = {
    "page.viewed": _page, "product.viewed": _product, "cart.updated": _cart, "order.placed": _order,
    "order.paid": _paid, "order.delivered": _delivered, "email.opened": _email, "call.ended": _call,
    "chat.ended": _chat, "return.requested": _return, "survey.response": _survey,
}  # fmt: skip


def _offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def _generate(path: Path, n: int, seed: int, customers: int) -> None:
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    activity = rng.lognormal(0.0, 1.2, customers)
    who = rng.choice(customers, size=n, p=activity / activity.sum())
    zone_of = rng.choice(len(ZONES), size=customers, p=np.array([w for _, w in ZONES]) / sum(w for _, w in ZONES))
    weights = np.array([t[1] for t in TYPES])
    kinds = rng.choice(len(TYPES), size=n, p=weights / weights.sum())
    seconds = np.sort(rng.integers(0, DAYS * 86_400, size=n))
    prop_count = rng.integers(2, 6, size=n)
    with_email = rng.random(n) < 0.03
    with_text = rng.random(n) < 0.7
    ids = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    seen: set[str] = set()
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb", buffering=8 << 20) as out:
        for i in range(n):
            cid = int(who[i])
            name, _, touchpoint, channel = TYPES[int(kinds[i])]
            hi, lo = int(ids[i, 0]), int(ids[i, 1])
            raw = f"{hi:016x}{lo:016x}"
            event_id = f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-a{raw[17:20]}-{raw[20:32]}"
            seen.add(event_id)
            minutes = ZONES[int(zone_of[cid])][0]
            local = START + timedelta(seconds=int(seconds[i]) + minutes * 60)
            props = PROPS[name](r, cid)
            keep = int(prop_count[i])
            if name == "survey.response":
                keep = max(keep, 3)  # survey, nps and csat always
                survey, where = SURVEYS[r.randrange(len(SURVEYS))]
                props["survey"] = survey
                touchpoint = where
            event: dict[str, Any] = {
                "event_id": event_id,
                "customer_id": f"cust_{cid:06d}",
                "type": name,
                "occurred_at": local.strftime("%Y-%m-%dT%H:%M:%S") + _offset(minutes),
            }
            if touchpoint is not None:
                event["touchpoint"] = touchpoint
            if channel is not None:
                event["channel"] = channel
            event["properties"] = dict(list(props.items())[:keep])
            if with_email[i]:
                event["identities"] = {"email": f"cust_{cid:06d}@example.com"}
            if name == "survey.response" and with_text[i]:
                event["text"] = " ".join(r.sample(COMMENTS, r.choice([1, 1, 2])))
            out.write(orjson.dumps(event))
            out.write(b"\n")
    if len(seen) != n:
        tmp.unlink()
        raise RuntimeError(f"generated {n - len(seen)} duplicate event ids; change the seed")
    tmp.replace(path)


def dataset(folder: Path, n: int, *, seed: int = 7, customers: int = 100_000) -> tuple[Path, bool]:
    """The JSONL file of ``n`` events in ``folder``, generated unless cached; and whether it was generated."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"events-v{FORMAT_VERSION}-n{n}-c{customers}-s{seed}.jsonl"
    if path.is_file():
        return path, False
    _generate(path, n, seed, customers)
    return path, True


def read_lines(path: Path, n: int) -> list[bytes]:
    """The first ``n`` lines of ``path``, without their newlines."""
    lines: list[bytes] = []
    with path.open("rb") as handle:
        for line in handle:
            if len(lines) >= n:
                break
            lines.append(line.rstrip(b"\n"))
    return lines
