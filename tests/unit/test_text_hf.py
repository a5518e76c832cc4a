"""The optional Hugging Face backend, on a tiny model this test creates (no download)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxloop.errors import ValidationError

torch = pytest.importorskip("torch", reason="the hf extra (torch, transformers) is not installed")
transformers = pytest.importorskip("transformers", reason="the hf extra (torch, transformers) is not installed")

WORDS = ["terrible", "late", "never", "came", "great", "fast", "love", "it", "the", "parcel", "delivery"]


def _tiny(path: Path, classify: bool) -> Path:
    path.mkdir()
    (path / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(WORDS) + 5,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        id2label={0: "positive", 1: "negative"},
        label2id={"positive": 0, "negative": 1},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config) if classify else transformers.BertModel(config)
    if classify:
        with torch.no_grad():  # a zeroed head: every text is exactly undecided (0.5), whatever the encoder says
            model.classifier.weight.zero_()
            model.classifier.bias.copy_(torch.tensor([0.0, 0.0]))
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def test_a_local_classifier_scores_the_negative_label_and_serves_the_engine(tmp_path: Path) -> None:
    from cxloop.text.hf import HFModel

    model = HFModel(_tiny(tmp_path / "clf", classify=True), threshold=0.5)
    assert model.negative_label == 1
    scores = model.negative_scores(["terrible late delivery", "great fast", "love it"])
    assert len(scores) == 3 and all(abs(s - 0.5) < 1e-6 for s in scores)  # zeroed head: exactly undecided
    assert model.negative("terrible late delivery") == "terrible late delivery"  # 0.5 meets the threshold
    assert HFModel(tmp_path / "clf", threshold=0.9).negative("terrible") is None
    vectors = model.embed(["terrible late", "great fast", "the parcel never came"])
    assert vectors.shape == (3, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_an_embedding_model_groups_themes_and_refuses_to_classify(tmp_path: Path) -> None:
    from cxloop.text import discover_themes
    from cxloop.text.hf import HFModel

    model = HFModel(_tiny(tmp_path / "enc", classify=False))
    texts = ["terrible late delivery", "delivery late never came", "great fast", "love it great"] * 3
    found = discover_themes(texts, k=2, embed=model.embed)
    assert sum(t.size for t in found.themes) == len(texts)
    with pytest.raises(ValidationError, match="not a sequence-classification model"):
        model.negative_scores(["x"])


def test_a_folder_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    from cxloop.text.hf import HFModel

    with pytest.raises(ValidationError, match=r"no config\.json"):
        HFModel(tmp_path)


def test_text_detect_decides_negative_with_a_local_model(tmp_path: Path) -> None:
    import json

    from tests.e2e._cli import cx

    path = _tiny(tmp_path / "clf", classify=True)
    data = tmp_path / "t.csv"
    data.write_text("text\nterrible late delivery\ngreat fast\n", encoding="utf-8")
    low = cx("text", "detect", str(data), "--model", str(path), "--threshold", "0.4")
    high = cx("text", "detect", str(data), "--model", str(path), "--threshold", "0.6")
    assert low.returncode == 0 and high.returncode == 0, low.stderr + high.stderr
    assert [json.loads(x)["negative"] for x in low.stdout.splitlines()] == [True, True]
    assert [json.loads(x)["negative"] for x in high.stdout.splitlines()] == [False, False]
    missing = cx("text", "detect", str(data), "--model", str(tmp_path))
    assert missing.returncode == 2 and "no config.json" in missing.stderr
