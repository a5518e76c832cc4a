"""Language identification: script shortcuts, the library for Latin/Arabic/Cyrillic, short and mixed texts."""

from __future__ import annotations

import pytest

from cxloop.text import LanguageIdentifier, detect_language
from cxloop.text.normalize import clauses, dominant_script, normalize


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Terrible service, I want to cancel my account", "en"),
        ("ส่งของเร็วมาก ประทับใจ", "th"),
        ("التوصيل متأخر جدا", "ar"),
        ("配達が遅すぎて最悪です", "ja"),
        ("服务态度很好，下次还来", "zh"),
        ("El pedido llegó tarde y frío", "es"),
        ("Le colis est arrivé cassé", "fr"),
        ("Die Lieferung kam zu spät", "de"),
        ("O atendimento foi péssimo", "pt"),
        ("Il servizio è stato pessimo", "it"),
        ("बहुत खराब सेवा", "hi"),
        ("배송이 너무 늦어요", "ko"),
    ],
)
def test_contract_languages(identifier: LanguageIdentifier, text: str, language: str) -> None:
    assert identifier.identify(text) == language


def test_cyrillic_goes_to_a_cyrillic_language(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("Доставка опоздала на два часа") in {"ru", "uk", "bg", "be", "kk"}


def test_kana_makes_japanese_even_when_han_dominates(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("最悪配達遅延返金要求の") == "ja"
    assert identifier.identify("最悪配達遅延返金要求") == "zh"


def test_mixed_script_goes_to_the_script_with_most_letters(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("แอป crash บ่อยมาก ใช้งานไม่ได้เลย") == "th"
    assert identifier.identify("The app says エラー every time I open it") == "en"


def test_no_letters_is_undetermined(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("😡😡 !!! 123") == "und"
    assert identifier.identify("") == "und"


def test_restricting_languages(identifier: LanguageIdentifier) -> None:
    only = LanguageIdentifier(languages=("en", "de"))
    assert only.identify("Muy mal servicio, nunca más") in {"en", "de"}
    assert identifier.identify("Muy mal servicio, nunca más") == "es"


def test_identify_many_keeps_order(identifier: LanguageIdentifier) -> None:
    texts = ["服务很好", "great", "ส่งช้า", "配達が遅い"]
    assert identifier.identify_many(texts) == ["zh", "en", "th", "ja"]
    assert detect_language("ส่งช้า") == "th"


def test_normalize_and_clauses() -> None:
    assert normalize("Sooooo BAD!!! http://x.co @user #fail") == "soo bad!! fail"
    assert normalize("ﻃﻔﻼً") != "ﻃﻔﻼً"  # Arabic presentation forms fold to ordinary letters (NFKC)
    pieces = clauses("Late again. Where is it? 太慢了！")
    assert [p.text.strip() for p in pieces] == ["Late again.", "Where is it?", "太慢了！"]
    assert dominant_script("abc 配達が") == "kana"
