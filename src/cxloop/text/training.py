"""Training the shipped model from "train and ship" data only (see ``scripts/train_text.py``).

Rows come from ``th_wisesight_train.csv`` (Thai, CC0) less a fixed held-out
fifth (:func:`is_heldout`, what the benchmark measures on) and
``xlmt_tweets_8lang_train.csv`` (Apache-2.0); the tweets' ``_val`` split is
never trained on. ``scripts/train_text.py`` adds the project-generated
review texts of :mod:`cxloop.text.synthetic` (source ``generated``, weighed
down by ``source_weights``). A tenth of the real training rows (:func:`is_dev`)
picks the regularisation and the thresholds (generated rows are always fitted
on: their phrasings would flatter a dev split), then the heads are refitted on
all training rows. scikit-learn is needed here only, never at run time.
"""

from __future__ import annotations

import csv
import math
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cxloop.text.features import LEXICON_FEATURES, lexicon_vector, ngrams
from cxloop.text.lexicon import Lexicon
from cxloop.text.model import HEADS, TextModel
from cxloop.text.normalize import clauses

__all__ = ["Row", "best_threshold", "featurize", "is_dev", "is_heldout", "load_rows", "train"]

WISESIGHT = "th_wisesight_train.csv"
TWEETS_TRAIN = "xlmt_tweets_8lang_train.csv"
TWEETS_VAL = "xlmt_tweets_8lang_val.csv"
GENERATED = "generated"


@dataclass(frozen=True)
class Row:
    """One labelled text: ``label`` is the data set's own (``neg``, ``neu``, ``pos``, ``q``)."""

    text: str
    language: str
    label: str
    source: str


def is_heldout(text: str) -> bool:
    """The fixed fifth of Wisesight kept out of training for the benchmark (by text, so duplicates stay together)."""
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def is_dev(text: str) -> bool:
    """The tenth of training rows used to choose regularisation and thresholds."""
    return zlib.crc32(b"dev:" + text.encode("utf-8")) % 10 == 0


def load_rows(data_dir: Path, split: str) -> list[Row]:
    """``split``: ``"train"`` (what ships is fitted on), ``"heldout"`` (Wisesight fifth) or ``"val"`` (tweets)."""
    rows: list[Row] = []
    if split in ("train", "heldout"):
        with (data_dir / WISESIGHT).open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                if is_heldout(record["text"]) == (split == "heldout"):
                    rows.append(Row(record["text"], "th", record["label"], "wisesight"))
    if split in ("train", "val"):
        name = TWEETS_TRAIN if split == "train" else TWEETS_VAL
        with (data_dir / name).open(encoding="utf-8", newline="") as handle:
            rows.extend(Row(r["text"], r["lang"], r["label"], "xlmt") for r in csv.DictReader(handle))
    return rows


def featurize(
    texts: Sequence[str], languages: Sequence[str], lexicon: Lexicon
) -> tuple[list[list[str]], np.ndarray[Any, np.dtype[np.float32]]]:
    """Distinct n-grams and the lexicon vector of each text, exactly as :class:`TextAnalyzer` computes them."""
    grams: list[list[str]] = []
    lex = np.zeros((len(texts), len(LEXICON_FEATURES)), dtype=np.float32)
    for row, (text, language) in enumerate(zip(texts, languages, strict=True)):
        pieces = clauses(text)
        grams.append(list(dict.fromkeys(g for piece in pieces for g in ngrams(piece.norm))))
        matches = [m for piece in pieces for m in lexicon.matches(piece.norm, language)]
        lex[row] = lexicon_vector(matches, " ".join(piece.norm for piece in pieces))
    return grams, lex


def _matrix(grams: list[list[str]], index: dict[str, int], lex: np.ndarray[Any, Any]) -> Any:
    from scipy import sparse

    rows, cols, vals = [], [], []
    for r, features in enumerate(grams):
        scale = 1.0 / math.sqrt(len(features)) if features else 0.0
        for f in features:
            c = index.get(f)
            if c is not None:
                rows.append(r)
                cols.append(c)
                vals.append(scale)
    ngram = sparse.csr_matrix((vals, (rows, cols)), shape=(len(grams), len(index)), dtype=np.float64)
    return sparse.hstack([ngram, sparse.csr_matrix(lex.astype(np.float64))], format="csr")


def best_threshold(probabilities: Any, truth: Any) -> float:
    """The threshold (0.05 to 0.95 in steps of 0.01) that maximises F1 of ``truth`` on these rows."""
    p = np.asarray(probabilities)
    y = np.asarray(truth, dtype=bool)
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.05, 0.951, 0.01):
        predicted = p >= t
        tp = float(np.sum(predicted & y))
        f1 = 2 * tp / (float(predicted.sum()) + float(y.sum()) or 1.0)
        if f1 > best_f1:
            best, best_f1 = float(round(t, 2)), f1
    return best


def _fit(x: Any, y: np.ndarray[Any, Any], c: float, weight: np.ndarray[Any, Any] | None = None) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(C=c, max_iter=3000, solver="liblinear").fit(x, y, sample_weight=weight)


def train(
    rows: Sequence[Row],
    *,
    min_df: int = 2,
    max_vocabulary: int = 150_000,
    source_weights: Mapping[str, float] | None = None,
    log: Any = print,
) -> TextModel:
    """Fit both heads (n-gram + lexicon, lexicon only) and their thresholds; deterministic for the same rows.

    ``source_weights`` weighs each row by its ``source`` (default 1.0) in the fits.
    """
    lexicon = Lexicon()
    weight = np.array([(source_weights or {}).get(r.source, 1.0) for r in rows], dtype=np.float64)
    grams, lex = featurize([r.text for r in rows], [r.language for r in rows], lexicon)
    df = Counter(f for features in grams for f in features)
    vocabulary = sorted(f for f, n in df.items() if n >= min_df)
    index = {f: i for i, f in enumerate(vocabulary)}
    x = _matrix(grams, index, lex)
    labels = {
        "negative": np.array([r.label == "neg" for r in rows]),
        "praise": np.array([r.label == "pos" for r in rows]),
    }
    # generated rows are all fitted on: choices are made on real rows, which they would flatter
    dev = np.array([is_dev(r.text) and r.source != GENERATED for r in rows])
    fit_rows, dev_rows = np.flatnonzero(~dev), np.flatnonzero(dev)
    thresholds: dict[str, float] = {}
    weights, lex_weights, bias, lex_only, lex_only_bias = [], [], [], [], []
    blend = 0.0
    for head in HEADS:
        y = labels[head]
        lex_model = _fit(lex[fit_rows], y[fit_rows], 1.0, weight[fit_rows])
        lex_logit = lex_model.decision_function(lex[dev_rows])
        thresholds[f"{head}_lexicon"] = best_threshold(_expit(lex_logit), y[dev_rows])
        best_c, best_f1 = 1.0, -1.0
        for c in (1.0, 3.0):
            model = _fit(x[fit_rows], y[fit_rows], c, weight[fit_rows])
            logit = model.decision_function(x[dev_rows])
            for mix in (0.0, 0.2, 0.4) if head == "negative" else (blend,):
                p = _expit((1.0 - mix) * logit + mix * lex_logit)
                t = best_threshold(p, y[dev_rows])
                f1 = _f1(p >= t, y[dev_rows])
                log(f"{head}: C={c} blend={mix} dev F1={f1:.3f} at threshold {t}")
                if f1 > best_f1:
                    best_c, best_f1, thresholds[head] = c, f1, t
                    if head == "negative":
                        blend = mix
        final = _fit(x, y, best_c, weight)
        coef = final.coef_[0]
        weights.append(coef[: len(vocabulary)])
        lex_weights.append(coef[len(vocabulary) :])
        bias.append(final.intercept_[0])
        lex_final = _fit(lex, y, 1.0, weight)
        lex_only.append(lex_final.coef_[0])
        lex_only_bias.append(lex_final.intercept_[0])
        log(f"{head}: chose C={best_c}; lexicon-only threshold {thresholds[f'{head}_lexicon']}")
    matrix = np.array(weights)
    strength = np.abs(matrix).max(axis=0)
    keep = np.sort(np.argsort(-strength, kind="stable")[:max_vocabulary])
    keep = keep[strength[keep] >= 1e-3]
    return TextModel(
        vocabulary=[vocabulary[i] for i in keep],
        ngram_weights=matrix[:, keep].astype(np.float32),
        lexicon_weights=np.array(lex_weights, dtype=np.float32),
        bias=np.array(bias, dtype=np.float32),
        lexicon_only_weights=np.array(lex_only, dtype=np.float32),
        lexicon_only_bias=np.array(lex_only_bias, dtype=np.float32),
        thresholds=thresholds,
        languages=frozenset(r.language for r in rows),
        metadata={"rows": len(rows), "sources": sorted({r.source for r in rows})},
        blend=blend,
    )


def _expit(values: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-np.asarray(values, dtype=np.float64)))


def _f1(predicted: np.ndarray[Any, Any], truth: np.ndarray[Any, Any]) -> float:
    tp = float(np.sum(predicted & truth))
    return 2 * tp / (float(predicted.sum()) + float(truth.sum()) or 1.0)
