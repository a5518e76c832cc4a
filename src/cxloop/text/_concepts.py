"""Customer-experience concepts named in several languages, so theme discovery can group across languages.

Written for cxloop by its developers. Each concept maps a language to
words (prefix match with ``*`` for languages written with spaces).
"""

from __future__ import annotations

__all__ = ["CONCEPTS"]

# fmt: off
# ruff: noqa: E501
CONCEPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "delivery": {
        "en": ("deliver*", "shipping", "shipment", "courier", "parcel", "package", "arriv*", "driver"),
        "es": ("entrega*", "envío", "envio", "paquete", "repartidor"), "fr": ("livr*", "colis", "expédition"),
        "de": ("liefer*", "versand", "paket", "zustell*"), "pt": ("entrega*", "pacote", "encomenda"),
        "it": ("consegn*", "spedizion*", "pacco"), "zh": ("配送", "送餐", "外卖", "骑手", "快递", "送达", "送到", "小哥"),
        "ja": ("配達", "配送", "届", "発送", "宅配"), "th": ("ส่งของ", "จัดส่ง", "ขนส่ง", "พัสดุ", "ไรเดอร์"),
        "ar": ("توصيل", "التوصيل", "شحن", "الشحن", "طلبية", "مندوب"), "hi": ("डिलीवरी", "delivery"),
    },
    "speed": {
        "en": ("slow", "late", "delay*", "wait*", "fast", "quick*", "hours", "minutes"),
        "es": ("tarde", "lento", "rápido", "espera*"), "fr": ("lent*", "retard", "rapide", "attend*"),
        "de": ("langsam", "schnell", "spät", "wart*"), "pt": ("lento", "rápido", "atras*", "demor*"),
        "it": ("lento", "veloce", "ritardo", "attes*"), "zh": ("慢", "快", "等了", "小时", "分钟", "超时", "准时"),
        "ja": ("遅", "早", "速", "待", "時間"), "th": ("ช้า", "เร็ว", "รอ", "นาน"),
        "ar": ("متأخر", "تأخير", "سريع", "بطيء", "انتظار"), "hi": ("देर", "जल्दी"),
    },
    "price": {
        "en": ("price*", "expensive", "cheap*", "cost*", "fee*", "charg*", "money", "refund*", "bill*"),
        "es": ("precio*", "caro", "barato", "reembolso", "cobr*"), "fr": ("prix", "cher", "rembours*", "factur*"),
        "de": ("preis*", "teuer", "billig", "geld", "rechnung"), "pt": ("preço*", "caro", "barato", "cobr*"),
        "it": ("prezz*", "caro", "costo", "rimbors*"), "zh": ("价格", "贵", "便宜", "退款", "实惠", "划算", "钱"),
        "ja": ("値段", "価格", "高い", "安い", "料金", "返金"), "th": ("ราคา", "แพง", "ถูก", "คืนเงิน", "บาท"),
        "ar": ("سعر", "السعر", "غالي", "رخيص", "فلوس"), "hi": ("कीमत", "पैसे", "महंगा"),
    },
    "staff": {
        "en": ("staff", "agent*", "support", "service", "rude", "friendly", "helpful", "employee*"),
        "es": ("personal", "atención", "servicio", "amable"), "fr": ("personnel", "service", "accueil", "aimable"),
        "de": ("personal", "service", "mitarbeiter*", "freundlich"), "pt": ("atendimento", "atendente*", "serviço"),
        "it": ("personale", "servizio", "assistenza", "gentil*"), "zh": ("态度", "服务", "客服", "商家", "老板"),
        "ja": ("対応", "店員", "接客", "サービス", "態度"), "th": ("พนักงาน", "บริการ", "แอดมิน"),
        "ar": ("خدمة", "الخدمة", "موظف", "الموظف"), "hi": ("सेवा", "स्टाफ"),
    },
    "food": {
        "en": ("food", "taste*", "tasty", "meal*", "cold", "fresh", "portion*", "delicious"),
        "es": ("comida", "sabor", "rico", "fría"), "fr": ("nourriture", "repas", "goût", "froid"),
        "de": ("essen", "geschmack", "lecker", "kalt"), "pt": ("comida", "sabor", "gostos*"),
        "it": ("cibo", "sapore", "buono", "freddo"), "zh": ("好吃", "味道", "难吃", "菜", "饭", "凉", "咸", "分量"),
        "ja": ("味", "美味", "おいし", "料理", "冷め"), "th": ("อร่อย", "อาหาร", "รสชาติ"),
        "ar": ("أكل", "الاكل", "طعم", "لذيذ"), "hi": ("खाना", "स्वाद"),
    },
    "app": {
        "en": ("app", "website", "site", "login", "log in", "crash*", "bug*", "error*", "update*", "password"),
        "es": ("aplicación", "app", "página", "error"), "fr": ("application", "appli", "site", "bug", "erreur"),
        "de": ("app", "webseite", "fehler", "absturz"), "pt": ("aplicativo", "app", "site", "erro"),
        "it": ("app", "sito", "errore"), "zh": ("软件", "系统", "闪退", "打不开", "登录", "app"),
        "ja": ("アプリ", "サイト", "ログイン", "エラー", "不具合"), "th": ("แอป", "แอพ", "เว็บ", "ระบบ"),
        "ar": ("تطبيق", "التطبيق", "موقع", "الموقع"), "hi": ("ऐप", "app"),
    },
    "account": {
        "en": ("account*", "subscription*", "cancel*", "plan", "membership"), "es": ("cuenta", "suscripción", "cancelar"),
        "fr": ("compte", "abonnement", "résili*"), "de": ("konto", "abo*", "kündig*"), "pt": ("conta", "assinatura"),
        "it": ("account", "abbonamento", "disdett*"), "zh": ("账号", "账户", "会员", "注销"),
        "ja": ("アカウント", "会員", "解約", "退会"), "th": ("บัญชี", "สมาชิก", "ยกเลิก"),
        "ar": ("حساب", "الحساب", "اشتراك", "الاشتراك"), "hi": ("खाता",),
    },
}
# fmt: on
