"""The analyzer with the shipped model: contract texts, signals with evidence, thresholds, order, persistence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxloop.engine.detectors import TextSignals
from cxloop.errors import ValidationError
from cxloop.text import SIGNALS, Taxonomy, TextAnalyzer, analyze_texts
from cxloop.text.model import TextModel


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer()


def test_contract_texts(analyzer: TextAnalyzer) -> None:
    texts = [
        "Terrible service, I want to cancel my account",
        "ส่งของเร็วมาก ประทับใจ",
        "التوصيل متأخر جدا",
        "配達が遅すぎて最悪です",
        "服务态度很好，下次还来",
    ]
    results = analyzer.analyze_many(texts)
    assert [r.language for r in results] == ["en", "th", "ar", "ja", "zh"]
    english, thai, _, japanese, chinese = results
    assert english.negative and {"negative", "churn_intent", "complaint"} <= set(english.signals)
    assert "cancel my account" in english.spans["churn_intent"]
    assert japanese.negative and japanese.spans["negative"] == "配達が遅すぎて最悪です"
    assert not thai.negative and "praise" in thai.signals
    assert not chinese.negative and "praise" in chinese.signals


@pytest.mark.parametrize(
    "text",
    [
        "The worst support I have ever had, still waiting for my refund",
        "Pésimo servicio, el pedido llegó tarde",
        "太难吃了，而且送餐太慢，再也不点了",
        "แย่มาก ส่งช้า ไม่ประทับใจเลย",
        "最悪の対応でした。二度と使いません",
    ],
)
def test_clear_complaints_are_negative(analyzer: TextAnalyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert result.negative, result
    assert result.spans["negative"] in text


@pytest.mark.parametrize(
    "text", ["Great app, love it!", "味道很好，送餐很快，好评", "とても美味しかったです。ありがとう", "อร่อยมาก ชอบ"]
)
def test_praise_is_not_negative(analyzer: TextAnalyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert not result.negative
    assert "praise" in result.signals


def test_question_and_evidence_per_clause(analyzer: TextAnalyzer) -> None:
    result = analyzer.analyze("Where is my order? The app keeps crashing and nobody answers.")
    assert "question" in result.signals
    assert result.spans["question"] == "Where is my order?"
    assert analyzer.analyze("这个可以退款吗").signals.count("question") == 1
    assert "question" not in analyzer.analyze("I love how fast it is").signals


def test_satisfies_engine_protocol(analyzer: TextAnalyzer) -> None:
    signals: TextSignals = analyzer
    assert signals.negative("Awful, the parcel arrived broken") is not None
    assert signals.negative("Thank you, everything arrived on time") is None


def test_thresholds_are_configurable() -> None:
    strict = TextAnalyzer(thresholds={"negative": 0.999, "praise": 0.999})
    result = strict.analyze("Terrible service, I want to cancel my account")
    assert not result.negative and "negative" not in result.signals
    assert "churn_intent" in result.signals
    neutral = "I called support on Monday"
    assert not TextAnalyzer().analyze(neutral).negative
    assert TextAnalyzer(thresholds={"negative": 0.05}).analyze(neutral).negative
    with pytest.raises(ValueError, match="unknown signal"):
        TextAnalyzer(thresholds={"angry": 0.5})


def test_results_in_input_order_and_serialisable(analyzer: TextAnalyzer) -> None:
    texts = ["awful", "", "很好", "😡😡😡", "ok"]
    streamed = list(analyze_texts(texts, analyzer))
    assert streamed == analyzer.analyze_many(texts)
    assert [r.language for r in streamed][:3] == ["en", "und", "zh"]
    assert not streamed[1].negative and streamed[1].signals == []
    record = streamed[0].to_dict()
    assert set(record) == {"language", "negative", "signals", "spans", "scores", "themes"}
    assert set(record["scores"]) == set(SIGNALS)  # type: ignore[arg-type]


def test_fixed_language_and_taxonomy() -> None:
    taxonomy = Taxonomy.from_dict({"delivery": {"*": ["配送", "deliver*"]}, "price": {"en": ["expensive"]}})
    analyzer = TextAnalyzer(taxonomy=taxonomy, language="zh")
    result = analyzer.analyze("配送太慢了")
    assert result.language == "zh" and result.themes == ["delivery"]


def test_model_round_trip_and_errors(tmp_path: Path, analyzer: TextAnalyzer) -> None:
    path = tmp_path / "model.npz"
    analyzer.model.save(path)
    loaded = TextModel.load(path)
    assert loaded.thresholds == analyzer.model.thresholds
    assert loaded.vocabulary[:50] == analyzer.model.vocabulary[:50]
    assert np.allclose(loaded.ngram_weights, analyzer.model.ngram_weights, atol=1e-2)
    text = "Terrible service, I want to cancel my account"
    assert TextAnalyzer(path).analyze(text).signals == analyzer.analyze(text).signals
    with pytest.raises(ValidationError, match="make train-text"):
        TextModel.load(tmp_path / "missing.npz")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The parcel never came", "en"),
        ("Terrible, the parcel never came.", "en"),
        ("التوصيل متأخر جدا", "ar"),
        ("注文した商品がまだ届かない", "ja"),
        ("一時間以上待たされた", "ja"),
        ("外卖还没送到", "zh"),
        ("ของยังไม่มาเลย", "th"),
    ],
)
def test_complaints_without_sentiment_words_are_negative(analyzer: TextAnalyzer, text: str, language: str) -> None:
    result = analyzer.analyze(text)
    assert result.language == language
    assert result.negative and "complaint" in result.signals and "praise" not in result.signals
