"""The demo world: a retailer's customers and everything they do for a few months.

:func:`generate_events` yields canonical event dicts (the same spec always
gives byte-identical events); :data:`TRUE_EFFECTS` is the documented truth that
analytics must recover from them; :func:`demo_workspace_yaml` is the
``cxloop.yaml`` that declares every name the events use.

>>> spec = WorldSpec(customers=3, days=30)
>>> events = list(generate_events(spec))
>>> events[0]["type"] in {"customer.updated", "page.viewed", "newsletter.subscribed"}
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from cxloop.demo._journey import DAY, CustomerPlan, simulate
from cxloop.demo.catalog import LANGUAGES, LOCALES, NAMES, Locale
from cxloop.demo.truth import HALO_SD, NPS_CUSTOMER_SD, TASTE_SD, TRUE_EFFECTS
from cxloop.demo.workspace import demo_workspace_yaml
from cxloop.errors import ValidationError

__all__ = [
    "DEFAULT_END",
    "TRUE_EFFECTS",
    "WorldSpec",
    "customer_id",
    "demo_workspace_yaml",
    "generate_events",
]

#: The default (exclusive) end of the demo window.
DEFAULT_END = datetime(2026, 6, 1, tzinfo=UTC)

_SEGMENTS = ("new", "regular", "vip")
_SEGMENT_SHARES = (0.30, 0.55, 0.15)
#: Mean orders and browse-only sessions per 180 active days, by segment.
_ORDERS = {"new": 1.6, "regular": 2.6, "vip": 5.0}
_BROWSE = {"new": 2.2, "regular": 2.2, "vip": 3.0}
_AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AGE_SHARES = (0.12, 0.26, 0.24, 0.18, 0.12, 0.08)
_APP_USERS = {"en": 0.55, "zh": 0.8, "ja": 0.6, "th": 0.75, "ar": 0.6, "es": 0.5}
_GUEST_SHARE_OF_NEW = 0.14


@dataclass(frozen=True)
class WorldSpec:
    """Size, seed and time window of a demo world.

    ``end`` is the exclusive end of the window (timezone-aware); the window is
    the ``days`` days before it.
    """

    customers: int = 10_000
    days: int = 180
    seed: int = 7
    end: datetime = field(default=DEFAULT_END)

    def __post_init__(self) -> None:
        if self.customers < 1:
            raise ValidationError(f"WorldSpec.customers must be at least 1, got {self.customers}")
        if self.days < 1:
            raise ValidationError(f"WorldSpec.days must be at least 1, got {self.days}")
        if self.seed < 0:
            raise ValidationError(f"WorldSpec.seed must be a non-negative integer, got {self.seed}")
        if self.end.tzinfo is None or self.end.utcoffset() is None:
            raise ValidationError("WorldSpec.end must be timezone-aware, e.g. datetime(2026, 6, 1, tzinfo=UTC)")

    @property
    def start(self) -> datetime:
        """The inclusive start of the window."""
        return datetime.fromtimestamp(self._end_ts() - self.days * DAY, tz=UTC)

    def _end_ts(self) -> int:
        return int(self.end.timestamp())


def customer_id(spec: WorldSpec, index: int) -> str:
    """The customer id of customer number ``index`` of ``spec``."""
    return f"c{spec.seed}-{index:06d}"


def generate_events(spec: WorldSpec) -> Iterator[dict[str, Any]]:
    """Every event of the world: customer by customer, each customer's in time order.

    Every event lies in ``[spec.start, spec.end)`` and carries its customer's
    local UTC offset in ``occurred_at``.
    """
    end_ts = spec._end_ts()
    start_ts = end_ts - spec.days * DAY
    for plan in _plans(spec, start_ts, end_ts):
        yield from simulate(plan, spec.seed, start_ts, end_ts)


def _plans(spec: WorldSpec, start_ts: int, end_ts: int) -> Iterator[CustomerPlan]:
    """Draw every customer's traits at once (vectorised), then hand them out one by one."""
    n = spec.customers
    rng = np.random.default_rng(spec.seed)
    seeds = rng.integers(0, 2**62, size=n).tolist()
    segments = rng.choice(3, size=n, p=_SEGMENT_SHARES).tolist()
    languages = rng.choice(len(LANGUAGES), size=n, p=[share for _, share in LANGUAGES]).tolist()
    locale_u = rng.random(n).tolist()
    ages = rng.choice(len(_AGE_BANDS), size=n, p=_AGE_SHARES).tolist()
    app_u = rng.random(n).tolist()
    p_app = rng.uniform(0.5, 0.95, size=n).tolist()
    p_store = rng.beta(2.0, 6.0, size=n).tolist()
    halo = rng.normal(0.0, HALO_SD, size=n).tolist()
    tastes = rng.normal(0.0, [TASTE_SD["product"], TASTE_SD["price"], TASTE_SD["app"]], size=(n, 3)).tolist()
    nps_u = rng.normal(0.0, NPS_CUSTOMER_SD, size=n).tolist()
    join_u = rng.random(n).tolist()
    activity_u = rng.random((n, 2)).tolist()
    guest_u = rng.random(n).tolist()
    names = rng.integers(0, 8, size=(n, 2)).tolist()
    phone_u = rng.integers(0, 10**9, size=n).tolist()
    devices = rng.integers(0, 2**48, size=(n, 2)).tolist()
    loyalty_u = rng.random((n, 3)).tolist()
    signup_days = rng.integers(30, 1500, size=n).tolist()
    scale = spec.days / 180.0
    by_language = {lang: [loc for loc in LOCALES if loc.language == lang] for lang, _ in LANGUAGES}
    for i in range(n):
        language = LANGUAGES[languages[i]][0]
        locale = _pick_locale(by_language[language], locale_u[i])
        segment = _SEGMENTS[segments[i]]
        if segment == "new":
            first_ts = start_ts + int(join_u[i] * 0.85 * spec.days * DAY)
            signup = first_ts
        else:
            first_ts = start_ts + int(join_u[i] * 2 * DAY)
            signup = start_ts - signup_days[i] * DAY
        active = max(end_ts - first_ts, 0) / (spec.days * DAY)
        mean_orders = _ORDERS[segment] * scale * (active if segment != "new" else 1.0)
        n_orders = _poisson(mean_orders, activity_u[i][0])
        if segment == "new":
            n_orders = max(1, n_orders)
        n_browse = _poisson(_BROWSE[segment] * scale * active, activity_u[i][1])
        guest = None
        if segment == "new" and guest_u[i] < _GUEST_SHARE_OF_NEW:
            guest = "device" if guest_u[i] < _GUEST_SHARE_OF_NEW / 2 else "email"
        given, family = NAMES[language][0][names[i][0]], NAMES[language][1][names[i][1]]
        digits = locale.phone_digits - 6
        phone = f"{locale.phone_prefix}{phone_u[i] % 10**digits:0{digits}d}{i % 10**6:06d}"
        tier, points = _loyalty(segment, loyalty_u[i])
        age = ages[i]
        traits: dict[str, Any] = {
            "segment": segment,
            "language": language,
            "country": locale.country,
            "city": locale.city,
            "timezone": locale.timezone,
            "tier": tier,
            "loyalty_points": points,
            "age_band": _AGE_BANDS[age],
            "signup_date": datetime.fromtimestamp(signup + locale.utc_offset_minutes * 60, tz=UTC).date().isoformat(),
            "marketing_opt_in": loyalty_u[i][2] < 0.55,
        }
        yield CustomerPlan(
            index=i,
            customer_id=customer_id(spec, i),
            seed=seeds[i],
            locale=locale,
            segment=segment,
            traits=traits,
            email=f"{given}.{family}{i}@example.com",
            phone=phone,
            web_device=f"web-{devices[i][0]:012x}",
            app_device=f"app-{devices[i][1]:012x}" if app_u[i] < _APP_USERS[language] else None,
            social_handle=f"@{given}{family[:3]}{i}",
            p_store=p_store[i],
            p_app=p_app[i],
            contact_weights=(0.2 + 0.08 * age, 0.5 - 0.07 * age, 0.3),
            halo=halo[i],
            taste={"product": tastes[i][0], "price": tastes[i][1], "app": tastes[i][2]},
            nps_u=nps_u[i],
            first_ts=first_ts,
            n_orders=n_orders,
            n_browse=n_browse,
            guest=guest,
        )


def _pick_locale(locales: list[Locale], u: float) -> Locale:
    total = sum(loc.weight for loc in locales)
    acc = 0.0
    for loc in locales:
        acc += loc.weight / total
        if u < acc:
            return loc
    return locales[-1]


def _poisson(mean: float, u: float) -> int:
    """The Poisson(``mean``) quantile at ``u`` (inverse CDF), so one uniform draws it."""
    k, p = 0, math.exp(-mean)
    cdf = p
    while u > cdf and k < 1000:
        k += 1
        p *= mean / k
        cdf += p
    return k


def _loyalty(segment: str, u: list[float]) -> tuple[str, int]:
    if segment == "new":
        return "bronze", int(u[1] * 200)
    if segment == "regular":
        return ("silver" if u[0] < 0.4 else "bronze"), 200 + int(u[1] * 2800)
    return ("platinum" if u[0] < 0.3 else "gold"), 3000 + int(u[1] * 17000)
