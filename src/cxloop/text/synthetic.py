"""Project-generated customer-review training texts, from the hand-written phrase banks.

The shipped data sets are social posts (Thai, eight tweet languages); the
texts cxloop reads are mostly customer comments, reviews and tickets, and
Chinese and Japanese have no shippable data at all. :func:`generate` puts
clauses of the banks in :mod:`._bank_latin` and :mod:`._bank_other` together
into labelled texts (``neg``, ``pos``, ``neu``): complaints with and without
sentiment words, polite complaints ("hi, the parcel never came. thanks"),
praise, neutral requests and questions, and mixed reviews whose last clause
is a complaint ("the food was great but the delivery was late": ``neg``).
Deterministic for a seed; written by the project, so it may be shipped.

>>> rows = generate(["en"], per_language=50, seed=1)
>>> len(rows), {r.language for r in rows}, {r.source for r in rows}
(50, {'en'}, {'generated'})
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Mapping, Sequence

from cxloop.text._bank_latin import LATIN_BANKS
from cxloop.text._bank_other import OTHER_BANKS
from cxloop.text.training import Row

__all__ = ["BANKS", "generate"]

BANKS: dict[str, Mapping[str, Sequence[str]]] = {**LATIN_BANKS, **OTHER_BANKS}
_SEPARATORS: dict[str, tuple[str, ...]] = {
    "zh": ("，", "。", "！", " ", ""),
    "ja": ("。", "、", "！", " ", ""),
    "th": (" ", " ", "  "),
    "ar": (" ", "، ", ". ", " و"),
    "hi": (" ", ", ", "। "),
}
_LATIN_SEPARATORS = (", ", ". ", " ", "! ", " - ", "... ")
_ENDS: dict[str, tuple[str, ...]] = {
    "zh": ("", "。", "！", "！！", "…"),
    "ja": ("", "。", "！", "…", "。。"),
    "ar": ("", "", ".", "!", "!!"),
}
_LATIN_ENDS = ("", ".", ".", "!", "!!", "...")
_EMOJI = {"neg": ("😡", "👎", "😤", "🙄"), "pos": ("😊", "👍", "🙏", "❤️"), "neu": ("🙂",)}
_SHARE = (("neg", 0.45), ("pos", 0.3), ("neu", 0.25))


def _pick(rng: random.Random, bank: Mapping[str, Sequence[str]], part: str, avoid: Sequence[str] = ()) -> str:
    choices = [c for c in bank[part] if c not in avoid] or bank[part]
    clause = rng.choice(choices)
    if "{item}" in clause:
        clause = clause.replace("{item}", rng.choice(bank["item"]))
    return clause


def _compose(rng: random.Random, bank: Mapping[str, Sequence[str]], label: str) -> list[str]:
    """The clauses of one text with the given ``label``."""
    roll = rng.random()
    parts: list[str] = []
    if rng.random() < 0.25:
        parts.append(rng.choice(bank["open"]))
    if label == "neu":
        parts.append(_pick(rng, bank, "neu"))
        if roll < 0.3:
            parts.append(_pick(rng, bank, "neu", parts))
    elif label == "pos":
        if roll < 0.2:
            parts.append(_pick(rng, bank, "neu"))
        parts.append(_pick(rng, bank, "pos"))
        if roll > 0.6:
            parts.append(_pick(rng, bank, "pos", parts))
        if rng.random() < 0.35:
            parts.append(rng.choice(bank["close_pos"]))
    else:
        if roll < 0.2:
            parts.append(_pick(rng, bank, "neu"))
        elif roll < 0.4:  # a mixed review that ends on the problem
            parts.append(_pick(rng, bank, "pos"))
            parts.append(rng.choice(bank["but"]) + " " + _pick(rng, bank, "neg"))
            return parts
        parts.append(_pick(rng, bank, "neg"))
        if roll > 0.75:
            parts.append(_pick(rng, bank, "neg", parts))
        if rng.random() < 0.4:
            parts.append(rng.choice(bank["close_neg"]))
    if rng.random() < 0.2:
        parts.append(rng.choice(bank["close"]))
    return parts


def _join(rng: random.Random, language: str, parts: Sequence[str], label: str) -> str:
    separators = _SEPARATORS.get(language, _LATIN_SEPARATORS)
    text = parts[0]
    for part in parts[1:]:
        if language in ("zh", "ja") and part.split(" ")[0] in ("但是", "可是", "就是", "けど", "が", "でも"):
            joined = part.replace(" ", "", 1)
            text += ("、" if language == "ja" else "，") + joined if rng.random() < 0.5 else joined
            continue
        text += rng.choice(separators) + part
    if not text.endswith(("?", "？", "؟")):
        text += rng.choice(_ENDS.get(language, _LATIN_ENDS))
    if language in LATIN_BANKS:
        casing = rng.random()
        if casing < 0.5:
            text = text[:1].upper() + text[1:]
        elif casing < 0.55:
            text = text.upper()
        elif casing < 0.75:
            text = text.lower()
    if rng.random() < 0.08:
        text += " " + rng.choice(_EMOJI[label])
    return text


def _split(bank: Mapping[str, Sequence[str]], heldout: bool) -> dict[str, Sequence[str]]:
    """The bank with only the ``neg``/``pos``/``neu`` clauses of one side of a fixed split (a quarter held out)."""
    out = dict(bank)
    for part in ("neg", "pos", "neu"):
        out[part] = [c for c in bank[part] if (zlib.crc32(c.encode("utf-8")) % 4 == 0) == heldout]
    return out


def generate(
    languages: Iterable[str] | None = None, *, per_language: int = 1500, seed: int = 0, heldout: bool | None = None
) -> list[Row]:
    """``per_language`` distinct labelled texts for each of ``languages`` (default: every bank).

    ``heldout``: ``None`` uses every clause; ``False`` three quarters of the sentiment clauses, ``True`` the
    other quarter, so that a model fitted on one side can be measured on phrasings it never saw.
    """
    rows: list[Row] = []
    for language in languages or BANKS:
        bank = BANKS[language] if heldout is None else _split(BANKS[language], heldout)
        rng = random.Random(f"{seed}:{language}")  # noqa: S311 - reproducible sampling, not security
        seen: set[str] = set()
        attempts = 0
        while len(seen) < per_language and attempts < per_language * 20:
            attempts += 1
            label = rng.choices([name for name, _ in _SHARE], weights=[w for _, w in _SHARE])[0]
            text = _join(rng, language, _compose(rng, bank, label), label)
            if text not in seen:
                seen.add(text)
                rows.append(Row(text, language, label, "generated"))
    return rows
