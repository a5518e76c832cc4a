"""The training pipeline on a tiny made-up data set, and the fixed held-out split the benchmark relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxloop.text import TextAnalyzer
from cxloop.text.model import TextModel
from cxloop.text.training import Row, best_threshold, is_heldout, load_rows, train

SHARED_TEXT = Path(__file__).resolve().parents[3] / "shared" / "data" / "text"


def _rows() -> list[Row]:
    bad = ["awful {}", "the {} was terrible", "{} broken again, angry", "worst {} ever", "hate the {}"]
    good = ["love the {}", "great {}", "the {} was excellent", "thanks, {} is perfect", "amazing {}"]
    neutral = ["the {} is blue", "a {} came today", "{} on tuesday", "we talked about the {}", "my {} is here"]
    things = ["parcel", "app", "driver", "phone", "meal", "box", "card", "plan", "store", "order", "screen", "bag"]
    rows = []
    for label, templates in (("neg", bad), ("pos", good), ("neu", neutral)):
        rows += [Row(t.format(thing), "en", label, "made-up") for t in templates for thing in things]
    return rows


def test_train_save_load_and_analyze(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'cxloop[dev]')")
    model = train(_rows(), min_df=1, log=lambda _: None)
    assert model.languages == frozenset({"en"})
    assert set(model.thresholds) == {"negative", "negative_lexicon", "praise", "praise_lexicon"}
    path = tmp_path / "tiny.npz"
    model.save(path)
    analyzer = TextAnalyzer(TextModel.load(path), language="en")
    assert analyzer.analyze("the bike was terrible").negative
    assert not analyzer.analyze("great bike").negative
    assert "praise" in analyzer.analyze("great bike, love it").signals


def test_best_threshold_maximises_f1() -> None:
    assert best_threshold([0.1, 0.2, 0.8, 0.9], [False, False, True, True]) in {
        round(0.21 + i / 100, 2) for i in range(60)
    }
    assert best_threshold([0.9, 0.9], [True, True]) == 0.05


def test_heldout_split_is_fixed_by_text() -> None:
    assert is_heldout("ส่งช้ามาก") == is_heldout("ส่งช้ามาก")
    share = sum(is_heldout(f"text {i}") for i in range(5000)) / 5000
    assert 0.17 < share < 0.23


@pytest.mark.skipif(not SHARED_TEXT.exists(), reason="needs ../shared/data/text (not shipped with the project)")
def test_training_rows_never_include_heldout_or_val() -> None:
    train_rows = load_rows(SHARED_TEXT, "train")
    held = load_rows(SHARED_TEXT, "heldout")
    assert held and all(r.language == "th" for r in held)
    assert not {r.text for r in held} & {r.text for r in train_rows if r.source == "wisesight"}
    assert {r.source for r in train_rows} == {"wisesight", "xlmt"}
