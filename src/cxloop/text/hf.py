"""An optional heavier backend: any local Hugging Face model, loaded from a path.

Two kinds: a sequence-classification model gives the ``negative`` decision (the
probability of its negative label against a threshold), and any model gives
sentence embeddings (mean-pooled last hidden state) for :func:`discover_themes`.
Nothing is downloaded: models load with ``local_files_only``. Needs the ``hf``
extra (``pip install 'cxloop[hf]'``: torch and transformers), imported lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cxloop.errors import ValidationError

__all__ = ["HFModel"]

_NEGATIVE_NAMES = ("negative", "neg", "label_0")


def _libraries() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError:
        raise ValidationError(
            "the Hugging Face backend needs torch and transformers: pip install 'cxloop[hf]'"
        ) from None
    return torch, transformers


class HFModel:
    """A local model directory (``config.json``, weights, tokenizer files)."""

    def __init__(self, path: Path | str, *, device: str = "cpu", threshold: float = 0.5, batch_size: int = 32) -> None:
        torch, transformers = _libraries()
        self.path = Path(path)
        if not (self.path / "config.json").is_file():
            raise ValidationError(f"--model: {self.path} is not a model directory (no config.json in it)")
        self._torch = torch
        self.device = device
        self.threshold = threshold
        self.batch_size = batch_size
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(self.path, local_files_only=True)
            config = transformers.AutoConfig.from_pretrained(self.path, local_files_only=True)
            if config.architectures and any(a.endswith("ForSequenceClassification") for a in config.architectures):
                self.model = transformers.AutoModelForSequenceClassification.from_pretrained(
                    self.path, local_files_only=True
                )
                self.classifies = True
            else:
                self.model = transformers.AutoModel.from_pretrained(self.path, local_files_only=True)
                self.classifies = False
        except (OSError, ValueError) as exc:
            raise ValidationError(f"--model: cannot load {self.path}: {exc}") from None
        self.model.to(device).eval()
        labels = {int(k): str(v).lower() for k, v in (self.model.config.id2label or {}).items()}
        self.negative_label = next((i for i, name in sorted(labels.items()) if name in _NEGATIVE_NAMES), 0)

    def _batches(self, texts: Sequence[str]) -> Any:
        for start in range(0, len(texts), self.batch_size):
            chunk = list(texts[start : start + self.batch_size])
            encoded = self.tokenizer(chunk, padding=True, truncation=True, max_length=256, return_tensors="pt")
            yield {k: v.to(self.device) for k, v in encoded.items()}

    def negative_scores(self, texts: Sequence[str]) -> list[float]:
        """The probability of the negative label for each text (classification models only)."""
        if not self.classifies:
            raise ValidationError(f"{self.path} is not a sequence-classification model; it can only embed")
        scores: list[float] = []
        with self._torch.no_grad():
            for batch in self._batches(texts):
                probabilities = self.model(**batch).logits.softmax(dim=-1)
                scores.extend(float(p) for p in probabilities[:, self.negative_label].cpu())
        return scores

    def negative(self, text: str) -> str | None:
        """The engine's ``TextSignals``: the text itself as evidence when it is negative."""
        return text if text and self.negative_scores([text])[0] >= self.threshold else None

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Mean-pooled, L2-normalised sentence vectors (for :func:`cxloop.text.discover_themes`)."""
        vectors: list[Any] = []
        with self._torch.no_grad():
            for batch in self._batches(texts):
                out = self.model(**batch, output_hidden_states=True)
                hidden = out.hidden_states[-1] if self.classifies else out.last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1)
                vectors.append(self._torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy())
        return np.concatenate(vectors).astype(np.float64) if vectors else np.zeros((0, 0))
