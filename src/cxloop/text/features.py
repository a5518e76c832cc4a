"""Features shared by training and run time: n-grams of a normalised clause and lexicon counts.

Words are split on ``\\w+``; a word in a script written without spaces
(Thai, Han, kana) yields its character 1- to 3-grams, any other word yields
itself, its character 3- to 5-grams (with word edges) and a bigram with the
word before it. Emoji are features of their own. Lexicon features
(:data:`LEXICON_FEATURES`) are language-independent counts, which is what
lets a model trained on Thai and tweets say something about Chinese and
Japanese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxloop.text.lexicon import Match

__all__ = ["LEXICON_FEATURES", "lexicon_vector", "ngrams"]

_TOKEN = re.compile(r"\w+|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
_UNSPACED = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF]")
LEXICON_FEATURES: tuple[str, ...] = (
    "neg", "pos", "neg_negated", "pos_negated", "churn", "complaint", "question", "exclaim", "emoji_neg", "emoji_pos",
)  # fmt: skip
_CAP = 3.0


def ngrams(norm: str) -> list[str]:
    """The n-gram features of one normalised clause (duplicates kept; callers use them as a set)."""
    out: list[str] = []
    previous = ""
    for token in _TOKEN.findall(norm):
        if _UNSPACED.search(token):
            size = len(token)
            out.extend("c" + token[i : i + n] for n in (1, 2, 3) for i in range(size - n + 1))
            previous = ""
            continue
        if not token[0].isalnum() and len(token) == 1 and not token.isalnum():
            out.append("e" + token)
            continue
        word = "0" if token.isdigit() else token
        out.append("w" + word)
        if previous:
            out.append("b" + previous + " " + word)
        previous = word
        padded = f"<{word}>"
        size = len(padded)
        if size > 3:
            out.extend("g" + padded[i : i + n] for n in (3, 4, 5) for i in range(size - n + 1))
    return out


def lexicon_vector(matches: Sequence[Match], norm: str) -> list[float]:
    """Counts (capped at three) of each :data:`LEXICON_FEATURES` entry for lexicon ``matches`` in ``norm``."""
    counts = dict.fromkeys(LEXICON_FEATURES, 0.0)
    for match in matches:
        category = match.category
        if category in ("neg", "pos"):
            emoji = not match.text[0].isalnum() and not match.text.isalnum()
            name = f"emoji_{category}" if emoji else category
            if match.negated:
                name = f"{category}_negated"
            counts[name] += 1.0
        else:
            counts[category] += 1.0
    if "!" in norm:
        counts["exclaim"] = 1.0
    if "?" in norm or "¿" in norm or "؟" in norm:
        counts["question"] += 1.0
    return [min(counts[name], _CAP) for name in LEXICON_FEATURES]
