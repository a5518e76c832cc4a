"""The ``cxloop`` command line.

Exit codes: 0 done (``ingest``: the files were read, even with rejects),
1 a file or workspace could not be used, 2 a usage error (bad flags).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cxloop import __version__
from cxloop.cli import _serve
from cxloop.cli._engine import cases_app, deliver, explain
from cxloop.cli._ingest import ingest_files
from cxloop.cli._options import FormatOpt, StoreOpt, WorkspaceOpt, err, out
from cxloop.cli._options import check_format as _check_format
from cxloop.cli._options import print_json as _print_json
from cxloop.cli._options import usage as _usage
from cxloop.cli._report import report_app
from cxloop.cli._text import text_app
from cxloop.client import Client, open_client, resolve_workspace
from cxloop.client.export import EXPORT_FORMATS, write_batches
from cxloop.client.keys import parse_scopes
from cxloop.config import load_workspace_config, write_init
from cxloop.errors import CxloopError, ValidationError
from cxloop.store.protocol import EXPORT_KINDS

__all__ = ["app", "main"]

app = typer.Typer(
    name="cxloop",
    help="cxloop: listen at every touchpoint, detect what matters, act, understand.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
keys_app = typer.Typer(help="Manage API keys for the HTTP API.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(report_app, name="report")
app.add_typer(cases_app, name="cases")
app.add_typer(text_app, name="text")
app.command()(explain)
app.command()(deliver)


@contextlib.contextmanager
def _open(workspace: str | None, store: str | None = None) -> Iterator[Client]:
    client = open_client(workspace, store_url=store)
    try:
        yield client
    finally:
        client.close()


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing cxloop.yaml.")] = False,
) -> None:
    """Create a workspace: DIR/cxloop.yaml with comments that teach the format."""
    path = write_init(directory, force=force)
    out.print(f"Created {path}. Next: cxloop ingest FILE --workspace {directory}", highlight=False)


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="CSV, JSONL (.jsonl/.ndjson), JSON or Parquet files.")],
    workspace: WorkspaceOpt = None,
    source: Annotated[str | None, typer.Option("--source", help="Source for events that name none.")] = None,
    fmt: FormatOpt = "text",
    store: StoreOpt = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, max=1_000_000, help="Events per transaction (default 50,000).")
    ] = None,
) -> None:
    """Validate and store events; rejects go to FILE.rejects.jsonl beside each input."""
    _check_format(fmt)
    if source is not None:
        declared = load_workspace_config(resolve_workspace(workspace)).source_names()
        if source not in declared:
            raise _usage(f"--source: {source!r} is not declared in cxloop.yaml; use one of: {', '.join(declared)}")
    with _open(workspace, store) as client:
        code = ingest_files(
            client, files, source=source, as_json=fmt == "json", out=out, err=err, batch_size=batch_size
        )
    raise typer.Exit(code)


@app.command()
def status(workspace: WorkspaceOpt = None, fmt: FormatOpt = "text", store: StoreOpt = None) -> None:
    """Counts of events, customers and responses, and the store in use."""
    _check_format(fmt)
    with _open(workspace, store) as client:
        data = client.status()
    if fmt == "json":
        _print_json(data)
        return
    table = Table(title=f"cxloop workspace {data.get('workspace', '')}", show_header=False)
    for key in ("events", "customers", "responses", "merges", "store"):
        value = data.get(key)
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    out.print(table)


@app.command()
def export(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(EXPORT_KINDS)}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    workspace: WorkspaceOpt = None,
    store: StoreOpt = None,
) -> None:
    """Export events, customer profiles or the engine's records (decisions, actions, invitations, cases, ...)."""
    if kind not in EXPORT_KINDS:
        raise _usage(f"KIND: {kind!r} is not one of {', '.join(EXPORT_KINDS)}")
    _check_format(fmt, EXPORT_FORMATS)
    with _open(workspace, store) as client:
        batches = client.export_batches(kind)  # type: ignore[arg-type]
        rows = write_batches(batches, fmt, output, keep_nulls=kind not in ("events", "customers"))
    err.print(f"Wrote {rows:,} {kind} to {output}", highlight=False)


@app.command()
def customer(
    customer_id: Annotated[str, typer.Argument(help="Customer id (a merged id resolves to its survivor).")],
    workspace: WorkspaceOpt = None,
    store: StoreOpt = None,
) -> None:
    """Print one customer's profile, with the provenance of every attribute, as JSON."""
    with _open(workspace, store) as client:
        profile = client.customer(customer_id)
    if profile is None:
        err.print(f"no customer {customer_id!r}", highlight=False)
        raise typer.Exit(1)
    _print_json(profile)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option("--name", help="Who uses the key, e.g. web-collector.")],
    scopes: Annotated[str, typer.Option("--scopes", help="Comma-separated: ingest, read, admin.")] = "ingest",
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = "text",
) -> None:
    """Create an API key. The secret is printed once; only its hash is stored."""
    _check_format(fmt)
    try:
        parsed = parse_scopes(scopes)
    except ValidationError as exc:
        raise _usage(str(exc)) from None
    with _open(workspace) as client:
        key = client.create_key(name, parsed)
    if fmt == "json":
        _print_json(key)
        return
    out.print(f"Key {key['key_id']} ({key['name']}, scopes: {', '.join(key['scopes'])})", highlight=False)
    out.print("Secret (shown once, store it now):", highlight=False)
    sys.stdout.write(key["secret"] + "\n")


@keys_app.command("list")
def keys_list(workspace: WorkspaceOpt = None, fmt: FormatOpt = "text") -> None:
    """List keys (never their secrets)."""
    _check_format(fmt)
    with _open(workspace) as client:
        keys = client.list_keys()
    if fmt == "json":
        _print_json(keys)
        return
    table = Table("key id", "name", "scopes", "created", "revoked")
    for k in keys:
        table.add_row(k["key_id"], k["name"], ",".join(k["scopes"]), k["created_at"], k["revoked_at"] or "")
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument()], workspace: WorkspaceOpt = None) -> None:
    """Revoke a key: requests with it are refused from now on."""
    with _open(workspace) as client:
        found = client.revoke_key(key_id)
    if not found:
        err.print(f"no live key {key_id!r}", highlight=False)
        raise typer.Exit(1)
    out.print(f"Revoked {key_id}", highlight=False)


@app.command()
def serve(
    workspace: WorkspaceOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to bind.", min=1, max=65535)] = 8765,
    store: StoreOpt = None,
) -> None:
    """Serve the REST API (/docs) and the dashboard (/)."""
    _serve.serve(workspace, host=host, port=port, store=store, console=err)


@app.command()
def demo(
    workspace: WorkspaceOpt = None,
    customers: Annotated[int, typer.Option("--customers", min=1, max=5_000_000)] = 10_000,
    days: Annotated[int, typer.Option("--days", min=1, max=3_650)] = 180,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Generate and ingest, then exit.")] = False,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8765,
) -> None:
    """Generate and ingest a deterministic retail world, then serve the dashboard."""
    from cxloop.cli._demo import run_demo

    root = run_demo(Path(workspace or "demo-workspace"), customers=customers, days=days, seed=seed, console=err)
    if not no_serve:
        _serve.serve(str(root), host=host, port=port, store=None, console=err)


@app.command()
def replay(
    workspace: WorkspaceOpt = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="A YAML file with a candidate `rules:` list.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Inclusive date or RFC 3339 time.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Exclusive date or RFC 3339 time.")] = None,
    fmt: FormatOpt = "text",
) -> None:
    """Backtest: run history through the rules (default: the workspace's) and report what they would have done."""
    from cxloop.cli._report import _moment
    from cxloop.config.rules import load_rules

    _check_format(fmt)
    candidate = load_rules(rules) if rules is not None else None
    with _open(workspace) as client:
        report = client.replay(candidate, _moment("--from", start), _moment("--to", end))
    if fmt == "json":
        _print_json(report)
        return
    out.print(f"Replayed {report['events']:,} events with no side effects.", highlight=False)
    for title, counts in (("Signals opened", report["signals_opened"]), ("Decisions by rule", report["decisions"]),
                          ("Actions", report["actions"]), ("Suppressed by", report["suppressed"])):  # fmt: skip
        table = Table(title=title, show_header=False)
        for name, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            table.add_row(name, f"{count:,}")
        out.print(table)
    for example in report["examples"]:
        out.print(f"- {example['explanation']}", highlight=False, markup=False)


@app.command()
def version() -> None:
    """Print the cxloop version."""
    out.print(__version__)


def main() -> None:
    try:
        app()
    except ValidationError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except CxloopError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)
