"""Hand-written term lists for English, Spanish, French, German, Portuguese and Italian.

Written for cxloop by its developers (not taken from any data set); the same
categories as :mod:`._terms_asian`. A term ending in ``*`` matches any word
that starts with it. Emoji and emoticons, shared by all languages, are in
``EMOJI``.
"""

from __future__ import annotations

__all__ = ["EMOJI", "EUROPEAN_TERMS"]

# fmt: off
EN: dict[str, tuple[str, ...]] = {
    "neg": (
        "terrible", "awful", "worst", "horrible", "bad", "poor", "poorly", "useless", "unacceptable", "disappoint*",
        "angry", "furious", "annoy*", "frustrat*", "hate*", "sucks", "suck", "crap*", "rubbish", "garbage", "trash",
        "broken", "late", "delay*", "slow", "never again", "wast*", "rude", "incompetent", "ridiculous",
        "pathetic", "scam*", "fraud*", "ripped off", "overcharg*", "refund*", "still waiting", "not working",
        "doesn't work", "does not work", "didn't work", "stopped working", "problem*", "issue*", "error*",
        "fail*", "bug*", "crash*", "wrong", "missing", "lost", "damaged", "dirty", "stale", "overpriced",
        "confus*", "difficult", "impossible", "sad", "upset", "unhappy", "worse", "fuck*", "shit*", "damn",
        "wtf", "smh", "ugh", "sick of", "tired of", "fed up", "nightmare", "disaster", "mess", "liar*",
        "stupid", "idiot*", "kill*", "dead", "death", "scared", "worried", "unfortunately", "complain*", "lousy",
        "mediocre", "unhelpful", "unreliable", "ignored", "hung up", "on hold", "charged twice", "cancel*",
        "nobody", "no one", "hard to", "can't find", "cannot find", "can't", "cannot", "unable", "clunky",
        "laggy", "lag", "buggy", "expensive", "too much", "not happy", "not good", "disgust*", "sorry",
        "hopeless", "joke", "shame*", "cheat*", "lie", "lies", "lied", "hurt*", "pain*", "sucked", "meh",
        "fear", "terror*", "war", "attack*", "crisis", "fake", "screw*", "bloody", "blame*", "annoyed",
    ),
    "pos": (
        "great", "good", "excellent", "amazing", "awesome", "love*", "perfect", "fantastic", "wonderful",
        "best", "happy", "glad", "thanks", "thank*", "helpful", "easy", "quick*", "fast", "friendly", "nice",
        "cool", "beautiful", "brilliant", "superb", "outstanding", "recommend*", "enjoy*", "pleased",
        "satisfied", "impressive", "impressed", "smooth", "intuitive", "useful", "fun", "exciting", "excited",
        "congrat*", "well done", "kudos", "appreciate*", "delight*", "incredible", "lovely", "favorite",
        "favourite", "helpful", "simple", "convenient", "reliable", "efficient", "win", "proud", "yay",
    ),
    "negator": ("not", "no", "never", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't", "aren't",
                "won't", "hardly", "nothing", "without", "neither", "nor"),
    "churn": (
        "cancel my", "cancelling my", "canceling my", "cancel the subscription", "close my account",
        "delete my account", "switch to", "switching to", "leaving", "unsubscribe*", "never buy",
        "never order", "never use", "never again", "going elsewhere", "take my business", "terminate",
        "done with you", "moving to", "find another", "last time i",
    ),
    "complaint": (
        "refund*", "complain*", "still waiting", "not received", "never arrived", "never received",
        "hasn't arrived", "late", "delay*", "broken", "damaged", "missing", "wrong order", "wrong item",
        "charged", "overcharg*", "double charged", "no response", "nobody", "no one", "not working",
        "doesn't work", "stopped working", "issue*", "problem*", "error*", "on hold", "hung up", "crash*",
        "bug*", "can't log", "cannot log", "locked out", "outage", "down again",
    ),
    "question": ("how", "what", "why", "where", "when", "who", "which", "can i", "could you", "is there",
                 "are there", "do you", "does it", "will it", "anyone know"),
}

ES: dict[str, tuple[str, ...]] = {
    "neg": (
        "malo", "mala", "pésimo", "pesimo", "pésima", "horrible", "terrible", "fatal", "decepcion*", "nunca más",
        "tarde", "retraso", "reembolso", "enfadad*", "enojad*", "odio", "asco", "mierda", "triste", "peor",
        "problema*", "error", "roto", "rota", "lento", "caro", "estafa", "vergüenza", "verguenza", "basura",
        "molest*", "harto", "harta", "fraude", "queja*", "miedo", "muerte", "muert*", "desastre", "lamentable",
    ),
    "pos": (
        "bueno", "buena", "excelente", "genial", "increíble", "increible", "gracias", "encanta*", "feliz",
        "perfecto", "perfecta", "maravillos*", "mejor", "rápido", "rapido", "recomiendo", "bonito", "bonita",
        "amor", "guapo", "guapa", "fantástic*", "felicidades", "contento", "contenta", "buenísimo",
    ),
    "negator": ("no", "nunca", "ni", "sin", "jamás", "tampoco"),
    "churn": ("cancelar", "darme de baja", "dar de baja", "me cambio", "cambiarme", "nunca más", "me voy a"),
    "complaint": ("reembolso", "retraso", "queja*", "reclamación", "reclamacion", "no llegó", "no llego",
                  "roto", "cobro", "cobraron", "no funciona"),
    "question": ("¿", "cómo", "como puedo", "por qué", "cuándo", "dónde", "qué"),
}

FR: dict[str, tuple[str, ...]] = {
    "neg": (
        "mauvais", "mauvaise", "nul", "nulle", "horrible", "terrible", "déçu*", "decu*", "décevant*", "pire",
        "retard", "remboursement", "énervé*", "colère", "colere", "honte", "triste", "merde", "problème*",
        "probleme*", "arnaque", "cher", "lent", "lente", "cassé", "inadmissible", "inacceptable", "marre",
        "dégoût*", "haine", "déteste", "deteste", "peur", "mort", "catastroph*", "galère", "galere",
    ),
    "pos": (
        "bon", "bonne", "excellent*", "génial*", "genial*", "super", "merci", "parfait*", "magnifique", "top",
        "adore", "aime", "heureux", "heureuse", "bravo", "rapide", "recommande", "incroyable", "meilleur*",
        "bien", "sympa", "formidable", "félicitations", "content", "contente",
    ),
    "negator": ("pas", "jamais", "ne", "sans", "rien", "aucun", "aucune"),
    "churn": ("résilier", "resilier", "résiliation", "annuler mon", "je me désabonne", "plus jamais",
              "changer d'opérateur", "je pars chez", "je quitte"),
    "complaint": ("remboursement", "retard", "réclamation", "reclamation", "jamais reçu", "pas reçu", "cassé",
                  "en panne", "ne fonctionne pas", "ne marche pas", "facturé"),
    "question": ("pourquoi", "comment", "quand", "où", "est-ce que", "quel", "quelle"),
}

DE: dict[str, tuple[str, ...]] = {
    "neg": (
        "schlecht*", "schlimm*", "furchtbar", "schrecklich", "enttäusch*", "enttausch*", "ärger*", "wütend",
        "sauer", "scheiße", "scheisse", "mist", "katastroph*", "verspät*", "spät", "langsam", "teuer", "kaputt",
        "problem*", "fehler", "nie wieder", "traurig", "hass*", "peinlich", "frech", "unverschämt", "leider",
        "nervig", "nervt", "betrug", "angst", "tot", "tod", "krieg", "schade", "übel", "dumm",
    ),
    "pos": (
        "gut", "super", "toll", "klasse", "danke", "perfekt", "großartig", "grossartig", "schön", "schoen",
        "liebe", "glücklich", "gluecklich", "freue", "freu*", "empfehle*", "schnell", "hervorragend", "genial",
        "spitze", "wunderbar", "lecker", "bravo", "glückwunsch", "beste*",
    ),
    "negator": ("nicht", "kein", "keine", "keinen", "nie", "niemals", "ohne", "nichts"),
    "churn": ("kündigen", "kündige", "kuendigen", "kündigung", "nie wieder", "wechsle", "wechseln zu",
              "abbestellen", "konto löschen"),
    "complaint": ("rückerstattung", "erstattung", "beschwerde", "verspät*", "nicht angekommen", "kaputt",
                  "funktioniert nicht", "geht nicht", "abgebucht", "fehler"),
    "question": ("warum", "wie", "wann", "wo", "was", "wieso", "weshalb", "kann ich", "gibt es"),
}

PT: dict[str, tuple[str, ...]] = {
    "neg": (
        "ruim", "péssimo", "pessimo", "péssima", "horrível", "horrivel", "terrível", "terrivel", "decepcion*",
        "atraso", "atrasad*", "reembolso", "raiva", "ódio", "odio", "triste", "merda", "pior", "problema*",
        "erro", "quebrad*", "lento", "caro", "golpe", "vergonha", "lixo", "chato", "chata", "medo", "morte",
        "morreu", "absurdo", "fraude", "reclama*", "nunca mais", "droga", "saco",
    ),
    "pos": (
        "bom", "boa", "ótimo", "otimo", "ótima", "excelente", "obrigad*", "amo", "adoro", "feliz", "perfeit*",
        "maravilhos*", "melhor", "rápido", "rapido", "recomendo", "lindo", "linda", "incrível", "incrivel",
        "parabéns", "parabens", "top", "amei", "show",
    ),
    "negator": ("não", "nao", "nunca", "nem", "sem", "jamais"),
    "churn": ("cancelar", "cancelamento", "nunca mais", "vou trocar", "mudar de operadora", "vou sair"),
    "complaint": ("reembolso", "atraso", "reclamação", "reclamacao", "não chegou", "nao chegou", "quebrad*",
                  "não funciona", "nao funciona", "cobrança", "cobraram"),
    "question": ("por que", "porque?", "como", "quando", "onde", "qual", "quanto"),
}

IT: dict[str, tuple[str, ...]] = {
    "neg": (
        "brutto", "brutta", "pessimo", "pessima", "orribile", "terribile", "deluso", "delusa", "delusione",
        "ritardo", "rimborso", "arrabbiat*", "rabbia", "schifo", "triste", "merda", "peggio", "peggiore",
        "problem*", "errore", "rotto", "lento", "caro", "truffa", "vergogna", "odio", "paura", "morte", "morto",
        "male", "purtroppo", "assurdo", "disastro", "inaccettabile", "cazzo",
    ),
    "pos": (
        "buono", "buona", "ottimo", "ottima", "eccellente", "grazie", "perfett*", "meraviglios*", "bello",
        "bella", "felice", "adoro", "amo", "migliore", "veloce", "consiglio", "fantastic*", "bravo", "brava",
        "complimenti", "auguri", "grande", "stupendo", "splendid*",
    ),
    "negator": ("non", "mai", "senza", "né", "niente", "nessun*"),
    "churn": ("disdire", "disdetta", "mai più", "cambio operatore", "passo a", "annullare"),
    "complaint": ("rimborso", "ritardo", "reclamo", "non arrivato", "non è arrivato", "rotto",
                  "non funziona", "addebit*"),
    "question": ("perché", "come", "quando", "dove", "quale", "quanto"),
}

EMOJI: dict[str, tuple[str, ...]] = {
    "neg": ("😡", "😠", "🤬", "😤", "😢", "😭", "😞", "😔", "☹", "🙁", "😒", "👎", "💔", "😩", "😫", "🤮", "🤢",
            "😑", "😓", "😣", "😖", "😟", "😥", "😰", "😱", "🙄", ":(", ":-(", ":'("),
    "pos": ("😍", "😊", "😀", "😃", "😄", "😁", "🥰", "❤", "💕", "💖", "💗", "👍", "🙏", "✨", "💯", "👏", "😘",
            "🤩", "😎", "🎉", "🥳", "💪", "🌹", "☺", ":)", ":-)", ":d", "<3"),
}
# fmt: on

EUROPEAN_TERMS: dict[str, dict[str, tuple[str, ...]]] = {"en": EN, "es": ES, "fr": FR, "de": DE, "pt": PT, "it": IT}
