"""The real-time engine's page, ``/engine``: header tiles, the live signals feed
(server-sent events) and the case queue with its row actions (assign, resolve,
close, reopen).

Like the other pages it reads the workspace in the server process, without a
login. Row actions are plain HTML forms that htmx posts and swaps in place; a
refused change (a bad transition, a missing root cause) comes back as the row
with its message and status 400, an unknown case as 404, never a 500.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from cxloop.client import LocalClient
from cxloop.errors import NotFoundError, ValidationError
from cxloop.loop.cases import CASE_STATUSES, iso_rows, signals_since

__all__ = ["mount_engine"]

#: The status filter's choices: ``active`` (open or in progress) first, ``all`` for no filter.
STATUS_CHOICES = ("active", *CASE_STATUSES, "all")
ACTIONS = ("assign", "resolve", "close", "reopen")
QUEUE_LIMIT = 200
FEED_SIZE = 30
MAX_FORM_BYTES = 16_384
#: The stream polls the signals table this often, sends a comment when quiet this long, and ends
#: after ``STREAM_LIFETIME`` (the browser's EventSource reconnects with ``Last-Event-ID``) so a
#: forgotten tab never holds a graceful server shutdown for long.
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 10.0
STREAM_LIFETIME = 20.0
STREAM_BATCH = 200


def _client(request: Request) -> LocalClient:
    client: LocalClient = request.app.state.client
    return client


def _parse_time(value: str) -> datetime:
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"since: {value!r} is not an ISO 8601 time, e.g. 2026-02-01T10:00:00+00:00") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _when(value: str | None) -> str:
    """An ISO time as ``YYYY-MM-DD HH:MM`` (UTC), for a table cell."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def _case_view(case: dict[str, Any], now: datetime) -> dict[str, Any]:
    active = case["status"] in ("open", "in_progress")
    due = datetime.fromisoformat(case["due_at"]) if case.get("due_at") else None
    return {
        **case,
        "active": active,
        "overdue": active and due is not None and due < now,
        "escalated": active and bool(case.get("escalated_at")),
        "opened_label": _when(case.get("opened_at")),
        "due_label": _when(case.get("due_at")),
        "escalated_label": _when(case.get("escalated_at")),
    }


def _signal_view(signal: dict[str, Any]) -> dict[str, Any]:
    return {**signal, "changed_label": _when(signal.get("changed_at"))}


def _by_status(client: LocalClient, table: str) -> dict[str, int]:
    rows = client.store.query(f"SELECT status, count(*) AS n FROM {table} GROUP BY status").to_pylist()
    return {str(r["status"]): int(r["n"]) for r in rows}


def _count(client: LocalClient, sql: str, params: tuple[Any, ...] = ()) -> int:
    rows = client.store.query(sql, params).to_pylist()
    return int(rows[0]["n"]) if rows else 0


def _tiles(client: LocalClient) -> dict[str, Any]:
    now = datetime.now(tz=UTC)
    cases = _by_status(client, "cases")
    active = "status IN ('open', 'in_progress')"
    return {
        "cases": cases,
        "active": cases.get("open", 0) + cases.get("in_progress", 0),
        "overdue": _count(client, f"SELECT count(*) AS n FROM cases WHERE {active} AND due_at < ?", (now,)),
        "escalated": _count(client, f"SELECT count(*) AS n FROM cases WHERE {active} AND escalated_at IS NOT NULL"),
        "invitations": _by_status(client, "invitations"),
        "outbox": _by_status(client, "outbox"),
    }


async def _form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (what htmx and a plain form post) as one value per name."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise ValidationError(f"form: at most {MAX_FORM_BYTES} bytes, got {len(body)}")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise ValidationError("form: the body is not UTF-8 text") from None
    return {name: values[-1] for name, values in fields.items()}


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def _change(client: LocalClient, case_id: str, action: str, form: dict[str, str]) -> dict[str, Any]:
    if action == "assign":
        assignee = form.get("assignee", "")
        if not assignee.strip():
            raise ValidationError("assignee: give the name of the person who takes the case")
        return client.change_case(case_id, status="in_progress", assignee=assignee)
    if action == "resolve":
        root_cause, outcome = _blank_to_none(form.get("root_cause")), _blank_to_none(form.get("outcome"))
        for name, value in (("root_cause", root_cause), ("outcome", outcome)):
            if value is not None and len(value) > 2000:
                raise ValidationError(f"{name}: at most 2000 characters")
        return client.change_case(case_id, status="resolved", root_cause=root_cause, outcome=outcome)
    if action == "close":
        return client.change_case(case_id, status="closed")
    return client.change_case(case_id, status="in_progress")  # reopen


def _sse(signal: dict[str, Any]) -> str:
    return f"id: {signal['recorded_at']}\ndata: {json.dumps(signal, default=str)}\n\n"


async def _signal_stream(
    request: Request, client: LocalClient, since: datetime | None, once: bool
) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    started = quiet_since = loop.time()
    cursor = since
    yield "retry: 1000\n: cxloop live signals\n\n"
    while True:
        if await request.is_disconnected():
            return
        rows = await run_in_threadpool(signals_since, client.store, cursor, STREAM_BATCH)
        for row in rows:
            yield _sse(row)
        if rows:
            cursor = _parse_time(str(rows[-1]["recorded_at"]))
            quiet_since = loop.time()
        if once:
            return
        now = loop.time()
        if now - quiet_since >= HEARTBEAT_SECONDS:
            yield ": heartbeat\n\n"
            quiet_since = now
        if now - started >= STREAM_LIFETIME:
            return
        await asyncio.sleep(POLL_SECONDS)


def mount_engine(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, owner: str | None, status: str | None, *, error: str | None = None,
             code: int = 200) -> HTMLResponse:  # fmt: skip
        client = _client(request)
        form = {"owner": (owner or "").strip(), "status": (status or "").strip() or "active"}
        now = datetime.now(tz=UTC)
        feed = [_signal_view(s) for s in signals_since(client.store, None, limit=FEED_SIZE)]
        owners = [str(r["owner"]) for r in client.store.query("SELECT DISTINCT owner FROM cases ORDER BY owner")
                  .to_pylist()]  # fmt: skip
        context: dict[str, Any] = {
            "workspace": client.config.workspace.name, "form": form, "statuses": STATUS_CHOICES, "owners": owners,
            "tiles": _tiles(client), "feed": list(reversed(feed)), "cursor": feed[-1]["recorded_at"] if feed else "",
            "cases": [], "error": error, "limit": QUEUE_LIMIT, "query": urlencode({k: v for k, v in form.items() if v}),
        }  # fmt: skip
        try:
            rows = client.cases(status=None if form["status"] == "all" else form["status"], owner=form["owner"] or None,
                                limit=QUEUE_LIMIT)  # fmt: skip
        except ValidationError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "engine.html", context, status_code=400)
        context["cases"] = [_case_view(c, now) for c in rows]
        return templates.TemplateResponse(request, "engine.html", context, status_code=code)

    @app.get("/engine", response_class=HTMLResponse, include_in_schema=False)
    def engine_page(request: Request, owner: str | None = None, status: str | None = None) -> HTMLResponse:
        return page(request, owner, status)

    @app.get("/engine/fragments/tiles", response_class=HTMLResponse, include_in_schema=False)
    def engine_tiles(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "_engine_tiles.html", {"tiles": _tiles(_client(request))})

    @app.get("/engine/signals/stream", include_in_schema=False, response_model=None)
    async def signal_stream(request: Request, since: str | None = None, once: str | None = None) -> Response:
        """Signal changes as server-sent events: one ``data:`` JSON line each, ``id:`` its recorded_at."""
        # A reconnecting EventSource repeats the page's ?since= and adds the id it saw last: that one wins.
        resume = request.headers.get("last-event-id") or since
        try:
            cursor = _parse_time(resume) if resume and resume.strip() else None
        except ValidationError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        return StreamingResponse(
            _signal_stream(request, _client(request), cursor, once not in (None, "", "0", "false")),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @app.get("/engine/decisions/{decision_id}", response_class=HTMLResponse, include_in_schema=False)
    def decision_page(request: Request, decision_id: str) -> HTMLResponse:
        client = _client(request)
        context: dict[str, Any] = {"workspace": client.config.workspace.name, "decision": None, "error": None,
                                   "decision_id": decision_id}  # fmt: skip
        try:
            context["decision"] = client.explain(decision_id)
        except NotFoundError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "engine_decision.html", context, status_code=404)
        context["cases"] = [_case_view(c, datetime.now(tz=UTC)) for c in _cases_of_decision(client, decision_id)]
        return templates.TemplateResponse(request, "engine_decision.html", context)

    def act(request: Request, case_id: str, action: str, form: dict[str, str] | None, error: str | None) -> Response:
        htmx = request.headers.get("hx-request") == "true"
        client = _client(request)
        back = {k: v for k, v in request.query_params.items() if k in ("owner", "status") and v}
        code, case = (400 if error else 200), None
        try:
            if action not in ACTIONS:
                raise NotFoundError(f"no case action {action!r}: use one of {', '.join(ACTIONS)}")
            if error is None and form is not None:
                case = _change(client, case_id, action, form)
        except ValidationError as exc:
            error, code = str(exc), 400
        except NotFoundError as exc:
            error, code = str(exc), 404
        if not htmx:
            if error is None:
                return RedirectResponse("/engine" + (f"?{urlencode(back)}" if back else ""), status_code=303)
            return page(request, back.get("owner"), back.get("status"), error=error, code=code)
        if case is None and code == 400:
            case = next(iter(_cases_by_id(client, case_id)), None)
        context = {"case": _case_view(case, datetime.now(tz=UTC)) if case else None, "case_id": case_id,
                   "error": error, "changed": error is None, "query": urlencode(back)}  # fmt: skip
        response = templates.TemplateResponse(request, "_case_row.html", context, status_code=code)
        if error is None:
            response.headers["HX-Trigger"] = "cases-changed"
        return response

    @app.post("/engine/cases/{case_id}/{action}", response_class=HTMLResponse, include_in_schema=False)
    async def case_action(request: Request, case_id: str, action: str) -> Response:
        """Assign (status in_progress), resolve (root cause and outcome), close or reopen one case."""
        form, error = None, None
        try:
            form = await _form(request)
        except ValidationError as exc:
            error = str(exc)
        return await run_in_threadpool(act, request, case_id, action, form, error)


def _cases_by_id(client: LocalClient, case_id: str) -> list[dict[str, Any]]:
    return iso_rows(client.store, "SELECT * FROM cases WHERE case_id = ?", (case_id,))


def _cases_of_decision(client: LocalClient, decision_id: str) -> list[dict[str, Any]]:
    return iso_rows(client.store, "SELECT * FROM cases WHERE decision_id = ? ORDER BY case_id", (decision_id,))
