"""Themes: a user-defined taxonomy that tags texts, and themes discovered by clustering.

A :class:`Taxonomy` is Text-iQ style: each theme lists keywords per language
(``"*"`` for all languages; a trailing ``*`` matches word prefixes) and
optional regular expressions. :func:`discover_themes` clusters texts with
k-means on TF-IDF terms plus shared multilingual concepts (delivery, price,
staff, ...), so "配送太慢" and "delivery was late" can meet in one theme,
and labels each theme with its most distinctive readable terms. Both are pure
functions of their input: the same texts and seed give the same themes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxloop.errors import ValidationError
from cxloop.text._concepts import CONCEPTS
from cxloop.text.normalize import normalize

__all__ = ["DiscoveredTheme", "Taxonomy", "Theme", "ThemeDiscovery", "discover_themes", "terms_of"]

_UNSPACED = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u9FFF]")
_WORD = re.compile(r"\w+")
_STOP_WORDS = (
    "the a an and or but to of in on for with is are was were be been it this that i you we they my your our me "
    "at by from as so not no do did have has had just very too can will would all there their them he she his her "
    "el la los las de del y o que en un una es por con para lo se al le les des du et est pas pour une der die "
    "das und ist nicht ein eine zu mit von il di che per non un della e o do da em um uma os no na"
)
_STOP = frozenset(_STOP_WORDS.split(" "))


def _keyword_pattern(words: Sequence[str], spaced: bool) -> str:
    parts = []
    for word in sorted({normalize(w) for w in words if w.strip()}, key=len, reverse=True):
        stem = re.escape(word.rstrip("*"))
        if not spaced or _UNSPACED.search(word):
            parts.append(stem)
        else:
            tail = r"\w*" if word.endswith("*") else ""
            parts.append(rf"(?<!\w){stem}{tail}(?!\w)")
    return "|".join(parts)


@dataclass(frozen=True)
class Theme:
    """One taxonomy theme: ``keywords`` per language (``"*"``: any language) and optional regex ``patterns``."""

    name: str
    keywords: Mapping[str, Sequence[str]]
    patterns: Sequence[str] = ()


class Taxonomy:
    """User-defined themes that tag texts; a text may carry several themes, in taxonomy order.

    >>> taxonomy = Taxonomy.from_dict({"delivery": {"en": ["late", "deliver*"], "zh": ["配送"]}})
    >>> taxonomy.tag("Delivered two days late", "en"), taxonomy.tag("配送太慢了", "zh")
    (['delivery'], ['delivery'])
    """

    def __init__(self, themes: Sequence[Theme]) -> None:
        self.themes = list(themes)
        self._compiled: list[tuple[str, dict[str, re.Pattern[str]], list[re.Pattern[str]]]] = []
        for theme in self.themes:
            per_language: dict[str, re.Pattern[str]] = {}
            for language, words in theme.keywords.items():
                body = _keyword_pattern(words, spaced=True)
                if body:
                    per_language[language] = re.compile(body)
            try:
                patterns = [re.compile(p, re.IGNORECASE) for p in theme.patterns]
            except re.error as exc:
                raise ValidationError(f"theme {theme.name!r}: invalid pattern: {exc}") from exc
            self._compiled.append((theme.name, per_language, patterns))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Mapping[str, Sequence[str]]]) -> Taxonomy:
        """Build from ``{theme: {language: [keywords], "patterns": [regex]}}`` (for example parsed YAML)."""
        themes = []
        for name, entry in spec.items():
            if not isinstance(entry, Mapping):
                raise ValidationError(f"theme {name!r}: expected a mapping of language to keywords")
            keywords = {lang: list(words) for lang, words in entry.items() if lang != "patterns"}
            themes.append(Theme(name, keywords, tuple(entry.get("patterns", ()))))
        return cls(themes)

    def tag(self, text: str, language: str | None = None) -> list[str]:
        """Names of the themes ``text`` mentions; ``language`` limits keywords to it and ``"*"`` (None: all)."""
        norm = normalize(text)
        found = []
        for name, per_language, patterns in self._compiled:
            candidates = (
                per_language.values()
                if language is None
                else (p for lang, p in per_language.items() if lang in (language, "*"))
            )
            if any(p.search(norm) for p in candidates) or any(p.search(text) for p in patterns):
                found.append(name)
        return found

    def tag_many(self, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[list[str]]:
        """:meth:`tag` for each text, in input order."""
        langs = languages if languages is not None else [None] * len(texts)
        return [self.tag(text, lang) for text, lang in zip(texts, langs, strict=True)]


CONCEPT_TAXONOMY = Taxonomy.from_dict(CONCEPTS)


def terms_of(text: str) -> list[str]:
    """Readable terms of a text: words (no stop words) for spaced scripts, character bigrams for Thai and CJK."""
    out: list[str] = []
    for token in _WORD.findall(normalize(text)):
        if _UNSPACED.search(token):
            out.extend(token[i : i + 2] for i in range(len(token) - 1)) if len(token) > 1 else out.append(token)
        elif len(token) > 2 and token not in _STOP and not token.isdigit():
            out.append(token)
    return out


@dataclass(frozen=True)
class DiscoveredTheme:
    """A discovered theme: ``label`` from its top ``terms``, ``size`` texts, ``examples`` (input indices)."""

    id: int
    label: str
    terms: list[str]
    size: int
    examples: list[int]


@dataclass(frozen=True)
class ThemeDiscovery:
    """``themes`` largest first; ``assignments[i]`` is the theme id of text ``i`` (-1: no usable terms)."""

    themes: list[DiscoveredTheme]
    assignments: list[int]


Embedder = Callable[[Sequence[str]], npt.NDArray[np.floating]]


def _tfidf(texts: Sequence[str], max_terms: int, concept_weight: float) -> tuple[npt.NDArray[np.float64], list[str]]:
    docs = []
    for text in texts:
        terms = terms_of(text)
        terms.extend(f"[{name}]" for name in CONCEPT_TAXONOMY.tag(text))
        docs.append(Counter(terms))
    df = Counter(term for doc in docs for term in doc)
    min_df = 2 if len(texts) >= 20 else 1
    kept = [t for t, n in df.most_common() if n >= min_df and n < max(2, 0.5 * len(texts))][:max_terms]
    index = {t: i for i, t in enumerate(kept)}
    matrix = np.zeros((len(texts), len(kept)))
    for row, doc in enumerate(docs):
        for term, count in doc.items():
            col = index.get(term)
            if col is not None:
                boost = concept_weight if term.startswith("[") else 1.0
                matrix[row, col] = (1.0 + math.log(count)) * math.log((1 + len(texts)) / (1 + df[term])) * boost
    return matrix, kept


def _kmeans(points: npt.NDArray[np.float64], k: int, seed: int, rounds: int = 30) -> npt.NDArray[np.intp]:
    rng = np.random.default_rng(seed)
    centres = [points[int(rng.integers(len(points)))]]
    for _ in range(1, k):  # k-means++ seeding on cosine distance
        distance = np.clip(1.0 - np.max(points @ np.array(centres).T, axis=1), 0.0, None)
        total = distance.sum()
        pick = int(rng.choice(len(points), p=distance / total)) if total > 0 else int(rng.integers(len(points)))
        centres.append(points[pick])
    centre = np.array(centres)
    labels = np.zeros(len(points), dtype=np.intp)
    for _ in range(rounds):
        new = np.argmax(points @ centre.T, axis=1)
        if _ and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = points[labels == j]
            if len(members):
                mean = members.mean(axis=0)
                centre[j] = mean / (np.linalg.norm(mean) or 1.0)
    return labels


def discover_themes(
    texts: Sequence[str],
    k: int | None = None,
    *,
    seed: int = 0,
    top_terms: int = 5,
    examples: int = 3,
    max_vocabulary: int = 3000,
    concept_weight: float = 2.0,
    embed: Embedder | None = None,
) -> ThemeDiscovery:
    """Group ``texts`` into ``k`` themes (default about sqrt(n/2), 2 to 20), each labelled with readable terms.

    ``embed`` (texts -> vectors, for example a multilingual sentence encoder) is joined to the TF-IDF terms when
    given, for grouping across languages beyond the built-in concepts; labels always come from the terms.
    """
    if not texts:
        return ThemeDiscovery([], [])
    matrix, vocabulary = _tfidf(texts, max_vocabulary, concept_weight)
    norms = np.linalg.norm(matrix, axis=1)
    usable = norms > 0
    points = matrix / np.where(usable, norms, 1.0)[:, None]
    if embed is not None:
        vectors = np.asarray(embed(list(texts)), dtype=np.float64)
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        points = np.hstack([points, vectors]) / math.sqrt(2.0)
        usable = np.ones(len(texts), dtype=bool)
    rows = np.flatnonzero(usable)
    if len(rows) == 0:
        return ThemeDiscovery([], [-1] * len(texts))
    count = k if k is not None else max(2, min(20, round(math.sqrt(len(rows) / 2))))
    count = max(1, min(count, len(rows)))
    labels = _kmeans(points[rows], count, seed)
    overall = matrix[rows].mean(axis=0)
    themes: list[DiscoveredTheme] = []
    assignments = [-1] * len(texts)
    order = sorted(range(count), key=lambda j: (-int(np.sum(labels == j)), j))
    for theme_id, j in enumerate(order):
        members = rows[labels == j]
        if len(members) == 0:
            continue
        lift = matrix[members].mean(axis=0) - overall
        best = [vocabulary[i] for i in np.argsort(-lift, kind="stable")[: top_terms * 2] if lift[i] > 0]
        terms = _dedupe(best)[:top_terms]
        centre = points[members].mean(axis=0)
        closest = members[np.argsort(-(points[members] @ centre), kind="stable")[:examples]]
        themes.append(
            DiscoveredTheme(theme_id, " / ".join(terms[:3]) or "(misc)", terms, len(members), [int(i) for i in closest])
        )
        for i in members:
            assignments[int(i)] = theme_id
    return ThemeDiscovery(themes, assignments)


def _dedupe(terms: list[str]) -> list[str]:
    """Drop a term contained in one already chosen ("配" after "配送")."""
    out: list[str] = []
    for term in terms:
        if not any(term in kept or kept in term for kept in out):
            out.append(term)
    return out
