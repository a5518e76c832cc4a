"""The static side of the demo world: where customers live, what the retailer sells,
and the names (sources, purposes, channels, touchpoints) its events use.

Everything here is plain data, so that :mod:`cxloop.demo.world` (which draws the
customers and their journeys) and :mod:`cxloop.demo.workspace` (which writes the
demo ``cxloop.yaml``) cannot disagree about a name.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

__all__ = [
    "BRAND",
    "CARRIERS",
    "CHANNELS",
    "FAIL_REASONS",
    "LANGUAGES",
    "LOCALES",
    "PAYMENT_METHODS",
    "PRODUCTS",
    "PURPOSES",
    "SEGMENTS",
    "SOURCES",
    "TOUCHPOINTS",
    "WALLET_REASONS",
    "Channel",
    "Locale",
    "Product",
    "Purpose",
    "Source",
    "Touchpoint",
    "format_local",
    "offset_at",
]

#: The fictional retailer of the demo world.
BRAND = "Meridian"

#: Languages in the order their customers are drawn, with their share of customers.
LANGUAGES: tuple[tuple[str, float], ...] = (
    ("en", 0.28),
    ("zh", 0.15),
    ("ja", 0.12),
    ("th", 0.17),
    ("ar", 0.12),
    ("es", 0.16),
)


@dataclass(frozen=True)
class Locale:
    """A city customers live in; ``dst`` names the daylight-saving rule, if any."""

    language: str
    country: str
    city: str
    timezone: str
    utc_offset_minutes: int
    dst: str | None
    currency: str
    phone_prefix: str
    phone_digits: int
    weight: float


LOCALES: tuple[Locale, ...] = (
    Locale("en", "GB", "London", "Europe/London", 0, "eu", "GBP", "+447", 9, 0.35),
    Locale("en", "US", "New York", "America/New_York", -300, "us", "USD", "+1212", 7, 0.30),
    Locale("en", "AU", "Sydney", "Australia/Sydney", 600, "au", "AUD", "+614", 8, 0.20),
    Locale("en", "SG", "Singapore", "Asia/Singapore", 480, None, "SGD", "+659", 7, 0.15),
    Locale("zh", "CN", "Shanghai", "Asia/Shanghai", 480, None, "CNY", "+86139", 8, 0.45),
    Locale("zh", "CN", "Shenzhen", "Asia/Shanghai", 480, None, "CNY", "+86138", 8, 0.30),
    Locale("zh", "TW", "Taipei", "Asia/Taipei", 480, None, "TWD", "+8869", 8, 0.25),
    Locale("ja", "JP", "Tokyo", "Asia/Tokyo", 540, None, "JPY", "+8190", 8, 0.60),
    Locale("ja", "JP", "Osaka", "Asia/Tokyo", 540, None, "JPY", "+8180", 8, 0.40),
    Locale("th", "TH", "Bangkok", "Asia/Bangkok", 420, None, "THB", "+668", 8, 0.65),
    Locale("th", "TH", "Chiang Mai", "Asia/Bangkok", 420, None, "THB", "+669", 8, 0.20),
    Locale("th", "TH", "Phuket", "Asia/Bangkok", 420, None, "THB", "+666", 8, 0.15),
    Locale("ar", "SA", "Riyadh", "Asia/Riyadh", 180, None, "SAR", "+9665", 8, 0.55),
    Locale("ar", "AE", "Dubai", "Asia/Dubai", 240, None, "AED", "+9715", 8, 0.45),
    Locale("es", "ES", "Madrid", "Europe/Madrid", 60, "eu", "EUR", "+346", 8, 0.45),
    Locale("es", "MX", "Mexico City", "America/Mexico_City", -360, None, "MXN", "+5255", 8, 0.35),
    Locale("es", "CO", "Bogotá", "America/Bogota", -300, None, "COP", "+573", 9, 0.20),
)

#: Units of each currency per US dollar (fixed, so amounts are reproducible).
FX_PER_USD: dict[str, float] = {
    "GBP": 0.79, "USD": 1.0, "AUD": 1.52, "SGD": 1.34, "CNY": 7.2, "TWD": 32.0, "JPY": 150.0,
    "THB": 35.0, "SAR": 3.75, "AED": 3.67, "EUR": 0.92, "MXN": 17.0, "COP": 3900.0,
}  # fmt: skip
#: Currencies whose amounts carry no minor unit.
WHOLE_CURRENCIES = frozenset({"JPY", "TWD", "COP"})

#: Romanised given and family names per language, for e-mail addresses.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("olivia", "james", "amelia", "noah", "grace", "oliver", "chloe", "liam"),
           ("smith", "jones", "taylor", "brown", "wilson", "evans", "walker", "hughes")),
    "zh": (("wei", "fang", "jing", "lei", "min", "yan", "hao", "xin"),
           ("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao")),
    "ja": (("yuki", "haruto", "sakura", "ren", "aoi", "sota", "hina", "riku"),
           ("sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura")),
    "th": (("somchai", "malee", "niran", "ploy", "anan", "kanya", "chai", "siri"),
           ("saetang", "srisuk", "wongsa", "chaiyaporn", "boonmee", "kaewkla", "rattana", "thongdee")),
    "ar": (("omar", "fatima", "ahmed", "layla", "khalid", "noura", "yousef", "mariam"),
           ("alharbi", "alqahtani", "almansouri", "alshamsi", "alotaibi", "alzahrani", "hassan", "saleh")),
    "es": (("lucia", "mateo", "sofia", "hugo", "valeria", "diego", "martina", "pablo"),
           ("garcia", "martinez", "lopez", "sanchez", "perez", "gomez", "ruiz", "torres")),
}  # fmt: skip


@dataclass(frozen=True)
class Product:
    """One article in the catalogue; ``price_usd`` is converted per currency."""

    sku: str
    category: str
    price_usd: float


PRODUCTS: tuple[Product, ...] = (
    Product("SKU-1001", "electronics", 129.0),
    Product("SKU-1002", "electronics", 49.0),
    Product("SKU-1003", "electronics", 399.0),
    Product("SKU-2001", "fashion", 39.0),
    Product("SKU-2002", "fashion", 89.0),
    Product("SKU-2003", "fashion", 24.0),
    Product("SKU-3001", "home", 59.0),
    Product("SKU-3002", "home", 149.0),
    Product("SKU-4001", "beauty", 19.0),
    Product("SKU-4002", "beauty", 34.0),
    Product("SKU-5001", "grocery", 12.0),
    Product("SKU-5002", "grocery", 8.0),
)

#: Payment methods per language, and why a payment with them fails.
PAYMENT_METHODS: dict[str, tuple[str, ...]] = {
    "en": ("card", "card", "paypal", "apple_pay"),
    "zh": ("alipay", "wechat_pay", "card"),
    "ja": ("card", "card", "konbini", "paypay"),
    "th": ("promptpay", "card", "cod"),
    "ar": ("card", "apple_pay", "cod"),
    "es": ("card", "card", "paypal"),
}
FAIL_REASONS: dict[str, tuple[str, ...]] = {
    "card": ("card_declined", "card_declined", "insufficient_funds", "3ds_failed", "gateway_error"),
    "cod": ("address_check_failed",),
}
WALLET_REASONS = ("wallet_timeout", "gateway_error", "authorisation_expired")

#: Parcel carriers with their late-delivery rate multiplier (``localpost`` is the weak one).
CARRIERS: tuple[tuple[str, float], ...] = (("swiftship", 0.6), ("parcelgo", 1.0), ("localpost", 2.2))

SEGMENTS: tuple[tuple[str, str], ...] = (
    ("new", "Joined during the demo window; still learning the brand"),
    ("regular", "Established customer with a few orders a season"),
    ("vip", "Highest-value customers: frequent orders, priority service"),
)


@dataclass(frozen=True)
class Purpose:
    name: str
    description: str
    basis: str
    retention_days: int


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    purpose: str


@dataclass(frozen=True)
class Channel:
    name: str
    kind: str
    label: str


@dataclass(frozen=True)
class Touchpoint:
    name: str
    channel: str | None
    stage: str
    label: str


PURPOSES: tuple[Purpose, ...] = (
    Purpose("service", "Take, deliver and support orders", "contract", 730),
    Purpose("analytics", "Understand how customers use our channels", "legitimate_interest", 395),
    Purpose("cx_improvement", "Surveys and feedback used to improve the experience", "consent", 730),
    Purpose("marketing", "Newsletters and offers the customer asked for", "consent", 365),
)

SOURCES: tuple[Source, ...] = (
    Source("web_sdk", "sdk", "service"),
    Source("app_sdk", "sdk", "service"),
    Source("pos", "connector", "service"),
    Source("contact_center", "connector", "service"),
    Source("logistics", "connector", "service"),
    Source("survey", "survey", "cx_improvement"),
    Source("social_listening", "social", "cx_improvement"),
    Source("crm", "connector", "service"),
    Source("http", "http", "service"),
    Source("file_import", "file", "service"),
)

CHANNELS: tuple[Channel, ...] = (
    Channel("web", "digital", "Website"),
    Channel("app", "digital", "Mobile app"),
    Channel("store", "physical", "Stores"),
    Channel("delivery", "physical", "Home delivery"),
    Channel("phone", "assisted", "Call centre"),
    Channel("chat", "messaging", "Live chat"),
    Channel("email", "messaging", "E-mail"),
    Channel("social", "social", "Social media"),
)

TOUCHPOINTS: tuple[Touchpoint, ...] = (
    Touchpoint("newsletter_signup", "web", "discover", "Newsletter sign-up"),
    Touchpoint("home_page", None, "browse", "Home page"),
    Touchpoint("product_page", None, "browse", "Product page"),
    Touchpoint("store_floor", "store", "browse", "Store visit"),
    Touchpoint("cart", None, "buy", "Cart"),
    Touchpoint("checkout", None, "buy", "Checkout"),
    Touchpoint("payment", None, "buy", "Payment"),
    Touchpoint("store_checkout", "store", "buy", "Store till"),
    Touchpoint("order_dispatch", "delivery", "receive", "Order dispatched"),
    Touchpoint("home_delivery", "delivery", "receive", "Home delivery"),
    Touchpoint("returns", None, "return", "Returns"),
    Touchpoint("call_centre", "phone", "support", "Call centre"),
    Touchpoint("live_chat", "chat", "support", "Live chat"),
    Touchpoint("support_email", "email", "support", "Support e-mail"),
    Touchpoint("post_delivery_survey", None, "feedback", "Post-delivery survey"),
    Touchpoint("post_contact_survey", None, "feedback", "Post-contact survey"),
    Touchpoint("relationship_survey", "email", "feedback", "Relationship NPS survey"),
    Touchpoint("social", "social", "advocate", "Public social media"),
)


# -- local time ---------------------------------------------------------------------------------


def _nth_sunday(year: int, month: int, nth: int) -> datetime:
    """The ``nth`` Sunday of a month (``nth=-1``: the last), at 00:00 UTC."""
    if nth > 0:
        first = datetime(year, month, 1, tzinfo=UTC)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))
    nxt = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _dst_span(rule: str, std_minutes: int, year: int) -> tuple[int, int]:
    """Start and end (epoch seconds) of daylight-saving time under ``rule`` in ``year``."""
    std = timedelta(minutes=std_minutes)
    if rule == "eu":  # last Sunday of March 01:00 UTC .. last Sunday of October 01:00 UTC
        start = _nth_sunday(year, 3, -1) + timedelta(hours=1)
        end = _nth_sunday(year, 10, -1) + timedelta(hours=1)
    elif rule == "us":  # second Sunday of March 02:00 local .. first Sunday of November 02:00 local
        start = _nth_sunday(year, 3, 2) + timedelta(hours=2) - std
        end = _nth_sunday(year, 11, 1) + timedelta(hours=1) - std
    elif rule == "au":  # first Sunday of October 02:00 local .. first Sunday of April 03:00 local
        start = _nth_sunday(year, 10, 1) + timedelta(hours=2) - std
        end = _nth_sunday(year, 4, 1) + timedelta(hours=2) - std
    else:
        raise ValueError(f"unknown daylight-saving rule {rule!r}")
    return int(start.timestamp()), int(end.timestamp())


@lru_cache(maxsize=256)
def _transitions(rule: str, std_minutes: int, year: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sorted transition instants around ``year`` and the offset (seconds) in force after each."""
    std, dst = std_minutes * 60, std_minutes * 60 + 3600
    points: list[tuple[int, int]] = []
    for y in (year - 1, year, year + 1):
        start, end = _dst_span(rule, std_minutes, y)
        points += [(start, dst), (end, std)]
    points.sort()
    return tuple(p for p, _ in points), tuple(o for _, o in points)


def offset_at(locale: Locale, ts: int) -> int:
    """The UTC offset (seconds) in force in ``locale`` at epoch second ``ts``."""
    if locale.dst is None:
        return locale.utc_offset_minutes * 60
    year = datetime.fromtimestamp(ts, tz=UTC).year
    points, offsets = _transitions(locale.dst, locale.utc_offset_minutes, year)
    index = bisect.bisect_right(points, ts) - 1
    return offsets[index]


@lru_cache(maxsize=64)
def _zone(offset_s: int) -> timezone:
    return timezone(timedelta(seconds=offset_s))


def format_local(ts: int, offset_s: int) -> str:
    """RFC 3339 text for epoch second ``ts`` in local time with its offset, e.g. ``...+07:00``."""
    return datetime.fromtimestamp(ts, tz=_zone(offset_s)).isoformat()
