"""The shipped linear text model: weights for n-grams and lexicon counts, stored as one ``.npz`` file.

Two heads, ``negative`` and ``praise``, each a logistic regression. Texts in
a language the n-gram heads were trained on (``languages``) are scored on
their n-grams plus lexicon counts (log-odds blended with the lexicon-only
head by ``blend``, chosen on training rows); any other language (Chinese, Japanese,
...) on lexicon counts alone, through the ``*_lexicon`` heads. Thresholds
for each head travel with the weights and can be overridden by the caller.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cxloop.errors import ValidationError
from cxloop.text.features import LEXICON_FEATURES

__all__ = ["DEFAULT_MODEL_PATH", "HEADS", "TextModel"]

HEADS = ("negative", "praise")
DEFAULT_MODEL_PATH = Path(__file__).parent / "models" / "default.npz"
FORMAT = 1

Array = npt.NDArray[np.float32]


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


@dataclass
class TextModel:
    """Weights of both heads; ``ngram_weights`` has one row per head and one column per ``vocabulary`` entry."""

    vocabulary: list[str]
    ngram_weights: Array
    lexicon_weights: Array
    bias: Array
    lexicon_only_weights: Array
    lexicon_only_bias: Array
    thresholds: dict[str, float]
    languages: frozenset[str]
    metadata: dict[str, object] = field(default_factory=dict)
    blend: float = 0.0
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {key: i for i, key in enumerate(self.vocabulary)}
        heads, size = self.ngram_weights.shape
        if heads != len(HEADS) or size != len(self.vocabulary):
            raise ValidationError(f"model weights have shape {self.ngram_weights.shape}, expected (2, {size})")
        if self.lexicon_weights.shape != (len(HEADS), len(LEXICON_FEATURES)):
            raise ValidationError("lexicon weights do not match LEXICON_FEATURES; retrain with `make train-text`")

    def covers(self, language: str) -> bool:
        """Whether texts in ``language`` are scored with the n-gram heads."""
        return language in self.languages

    def indices(self, features: Sequence[str]) -> list[int]:
        """Vocabulary positions of the ``features`` that the model knows."""
        return [i for i in map(self._index.get, features) if i is not None]

    def score(
        self, clause_indices: Sequence[Sequence[int]], n_features: int, lexicon: Sequence[float], language: str
    ) -> tuple[dict[str, float], list[float]]:
        """Probabilities per head and each clause's contribution to ``negative`` (for the evidence span).

        ``clause_indices`` are the known n-grams of each clause (deduplicated across clauses by the caller),
        ``n_features`` the number of distinct n-grams of the text, known or not.
        """
        lex = np.asarray(lexicon, dtype=np.float32)
        if not self.covers(language):
            raw = self.lexicon_only_weights @ lex + self.lexicon_only_bias
            return {head: _sigmoid(float(raw[h])) for h, head in enumerate(HEADS)}, [0.0] * len(clause_indices)
        scale = 1.0 / math.sqrt(n_features) if n_features else 0.0
        blend = self.blend
        raw = (1.0 - blend) * (self.lexicon_weights @ lex + self.bias)
        raw = raw + blend * (self.lexicon_only_weights @ lex + self.lexicon_only_bias)
        contributions: list[float] = []
        for indices in clause_indices:
            if indices:
                part = self.ngram_weights[:, indices].sum(axis=1) * (scale * (1.0 - blend))
                raw = raw + part
                contributions.append(float(part[0]))
            else:
                contributions.append(0.0)
        return {head: _sigmoid(float(raw[h])) for h, head in enumerate(HEADS)}, contributions

    def save(self, path: Path) -> None:
        """Write the model as a compressed ``.npz`` (weights as float16, vocabulary as UTF-8)."""
        meta = {
            "format": FORMAT,
            "thresholds": self.thresholds,
            "languages": sorted(self.languages),
            "lexicon_features": list(LEXICON_FEATURES),
            "blend": self.blend,
            **self.metadata,
        }
        np.savez_compressed(
            path,
            vocabulary=np.frombuffer("\n".join(self.vocabulary).encode("utf-8"), dtype=np.uint8),
            ngram_weights=self.ngram_weights.astype(np.float16),
            lexicon_weights=self.lexicon_weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            lexicon_only_weights=self.lexicon_only_weights.astype(np.float32),
            lexicon_only_bias=self.lexicon_only_bias.astype(np.float32),
            metadata=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL_PATH) -> TextModel:
        """Read a model written by :meth:`save`; the error names the training command when it is missing."""
        if not path.exists():
            raise ValidationError(f"text model {path} not found; build it with `make train-text`")
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["metadata"]).decode("utf-8"))
            if meta.get("format") != FORMAT or meta.get("lexicon_features") != list(LEXICON_FEATURES):
                raise ValidationError(f"text model {path} was written by another version; run `make train-text`")
            vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n") if data["vocabulary"].size else []
            return cls(
                vocabulary=vocabulary,
                ngram_weights=data["ngram_weights"].astype(np.float32),
                lexicon_weights=data["lexicon_weights"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                lexicon_only_weights=data["lexicon_only_weights"].astype(np.float32),
                lexicon_only_bias=data["lexicon_only_bias"].astype(np.float32),
                thresholds={str(k): float(v) for k, v in meta.pop("thresholds").items()},
                languages=frozenset(meta.pop("languages")),
                blend=float(meta.pop("blend", 0.0)),
                metadata=meta,
            )
