"""The text analyzer: language, binary signals with evidence, and taxonomy themes for each text.

What leaves :class:`TextAnalyzer` is yes/no per signal with the evidence
span; the confidences in ``scores`` are for ranking and debugging, and a
threshold per signal decides (``thresholds={"negative": 0.6}``).

>>> analyzer = TextAnalyzer()
>>> analyzer.analyze("Terrible service, I want to cancel my account").signals
['negative', 'churn_intent', 'complaint']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cxloop.text.features import lexicon_vector, ngrams
from cxloop.text.langid import UNDETERMINED, LanguageIdentifier, default_identifier
from cxloop.text.lexicon import Lexicon, Match
from cxloop.text.model import DEFAULT_MODEL_PATH, TextModel
from cxloop.text.normalize import Clause, clauses
from cxloop.text.themes import Taxonomy

__all__ = ["SIGNALS", "TextAnalyzer", "TextResult", "analyze_texts"]

SIGNALS = ("negative", "churn_intent", "complaint", "praise", "question")
_RULE_THRESHOLDS = {"churn_intent": 0.5, "question": 0.5}
_COMPLAINT_FACTOR = 0.8  # a named problem needs less negativity than bare negativity does
_QUESTION_END = ("?", "？", "؟")
_QUESTION_ANYWHERE = frozenset({"zh", "ja", "th", "ar", "hi"})
_MAX_SPAN = 200


@dataclass(frozen=True)
class TextResult:
    """What the analyzer says about one text; ``signals`` in :data:`SIGNALS` order, ``spans`` keyed by signal."""

    language: str
    negative: bool
    signals: list[str]
    spans: dict[str, str]
    scores: dict[str, float]
    themes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (the shape ``cxloop text detect`` prints)."""
        return {
            "language": self.language,
            "negative": self.negative,
            "signals": list(self.signals),
            "spans": dict(self.spans),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "themes": list(self.themes),
        }


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> TextModel:
    """Models are read once per process and path (they are never mutated)."""
    return TextModel.load(path)


def _span(clause: Clause) -> str:
    return clause.text.strip().rstrip(",，、;；")[:_MAX_SPAN]


class TextAnalyzer:
    """Language identification, binary signals and taxonomy themes, offline.

    ``model``: a :class:`TextModel` or the path of one (default: the shipped model); ``thresholds``: per signal,
    overriding the model's; ``taxonomy``: user-defined themes to tag; ``language``: skip identification and
    treat every text as this language.
    """

    def __init__(
        self,
        model: TextModel | Path | None = None,
        *,
        thresholds: Mapping[str, float] | None = None,
        taxonomy: Taxonomy | None = None,
        identifier: LanguageIdentifier | None = None,
        lexicon: Lexicon | None = None,
        language: str | None = None,
    ) -> None:
        self.model = model if isinstance(model, TextModel) else _load(Path(model or DEFAULT_MODEL_PATH))
        unknown = set(thresholds or {}) - set(SIGNALS)
        if unknown:
            raise ValueError(f"unknown signal(s) in thresholds: {sorted(unknown)}; known: {', '.join(SIGNALS)}")
        self.thresholds = dict(thresholds or {})
        self.taxonomy = taxonomy
        self.identifier = identifier or (None if language else default_identifier())
        self.lexicon = lexicon or Lexicon()
        self.language = language

    def threshold(self, signal: str, language: str) -> float:
        """The threshold in force for ``signal`` on a text in ``language``."""
        if signal in self.thresholds:
            return self.thresholds[signal]
        if signal in _RULE_THRESHOLDS:
            return _RULE_THRESHOLDS[signal]
        head = "negative" if signal == "complaint" else signal
        key = head if self.model.covers(language) else f"{head}_lexicon"
        value = self.model.thresholds.get(key, 0.5)
        return value * _COMPLAINT_FACTOR if signal == "complaint" else value

    def _language(self, text: str) -> str:
        if self.language:
            return self.language
        if self.identifier is None:  # pragma: no cover - set in __init__ whenever language is not
            return UNDETERMINED
        return self.identifier.identify(text)

    def analyze(self, text: str, language: str | None = None) -> TextResult:
        """Signals, spans, scores and themes of one ``text`` (``language`` skips identification)."""
        lang = language or self._language(text)
        pieces = clauses(text)
        seen: set[str] = set()
        clause_indices: list[list[int]] = []
        clause_matches: list[list[Match]] = []
        for piece in pieces:
            fresh = [f for f in dict.fromkeys(ngrams(piece.norm)) if f not in seen]
            seen.update(fresh)
            clause_indices.append(self.model.indices(fresh) if self.model.covers(lang) else [])
            clause_matches.append(self.lexicon.matches(piece.norm, lang))
        all_matches = [m for ms in clause_matches for m in ms]
        norm = " ".join(piece.norm for piece in pieces)
        probs, contributions = self.model.score(clause_indices, len(seen), lexicon_vector(all_matches, norm), lang)
        scores: dict[str, float] = {"negative": probs["negative"], "praise": probs["praise"]}
        spans: dict[str, str] = {}

        def votes(i: int, category: str) -> int:
            return sum(1 for m in clause_matches[i] if m.category == category and not m.negated)

        # Polarities exclude each other: a text the model finds more positive than negative is not negative.
        negative = bool(pieces) and scores["praise"] <= scores["negative"] >= self.threshold("negative", lang)
        if negative:
            best = max(range(len(pieces)), key=lambda i: contributions[i] + votes(i, "neg") - votes(i, "pos"))
            spans["negative"] = _span(pieces[best])
        churn = [i for i, ms in enumerate(clause_matches) if any(m.category == "churn" for m in ms)]
        scores["churn_intent"] = 1.0 if churn else 0.0
        if churn:
            spans["churn_intent"] = _span(pieces[churn[0]])
        problem = [i for i, ms in enumerate(clause_matches) if any(m.category == "complaint" for m in ms)]
        scores["complaint"] = scores["negative"] if problem or churn else 0.0
        if problem or churn:
            spans["complaint"] = _span(pieces[(problem or churn)[0]])
        praise = bool(pieces) and not negative and scores["praise"] >= self.threshold("praise", lang)
        if praise:
            best = max(range(len(pieces)), key=lambda i: votes(i, "pos") - contributions[i])
            spans["praise"] = _span(pieces[best])
        asked = [i for i, piece in enumerate(pieces) if self._asks(piece, clause_matches[i], lang)]
        scores["question"] = 1.0 if asked else 0.0
        if asked:
            spans["question"] = _span(pieces[asked[0]])
        signals = [s for s in SIGNALS if s in spans and scores[s] >= self.threshold(s, lang)]
        spans = {s: spans[s] for s in signals}
        themes = self.taxonomy.tag(text, lang) if self.taxonomy is not None else []
        return TextResult(lang, "negative" in spans, signals, spans, scores, themes)

    @staticmethod
    def _asks(piece: Clause, matches: list[Match], language: str) -> bool:
        stripped = piece.text.rstrip()
        if stripped.endswith(_QUESTION_END) or "¿" in stripped:
            return True
        words = [m for m in matches if m.category == "question"]
        if language in _QUESTION_ANYWHERE:
            return any(not m.text.isascii() or language == "hi" for m in words)
        return any(m.start == 0 for m in words)

    def analyze_many(self, texts: Iterable[str]) -> list[TextResult]:
        """:meth:`analyze` for each text, in input order."""
        return [self.analyze(text) for text in texts]

    def negative(self, text: str) -> str | None:
        """The evidence span when ``text`` is negative, else ``None`` (the engine's ``TextSignals`` protocol)."""
        return self.analyze(text).spans.get("negative")


def analyze_texts(texts: Iterable[str], analyzer: TextAnalyzer | None = None) -> Iterator[TextResult]:
    """Stream results for ``texts`` in input order; the analyzer (and its model) is built once."""
    analyzer = analyzer or TextAnalyzer()
    for text in texts:
        yield analyzer.analyze(text if isinstance(text, str) else "")
