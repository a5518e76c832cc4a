"""Comment sentences in English and Spanish, keyed by topic (see :mod:`cxloop.demo.phrases`)."""

from __future__ import annotations

EN: dict[str, tuple[str, ...]] = {
    "delivery_late": (
        "My order arrived {days} late and nobody told me why.",
        "The parcel turned up {days} after the promised date.",
        "Delivery was {days} late and the tracking never updated.",
    ),
    "delivery_fast": (
        "Delivery was fast, it even arrived earlier than promised.",
        "My parcel came on time and was well packed.",
    ),
    "delivery_ok": ("Delivery was fine, nothing special.", "The parcel arrived on the promised day."),
    "payment_failed": (
        "My payment failed at checkout and I had to try again.",
        "My card kept getting declined even though it works everywhere else.",
        "The payment page threw an error twice before my order went through.",
    ),
    "checkout_easy": ("Checkout was quick and paying was easy.", "Paying took just a few seconds."),
    "wait_long": (
        "I waited {minutes} on hold before anyone answered.",
        "Waiting {minutes} to ask a simple question is far too long.",
    ),
    "chat_wait": ("I waited {minutes} in the chat before an agent replied.",),
    "reply_slow": (
        "It took more than a day to get an answer to my email.",
        "My email went unanswered for days.",
    ),
    "repeat_contact": (
        "I had to contact you again about the same problem.",
        "This is the second time I've had to explain the same issue.",
    ),
    "unresolved": ("My problem is still not solved.", "Nobody actually fixed my issue."),
    "staff_helpful": (
        "The agent was friendly and sorted it out quickly.",
        "Very helpful staff, my question was answered right away.",
    ),
    "product_good": ("The product quality is excellent.", "Really happy with what I bought."),
    "product_defect": (
        "The item was faulty, so I had to send it back.",
        "The product was not as described and I returned it.",
    ),
    "product_ok": ("The product is okay for the price.", "Decent product, it does the job."),
    "price_good": ("Great prices and good deals.", "Good value for money."),
    "price_high": ("Prices are higher than in other shops.", "Too expensive for what you get."),
    "app_easy": ("The app is really easy to use.", "The website is clear and easy to use."),
    "app_bad": ("The app is slow and keeps crashing.", "The website is confusing and hard to navigate."),
    "general_pos": (
        "I'll definitely shop here again.",
        "Great experience overall, I'd recommend you to my friends.",
    ),
    "general_neu": ("It was okay, but there is room for improvement.", "An average experience."),
    "general_neg": ("Very disappointing experience.", "I don't think I'll order from you again."),
    "order_missing": (
        "My order still hasn't arrived and the tracking hasn't changed for days.",
        "Where is my order? It should have arrived by now.",
    ),
    "refund_waiting": (
        "I sent the item back but I'm still waiting for my refund.",
        "How long does a refund take? I returned the parcel days ago.",
    ),
}

ES: dict[str, tuple[str, ...]] = {
    "delivery_late": (
        "Mi pedido llegó con {days} de retraso y nadie me explicó por qué.",
        "El paquete llegó {days} después de la fecha prometida.",
        "La entrega se retrasó {days} y el seguimiento nunca se actualizó.",
    ),
    "delivery_fast": (
        "La entrega fue rapidísima, llegó incluso antes de lo prometido.",
        "El paquete llegó a tiempo y bien embalado.",
    ),
    "delivery_ok": ("La entrega fue correcta, sin más.", "El paquete llegó el día previsto."),
    "payment_failed": (
        "El pago falló al finalizar la compra y tuve que intentarlo otra vez.",
        "Me rechazaban la tarjeta una y otra vez, aunque funciona en todas partes.",
        "La página de pago dio error dos veces antes de aceptar mi pedido.",
    ),
    "checkout_easy": ("Pagar fue rápido y sencillo.", "El proceso de compra es muy fácil."),
    "wait_long": (
        "Estuve {minutes} esperando al teléfono hasta que alguien me atendió.",
        "Esperar {minutes} para una pregunta sencilla es demasiado.",
    ),
    "chat_wait": ("Esperé {minutes} en el chat hasta que me respondió un agente.",),
    "reply_slow": (
        "Tardaron más de un día en responder a mi correo.",
        "Mi correo estuvo días sin respuesta.",
    ),
    "repeat_contact": (
        "Tuve que volver a contactar con ustedes por el mismo problema.",
        "Es la segunda vez que tengo que explicar lo mismo.",
    ),
    "unresolved": ("Mi problema sigue sin resolverse.", "Nadie me ha solucionado nada."),
    "staff_helpful": (
        "La persona que me atendió fue muy amable y lo resolvió enseguida.",
        "El personal fue muy atento y resolvió mi duda al momento.",
    ),
    "product_good": ("La calidad del producto es excelente.", "Me encanta lo que compré."),
    "product_defect": (
        "El artículo venía defectuoso y tuve que devolverlo.",
        "El producto no era como se describía y lo devolví.",
    ),
    "product_ok": ("El producto está bien para lo que cuesta.", "Producto correcto, cumple su función."),
    "price_good": ("Buenos precios y buenas ofertas.", "Muy buena relación calidad-precio."),
    "price_high": ("Los precios son más altos que en otras tiendas.", "Demasiado caro para lo que ofrece."),
    "app_easy": ("La aplicación es muy fácil de usar.", "La web es clara y cómoda."),
    "app_bad": (
        "La aplicación va lenta y se cierra sola.",
        "La web es confusa y cuesta encontrar las cosas.",
    ),
    "general_pos": ("Sin duda volveré a comprar.", "Muy buena experiencia, se la recomiendo a mis amigos."),
    "general_neu": ("Estuvo bien, pero hay cosas que mejorar.", "Una experiencia normal, sin más."),
    "general_neg": ("Una experiencia muy decepcionante.", "No creo que vuelva a comprar aquí."),
    "order_missing": (
        "Mi pedido todavía no ha llegado y el seguimiento no cambia desde hace días.",
        "¿Dónde está mi pedido? Ya debería haber llegado.",
    ),
    "refund_waiting": (
        "Devolví el artículo, pero sigo esperando el reembolso.",
        "¿Cuánto tarda el reembolso? Envié el paquete hace días.",
    ),
}
