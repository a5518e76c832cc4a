"""Customer-service complaint patterns, added to the sentiment lists of :mod:`._terms_european` and :mod:`._terms_asian`.

Written for cxloop by its developers (not taken from any data set). These
are problems a customer reports without a sentiment word ("the parcel never
came", "还没送到", "まだ届かない", "لم يصل"): each counts as a negative term
and as a named problem (``complaint``).
"""

from __future__ import annotations

__all__ = ["SERVICE_TERMS"]

# fmt: off
# ruff: noqa: E501
SERVICE_TERMS: dict[str, tuple[str, ...]] = {
    "en": (
        "never came", "never arrived", "never showed up", "never delivered", "never got my", "never received",
        "still haven't", "still hasn't", "still no", "still not", "hasn't arrived", "haven't received", "didn't arrive",
        "not arrived", "not delivered", "wrong order", "wrong item", "wrong address", "arrived cold", "was cold",
        "were cold", "cold food", "no one answers", "nobody answers", "no response", "no reply", "never replied",
        "took forever", "hours late", "days late", "where is my", "charged twice", "keeps crashing", "forgot half",
        "half of my order", "is missing", "was missing", "were missing", "left my", "on hold", "waited an hour",
    ),
    "es": (
        "nunca llegó", "nunca llego", "no llegó", "no ha llegado", "sigo esperando", "llegó frío", "llegó fría",
        "nadie contesta", "nadie responde", "pedido equivocado", "cobraron dos veces", "faltaba", "se cierra sola",
    ),
    "fr": (
        "jamais arrivé", "jamais arrivée", "pas arrivé", "pas arrivée", "toujours pas", "j'attends toujours", "arrivé froid",
        "personne ne répond", "mauvaise commande", "débité deux fois", "il manquait", "plante",
    ),
    "de": (
        "nie angekommen", "nicht angekommen", "immer noch nicht", "warte immer noch", "kam kalt", "niemand", "keiner antwortet",
        "falsche bestellung", "doppelt abgebucht", "fehlte", "stürzt ständig ab", "zu spät",
    ),
    "pt": (
        "nunca chegou", "não chegou", "nao chegou", "ainda não", "ainda estou esperando", "chegou fria", "chegou frio",
        "ninguém atende", "ninguém responde", "pedido errado", "cobrado duas vezes", "faltou", "travando",
    ),
    "it": (
        "mai arrivato", "non è arrivato", "non è ancora arrivato", "sto ancora aspettando", "arrivato freddo",
        "nessuno risponde", "ordine sbagliato", "addebitato due volte", "mancava", "si blocca",
    ),
    "ar": (
        "لم يصل", "ما وصل", "ماوصل", "لم تصل", "ما وصلت", "ما زلت أنتظر", "مازلت انتظر", "بارد", "غلط", "مكسور", "ناقص",
        "لا أحد يرد", "محد يرد", "ما أحد يرد", "ما يردون", "لا يرد", "خصم مرتين", "يعلق", "وقح", "ما جاء",
    ),
    "th": (
        "ยังไม่ได้", "ยังไม่มา", "ไม่มีคนรับ", "ไม่มีใครตอบ", "ไม่ครบ", "ส่งผิด", "ไม่ตรงปก", "เย็นชืด", "แตกมา",
        "ตัดเงินสองรอบ", "เด้งออก", "ไม่คืนเงิน",
    ),
    "zh": (
        "还没到", "还没送", "还没收到", "没收到", "没人接", "没人管", "没人理", "不回", "一直没", "少送", "送错",
        "洒了", "凉了", "冷的", "坏的", "扣了两次", "不一样", "被取消",
    ),
    "ja": (
        "まだ届かない", "届いてない", "届きません", "来ません", "まだ来ない", "返事がない", "返信がない", "連絡がない",
        "連絡もなく", "誰も出ない", "待たされた", "冷めてた", "冷めていた", "違う商品", "足りなかった", "壊れていた",
        "落ちる", "請求された", "いまいち", "イマイチ", "雑だった", "応じてもらえない", "二度と",
    ),
    "hi": ("नहीं आया", "नहीं पहुंचा", "नहीं मिला", "इंतजार", "nahi aaya", "nahi mila", "thanda"),
}
# fmt: on
