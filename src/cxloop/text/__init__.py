"""Multilingual text: language, binary signals with evidence, themes and PII redaction, offline.

Contract: everything here is pure library code that runs without a network.
:class:`TextAnalyzer` loads the shipped model once (a few MB of NumPy arrays)
and, for each text, returns a :class:`TextResult`: ISO 639-1 language,
``negative`` yes/no with its evidence span, the other signals
(``churn_intent``, ``complaint``, ``praise``, ``question``), their internal
scores, and the taxonomy themes. :func:`redact` replaces e-mail addresses,
phone numbers and Luhn-valid card numbers with typed placeholders.
:func:`discover_themes` groups texts into labelled themes.
"""

from __future__ import annotations

from cxloop.text.analyzer import SIGNALS, TextAnalyzer, TextResult, analyze_texts
from cxloop.text.langid import LanguageIdentifier, detect_language
from cxloop.text.themes import DiscoveredTheme, Taxonomy, Theme, ThemeDiscovery, discover_themes

__all__ = [
    "SIGNALS",
    "DiscoveredTheme",
    "LanguageIdentifier",
    "Taxonomy",
    "TextAnalyzer",
    "TextResult",
    "Theme",
    "ThemeDiscovery",
    "analyze_texts",
    "detect_language",
    "discover_themes",
]
