"""The commented ``cxloop.yaml`` that ``cxloop init DIR`` writes, and :func:`write_init`."""

from __future__ import annotations

from pathlib import Path

from cxloop.errors import WorkspaceError

__all__ = ["INIT_TEMPLATE", "write_init"]

INIT_TEMPLATE = """\
# cxloop.yaml: this workspace's customer experience, as code.
#
# Keep this file under version control. cxloop checks it on every start and
# reports every problem at once as FILE:LINE: FIELD: what is wrong and how to fix it.
# Unknown keys are errors, so a typo never passes silently.
#
# Names (of purposes, sources, channels, touchpoints, segments and stages) are
# lower_snake_case: a lowercase letter, then lowercase letters, digits or _.
# Each name is unique within its list; other sections refer to entries by name.

# The format of this file. Only version 1 exists.
version: 1

workspace:
  name: Acme retail
  # The IANA time zone your customers live in ("days" and "quiet hours" are
  # counted in it), such as UTC, Europe/Paris or America/New_York. Default: UTC.
  timezone: Europe/London

# Purposes: WHY data is held. Every event is stored for one declared purpose
# (the data-use cycle: source -> purpose -> outcome -> insight -> destination);
# using data for a purpose it was not collected for is refused. At least one.
#   basis: the legal ground for holding the data, one of
#          contract | consent | legitimate_interest | legal_obligation
#   retention_days: how long data held for this purpose is kept (a whole number > 0)
purposes:
  - name: service
    description: Take, deliver and support customers' orders.
    basis: contract
    retention_days: 730
  - name: analytics
    description: Understand journeys and improve the shop, from aggregated behaviour.
    basis: legitimate_interest
    retention_days: 365
  - name: cx_improvement
    description: Survey feedback and comments, used to fix what customers tell us about.
    basis: consent
    retention_days: 1095

# Sources: WHERE data comes from. At least one.
#   kind: http | file | sdk | connector | survey | social | demo
#   purpose: the declared purpose that events from this source are held for
#            (an event may name another declared purpose explicitly)
#   description: optional notes
sources:
  - name: http
    kind: http
    purpose: service
    description: Events posted to the HTTP API by the shop's back end.
  - name: file_import
    kind: file
    purpose: analytics
    description: CSV, JSONL or Parquet files loaded with `cxloop ingest`.
  - name: sdk
    kind: sdk
    purpose: service
    description: The web and app SDK.
  - name: survey
    kind: survey
    purpose: cx_improvement
    description: Answers to cxloop's own surveys.
  - name: social
    kind: social
    purpose: cx_improvement
    description: Public posts and reviews that mention the brand.

# Channels: the media through which customers and the business interact.
#   kind: digital | assisted | physical | social | messaging
#   label: optional display name
channels:
  - name: web
    kind: digital
    label: Website
  - name: app
    kind: digital
    label: Mobile app
  - name: email
    kind: messaging
    label: Email
  - name: sms
    kind: messaging
    label: SMS
  - name: phone
    kind: assisted
    label: Call centre
  - name: chat
    kind: assisted
    label: Live chat
  - name: store
    kind: physical
    label: Shops
  - name: social
    kind: social
    label: Social media

# Touchpoints: the moments of the journey where an interaction happens. Events
# name one in their touchpoint field; surveys and rules are triggered by them.
#   channel: optional; must be a channel declared above
#   stage: optional journey stage (any name, such as discover, buy, receive, support)
#   label: optional display name
touchpoints:
  - name: browse
    channel: web
    stage: discover
    label: Browsing the catalogue
  - name: product
    channel: web
    stage: consider
    label: Product page
  - name: checkout
    channel: web
    stage: buy
    label: Checkout
  - name: payment
    channel: web
    stage: buy
    label: Payment
  - name: store_visit
    channel: store
    stage: buy
    label: Visit to a shop
  - name: delivery
    stage: receive
    label: Delivery
  - name: returns
    stage: support
    label: Returns and refunds
  - name: support_call
    channel: phone
    stage: support
    label: Call to customer service
  - name: support_chat
    channel: chat
    stage: support
    label: Chat with customer service

# Segments: groups of customers served differently (experience profiles).
#   description: optional, who belongs to it
segments:
  - name: new
    description: First order in the last 90 days.
  - name: regular
    description: Ordered at least twice.
  - name: vip
    description: Top customers by yearly spend.

# Defaults: the source an event is tagged with when it names none.
#   source: for events sent to the HTTP API
#   file_source: for `cxloop ingest FILE` without --source
# Both must be sources declared above.
defaults:
  source: http
  file_source: file_import

# Store: where cxloop keeps events, profiles and decisions.
#   null (the default): a DuckDB file inside this folder
#   duckdb:///absolute/path/cx.duckdb, or postgresql://user@host/database
# The CXLOOP_STORE environment variable, when set, overrides this.
store: null

# Contact policy: when a customer may be asked for feedback. Every suppression
# becomes a decision with its reason. Caps count invitations on every channel;
# quiet hours are in the customer's own time zone and defer, not refuse;
# someone who answered on one channel is not asked again on another for
# suppress_after_response_days; sampling invites that share of eligible triggers.
contact_policy:
  max_invitations: {count: 2, per_days: 30}
  per_survey:
    post_delivery: {count: 1, per_days: 60}
  quiet_hours: {start: "21:00", end: "08:00"}
  channel_priority: [app, email, sms]
  suppress_after_response_days: 14
  sampling: 1.0

# Rules: event -> decision -> action, decided while the interaction is live.
# `when` names event types (or signal.NAME, fired when a signal opens) with
# optional conditions (same syntax as --where, on the event and the customer's
# traits) and signals that must be open; `then` lists actions: survey (under
# the contact policy), alert (a team), case (a case type), webhook (a URL),
# offer (a next-best action, recorded for the channel that shows it).
# Every decision is stored and explained: `cxloop explain DECISION_ID`.
# Try a rule set on history first: `cxloop replay --rules candidate.yaml`.
rules:
  - name: survey_after_delivery
    when: {events: [delivery.delivered]}
    then: [{survey: post_delivery}]
  - name: repeat_contact_case
    when: {events: [call.started, chat.started], signals: [repeat_contact]}
    then: [{case: repeat_contact}, {alert: support}]

# Service blueprint: the process behind each touchpoint and the team that owns
# cases raised there. Unlisted touchpoints go to engine.default_team.
blueprint:
  - {touchpoint: delivery, process: fulfilment, team: logistics}
  - {touchpoint: support_call, process: customer_service, team: support}
  - {touchpoint: support_chat, process: customer_service, team: support}

# Teams: an optional webhook receives their alerts and cases (signed with
# HMAC-SHA256, key in $CXLOOP_WEBHOOK_SECRET or .cxloop/webhook-secret);
# escalate_to is alerted when one of their cases passes its SLA.
teams:
  - {name: logistics, escalate_to: operations}
  - {name: support, escalate_to: support_leads}

# Case types and their SLA in hours. Detractor answers, upset customers and
# public complaints open cases by default (engine.case_on_signals).
case_types:
  - {name: public_complaint, sla_hours: 4}
  - {name: detractor, sla_hours: 48}
  - {name: repeat_contact, sla_hours: 24}

# Goals: a customer who starts one and does not reach it in time is `stuck`
# (a timer opens the signal, even if the customer never comes back).
goals:
  - {name: checkout, start: [checkout.started], done: [order.paid], within_hours: 2}

# Engine: grace_seconds > 0 waits that long (in event time) so events arriving
# out of order are decided in event-time order; 0 decides on arrival.
engine:
  grace_seconds: 0
  default_team: cx

# Text: what customers write. Before anything is stored, e-mail addresses,
# phone numbers, payment card numbers (Luhn-checked) and your own patterns are
# replaced by [EMAIL], [PHONE], [CARD], [KIND]; the raw text is never kept while
# redact is true. analyze adds text_language, text_negative, text_signals and
# text_themes to the event's properties (query them: --where
# "properties.text_negative = true").
text:
  redact: true
  patterns: {}          # e.g. {ORDER_REF: "ORD-[0-9]{8}"}
  analyze: true
  thresholds: {}        # per signal, e.g. {negative: 0.6}: fewer, surer negatives

# Metric tree: NPS (or csat, ces) at the root, journeys or stages below,
# touchpoints below those, operational KPIs at the leaves. Each node's `where`
# selects its survey answers (within its parent's) in the same syntax as
# `cxloop report ... --where`: FIELD = VALUE, FIELD != VALUE, FIELD in (A, B),
# joined with `and`. `cxloop report tree --period 2026-10` compares every node
# with the period before and says how much of each change its children explain.
# A KPI is read from events: the mean (or p90, or share_true for true/false) of
# one property of one event type; `better` says which way is good.
metric_tree:
  metric: nps
  target: 30
  nodes:
    - name: buy
      label: Buying
      where: touchpoint in (checkout, payment)
      children:
        - {name: buy_checkout, label: Checkout, where: touchpoint = checkout}
        - {name: buy_payment, label: Payment, where: touchpoint = payment}
    - name: deliver
      label: Delivery
      where: touchpoint = delivery
      kpis:
        - {name: delivery_delay, label: Delay (days), event: delivery.delivered, property: delay_days}
    - name: support
      label: Support
      where: touchpoint in (support_call, support_chat)
      kpis:
        - {name: call_wait, label: Call wait (s), event: call.ended, property: wait_seconds, aggregate: p90}
"""


def write_init(folder: Path, *, force: bool = False) -> Path:
    """Create ``folder`` (and parents) and write :data:`INIT_TEMPLATE` to ``folder/cxloop.yaml``.

    Returns the path written. Raises :class:`~cxloop.errors.WorkspaceError` when
    ``folder`` is a file, or when ``cxloop.yaml`` exists and ``force`` is false.
    """
    path = folder / "cxloop.yaml"
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder} is a file, not a folder; choose another path for the workspace")
    if path.exists() and not force:
        raise WorkspaceError(f"{path} already exists; edit it, or run `cxloop init --force {folder}` to overwrite it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(INIT_TEMPLATE, encoding="utf-8")
    except OSError as exc:
        raise WorkspaceError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
