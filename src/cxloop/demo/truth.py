"""The documented truth of the demo world: how experiences become ratings, and
ratings become NPS, CSAT and CES.

The model has two layers (``docs/demo-world.md`` explains it at length):

1. **Operations -> attribute ratings.** Each of the five attribute ratings
   (delivery, support, product, price, app) is a latent value, rounded and
   clipped to 1..5::

       r_k = clip(round(base_k + halo_c + taste_ck + sum(shift_j * x_j) + e), 1, 5)

   where ``halo_c`` is a customer-level disposition shared by all five
   ratings (it makes them correlate, as real ratings do), ``taste_ck`` a
   customer-level taste for product, price and app, and ``x_j`` the
   operational facts of the customer's most recent experience (late delivery
   and its delay, long wait, repeat contact, unresolved contact, payment
   failure, defective item).

2. **Ratings -> scores.** NPS depends on the five integer ratings only::

       nps = clip(round(b0 + sum(w_k * (r_k - 3)) + u_c + e), 0, 10)

   with ``u_c`` a customer-level tendency (some people never give a 10). The
   weights are well separated, so driver analysis must rank
   delivery > support > product > price > app. All five ratings drive the
   score even when a rating is not shown (a customer who never contacted
   support is not asked ``rating_support``), so an OLS over complete cases
   recovers the weights, up to the attenuation that rounding and clipping
   cause.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ATTRIBUTES",
    "CES_WEIGHTS",
    "CSAT_WEIGHTS",
    "NPS_WEIGHTS",
    "TRUE_EFFECTS",
    "Experience",
    "Scores",
    "rate",
    "score",
]

#: The five attributes, in their true order of importance.
ATTRIBUTES: tuple[str, ...] = ("delivery", "support", "product", "price", "app")

#: NPS weight per rating point above 3 (the key driver truth).
NPS_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "rating_delivery": 1.30,
        "rating_support": 0.90,
        "rating_product": 0.65,
        "rating_price": 0.25,
        "rating_app": 0.10,
    }
)
NPS_INTERCEPT = 4.6
NPS_CUSTOMER_SD = 0.4
NPS_NOISE_SD = 0.8

#: CSAT (1..5) weights: 0.4 times the NPS weights.
CSAT_WEIGHTS: Mapping[str, float] = MappingProxyType({k: round(0.4 * w, 3) for k, w in NPS_WEIGHTS.items()})
CSAT_INTERCEPT = 3.1
CSAT_NOISE_SD = 0.45

#: CES (1..7, 7 = very easy) is about effort: support, the app and delivery.
CES_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"rating_support": 0.70, "rating_app": 0.45, "rating_delivery": 0.25}
)
CES_INTERCEPT = 4.6
CES_NOISE_SD = 0.7

#: Latent rating when nothing went wrong (before halo, taste and noise).
RATING_BASE: Mapping[str, float] = MappingProxyType(
    {"delivery": 4.4, "support": 4.25, "product": 3.9, "price": 3.45, "app": 3.9}
)
RATING_NOISE_SD = 0.55
HALO_SD = 0.3
TASTE_SD: Mapping[str, float] = MappingProxyType({"product": 0.45, "price": 0.5, "app": 0.45})

#: Operational shifts of the latent ratings.
LATE_DELIVERY = -1.0
DELAY_DAY = -0.3
DELAY_CAP_DAYS = 7
LONG_WAIT = -1.0
REPEAT_CONTACT = -0.8
UNRESOLVED = -1.2
PAYMENT_FAILURE = -1.2
DEFECT_RETURN = -1.3
VIP_PRICE = 0.3

#: Mean delay (days) of a late delivery: 1 + Poisson(1.5), capped at 7.
MEAN_LATE_DELAY = 2.5
#: Waits longer than these (seconds) count as long, per contact channel.
LONG_WAIT_SECONDS: Mapping[str, int] = MappingProxyType({"phone": 600, "chat": 300, "email": 86_400})


def _total(weight_key: str, shift: float) -> float:
    return round(NPS_WEIGHTS[weight_key] * shift, 3)


#: The documented true effects (see the module docstring and docs/demo-world.md).
TRUE_EFFECTS: Mapping[str, float] = MappingProxyType(
    {
        **NPS_WEIGHTS,
        "nps_intercept": NPS_INTERCEPT,
        "nps_customer_sd": NPS_CUSTOMER_SD,
        "nps_noise_sd": NPS_NOISE_SD,
        **{f"csat_{k}": w for k, w in CSAT_WEIGHTS.items()},
        **{f"ces_{k}": w for k, w in CES_WEIGHTS.items()},
        "late_delivery_on_rating_delivery": LATE_DELIVERY,
        "delay_day_on_rating_delivery": DELAY_DAY,
        "long_wait_on_rating_support": LONG_WAIT,
        "repeat_contact_on_rating_support": REPEAT_CONTACT,
        "unresolved_on_rating_support": UNRESOLVED,
        "payment_failure_on_rating_app": PAYMENT_FAILURE,
        "defect_return_on_rating_product": DEFECT_RETURN,
        "vip_on_rating_price": VIP_PRICE,
        # Total effects on the latent NPS of the survey that follows the incident.
        "late_delivery_on_nps": _total("rating_delivery", LATE_DELIVERY + DELAY_DAY * MEAN_LATE_DELAY),
        "long_wait_on_nps": _total("rating_support", LONG_WAIT),
        "repeat_contact_on_nps": _total("rating_support", REPEAT_CONTACT),
        "unresolved_on_nps": _total("rating_support", UNRESOLVED),
        "payment_failure_on_nps": _total("rating_app", PAYMENT_FAILURE),
        "defect_return_on_nps": _total("rating_product", DEFECT_RETURN),
    }
)


@dataclass(frozen=True)
class Experience:
    """The operational facts a survey answer reflects (the customer's latest of each)."""

    delay_days: int = 0
    long_wait: bool = False
    repeat_contact: bool = False
    unresolved: bool = False
    payment_failure: bool = False
    defect: bool = False
    vip: bool = False


@dataclass(frozen=True)
class Scores:
    """One answer: the five integer ratings (all of them, shown or not) and the scores."""

    ratings: Mapping[str, int]
    nps: int
    csat: int
    ces: int


def _clip_round(value: float, low: int, high: int) -> int:
    return min(high, max(low, round(value)))


def rate(
    exp: Experience,
    halo: float,
    taste: Mapping[str, float],
    rng: random.Random,
) -> dict[str, int]:
    """The five attribute ratings (1..5) for an answer given ``exp``."""
    latent = {name: RATING_BASE[name] + halo + taste.get(name, 0.0) for name in ATTRIBUTES}
    if exp.delay_days > 0:
        latent["delivery"] += LATE_DELIVERY + DELAY_DAY * min(exp.delay_days, DELAY_CAP_DAYS)
    latent["support"] += LONG_WAIT * exp.long_wait + REPEAT_CONTACT * exp.repeat_contact + UNRESOLVED * exp.unresolved
    latent["app"] += PAYMENT_FAILURE * exp.payment_failure
    latent["product"] += DEFECT_RETURN * exp.defect
    latent["price"] += VIP_PRICE * exp.vip
    return {name: _clip_round(value + rng.gauss(0.0, RATING_NOISE_SD), 1, 5) for name, value in latent.items()}


def score(ratings: Mapping[str, int], customer_u: float, rng: random.Random) -> Scores:
    """NPS, CSAT and CES from the five ratings (the truth driver analysis recovers)."""
    centred = {f"rating_{name}": value - 3 for name, value in ratings.items()}
    nps = NPS_INTERCEPT + customer_u + sum(w * centred[k] for k, w in NPS_WEIGHTS.items())
    csat = CSAT_INTERCEPT + sum(w * centred[k] for k, w in CSAT_WEIGHTS.items())
    ces = CES_INTERCEPT + sum(w * centred[k] for k, w in CES_WEIGHTS.items())
    return Scores(
        ratings=dict(ratings),
        nps=_clip_round(nps + rng.gauss(0.0, NPS_NOISE_SD), 0, 10),
        csat=_clip_round(csat + rng.gauss(0.0, CSAT_NOISE_SD), 1, 5),
        ces=_clip_round(ces + rng.gauss(0.0, CES_NOISE_SD), 1, 7),
    )
