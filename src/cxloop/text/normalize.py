"""Text normalisation, writing-system counts and clause splitting.

Everything the text models see goes through :func:`normalize` first, at
training and at run time alike, so the two never drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["SCRIPTS", "Clause", "clauses", "dominant_script", "normalize", "script_counts"]

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_URL = re.compile(r"(?:https?://|www\.)\S*|\bhttp\b")
_MENTION = re.compile(r"@\w+")
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
# A clause ends at sentence punctuation (Latin, CJK, Arabic, Devanagari), a line break or a comma-like mark.
_CLAUSE_END = re.compile(r"[.!?;\n。！？；…،؛؟।,，、]+|\s{2,}")

# (first, last code point, script); ordered by code point for the lookup below.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "latin"), (0x0061, 0x007A, "latin"), (0x00C0, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"), (0x0400, 0x052F, "cyrillic"), (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"), (0x1100, 0x11FF, "hangul"), (0x1E00, 0x1EFF, "latin"),
    (0x3040, 0x309F, "kana"), (0x30A0, 0x30FF, "kana"), (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"), (0xF900, 0xFAFF, "han"), (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0xFF66, 0xFF9F, "kana"),
)  # fmt: skip
SCRIPTS = frozenset(name for _, _, name in _RANGES)


_SCRIPT_CLASSES: dict[str, list[str]] = {}
for _first, _last, _name in _RANGES:
    _SCRIPT_CLASSES.setdefault(_name, []).append(f"\\U{_first:08x}-\\U{_last:08x}")
_SCRIPT_PATTERNS = {name: re.compile("[" + "".join(parts) + "]") for name, parts in _SCRIPT_CLASSES.items()}


def script_counts(text: str) -> Counter[str]:
    """How many letters of ``text`` belong to each writing system (see :data:`SCRIPTS`)."""
    counts: Counter[str] = Counter()
    for name, pattern in _SCRIPT_PATTERNS.items():
        found = pattern.findall(text)
        if found:
            counts[name] = sum(1 for char in found if char.isalpha())
    return +counts


def dominant_script(text: str) -> str | None:
    """The writing system with the most letters, ``None`` for text without letters.

    Japanese mixes Han with kana: kana together with Han is ``"kana"`` when the two outnumber any other
    script, so that "配達が遅すぎて最悪です" is Japanese and not Chinese.
    """
    counts = script_counts(text)
    if not counts:
        return None
    top, most = counts.most_common(1)[0]
    if counts["kana"] and counts["kana"] + counts["han"] >= max(
        (n for name, n in counts.items() if name not in ("kana", "han")), default=0
    ):
        return "kana"
    return top if most else None


def normalize(text: str) -> str:
    """The canonical form models see: NFKC, case-folded, links and @mentions dropped, long repeats cut to two.

    >>> normalize("Sooooo BAD!!! http://x.co @user")
    'soo bad!!'
    """
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "\\u" in text else text
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = text.replace("#", " ").replace("&amp;", "&")
    text = _REPEAT.sub(r"\1\1", text)
    return _SPACE.sub(" ", text).strip()


class Clause:
    """A piece of the original text (``start``/``end`` offsets into it) and its normalised form."""

    __slots__ = ("end", "norm", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.norm = normalize(text)

    def __repr__(self) -> str:
        return f"Clause({self.text!r}, {self.start}, {self.end})"


def clauses(text: str) -> list[Clause]:
    """Split ``text`` into clauses at sentence and comma punctuation; empty pieces are dropped.

    The punctuation that ends a clause stays with it, so a question keeps its ``?``.
    """
    out: list[Clause] = []
    start = 0
    for match in _CLAUSE_END.finditer(text):
        end = match.end()
        piece = text[start:end]
        if piece.strip():
            out.append(Clause(piece, start, end))
        start = end
    if text[start:].strip():
        out.append(Clause(text[start:], start, len(text)))
    return out
