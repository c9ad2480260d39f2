"""The `plantrack` command line."""

from __future__ import annotations

import glob
import json
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from plantrack.batch import Outcome, ingest_files, resolve_workers
from plantrack.errors import PlanTrackError
from plantrack.eval import (
    find_gold_sets,
    format_errors,
    format_errors_by_rule,
    format_part_line,
    format_scores,
    load_gold,
    range_records,
    score,
    source_addresses,
)
from plantrack.pipeline import analyse_path
from plantrack.settings import Settings
from plantrack.store.repository import Store
from plantrack.views import document_view, number, statement_record

app = typer.Typer(
    name="plantrack",
    help="Turn Chinese industrial plans and policy news into a database of quantified targets.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("plantrack")


@dataclass
class AppState:
    settings: Settings

    def store(self) -> Store:
        return Store(self.settings.resolved_database_url)


def _state(ctx: typer.Context) -> AppState:
    state = ctx.obj
    assert isinstance(state, AppState)
    return state


@app.callback()
def main(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(help="SQLAlchemy database URL [env PLANTRACK_DATABASE_URL]."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Folder of the default SQLite database [env PLANTRACK_DATA_DIR]."),
    ] = None,
    max_file_mb: Annotated[
        float | None,
        typer.Option(help="Refuse files above this size, in MB [env PLANTRACK_MAX_FILE_MB]."),
    ] = None,
    log_level: Annotated[
        str | None, typer.Option(help="Logging level [env PLANTRACK_LOG_LEVEL].")
    ] = None,
    api_token: Annotated[
        str | None,
        typer.Option(help="Bearer token for the API's writes [env PLANTRACK_API_TOKEN]."),
    ] = None,
    max_upload_mb: Annotated[
        float | None,
        typer.Option(
            help="Refuse API uploads above this size, in MB [env PLANTRACK_MAX_UPLOAD_MB]."
        ),
    ] = None,
) -> None:
    """PlanTrack: read plans and news, store clean structured documents, track targets."""
    overrides: dict[str, Any] = {
        k: v
        for k, v in {
            "database_url": database_url,
            "data_dir": data_dir,
            "max_file_mb": max_file_mb,
            "log_level": log_level,
            "api_token": api_token,
            "max_upload_mb": max_upload_mb,
        }.items()
        if v is not None
    }
    settings = Settings(**overrides)
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(name)s: %(message)s",
        handlers=[RichHandler(console=err_console, show_path=False, show_time=False)],
        force=True,
    )
    ctx.obj = AppState(settings)


# -- ingest -------------------------------------------------------------------------------


def expand_paths(args: list[str]) -> tuple[list[Path], list[str]]:
    """Files named by `args` (files, folders searched recursively, glob patterns), in
    order and without repeats; plus the arguments that matched nothing."""
    files: list[Path] = []
    missing: list[str] = []
    for arg in args:
        p = Path(arg)
        if p.is_file():
            found = [p]
        elif p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = sorted(Path(g) for g in glob.glob(arg, recursive=True) if Path(g).is_file())
        if not found:
            missing.append(arg)
        files.extend(found)
    return list(dict.fromkeys(files)), missing


def _files_or_report(paths: list[str]) -> tuple[list[Path], int]:
    """The files named by `paths`, and how many arguments matched nothing (each reported)."""
    files, missing = expand_paths(paths)
    for arg in missing:
        err_console.print(f"[red]error[/]  {escape(arg)}: no such file, folder or match")
    return files, len(missing)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders or glob patterns.")],
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-j",
            min=0,
            help="Worker processes for the pipeline (0: one per CPU); the database is "
            "written by this process, one document per transaction.",
        ),
    ] = 1,
) -> None:
    """Read documents, clean and structure them, and store them (once per content).

    Resumable: every finished document is stored at once, so after a crash or a kill a
    rerun finds them `unchanged` and does the rest."""
    settings = _state(ctx).settings
    files, failed = _files_or_report(paths)
    store = _state(ctx).store()
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
        disable=len(files) < 2,
    )
    with progress:
        task = progress.add_task("", total=len(files))

        def report(outcome: Outcome) -> None:
            progress.update(task, description=escape(outcome.path.name))
            progress.console.print(outcome.line(), soft_wrap=True)
            progress.advance(task)

        try:
            counts = ingest_files(
                files,
                store,
                workers=resolve_workers(workers),
                max_bytes=settings.max_file_bytes,
                on_outcome=report,
            )
            if counts["stored"]:
                store.analyze()  # the planner's statistics, after the tables grew
        finally:
            store.close()
    failed += counts["failed"]
    console.print(
        f"{len(files)} file(s): {counts['stored']} stored, {counts['unchanged']} unchanged, "
        f"{failed} failed"
    )
    if failed:
        raise typer.Exit(1)


def _ingest_one(store: Store, path: Path, max_bytes: int) -> Outcome:
    """Ingest one file in this process (see `plantrack.batch.ingest_files`)."""
    outcomes: list[Outcome] = []
    ingest_files([path], store, workers=1, max_bytes=max_bytes, on_outcome=outcomes.append)
    return outcomes[0]


# -- docs / show --------------------------------------------------------------------------


@app.command()
def docs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 100,
    offset: Annotated[int, typer.Option(help="How many to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List the stored documents."""
    store = _state(ctx).store()
    rows = store.list_documents(limit=limit, offset=offset)
    total = store.count()
    store.close()
    if as_json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return
    table = Table(title=f"{total} document(s)", show_lines=False)
    for col in ("id", "type", "region", "period", "status", "published", "title", "name"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["doc_type"],
            r["region"] or "",
            r["period"] or "",
            r["status"],
            (r["published"] or "")[:10],
            r["title"],
            r["name"],
        )
    console.print(table)


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="A file (read, not stored) or a stored id/hash.")],
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the clean text.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a document's metadata, outline and clean text."""
    settings = _state(ctx).settings
    path = Path(ref)
    view: dict[str, Any] | None
    if path.is_file():
        try:
            processed = analyse_path(path, settings.max_file_bytes)
            view = document_view(processed.document, processed.entities, processed.layout)
            view["statement_count"] = len(processed.statements)
        except PlanTrackError as exc:
            err_console.print(f"[red]error[/] {escape(str(path))}: {escape(exc.reason)}")
            raise typer.Exit(1) from exc
    else:
        store = _state(ctx).store()
        view = store.get(ref)
        store.close()
        if view is None:
            err_console.print(f"[red]error[/] {escape(ref)}: no such file or stored document")
            raise typer.Exit(1)
    if as_json:
        print(json.dumps(view, ensure_ascii=False, indent=2, default=str))
        return
    _print_view(view, with_text=text)


_META_FIELDS = (
    ("title", "title"),
    ("region", "region"),
    ("doc_type", "type"),
    ("status", "status"),
    ("period", "period"),
    ("published", "published"),
    ("source", "source"),
    ("canonical_url", "link"),
    ("codes", "codes"),
    ("categories", "categories"),
    ("tags", "tags"),
    ("format", "format"),
    ("encoding", "encoding"),
    ("name", "file"),
    ("content_hash", "sha256"),
)


def _display_time(value: str) -> str:
    """2022-05-20T21:45:07+08:00 → 2022-05-20 21:45:07 +08:00"""
    m = re.match(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d)?)([+-]\d\d:\d\d|Z)?$", value)
    if not m:
        return value
    return " ".join(x for x in m.groups() if x)


def _print_view(view: dict[str, Any], *, with_text: bool) -> None:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column(overflow="fold")
    for key, label in _META_FIELDS:
        value = view.get(key)
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        if key == "published":
            value = _display_time(str(value))
        if key == "title" and view.get("title_inferred"):
            value = f"{value} (inferred)"
        meta.add_row(label, escape(str(value)))
    console.print(meta)
    console.print("\n[bold]outline[/]")
    if not view["sections"]:
        console.print("  (no sections)")
    for sec in view["sections"]:
        indent = "  " * sec["level"]
        link = f"  <{sec['link']}>" if sec.get("link") else ""
        console.print(f"{indent}{escape(sec['label'])}{escape(link)}", soft_wrap=True)
    if view.get("entities"):
        console.print("\n[bold]entities[/]")
        by_kind: dict[str, list[str]] = {}
        for e in view["entities"]:
            by_kind.setdefault(e["kind"], []).append(e["name"])
        for kind, names in by_kind.items():
            console.print(f"  {kind}: {escape('、'.join(names))}", soft_wrap=True)
    if view.get("layout"):
        console.print("\n[bold]spatial layout[/]")
        for r in view["layout"]:
            places = "、".join(r["cities"] + r["parks"] + r["enterprises"])
            console.print(f"  {escape(r['role'])}: {escape(places)}", soft_wrap=True)
    if "statement_count" in view:
        console.print(f"\n{view['statement_count']} statement(s): `plantrack extract` lists them")
    if with_text:
        console.print("\n[bold]text[/]")
        console.print(escape(view["text"]), soft_wrap=True)


# -- extract / eval / targets ------------------------------------------------------------


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders or glob patterns.")],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="jsonl (one statement a line) or table.")
    ] = OutputFormat.table,
) -> None:
    """Find the quantified statements of documents (nothing is stored)."""
    settings = _state(ctx).settings
    files, failed = _files_or_report(paths)
    for path in files:
        try:
            processed = analyse_path(path, settings.max_file_bytes)
        except PlanTrackError as exc:
            err_console.print(f"[red]error[/]  {escape(str(path))}: {escape(exc.reason)}")
            failed += 1
            continue
        records = [statement_record(st, path.name) for st in processed.statements]
        if output is OutputFormat.jsonl:
            for r in records:
                print(json.dumps(r, ensure_ascii=False))
        else:
            _print_statements(records, title=f"{path.name}: {len(records)} statement(s)")
    if failed:
        raise typer.Exit(1)


def _print_statements(records: list[dict[str, Any]], title: str) -> None:
    table = Table(title=title, show_lines=False)
    for col in ("kind", "scope", "year", "indicator", "value", "unit", "cmp", "flags", "text"):
        table.add_column(col, overflow="fold")
    for r in records:
        flags = "".join(
            f for f, on in (("S", r["stretch"]), ("C", r["cumulative"]), ("P", r["part_of"])) if on
        )
        value = f"{r['value']:,}" if isinstance(r["value"], int) else str(r["value"])
        if r.get("value_high") is not None:
            value += f"–{r['value_high']:,}"
        table.add_row(
            r["kind"],
            r["scope"] or "",
            str(r["year"] or ""),
            escape(r["indicator"]),
            value,
            r["unit"],
            r["comparator"],
            flags,
            escape(r["text"]),
        )
    console.print(table)


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold statements, JSONL (see SCHEMA.md), or folders holding gold_<part>.jsonl."
        ),
    ],
    docs: Annotated[
        Path | None,
        typer.Option(
            help="Folder holding every gold file's documents [default: <part>/ beside"
            " gold_<part>.jsonl, else the gold file's folder]."
        ),
    ] = None,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List false positives, misses, wrong fields.")
    ] = False,
    by_rule: Annotated[
        bool,
        typer.Option(
            "--by-rule",
            help="Count false positives and wrong fields per deciding rule, misses per kind"
            " (with --show-errors: list them in those groups).",
        ),
    ] = False,
) -> None:
    """Score extraction against gold statements: P/R/F1 per kind, attribute accuracy."""
    settings = _state(ctx).settings
    try:
        sets = find_gold_sets(gold, docs)
        golds = [load_gold(s.gold) for s in sets]
    except PlanTrackError as exc:
        err_console.print(f"[red]error[/] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    several = len(sets) > 1
    analysed: dict[Path, list[dict[str, Any]] | None] = {}
    parts: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = []
    for gold_set, gold_records in zip(sets, golds, strict=True):
        # documents of different parts may share a name: key them by part
        prefix = f"{gold_set.part}/" if several else ""
        predicted: list[dict[str, Any]] = []
        sources = source_addresses(gold_set.docs, gold_set.gold.parent)
        for name in sorted({r["doc"] for r in gold_records}):
            path = gold_set.docs / name
            if path not in analysed:
                try:
                    processed = analyse_path(
                        path, settings.max_file_bytes, source_url=sources.get(name)
                    )
                except (PlanTrackError, OSError) as exc:
                    reason = exc.reason if isinstance(exc, PlanTrackError) else str(exc)
                    err_console.print(f"[red]error[/]  {escape(str(path))}: {escape(reason)}")
                    analysed[path] = None
                    continue
                analysed[path] = [statement_record(st, name) for st in processed.statements]
            for record in analysed[path] or []:
                predicted += [{**r, "doc": prefix + name} for r in range_records(record)]
        keyed_gold = [{**r, "doc": prefix + r["doc"]} for r in gold_records]
        parts.append((gold_set.part, keyed_gold, predicted))
    try:
        part_scores = [(part, score(g, p)) for part, g, p in parts]
        scores = score([r for _, g, _ in parts for r in g], [r for _, _, p in parts for r in p])
    except PlanTrackError as exc:
        err_console.print(f"[red]error[/] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    if show_errors and not by_rule:
        print(format_errors(scores))
    if by_rule:
        print(format_errors_by_rule(scores, details=show_errors))
    if several:
        for part, s in part_scores:
            print(format_part_line(part, s))
    print(format_scores(scores))


@app.command()
def targets(
    ctx: typer.Context,
    region: Annotated[str | None, typer.Option(help="Scope, e.g. 河南省.")] = None,
    year: Annotated[int | None, typer.Option(help="Deadline or observed year.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="target, baseline or forecast (default: target).")
    ] = "target",
    indicator: Annotated[str | None, typer.Option(help="Text the indicator contains.")] = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List stored statements (targets by default) with filters."""
    store = _state(ctx).store()
    rows = store.statements(
        region=region, year=year, kind=kind or None, indicator=indicator, limit=limit
    )
    store.close()
    if as_json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))
        return
    records = [
        {**r, "value": _stored_number(r["value"]), "value_high": _stored_number(r["value_high"])}
        for r in rows
    ]
    _print_statements(records, title=f"{len(records)} statement(s)")


@app.command()
def compare(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Option(help="Indicator id, e.g. nev.charging_piles.")],
    year: Annotated[int | None, typer.Option(help="Deadline or observed year.")] = None,
    kind: Annotated[str, typer.Option(help="target, baseline or forecast.")] = "target",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """Compare one indicator across regions: value, comparator, stretch, sources."""
    from plantrack.normalize.indicators import indicator_by_id

    known = indicator_by_id(indicator)
    if known is None:
        err_console.print(
            f"[red]error[/] unknown indicator {escape(indicator)}; "
            "`plantrack indicators` lists them"
        )
        raise typer.Exit(1)
    store = _state(ctx).store()
    rows = store.compare(indicator, year=year, kind=kind)
    store.close()
    if as_json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))
        return
    title = f"{known.name} ({known.id})" + (f", {year}" if year else "") + f": {kind}s"
    table = Table(title=title)
    for col in ("region", "year", "value", "unit", "cmp", "stretch", "cumulative", "sources"):
        table.add_column(col, overflow="fold")
    for r in rows:
        value = _stored_number(r["value"])
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        table.add_row(
            r["scope"] or "",
            str(r["year"] or ""),
            shown,
            r["unit"],
            r["comparator"],
            "yes" if r["stretch"] else "",
            "yes" if r["cumulative"] else "",
            "\n".join(
                f"{escape(d)}: {escape(p)}" for d, p in zip(r["sources"], r["phrases"], strict=True)
            ),
        )
    console.print(table)


@app.command()
def indicators() -> None:
    """List the indicator taxonomy: id, name, canonical unit, measure."""
    from plantrack.normalize.indicators import indicators as all_indicators

    table = Table(title="indicators (src/plantrack/data/indicators.toml)")
    for col in ("id", "name", "unit", "measure"):
        table.add_column(col)
    for ind in all_indicators():
        table.add_row(ind.id, ind.name, ind.canonical_unit, ind.measure)
    console.print(table)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command()
def export(
    ctx: typer.Context,
    output_format: Annotated[ExportFormat, typer.Option("--format", help="csv, json or xlsx.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default plantrack-statements.FORMAT)."),
    ] = None,
) -> None:
    """Write every stored statement with every field to CSV, JSON or XLSX."""
    from plantrack.export import write_statements

    store = _state(ctx).store()
    rows = store.statements(kind=None, limit=None)
    store.close()
    target = output or Path(f"plantrack-statements.{output_format.value}")
    try:
        write_statements(rows, target, output_format.value)
    except OSError as exc:
        err_console.print(f"[red]error[/] {escape(str(target))}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    console.print(f"{len(rows)} statement(s) written to {escape(str(target))}")


def _stored_number(value: str | None) -> int | float | None:
    return number(Decimal(value)) if value is not None else None


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find (all required), e.g. 加氢站 2025.")],
    region: Annotated[str | None, typer.Option(help="Issuing region, e.g. 河南省.")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="news, plan, notice …")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="How many hits.")] = 20,
) -> None:
    """Full-text search over stored documents and sections, with highlighted snippets."""
    from datetime import date

    from plantrack.store.search import search as run_search

    try:
        start = date.fromisoformat(since) if since else None
        end = date.fromisoformat(until) if until else None
    except ValueError as exc:
        err_console.print(f"[red]error[/] dates are YYYY-MM-DD: {exc}")
        raise typer.Exit(2) from exc
    store = _state(ctx).store()
    hits = run_search(
        store.engine, query, region=region, doc_type=doc_type, since=start, until=end, limit=limit
    )
    store.close()
    if not hits:
        console.print("no match")
        return
    for h in hits:
        where = f"#{h.document_id} {h.title}" + (f" › {h.section}" if h.section else "")
        console.print(f"[bold]{escape(where)}[/]", soft_wrap=True)
        console.print(f"  {h.snippet}", soft_wrap=True, markup=False, highlight=False)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web dashboard (/) and the HTTP API (/api, OpenAPI at /openapi.json) over
    the database; writes need PLANTRACK_API_TOKEN (or a login with it)."""
    settings = _state(ctx).settings
    if not settings.api_token:
        err_console.print("writes are disabled: no API token is configured (PLANTRACK_API_TOKEN)")
    _serve(settings, host, port)


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from plantrack.api import create_app

    try:
        api = create_app(settings)
    except PlanTrackError as exc:
        err_console.print(f"[red]error[/] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    console.print(f"PlanTrack on [bold]http://{host}:{port}/[/] (Ctrl-C stops it)")
    uvicorn.run(api, host=host, port=port, log_level=settings.log_level.lower())


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLE_CORPUS = EXAMPLES / "corpus"
SAMPLE_ACTUALS = EXAMPLES / "actuals.csv"


@app.command()
def demo(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    corpus: Annotated[
        Path, typer.Option(help="Documents to ingest (default: the bundled sample corpus).")
    ] = SAMPLE_CORPUS,
    actuals_file: Annotated[
        Path | None, typer.Option("--actuals", help="Actual values to import (CSV or XLSX).")
    ] = SAMPLE_ACTUALS,
    serve_it: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard afterwards.")
    ] = True,
) -> None:
    """Ingest the sample corpus into a fresh SQLite database (demo.db in the data
    directory), count its baselines as actual values, and serve the dashboard."""
    from plantrack.store.actuals import baseline_actuals, import_actuals, read_actuals_table

    settings = _state(ctx).settings
    if not corpus.is_dir():
        err_console.print(f"[red]error[/] {escape(str(corpus))}: no such folder")
        raise typer.Exit(1)
    db = settings.data_dir / "demo.db"
    for leftover in (db, db.with_name("demo.db-wal"), db.with_name("demo.db-shm")):
        leftover.unlink(missing_ok=True)
    settings = settings.model_copy(update={"database_url": f"sqlite:///{db.as_posix()}"})
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    store = Store(settings.resolved_database_url)
    try:
        counts = ingest_files(
            files, store, workers=1, max_bytes=settings.max_file_bytes, on_outcome=lambda _o: None
        )
        actuals = 0
        if actuals_file is not None and actuals_file.is_file():
            table = read_actuals_table(actuals_file.read_bytes(), actuals_file.name)
            actuals += import_actuals(store, table)
        actuals += baseline_actuals(store)
    finally:
        store.close()
    console.print(
        f"{db}: {counts['stored']} document(s) stored, {counts['failed']} failed; "
        f"{actuals} actual value(s)"
    )
    if not serve_it:
        return
    if not settings.api_token:
        import secrets

        token = secrets.token_urlsafe(12)
        settings = settings.model_copy(update={"api_token": token})
        console.print(f"log in (for uploads and reviews) with the token [bold]{token}[/]")
    _serve(settings, host, port)


if __name__ == "__main__":
    app()
