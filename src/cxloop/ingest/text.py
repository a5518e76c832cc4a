"""What customers write, made safe and readable at ingest: PII redacted before
anything is stored (the raw text is never kept), then language, binary signals
and themes added as ``text_*`` properties that the analytics can query
(``--where properties.text_negative = true``)."""

from __future__ import annotations

from typing import Any

from cxloop.config.text import TextConfig
from cxloop.model import Event
from cxloop.text import TextAnalyzer
from cxloop.text.pii import Redactor
from cxloop.text.themes import CONCEPT_TAXONOMY

__all__ = ["TextEnricher"]


class TextEnricher:
    def __init__(self, config: TextConfig) -> None:
        self.redactor = Redactor(patterns=config.patterns) if config.redact else None
        thresholds: dict[str, float] = {str(k): v for k, v in config.thresholds.items()}
        self.analyzer = TextAnalyzer(taxonomy=CONCEPT_TAXONOMY, thresholds=thresholds) if config.analyze else None

    def __call__(self, event: Event) -> Event:
        text, props = event.text, event.properties
        if text is None and not any(isinstance(v, str) for v in props.values()):
            return event
        update: dict[str, Any] = {}
        if self.redactor is not None:
            redact = self.redactor.redact
            if text:
                text = redact(text)
            props = {k: redact(v) if isinstance(v, str) and not k.startswith("text_") else v for k, v in props.items()}
            update = {"text": text, "properties": props}
        if self.analyzer is not None and text:
            result = self.analyzer.analyze(text)
            update["properties"] = {**props, "text_language": result.language, "text_negative": result.negative,
                                    "text_signals": result.signals, "text_themes": result.themes,
                                    "text_evidence": result.spans.get("negative")}  # fmt: skip
        return event.model_copy(update=update) if update else event
