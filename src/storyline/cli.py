"""The `storyline` command: thin commands over the library. `--help` is the user's documentation.

Exit codes: 0 all went well; 1 some inputs were rejected (each is listed with its reason);
2 bad usage or setup (unknown option, missing path, model not installed, unreadable store).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.config import load_settings
from storyline.errors import StorylineError
from storyline.readers import FieldMap
from storyline.run import RunSummary, analyze
from storyline.store import open_store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Storyline: turn a pile of news articles into a sourced account of the story.")
out = Console()
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Store file [env STORYLINE_DB; default storyline.db]")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines instead of a table.")]


def fail(exc: StorylineError) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def open_existing(db: str | None):
    settings = load_settings({"db": db})
    if not Path(settings.db).exists():
        raise StorylineError(f"{settings.db}: no such store; run `storyline analyze PATH --db {settings.db}`")
    return open_store(settings.db)


def summary_table(summary: RunSummary) -> Table:
    table = Table(title=f"Run {summary.run_id} into {summary.db}", show_header=False)
    reasons: dict[str, int] = {}
    for rejection in summary.rejected:
        reasons[rejection.reason] = reasons.get(rejection.reason, 0) + 1
    rows = [
        ("inputs read", summary.read),
        ("documents added", summary.added),
        ("unchanged (already stored)", summary.unchanged),
        ("rejected", ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())) or 0),
        ("entity mentions added", summary.mentions),
        *((f"store: {name}", count) for name, count in summary.totals.items()),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    return table


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.")],
    db: DbOption = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline package [env STORYLINE_MODEL]")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Documents per store transaction.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Reject an article larger than this.")] = None,
    id_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with the id [id]")] = None,
    title_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with the title [title|headline]")] = None,
    text_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with the text [text|body|content]")] = None,
    date_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with the date [date|published]")] = None,
    url_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with the URL [url|link]")] = None,
    source_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with the outlet [source|outlet]")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Parse and analyse in N worker processes (default 1: in this process) "
        "[env STORYLINE_WORKERS]")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")] = False,
    published: Annotated[list[str] | None, typer.Option(
        "--published", help="Publication date YYYY-MM-DD of the inputs, or NAME=YYYY-MM-DD for one file or "
        "document id (repeatable); it wins over metadata and inference.")] = None,
    between: Annotated[str | None, typer.Option(
        "--between", help="FROM:TO (YYYY-MM-DD:YYYY-MM-DD): the window this run's undated articles were "
        "published in; inferred dates stay inside it.")] = None,
    title_line: Annotated[str | None, typer.Option(
        "--title-line", help="Is a .txt article's first line its title? auto: judged by its form (a lead "
        "paragraph stays in the text); yes: always; no: never [env STORYLINE_TITLE_LINE; default auto]")] = None,
) -> None:
    """Read, clean and analyse articles, and store everything with provenance."""
    from storyline.corpus.dating import parse_pins

    fields = FieldMap.from_flags(id=id_field, title=title_field, text=text_field, date=date_field,
                                 url=url_field, source=source_field)
    try:
        parse_pins(",".join(published or []), between or "")  # bad dates fail here, before any work
        settings = load_settings({"db": db, "model": model, "batch_size": batch_size, "max_bytes": max_bytes,
                                  "published": ",".join(published) if published else None, "between": between,
                                  "title_line": title_line, "workers": workers})
        progress = Progress(SpinnerColumn(), TextColumn("analysing"), BarColumn(bar_width=None),
                            TextColumn("{task.completed} inputs"), TimeElapsedColumn(), console=err,
                            disable=quiet or not err.is_terminal, transient=True)
        with progress:
            task = progress.add_task("analyse", total=None)
            summary = analyze(paths, settings, fields, lambda n: progress.update(task, completed=n))
    except StorylineError as exc:
        fail(exc)
    for rejection in summary.rejected:
        print(rejection.message, file=sys.stderr)  # one line each, never wrapped
    if not quiet:
        out.print(summary_table(summary))
        out.print(f"Next: [bold]storyline export --format json --db {summary.db} --out story.json[/bold], "
                  f"or [bold]storyline entities --db {summary.db}[/bold]")
    raise typer.Exit(summary.exit_code)


@app.command("export")
def export_command(
    format: Annotated[str, typer.Option("--format", help="Export format: json (the contract).")] = "json",
    db: DbOption = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Export the whole store (documents, entities, quotes, events, claims)."""
    from storyline.export.json import write_export

    if format != "json":
        err.print(f"[red]error:[/red] unknown format {format!r}; available: json")
        raise typer.Exit(2)
    try:
        store = open_existing(db)
        data = write_export(store, out_path if out_path else sys.stdout)
    except StorylineError as exc:
        fail(exc)
    if out_path:
        err.print(f"wrote {out_path}: {len(data['documents'])} documents, {len(data['entities'])} entities")


@app.command("docs")
def docs_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the stored documents (newest version of each)."""
    try:
        rows = [dict(r) for r in open_existing(db).latest_documents()]
    except StorylineError as exc:
        fail(exc)
    listing = [{"id": r["id"], "version": r["version"], "title": r["title"], "source": r["source"],
                "published": r["published"], "published_basis": r["published_basis"],
                "chars": len(r["text"]), "tokens": r["tokens"], "flags": json.loads(r["flags"])} for r in rows]
    if as_json:
        print(json.dumps(listing, ensure_ascii=False, indent=1))
        return
    table = Table("id", "v", "title", "source", "published", "tokens", "flags")
    for r in listing:
        table.add_row(r["id"], str(r["version"]), (r["title"] or "")[:60], r["source"] or "",
                      f"{r['published'] or ''} {r['published_basis'] or ''}".strip(), str(r["tokens"]),
                      ", ".join(r["flags"]))
    out.print(table)


TypeOption = Annotated[str | None, typer.Option("--type", help="person, organization, location, group, other")]


@app.command("actors")
def actors_command(
    db: DbOption = None,
    type_: TypeOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List canonical actors (one per person, organisation or place, whatever the spelling), most mentioned first:
    aliases, roles (! marks roles that conflict), mention and document counts."""
    from storyline.export.actors import actor_listing

    try:
        rows = actor_listing(open_existing(db), type_, limit)
    except StorylineError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("name", "type", "country", "aliases", "roles", "mentions", "documents")
    for r in rows:
        roles = ", ".join(role + ("!" if role in r["conflicting_roles"] else "") for role in r["roles"][:3])
        table.add_row(r["name"], r["type"], r["country"] or "", ", ".join(r["aliases"][:6]), roles,
                      str(r["mentions"]), str(r["documents"]))
    out.print(table)


@app.command("entities")
def entities_command(
    db: DbOption = None,
    type_: TypeOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """The same as `storyline actors`: canonical actors, most mentioned first."""
    actors_command(db, type_, limit, as_json)


@app.command("actor")
def actor_command(
    name: Annotated[str, typer.Argument(help="The actor's name or any alias (Kiev, Zelenskiy, the Kremlin, ...)")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one actor: its roles with the passages that state them, the documents, first and last seen, what it
    said and the events it takes part in."""
    from storyline.export.actors import actor_profile
    from storyline.export.quotes import quote_listing
    from storyline.export.timeline import timeline_entries, when

    try:
        store = open_existing(db)
        profiles = actor_profile(store, name)
        for profile in profiles:
            profile["quotes"] = quote_listing(store, entity=profile["id"])
            profile["events"] = timeline_entries(store, actor_ids={int(profile["id"][1:])})
    except StorylineError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(profiles, ensure_ascii=False, indent=1))
        return
    if not profiles:
        err.print(f"no actor is called {name!r}; list them with `storyline actors`")
        raise typer.Exit(1)
    for p in profiles:
        out.print(f"[bold]{p['name']}[/bold] ({p['type']}{', ' + p['country'] if p['country'] else ''}), {p['id']}: "
                  f"{p['mentions']} mentions in {len(p['documents'])} documents", highlight=False)
        if p["aliases"]:
            out.print("  also: " + ", ".join(p["aliases"]), highlight=False)
        for role in p["roles"]:
            flag = " [red](conflicts with another role)[/red]" if role["conflict"] else ""
            out.print(f"  role: {role['role']}{flag}", highlight=False)
            for src in role["sources"]:
                out.print(f"    {src['doc']} [{src['start']}:{src['end']}] \"{src['text']}\"", highlight=False)
        for key in ("first_seen", "last_seen"):
            seen = p[key]
            out.print(f"  {key.replace('_', ' ')}: {seen['published'] or 'undated'} ({seen['doc']})", highlight=False)
        out.print("  documents: " + ", ".join(d["id"] for d in p["documents"]), highlight=False)
        for q in p["quotes"]:
            words = q["text"] if q["kind"] == "indirect" else f"“{q['text']}”"
            out.print(f"  said ({q['date'] or 'undated'}, {q['doc']}): {words}", highlight=False)
        for e in p["events"]:
            status = "" if e["status"] == "occurred" else f" ({e['status']})"
            out.print(f"  event ({when(e)}): {e['summary']}{status}, {e['sources']} source(s)", highlight=False)


@app.command("dates")
def dates_command(
    doc: Annotated[str, typer.Argument(help="Document id (see `storyline docs`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A document's date (and how it was found) and every time expression in it with its TimeML value."""
    from storyline.export.dates import date_report

    try:
        report = date_report(open_existing(db), doc)
    except StorylineError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    confidence = report["published_confidence"]
    out.print(f"[bold]{doc}[/bold]: published {report['published'] or 'unknown'} ({report['basis'] or 'no basis'}"
              + (f", confidence {confidence:.2f}" if confidence is not None else "") + ")", highlight=False)
    for reason in report["evidence"][:6]:
        out.print(f"  because {reason}", highlight=False)
    table = Table("start", "end", "text", "type", "value", "tense", "signal")
    for t in report["timexes"]:
        table.add_row(str(t["start"]), str(t["end"]), t["text"], t["type"], t["value"], t["tense"] or "",
                      t["signal"] or "")
    out.print(table)


@app.command("quotes")
def quotes_command(
    speaker: Annotated[str | None, typer.Option(help="Only this speaker: an actor's name or alias, or words of "
                                                     "how the speaker is written (\"official\").")] = None,
    doc: Annotated[str | None, typer.Option(help="Only quotes from this document id.")] = None,
    since: Annotated[str | None, typer.Option(help="Only quotes dated on or after this day, YYYY-MM-DD.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who said what: every direct quote and reported speech, with speaker, date, medium and source document."""
    from datetime import date

    from storyline.export.quotes import quote_listing

    try:
        if since is not None:
            date.fromisoformat(since)
        rows = quote_listing(open_existing(db), speaker, doc, since)
    except ValueError:
        err.print(f"[red]error:[/red] --since {since!r} is not a date; write it as YYYY-MM-DD")
        raise typer.Exit(2) from None
    except StorylineError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("date", "speaker", "kind", "words", "medium", "source")
    for r in rows:
        who = r["speaker_name"] or r["speaker_text"] or "?"
        who += " (anonymous)" if r["anonymous"] and r["speaker_text"] else ""
        words = r["text"] if r["kind"] == "indirect" else f"“{r['text']}”"
        table.add_row(r["date"] or "", who, r["kind"], words, r["medium"] or "",
                      f"{r['doc']} [{r['start']}:{r['end']}]" + (f" {r['source']}" if r["source"] else ""))
    out.print(table)


@app.command("timeline")
def timeline_command(
    actor: Annotated[str | None, typer.Option(help="Only events this actor takes part in (name or alias).")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Only events on or after this day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Only events on or before this day, YYYY-MM-DD.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type (CONSULT, ASSAULT, ...).")]
    = None,
    fmt: Annotated[str, typer.Option("--format", help="table, markdown (a briefing) or json.")] = "table",
    show_all: Annotated[bool, typer.Option("--all", help="Also events that name no actor or target.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The story in order: events by date with status, participants and the sources that report them. Events
    that name no one ("the deployment") are left out unless --all."""
    from datetime import date

    from storyline.export.timeline import markdown_briefing, timeline_entries, when

    if fmt not in ("table", "markdown", "json"):
        err.print(f"[red]error:[/red] --format {fmt!r}: choose table, markdown or json")
        raise typer.Exit(2)
    for name, value in (("--from", start), ("--to", end)):
        try:
            if value is not None:
                date.fromisoformat(value)
        except ValueError:
            err.print(f"[red]error:[/red] {name} {value!r} is not a date; write it as YYYY-MM-DD")
            raise typer.Exit(2) from None
    try:
        entries = timeline_entries(open_existing(db), actor, start, end, event_type, named_only=not show_all)
    except StorylineError as exc:
        fail(exc)
    if as_json or fmt == "json":
        print(json.dumps(entries, ensure_ascii=False, indent=1))
        return
    if fmt == "markdown":
        print(markdown_briefing(entries), end="")
        return
    table = Table("date", "event", "status", "type", "sources")
    table.columns[0].no_wrap = True
    table.columns[1].ratio = 1
    for e in entries:
        table.add_row(when(e), e["summary"], "" if e["status"] == "occurred" else e["status"],
                      e["type"] + (f"/{e['mode']}" if e["mode"] else ""), str(e["sources"]))
    out.print(table)
    if entries:
        out.print("Sources and passages: --format markdown (a briefing) or --json.", style="dim")


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='FTS5 query: words, "a phrase", AND/OR/NOT, prefix*')],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and clean text."""
    try:
        rows = [dict(r) for r in open_existing(db).search(query, limit)]
    except StorylineError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("id", "title", "match")
    for r in rows:
        table.add_row(r["id"], (r["title"] or "")[:50], r["snippet"])
    out.print(table)


def main() -> None:
    app()
