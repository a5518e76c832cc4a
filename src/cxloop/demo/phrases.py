"""Multilingual comment text for the demo world.

Survey comments and social posts are written from a small library of natural
sentences per language (en, zh, ja, th, ar, es) and topic. Topics name what
happened (``delivery_late``, ``payment_failed``, ``wait_long``, ...) or what
the customer liked (``delivery_fast``, ``staff_helpful``, ...), so the text
always agrees with the score and with the operational history it comments on.

>>> import random
>>> comment("en", ["delivery_late"], random.Random(1), days=3)
'My order arrived 3 days late and nobody told me why.'
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from cxloop.demo._phrases_en_es import EN, ES
from cxloop.demo._phrases_th_ar import AR, TH
from cxloop.demo._phrases_zh_ja import JA, ZH

__all__ = [
    "INCIDENT_TOPICS",
    "PHRASES",
    "comment",
    "days_text",
    "minutes_text",
    "pick_topics",
    "social_post",
]

#: Sentences per language and topic.
PHRASES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": EN,
    "es": ES,
    "zh": ZH,
    "ja": JA,
    "th": TH,
    "ar": AR,
}

#: Topics that describe an operational failure, most salient first.
INCIDENT_TOPICS: tuple[str, ...] = (
    "delivery_late",
    "unresolved",
    "repeat_contact",
    "wait_long",
    "chat_wait",
    "reply_slow",
    "payment_failed",
    "product_defect",
)

_JOINER = {"en": " ", "es": " ", "th": " ", "ar": " ", "zh": "", "ja": ""}
_POSITIVE: Mapping[str, tuple[str, ...]] = {
    "delivery": ("delivery_fast",),
    "support": ("staff_helpful",),
    "product": ("product_good",),
    "price": ("price_good",),
    "app": ("app_easy", "checkout_easy"),
}
_NEUTRAL: Mapping[str, tuple[str, ...]] = {"delivery": ("delivery_ok",), "product": ("product_ok",)}
_NEGATIVE = {"price": "price_high", "app": "app_bad"}

_SOCIAL: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # (wrappers for complaints, wrappers for praise)
    "en": (
        ("{text} @MeridianShop", "Seriously, @MeridianShop? {text}", "{text} #MeridianFail"),
        ("{text} Thanks @MeridianShop!", "Shout-out to @MeridianShop: {text}"),
    ),
    "es": (
        ("{text} @MeridianShop", "¿En serio, @MeridianShop? {text}", "{text} #MeridianFail"),
        ("{text} ¡Gracias, @MeridianShop!", "¡Bravo, @MeridianShop! {text}"),
    ),
    "zh": (("{text} @Meridian官方", "吐槽一下@Meridian官方：{text}"), ("{text} 给@Meridian官方点赞！",)),
    "ja": (
        ("{text} #メリディアン", "@MeridianJP {text}"),
        ("{text} @MeridianJP さん、ありがとうございます！",),
    ),
    "th": (("{text} #Meridian", "@MeridianTH {text}"), ("{text} ขอบคุณ @MeridianTH มาก ๆ",)),
    "ar": (("{text} @MeridianShop", "@MeridianShop {text}"), ("{text} شكرًا @MeridianShop",)),
}


def days_text(language: str, days: int) -> str:
    """``days`` as a phrase in ``language``, with the right plural (Arabic in the accusative)."""
    if language == "en":
        return "one day" if days == 1 else f"{days} days"
    if language == "es":
        return "un día" if days == 1 else f"{days} días"
    if language == "zh":
        return f"{days}天"
    if language == "ja":
        return f"{days}日"
    if language == "th":
        return f"{days} วัน"
    if language == "ar":
        return _arabic_count(days, "يومًا واحدًا", "يومين", "أيام", "يومًا")
    raise ValueError(f"no phrases for language {language!r}")


def minutes_text(language: str, minutes: int) -> str:
    """``minutes`` as a phrase in ``language``, with the right plural."""
    if language == "en":
        return "one minute" if minutes == 1 else f"{minutes} minutes"
    if language == "es":
        return "un minuto" if minutes == 1 else f"{minutes} minutos"
    if language == "zh":
        return f"{minutes}分钟"
    if language == "ja":
        return f"{minutes}分"
    if language == "th":
        return f"{minutes} นาที"
    if language == "ar":
        return _arabic_count(minutes, "دقيقة واحدة", "دقيقتين", "دقائق", "دقيقة")
    raise ValueError(f"no phrases for language {language!r}")


def _arabic_count(n: int, one: str, two: str, few: str, many: str) -> str:
    # Arabic number agreement: 1 and 2 have their own forms, 3-10 take the
    # plural, 11 and above the singular.
    if n == 1:
        return one
    if n == 2:
        return two
    if 3 <= n % 100 <= 10:
        return f"{n} {few}"
    return f"{n} {many}"


def comment(
    language: str,
    topics: Sequence[str],
    rng: random.Random,
    *,
    days: int = 1,
    minutes: int = 1,
) -> str:
    """One comment in ``language``: a sentence for each topic, in order."""
    table = PHRASES[language]
    slots = {"days": days_text(language, days), "minutes": minutes_text(language, minutes)}
    sentences = []
    for topic in topics:
        template = rng.choice(table[topic])
        sentences.append(template.format(**slots) if "{" in template else template)
    return _JOINER[language].join(sentences)


def social_post(
    language: str,
    topics: Sequence[str],
    positive: bool,
    rng: random.Random,
    *,
    days: int = 1,
    minutes: int = 1,
) -> str:
    """A short public post in ``language`` about ``topics``, addressed to the brand."""
    text = comment(language, topics, rng, days=days, minutes=minutes)
    wrappers = _SOCIAL[language][1 if positive else 0]
    return rng.choice(wrappers).format(text=text)


def pick_topics(
    category: str,
    incidents: Sequence[str],
    ratings: Mapping[str, int],
    rng: random.Random,
) -> list[str]:
    """Topics a respondent writes about, given the NPS ``category``.

    ``category`` is ``promoter``, ``passive`` or ``detractor``; ``incidents``
    are the failures the respondent lived through (most salient first) and
    ``ratings`` the attribute ratings they gave (``delivery``, ``support``, ...).
    Detractors write about what went wrong, promoters about what they liked,
    passives about a bit of both.
    """
    ranked = sorted(ratings.items(), key=lambda item: (-item[1], item[0]))
    if category == "promoter":
        liked = [rng.choice(_POSITIVE[name]) for name, value in ranked if value >= 4]
        topics = liked[: rng.choice((1, 1, 2))] or ["general_pos"]
        if rng.random() < 0.35:
            topics.append("general_pos")
        return topics
    if category == "passive":
        good = [rng.choice(_NEUTRAL.get(name, _POSITIVE[name])) for name, value in ranked if value >= 4]
        bad = list(incidents[:1]) or [_NEGATIVE[n] for n, v in reversed(ranked) if v <= 3 and n in _NEGATIVE][:1]
        topics = good[:1] + bad
        return topics or ["general_neu"]
    topics = list(incidents[: rng.choice((1, 2))])
    if not topics:
        topics = [_NEGATIVE[n] for n, v in reversed(ranked) if v <= 2 and n in _NEGATIVE][:1]
    if not topics or rng.random() < 0.3:
        topics.append("general_neg")
    return topics
