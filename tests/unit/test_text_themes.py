"""Themes: a Text-iQ style taxonomy and discovered, labelled themes across languages."""

from __future__ import annotations

import pytest

from cxloop.errors import ValidationError
from cxloop.text import Taxonomy, discover_themes
from cxloop.text.themes import terms_of

TAXONOMY = Taxonomy.from_dict(
    {
        "delivery": {"en": ["late", "deliver*", "courier"], "zh": ["配送", "外卖"], "ja": ["配達"], "th": ["ส่ง"]},
        "price": {"*": ["expensive"], "zh": ["贵"], "patterns": [r"\$\d+"]},
    }
)


def test_taxonomy_tags_per_language_and_patterns() -> None:
    assert TAXONOMY.tag("Delivered two days late", "en") == ["delivery"]
    assert TAXONOMY.tag("配送太慢，还很贵", "zh") == ["delivery", "price"]
    assert TAXONOMY.tag("配達が遅い", "ja") == ["delivery"]
    assert TAXONOMY.tag("配送太慢", "en") == []  # the language limits keywords
    assert TAXONOMY.tag("配送太慢") == ["delivery"]  # no language: all keywords
    assert TAXONOMY.tag("paid $30 for this", "en") == ["price"]
    assert TAXONOMY.tag("undelivered", "en") == []  # keywords match whole words or prefixes
    assert TAXONOMY.tag_many(["late", "so expensive"], ["en", "en"]) == [["delivery"], ["price"]]


def test_taxonomy_errors_name_the_theme() -> None:
    with pytest.raises(ValidationError, match="broken"):
        Taxonomy.from_dict({"broken": {"patterns": ["("]}})


TEXTS = [
    "delivery was late again",
    "the courier came two hours late",
    "my parcel delivery is late",
    "配送太慢了，等了两个小时",
    "配達が遅すぎる",
    "price is too expensive",
    "too expensive, I found it cheaper elsewhere",
    "价格太贵了",
    "値段が高い",
    "the app keeps crashing on login",
    "app crash after the update",
    "软件闪退，打不开",
    "アプリのエラーでログインできない",
]


def test_discovered_themes_group_across_languages() -> None:
    found = discover_themes(TEXTS, k=3, seed=1)
    assert sum(t.size for t in found.themes) == len(TEXTS)
    assert len(found.assignments) == len(TEXTS)
    by_theme = {i: found.assignments[i] for i in range(len(TEXTS))}
    assert by_theme[0] == by_theme[1] == by_theme[3] == by_theme[4]  # delivery, en + zh + ja
    assert by_theme[5] == by_theme[7] == by_theme[8]  # price, en + zh + ja
    assert by_theme[0] != by_theme[5]
    labels = " ".join(t.label for t in found.themes)
    assert "[delivery]" in labels and "[price]" in labels
    for theme in found.themes:
        assert theme.examples and all(found.assignments[i] == theme.id for i in theme.examples)


def test_discovery_is_deterministic_and_handles_edges() -> None:
    assert discover_themes(TEXTS, seed=3) == discover_themes(TEXTS, seed=3)
    assert discover_themes([]).themes == []
    empty = discover_themes(["!!!", "..."])
    assert empty.assignments == [-1, -1]


def test_terms_are_readable() -> None:
    assert terms_of("The delivery was LATE") == ["delivery", "late"]
    assert terms_of("太慢") == ["太慢"]
