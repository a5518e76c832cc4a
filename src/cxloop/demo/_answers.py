"""Survey answers of one simulated customer, drawn from their latest experiences.

The answer to a survey taken at time ``t`` reflects the customer's most recent
delivery, payment and contact before ``t`` (see :mod:`cxloop.demo.truth`); a
rating is shown only for what the customer has experienced by then, but all
five ratings drive the scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxloop.demo import truth
from cxloop.demo.phrases import INCIDENT_TOPICS, comment, pick_topics

if TYPE_CHECKING:
    from cxloop.demo._journey import Journey
    from cxloop.demo._support import SurveyDue

__all__ = ["answer"]


def answer(journey: Journey, survey: SurveyDue) -> None:
    """Draw one survey answer from the customer's latest experiences before it."""
    plan, rng, ts = journey.plan, journey.rng, survey.ts
    delivery = _latest(journey.deliveries, ts)
    payment = _latest(journey.payments, ts)
    contact = _latest(journey.contacts, ts)
    exp = truth.Experience(
        delay_days=delivery[1] if delivery else 0,
        long_wait=bool(contact and contact[3]),
        repeat_contact=bool(contact and contact[4]),
        unresolved=bool(contact and not contact[5]),
        payment_failure=bool(payment and payment[1]),
        defect=bool(delivery and delivery[2]),
        vip=plan.segment == "vip",
    )
    scores = truth.score(truth.rate(exp, plan.halo, plan.taste, rng), plan.nps_u, rng)
    bought = _latest([(t,) for t in journey.purchases], ts) is not None
    shown = {
        "delivery": delivery is not None,
        "support": contact is not None,
        "product": bought,
        "price": bought,
        "app": payment is not None,
    }
    props: dict[str, Any] = {"survey": survey.kind, "nps": scores.nps}
    if survey.kind != "relationship_nps":
        props["csat"] = scores.csat
    if survey.kind == "post_contact":
        props["ces"] = scores.ces
    given = {name: scores.ratings[name] for name in truth.ATTRIBUTES if shown[name]}
    props |= {f"rating_{name}": value for name, value in given.items()}
    if survey.trigger is not None:
        props |= {"trigger_event_id": survey.trigger["event_id"], "trigger_type": survey.trigger["type"]}
    if survey.order_id is not None:
        props["order_id"] = survey.order_id
    text = None
    category = "promoter" if scores.nps >= 9 else "passive" if scores.nps >= 7 else "detractor"
    if rng.random() < {"promoter": 0.45, "passive": 0.5, "detractor": 0.75}[category]:
        incidents = _incidents(exp, contact, survey.kind)
        topics = pick_topics(category, incidents, given, rng)
        minutes = max(1, contact[2] // 60) if contact else 1
        text = comment(plan.locale.language, topics, rng, days=max(exp.delay_days, 1), minutes=minutes)
    touchpoint = {"relationship_nps": "relationship_survey"}.get(survey.kind, f"{survey.kind}_survey")
    journey.emit(
        ts, "survey.response", "survey", channel=survey.channel, touchpoint=touchpoint,
        purpose="cx_improvement", properties=props, text=text,
    )  # fmt: skip


def _latest(items: list[Any], ts: int) -> Any:
    """The last item (by its first field, a timestamp) at or before ``ts``."""
    best = None
    for item in items:
        if item[0] <= ts and (best is None or item[0] >= best[0]):
            best = item
    return best


def _incidents(exp: truth.Experience, contact: Any, kind: str) -> list[str]:
    found = {
        "delivery_late": exp.delay_days > 0,
        "unresolved": exp.unresolved,
        "repeat_contact": exp.repeat_contact,
        "wait_long": exp.long_wait and contact is not None and contact[1] == "phone",
        "chat_wait": exp.long_wait and contact is not None and contact[1] == "chat",
        "reply_slow": exp.long_wait and contact is not None and contact[1] == "email",
        "payment_failed": exp.payment_failure,
        "product_defect": exp.defect,
    }
    ordered = [topic for topic in INCIDENT_TOPICS if found[topic]]
    if kind == "post_contact":
        support = {"unresolved", "repeat_contact", "wait_long", "chat_wait", "reply_slow"}
        ordered.sort(key=lambda topic: topic not in support)
    return ordered
