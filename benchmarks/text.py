"""Multilingual text signals: F1 of ``negative`` and language-id accuracy per language and data set.

    .venv/bin/python -m benchmarks.text [--data ../shared/data] [--limit N] [--json FILE]

Side by side in one run (issue: multilingual text):

* **cxloop** — the shipped default model (``src/cxloop/text/models/default.npz``),
  trained by ``make train-text`` on "train and ship" rows only.
* **char-LR** — a character n-gram (1-4, within word edges, TF-IDF) logistic
  regression, neg versus the rest, trained here on the shipped data sets' rows
  (the issue's reference baseline); **+gen** is the same baseline trained on
  exactly the shipped model's rows, the generated review texts included.
* **VADER** — English lexicon sentiment (compound <= -0.05 is negative), English sets only.
* **all-yes** — F1 of calling every text negative: the floor a detector must beat where negatives dominate.

Evaluation sets, never fitted on (labels -> negative):

* ``th wisesight-heldout`` — the fixed fifth of Wisesight that training leaves out; ``neg``.
* ``<lang> xlmt-val`` — the XLM-T tweets' validation split (not trained on); ``neg``.
* ``zh waimai`` — Chinese food-delivery reviews; ``label == 0``.
* ``ja wrime`` — Japanese SNS posts; negative when the *writer's* strongest negative
  emotion (sadness, anger, fear, disgust; 0-3) is at least 2 and above their joy.
* ``en miro-nps`` — in-product NPS comments; negative when the score is 0-6 (detractor).

Language-id accuracy compares with each set's language. Speed is texts per CPU-second of
``TextAnalyzer.analyze_many`` in one process on one core (language id included; CPU time,
so other load on the machine does not hide it; wall-clock rate printed beside it).
Skips cleanly when the data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


@dataclass
class EvalSet:
    name: str
    language: str
    texts: list[str]
    truth: list[bool]


def _f1(predicted: Sequence[bool], truth: Sequence[bool]) -> float:
    tp = sum(1 for p, t in zip(predicted, truth, strict=True) if p and t)
    denominator = sum(predicted) + sum(truth)
    return 2 * tp / denominator if denominator else 0.0


def load_sets(data: Path, limit: int | None) -> list[EvalSet]:
    from cxloop.text.training import load_rows

    text_dir = data / "text"
    sets: list[EvalSet] = []
    held = load_rows(text_dir, "heldout")
    sets.append(EvalSet("wisesight-heldout", "th", [r.text for r in held], [r.label == "neg" for r in held]))
    val = load_rows(text_dir, "val")
    for lang in sorted({r.language for r in val}):
        rows = [r for r in val if r.language == lang]
        sets.append(EvalSet("xlmt-val", lang, [r.text for r in rows], [r.label == "neg" for r in rows]))
    with (text_dir / "zh_waimai_reviews_eval.csv").open(encoding="utf-8", newline="") as handle:
        rows_zh = list(csv.DictReader(handle))
    sets.append(EvalSet("waimai", "zh", [r["review"] for r in rows_zh], [r["label"] == "0" for r in rows_zh]))
    with (text_dir / "ja_wrime_emotion_eval.tsv").open(encoding="utf-8", newline="") as handle:
        rows_ja = list(csv.DictReader(handle, delimiter="\t"))

    def ja_negative(r: dict[str, str]) -> bool:
        worst = max(int(r[f"Writer_{e}"]) for e in ("Sadness", "Anger", "Fear", "Disgust"))
        return worst >= 2 and worst > int(r["Writer_Joy"])

    sets.append(EvalSet("wrime", "ja", [r["Sentence"] for r in rows_ja], [ja_negative(r) for r in rows_ja]))
    nps = data / "surveys" / "miro_nps_en" / "nps.csv"
    if nps.exists():
        with nps.open(encoding="utf-8", newline="") as handle:
            rows_en = [r for r in csv.DictReader(handle) if r["text"].strip()]
        sets.append(
            EvalSet("miro-nps", "en", [r["text"] for r in rows_en], [int(r["NPS_Score"]) <= 6 for r in rows_en])
        )
    if limit:
        # an even spread, not the first rows (files are often sorted by label)
        sets = [EvalSet(s.name, s.language, s.texts[:: max(1, len(s.texts) // limit)][:limit],
                        s.truth[:: max(1, len(s.truth) // limit)][:limit]) for s in sets]  # fmt: skip
    return sets


def char_lr(text_dir: Path, generated: bool = False) -> Callable[[list[str]], list[bool]]:
    """The reference baseline: char n-gram TF-IDF + logistic regression on the training rows (+ generated ones)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    from cxloop.text.synthetic import generate
    from cxloop.text.training import load_rows

    rows = load_rows(text_dir, "train") + (generate() if generated else [])
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True)
    x = vectorizer.fit_transform([r.text for r in rows])
    model = LogisticRegression(C=1.0, max_iter=2000, solver="liblinear").fit(x, [r.label == "neg" for r in rows])
    return lambda texts: [bool(p) for p in model.predict(vectorizer.transform(texts))]


def vader() -> Callable[[list[str]], list[bool]] | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    return lambda texts: [analyzer.polarity_scores(t)["compound"] <= -0.05 for t in texts]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cxloop text signals beside a char n-gram LR and VADER")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="at most N texts per set (quick runs)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (args.data / "text" / "th_wisesight_train.csv").exists():
        print(f"skipped: no evaluation data at {args.data} (expects text/ and surveys/ from shared/data)")
        return 0
    from cxloop.text import TextAnalyzer

    sets = load_sets(args.data, args.limit)
    started = time.perf_counter()
    baseline = char_lr(args.data / "text")
    baseline_gen = char_lr(args.data / "text", generated=True)
    print(f"char-LR baselines trained in {time.perf_counter() - started:.0f} s")
    vader_predict = vader()
    analyzer = TextAnalyzer()
    results = []
    speed_texts: list[str] = []
    for s in sets:
        ours = analyzer.analyze_many(s.texts)
        row = {
            "set": s.name,
            "lang": s.language,
            "n": len(s.texts),
            "neg_share": sum(s.truth) / len(s.truth),
            "f1_cxloop": _f1([r.negative for r in ours], s.truth),
            "f1_char_lr": _f1(baseline(s.texts), s.truth),
            "f1_char_lr_gen": _f1(baseline_gen(s.texts), s.truth),
            "f1_vader": _f1(vader_predict(s.texts), s.truth) if vader_predict and s.language == "en" else None,
            "f1_all_yes": _f1([True] * len(s.truth), s.truth),
            "langid": sum(r.language == s.language for r in ours) / len(ours),
        }
        results.append(row)
        speed_texts.extend(s.texts[:400])
    analyzer.analyze_many(speed_texts[:200])  # warm
    started, cpu_started = time.perf_counter(), time.process_time()
    analyzer.analyze_many(speed_texts)
    wall_per_second = len(speed_texts) / (time.perf_counter() - started)
    per_second = len(speed_texts) / (time.process_time() - cpu_started)
    print()
    print(
        f"{'set':<18} {'lang':<4} {'n':>6} {'neg%':>5}  {'F1 cxloop':>9} {'char-LR':>8} {'+gen':>6} {'VADER':>6}"
        f" {'all-yes':>7}"
        f"  {'lang-id':>7}"
    )
    for r in results:
        v = "" if r["f1_vader"] is None else f"{r['f1_vader']:.3f}"
        print(
            f"{r['set']:<18} {r['lang']:<4} {r['n']:>6} {100 * r['neg_share']:>4.0f}%  {r['f1_cxloop']:>9.3f} "
            f"{r['f1_char_lr']:>8.3f} {r['f1_char_lr_gen']:>6.3f} {v:>6} {r['f1_all_yes']:>7.3f}  {r['langid']:>7.3f}"
        )
    print(
        f"\nspeed: {per_second:,.0f} texts per CPU-second on one core ({wall_per_second:,.0f}/s wall clock; "
        f"{len(speed_texts)} mixed texts, language id included)"
    )
    print(f"cpu: {os.cpu_count()} cores visible; python {sys.version.split()[0]}")
    print("reproduce: .venv/bin/python -m benchmarks.text " + shlex.join(argv or sys.argv[1:]))
    if args.json:
        args.json.write_text(json.dumps({"sets": results, "texts_per_second": per_second}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
