"""Per-language term matching with negation: the hand-written language resources at work.

A :class:`Lexicon` finds sentiment, churn, complaint and question terms in
normalised text (see :func:`cxloop.text.normalize.normalize`) for one
language plus English and emoji, which appear in every language. A sentiment
term preceded by a negator ("not good", "不好吃" is listed whole, "不太好"
is negated) or, in Japanese, followed by one ("良くない") is marked negated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxloop.text._terms_asian import ASIAN_TERMS
from cxloop.text._terms_european import EMOJI, EUROPEAN_TERMS
from cxloop.text._terms_service import SERVICE_TERMS
from cxloop.text.normalize import normalize

__all__ = ["CATEGORIES", "DEFAULT_TERMS", "Lexicon", "Match"]

Terms = Mapping[str, Mapping[str, Sequence[str]]]
CATEGORIES = ("neg", "pos", "churn", "complaint", "question")


def _with_service(terms: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, Mapping[str, Sequence[str]]]:
    """``terms`` with the service complaint patterns added to each language's ``neg`` and ``complaint`` terms."""
    out: dict[str, Mapping[str, Sequence[str]]] = {}
    for language, categories in terms.items():
        extra = tuple(SERVICE_TERMS.get(language, ()))
        merged = dict(categories)
        for category in ("neg", "complaint"):
            merged[category] = tuple(dict.fromkeys((*categories.get(category, ()), *extra)))
        out[language] = merged
    return out


DEFAULT_TERMS: dict[str, Mapping[str, Sequence[str]]] = _with_service({**EUROPEAN_TERMS, **ASIAN_TERMS, "*": EMOJI})
_UNSPACED = frozenset({"zh", "ja", "th"})
_ARABIC_CLITIC = r"(?:وال|بال|فال|كال|لل|ال|و|ف|ب|ل)?"
_PRE_WINDOW = {"zh": 3, "th": 6}  # characters before a term searched for a negator; others: three words
_POST_WINDOW = 4  # characters after a Japanese term searched for a post-negator


@dataclass(frozen=True)
class Match:
    """One term found: its ``category``, the matched ``text`` and where (offsets into the normalised text)."""

    category: str
    text: str
    start: int
    end: int
    negated: bool = False


def _alternation(terms: Sequence[str], spaced: bool) -> str:
    parts: list[str] = []
    for term in sorted({normalize(t.rstrip("*")) + ("*" if t.endswith("*") else "") for t in terms}, key=len):
        stem = term.rstrip("*")
        if not stem:
            continue
        parts.append(re.escape(stem) + (r"\w*" if term.endswith("*") and spaced else ""))
    return "|".join(reversed(parts))  # longest first, so "不好吃" wins over "好吃"


def _compile(language: str, terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    if language == "*":
        return re.compile(_alternation(terms, spaced=False))
    if language in _UNSPACED:
        return re.compile(_alternation(terms, spaced=False))
    body = _alternation(terms, spaced=True)
    if language == "ar":
        return re.compile(rf"(?<!\w){_ARABIC_CLITIC}(?:{body})\w{{0,3}}(?!\w)")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


class Lexicon:
    """Compiled term lists per language; ``terms`` maps language -> category -> terms (``"*"``: all languages).

    >>> [(m.text, m.negated) for m in Lexicon().matches("the staff were not helpful", "en")]
    [('helpful', True)]
    """

    def __init__(self, terms: Terms = DEFAULT_TERMS) -> None:
        self._patterns: dict[tuple[str, str], re.Pattern[str]] = {}
        self._negators: dict[str, re.Pattern[str]] = {}
        self._post: dict[str, re.Pattern[str]] = {}
        for language, categories in terms.items():
            for category in CATEGORIES:
                pattern = _compile(language, categories.get(category, ()))
                if pattern is not None:
                    self._patterns[language, category] = pattern
            negators = categories.get("negator", ())
            if negators:
                body = _alternation(negators, spaced=language not in _UNSPACED)
                spaced = language not in _UNSPACED
                self._negators[language] = re.compile(rf"(?<!\w)(?:{body})(?!\w)" if spaced else f"(?:{body})")
            post = categories.get("post_negator", ())
            if post:
                self._post[language] = re.compile(f"^(?:{_alternation(post, spaced=False)})")
        self.languages = frozenset(terms) - {"*"}

    def _negated(self, norm: str, start: int, end: int, language: str) -> bool:
        negator = self._negators.get(language)
        if negator is not None:
            if language in _PRE_WINDOW:
                window = norm[max(0, start - _PRE_WINDOW[language]) : start]
            else:
                window = " ".join(norm[:start].split()[-3:])
            if negator.search(window):
                return True
        post = self._post.get(language)
        return post is not None and post.search(norm[end : end + _POST_WINDOW]) is not None

    def matches(self, norm: str, language: str, categories: Sequence[str] = CATEGORIES) -> list[Match]:
        """Terms of ``categories`` found in normalised text ``norm``, for ``language``, English and emoji."""
        found: list[Match] = []
        languages = dict.fromkeys((language, "en", "*"))
        for lang in languages:
            for category in categories:
                pattern = self._patterns.get((lang, category))
                if pattern is None:
                    continue
                for m in pattern.finditer(norm):
                    negated = category in ("neg", "pos") and self._negated(norm, m.start(), m.end(), lang)
                    found.append(Match(category, m.group(0), m.start(), m.end(), negated))
        return _drop_nested(found)


def _drop_nested(found: list[Match]) -> list[Match]:
    """Sentiment terms inside a longer sentiment term ("good" in "not good") are dropped: one phrase, one vote."""
    sentiment = [m for m in found if m.category in ("neg", "pos")]
    if len(sentiment) < 2:
        return found
    return [
        m
        for m in found
        if m.category not in ("neg", "pos")
        or not any(
            o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
            for o in sentiment
        )
    ]
