"""Phrase banks for generated customer-review training texts: English, Spanish, French, German, Portuguese, Italian.

Written for cxloop by its developers (not taken from any data set). Each
language maps a part to clauses: ``neg`` (a dissatisfied customer, with or
without explicit sentiment words), ``pos`` (a satisfied one), ``neu``
(facts, requests and questions), ``open``/``close`` (polite, neutral),
``close_neg``/``close_pos`` (closing remarks with a polarity), ``but``
(contrast connectors) and ``item`` (what ``{item}`` in a clause becomes).
See :mod:`cxloop.text.synthetic` for how they are put together.
"""

from __future__ import annotations

__all__ = ["LATIN_BANKS"]

# fmt: off
# ruff: noqa: E501

EN: dict[str, tuple[str, ...]] = {
    "neg": (
        "the parcel never came", "my order never arrived", "still waiting for my {item}", "I'm still waiting for a refund",
        "the {item} arrived two days late", "the delivery took forever", "the driver left my {item} at the wrong address",
        "the food was cold when it arrived", "the {item} was cold and soggy", "they forgot half of my order",
        "I got the wrong order", "the {item} came broken", "the box was damaged and the {item} was missing",
        "no one answers the phone", "nobody replied to my emails", "I've been on hold for 40 minutes",
        "the agent hung up on me", "the staff were rude", "the support agent was really unhelpful",
        "the app keeps crashing", "I can't log in to the app", "the app crashed at checkout",
        "the payment failed three times", "I was charged twice", "they took my money and sent nothing",
        "I asked for a refund a month ago and still nothing", "way too expensive for what you get",
        "the {item} tasted awful", "the {item} was stale", "portions were tiny", "the {item} was overcooked",
        "we waited an hour for a table", "we waited over an hour for the food", "the delivery was very late",
        "it is not worth the money", "the quality is not good at all", "the food was not fresh",
        "this is the worst service I have ever had", "terrible customer service", "what a waste of money",
        "the {item} stopped working after a week", "the order was cancelled without any explanation",
        "they keep sending me the same useless answer", "I had to explain my problem five times",
        "the tracking hasn't updated in a week", "the courier never showed up", "the {item} smelled bad",
        "there was a hair in my {item}", "the price went up again without notice", "hidden fees everywhere",
        "my complaint was ignored", "the restaurant got my order wrong again", "the {item} was missing from the bag",
        "the website is so slow", "your checkout page keeps giving an error", "my account was locked for no reason",
    ),
    "pos": (
        "the delivery was super fast", "the {item} arrived earlier than expected", "the food was hot and delicious",
        "the {item} was fresh and tasty", "great value for money", "the staff were friendly and helpful",
        "the agent solved my problem in minutes", "customer service was excellent", "the app is easy to use",
        "checkout was quick and smooth", "the refund came through the next day", "the driver was very polite",
        "everything arrived well packed", "the {item} is exactly as described", "the portions were generous",
        "really good quality", "the {item} was perfect", "I love this place", "best pizza in town",
        "the support team was very patient with me", "quick reply and a kind answer", "very reasonable prices",
        "the {item} works perfectly", "we had a lovely evening", "the service was quick and friendly",
        "everything was spot on", "the order was right and on time", "the new app update is great",
    ),
    "neu": (
        "I ordered a {item} on Monday", "how do I change my delivery address?", "can I pay by card?",
        "what time do you open on Sundays?", "I would like to update my phone number", "my order number is 48213",
        "is the {item} available in blue?", "do you deliver to the airport?", "I placed an order yesterday evening",
        "please send me the invoice", "can you tell me when my {item} will ship?", "I paid with PayPal",
        "we came for dinner on Friday", "the {item} is for my sister", "I have a question about my bill",
        "where can I find the return form?", "I am writing about order 5521", "we were a group of four",
    ),
    "open": ("hi", "hello", "hi there", "dear support team", "good morning", "hey", "to whom it may concern"),
    "close": ("thanks", "thank you", "regards", "kind regards", "best", "please let me know", "cheers"),
    "close_neg": (
        "very disappointed", "never again", "I want my money back", "not ordering from you again", "so frustrating",
        "unacceptable", "really annoyed", "avoid", "I'm done with this company", "please fix this", "one star",
        "really bad experience", "sort it out",
    ),
    "close_pos": (
        "highly recommend", "will order again", "thank you so much", "keep it up", "five stars", "very happy",
        "great job", "we'll be back", "love it", "couldn't be happier",
    ),
    "but": ("but", "however", "although", "though", "sadly"),
    "item": ("pizza", "burger", "order", "package", "phone", "jacket", "shoes", "coffee", "salad", "laptop", "sushi", "parcel", "noodles"),
}

ES: dict[str, tuple[str, ...]] = {
    "neg": (
        "el paquete nunca llegó", "mi pedido no ha llegado", "sigo esperando mi {item}", "sigo esperando el reembolso",
        "el pedido llegó con dos días de retraso", "la comida llegó fría", "me trajeron el pedido equivocado",
        "el {item} llegó roto", "nadie contesta el teléfono", "nadie responde a mis correos", "el personal fue muy grosero",
        "la aplicación se cierra sola", "no puedo iniciar sesión", "me cobraron dos veces", "el pago falló otra vez",
        "demasiado caro para lo que es", "el {item} sabía fatal", "faltaba la mitad del pedido", "esperamos más de una hora",
        "el servicio es pésimo", "la peor atención que he recibido", "no vale la pena", "la calidad deja mucho que desear",
        "el repartidor nunca apareció", "el {item} no funciona", "cancelaron mi pedido sin avisar", "mi queja fue ignorada",
    ),
    "pos": (
        "la entrega fue rapidísima", "la comida llegó caliente y muy rica", "el personal fue muy amable",
        "me resolvieron el problema enseguida", "la aplicación es muy fácil de usar", "muy buena relación calidad precio",
        "el {item} es tal cual la descripción", "todo llegó bien empaquetado", "el reembolso llegó al día siguiente",
        "el {item} estaba buenísimo", "atención de diez", "el repartidor fue muy simpático", "precios muy razonables",
    ),
    "neu": (
        "hice un pedido el lunes", "¿cómo cambio la dirección de entrega?", "¿puedo pagar con tarjeta?",
        "mi número de pedido es 48213", "¿a qué hora abren el domingo?", "quiero actualizar mi teléfono",
        "¿hacen envíos a Canarias?", "pagué con tarjeta", "el {item} es para mi hermana", "tengo una pregunta sobre mi factura",
    ),
    "open": ("hola", "buenos días", "buenas tardes", "estimado equipo"),
    "close": ("gracias", "un saludo", "saludos", "quedo atento"),
    "close_neg": ("muy decepcionado", "nunca más", "quiero mi dinero", "no vuelvo a pedir", "inaceptable", "una vergüenza", "qué desastre"),
    "close_pos": ("lo recomiendo", "volveré a pedir", "muchas gracias", "cinco estrellas", "muy contento", "repetiremos"),
    "but": ("pero", "aunque", "sin embargo"),
    "item": ("pedido", "paquete", "móvil", "café", "bocadillo", "portátil", "abrigo", "sushi"),
}

FR: dict[str, tuple[str, ...]] = {
    "neg": (
        "le colis n'est jamais arrivé", "ma commande n'est toujours pas arrivée", "j'attends toujours mon remboursement",
        "la livraison avait deux jours de retard", "le repas est arrivé froid", "on m'a livré la mauvaise commande",
        "le {item} est arrivé cassé", "personne ne répond au téléphone", "personne ne répond à mes mails",
        "le personnel était désagréable", "l'appli plante sans arrêt", "impossible de me connecter", "j'ai été débité deux fois",
        "le paiement a échoué", "beaucoup trop cher pour ce que c'est", "le {item} avait un goût horrible",
        "il manquait la moitié de la commande", "on a attendu plus d'une heure", "service client lamentable",
        "le pire service que j'ai connu", "ça ne vaut pas le prix", "le livreur ne s'est jamais présenté",
        "le {item} ne marche plus", "commande annulée sans explication", "ma réclamation est restée sans réponse",
    ),
    "pos": (
        "livraison très rapide", "le repas était chaud et délicieux", "le personnel était très aimable",
        "ils ont réglé mon problème tout de suite", "l'appli est très simple", "excellent rapport qualité prix",
        "le {item} correspond à la description", "tout était bien emballé", "remboursement reçu le lendemain",
        "le {item} était parfait", "service au top", "le livreur était très sympa", "prix très corrects",
    ),
    "neu": (
        "j'ai passé commande lundi", "comment changer mon adresse de livraison ?", "puis-je payer par carte ?",
        "mon numéro de commande est 48213", "vous ouvrez à quelle heure dimanche ?", "je voudrais modifier mon numéro",
        "vous livrez en Belgique ?", "j'ai payé par carte", "le {item} est pour ma sœur", "j'ai une question sur ma facture",
    ),
    "open": ("bonjour", "bonsoir", "madame, monsieur", "salut"),
    "close": ("merci", "cordialement", "bonne journée", "merci d'avance"),
    "close_neg": ("très déçu", "plus jamais", "je veux être remboursé", "je ne commanderai plus", "inadmissible", "honteux", "quelle galère"),
    "close_pos": ("je recommande", "je recommanderai", "merci beaucoup", "cinq étoiles", "très satisfait", "bravo à l'équipe"),
    "but": ("mais", "par contre", "cependant"),
    "item": ("colis", "téléphone", "café", "sandwich", "ordinateur", "manteau", "burger", "sushi"),
}

DE: dict[str, tuple[str, ...]] = {
    "neg": (
        "das Paket ist nie angekommen", "meine Bestellung ist immer noch nicht da", "ich warte immer noch auf die Erstattung",
        "die Lieferung kam zwei Tage zu spät", "das Essen kam kalt an", "ich habe die falsche Bestellung bekommen",
        "der {item} kam kaputt an", "niemand geht ans Telefon", "keiner antwortet auf meine Mails",
        "das Personal war unfreundlich", "die App stürzt ständig ab", "ich kann mich nicht einloggen", "mir wurde doppelt abgebucht",
        "die Zahlung ist fehlgeschlagen", "viel zu teuer für das was man bekommt", "der {item} schmeckte furchtbar",
        "die Hälfte der Bestellung fehlte", "wir haben über eine Stunde gewartet", "miserabler Kundenservice",
        "der schlechteste Service überhaupt", "das Geld nicht wert", "der Fahrer ist nie gekommen",
        "der {item} funktioniert nicht mehr", "Bestellung ohne Grund storniert", "meine Beschwerde wurde ignoriert",
    ),
    "pos": (
        "super schnelle Lieferung", "das Essen war heiß und lecker", "das Personal war sehr freundlich",
        "mein Problem wurde sofort gelöst", "die App ist einfach zu bedienen", "sehr gutes Preis-Leistungs-Verhältnis",
        "der {item} entspricht der Beschreibung", "alles war gut verpackt", "die Erstattung kam am nächsten Tag",
        "der {item} war perfekt", "top Service", "der Fahrer war sehr nett", "faire Preise",
    ),
    "neu": (
        "ich habe am Montag bestellt", "wie ändere ich meine Lieferadresse?", "kann ich mit Karte zahlen?",
        "meine Bestellnummer ist 48213", "wann öffnen Sie am Sonntag?", "ich möchte meine Telefonnummer ändern",
        "liefern Sie auch nach Österreich?", "ich habe mit Karte bezahlt", "der {item} ist für meine Schwester", "ich habe eine Frage zur Rechnung",
    ),
    "open": ("hallo", "guten Tag", "sehr geehrte Damen und Herren", "moin"),
    "close": ("danke", "viele Grüße", "mit freundlichen Grüßen", "danke im Voraus"),
    "close_neg": ("sehr enttäuscht", "nie wieder", "ich will mein Geld zurück", "ich bestelle nicht mehr", "unverschämt", "eine Frechheit", "ärgerlich"),
    "close_pos": ("klare Empfehlung", "gerne wieder", "vielen Dank", "fünf Sterne", "sehr zufrieden", "weiter so"),
    "but": ("aber", "allerdings", "leider"),
    "item": ("Laptop", "Kaffee", "Burger", "Mantel", "Drucker", "Salat", "Fernseher", "Rucksack"),
}

PT: dict[str, tuple[str, ...]] = {
    "neg": (
        "o pacote nunca chegou", "meu pedido ainda não chegou", "ainda estou esperando o reembolso",
        "a entrega atrasou dois dias", "a comida chegou fria", "recebi o pedido errado", "o {item} chegou quebrado",
        "ninguém atende o telefone", "ninguém responde meus e-mails", "o atendente foi grosso", "o aplicativo vive travando",
        "não consigo entrar na minha conta", "fui cobrado duas vezes", "o pagamento deu erro", "caro demais pelo que é",
        "o {item} estava horrível", "faltou metade do pedido", "esperamos mais de uma hora", "atendimento péssimo",
        "o pior serviço que já vi", "não vale o preço", "o entregador nunca apareceu", "o {item} parou de funcionar",
        "cancelaram meu pedido sem aviso", "minha reclamação foi ignorada",
    ),
    "pos": (
        "entrega super rápida", "a comida chegou quentinha e deliciosa", "o atendente foi muito educado",
        "resolveram meu problema na hora", "o aplicativo é fácil de usar", "ótimo custo benefício",
        "o {item} é igual à descrição", "tudo veio bem embalado", "o reembolso caiu no dia seguinte",
        "o {item} estava perfeito", "atendimento nota dez", "o entregador foi muito gentil", "preço justo",
    ),
    "neu": (
        "fiz um pedido na segunda", "como mudo o endereço de entrega?", "posso pagar no cartão?",
        "o número do pedido é 48213", "que horas vocês abrem no domingo?", "quero atualizar meu telefone",
        "vocês entregam em Niterói?", "paguei no pix", "o {item} é para minha irmã", "tenho uma dúvida sobre a fatura",
    ),
    "open": ("olá", "oi", "bom dia", "boa tarde"),
    "close": ("obrigado", "obrigada", "att", "abraços"),
    "close_neg": ("muito decepcionado", "nunca mais", "quero meu dinheiro de volta", "não compro mais", "absurdo", "que vergonha", "que raiva"),
    "close_pos": ("recomendo", "vou pedir de novo", "muito obrigado", "cinco estrelas", "muito satisfeito", "parabéns pelo serviço"),
    "but": ("mas", "porém", "só que"),
    "item": ("celular", "pedido", "lanche", "café", "notebook", "tênis", "açaí", "pacote"),
}

IT: dict[str, tuple[str, ...]] = {
    "neg": (
        "il pacco non è mai arrivato", "il mio ordine non è ancora arrivato", "sto ancora aspettando il rimborso",
        "la consegna è arrivata con due giorni di ritardo", "il cibo è arrivato freddo", "mi hanno portato l'ordine sbagliato",
        "il {item} è arrivato rotto", "nessuno risponde al telefono", "nessuno risponde alle mie email",
        "il personale è stato scortese", "l'app si blocca di continuo", "non riesco ad accedere", "mi hanno addebitato due volte",
        "il pagamento non è andato a buon fine", "troppo caro per quello che offre", "il {item} era immangiabile",
        "mancava metà dell'ordine", "abbiamo aspettato più di un'ora", "servizio clienti pessimo",
        "il peggior servizio mai visto", "non vale il prezzo", "il fattorino non si è mai presentato",
        "il {item} non funziona più", "ordine annullato senza spiegazioni", "il mio reclamo è stato ignorato",
    ),
    "pos": (
        "consegna velocissima", "il cibo è arrivato caldo e buonissimo", "il personale è stato gentilissimo",
        "hanno risolto il problema subito", "l'app è facile da usare", "ottimo rapporto qualità prezzo",
        "il {item} è come descritto", "tutto ben imballato", "rimborso arrivato il giorno dopo",
        "il {item} era perfetto", "servizio impeccabile", "il fattorino è stato molto cortese", "prezzi onesti",
    ),
    "neu": (
        "ho fatto un ordine lunedì", "come cambio l'indirizzo di consegna?", "posso pagare con la carta?",
        "il numero d'ordine è 48213", "a che ora aprite la domenica?", "vorrei aggiornare il mio numero",
        "consegnate anche a Monza?", "ho pagato con carta", "il {item} è per mia sorella", "ho una domanda sulla fattura",
    ),
    "open": ("ciao", "buongiorno", "buonasera", "gentile servizio clienti"),
    "close": ("grazie", "cordiali saluti", "saluti", "grazie mille in anticipo"),
    "close_neg": ("molto deluso", "mai più", "rivoglio i miei soldi", "non ordino più", "vergognoso", "inaccettabile", "che schifo"),
    "close_pos": ("consigliatissimo", "ordinerò di nuovo", "grazie mille", "cinque stelle", "molto soddisfatto", "bravissimi"),
    "but": ("ma", "però", "purtroppo"),
    "item": ("telefono", "pacco", "caffè", "panino", "portatile", "cappotto", "pizza", "sushi"),
}

LATIN_BANKS: dict[str, dict[str, tuple[str, ...]]] = {"en": EN, "es": ES, "fr": FR, "de": DE, "pt": PT, "it": IT}
# fmt: on
