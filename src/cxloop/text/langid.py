"""Language identification (ISO 639-1), offline, robust on short texts and mixed scripts.

The writing system decides first where it is unambiguous (Thai, kana for
Japanese, Hangul, Han without kana for Chinese, Devanagari, Greek, Hebrew);
Arabic, Cyrillic and Latin text goes to py3langid (the langid.py model),
restricted to the languages of that script that the identifier is set up for.
Text without letters (emoji, numbers) is ``"und"``.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from cxloop.text.normalize import dominant_script, normalize

__all__ = ["DEFAULT_LANGUAGES", "UNDETERMINED", "LanguageIdentifier", "default_identifier", "detect_language"]

UNDETERMINED = "und"
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "es", "fr", "de", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk", "hu", "ro", "hr", "sl",
    "tr", "id", "ms", "vi", "tl", "ca", "eu", "gl", "lt", "lv", "et", "sq", "af", "sw",
    "ar", "fa", "ur", "ru", "uk", "bg", "be", "kk",
)  # fmt: skip
_BY_SCRIPT = {
    "thai": "th",
    "kana": "ja",
    "hangul": "ko",
    "han": "zh",
    "devanagari": "hi",
    "greek": "el",
    "hebrew": "he",
}
_LIBRARY_SCRIPTS = {
    "arabic": ("ar", "fa", "ur", "ps", "ku"),
    "cyrillic": ("ru", "uk", "bg", "be", "kk"),
}
_SHORT_TEXT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt")
_lock = threading.Lock()
_default: LanguageIdentifier | None = None


class LanguageIdentifier:
    """Identifies the language of texts among ``languages`` (ISO 639-1 codes).

    >>> LanguageIdentifier().identify("ส่งของเร็วมาก ประทับใจ")
    'th'
    """

    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES) -> None:
        from py3langid.langid import MODEL_FILE  # type: ignore[import-untyped]
        from py3langid.langid import LanguageIdentifier as _Model

        self.languages = tuple(languages)
        self._models: dict[str, Any] = {}
        base = _Model.from_model_file(MODEL_FILE)
        known = set(base.nb_classes)
        for script, candidates in (("latin", self.languages), *_LIBRARY_SCRIPTS.items()):
            chosen = [code for code in candidates if code in known and (script == "latin" or code in self.languages)]
            if script == "latin":
                chosen = [code for code in chosen if code not in _ALL_LIBRARY_CODES]
            if chosen:
                model = copy.copy(base)
                model.set_languages(chosen)
                self._models[script] = model
        common = [code for code in _SHORT_TEXT_LANGUAGES if code in self.languages and code in known]
        if common:
            self._models["short"] = copy.copy(base)
            self._models["short"].set_languages(common)

    def identify(self, text: str) -> str:
        """The ISO 639-1 code of ``text``'s language, or ``"und"`` when it has no letters."""
        norm = normalize(text)
        script = dominant_script(norm)
        if script is None:
            return UNDETERMINED
        if script in _BY_SCRIPT:
            return _BY_SCRIPT[script]
        if script == "latin" and "short" in self._models and len(norm.split()) <= 2:
            script = "short"  # one or two words: only the most common languages, English first on ties
        model = self._models.get(script)
        if model is None:
            return self.languages[0] if script == "latin" and self.languages else UNDETERMINED
        code: str = model.classify(norm)[0]
        return code

    def identify_many(self, texts: Iterable[str]) -> list[str]:
        """:meth:`identify` for each text, in input order."""
        return [self.identify(text) for text in texts]


_ALL_LIBRARY_CODES = frozenset(code for codes in _LIBRARY_SCRIPTS.values() for code in codes)


def default_identifier() -> LanguageIdentifier:
    """The process-wide :class:`LanguageIdentifier` with :data:`DEFAULT_LANGUAGES`, built on first use."""
    global _default  # noqa: PLW0603 - a lazily built, process-wide default
    if _default is None:
        with _lock:
            if _default is None:
                _default = LanguageIdentifier()
    return _default


def detect_language(text: str) -> str:
    """The language of ``text`` with the shared :func:`default_identifier`."""
    return default_identifier().identify(text)
