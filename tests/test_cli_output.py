"""What a person sees: help written for people, listings that fit 80 and 160 columns, plain text in a pipe.

Tables are read back cell by cell (cells start where their header starts) and compared with the same rows from
--json: a value is whole or cut once with "…", fixed columns stay on one line, and the one column that wraps
puts several words on every line but its last, so no cell is ever broken into one word per line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import typer
from spacy.language import Language
from typer.testing import CliRunner, Result

from storyline import tables
from storyline.cli import app
from storyline.cli_help import QUICK_START
from storyline.config import Settings
from storyline.run import analyze
from storyline.tables import Column

from .conftest import DEMO

cli = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def demo_db(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("cli-output") / "demo.db"
    summary = analyze([str(DEMO)], Settings(db=str(db)), nlp=nlp)
    assert summary.exit_code == 0
    return str(db)


def on_terminal(args: list[str], width: int) -> Result:
    """Run `storyline ARGS` as if on a terminal `width` columns wide (rich honours TTY_COMPATIBLE and COLUMNS)."""
    result = cli.invoke(app, args, env={"COLUMNS": str(width), "TTY_COMPATIBLE": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result


def table_rows(text: str) -> tuple[list[str], list[list[list[str]]]]:
    """The headers of the first table in `text` and its rows, each a list of lines, each line a list of cells.

    Cells are cut where the headers start (left-aligned columns; the numeric ones are narrow and right-aligned
    under headers at least as wide as their values); a row starts at a line whose first cell is not empty.
    """
    lines = ANSI.sub("", text).splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("──"))
    header = lines[rule - 1]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    headers = header.split()
    rows: list[list[list[str]]] = []
    for line in lines[rule + 1:]:
        if not line.strip() or line.startswith(("showing ", "Sources and passages")):
            break
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line) + 1], strict=True)]
        if cells[0]:
            rows.append([])
        rows[-1].append(cells)
    return headers, rows


def cell(row: list[list[str]], column: int) -> tuple[str, list[str]]:
    """A cell's lines joined with spaces, and its lines."""
    parts = [line[column] for line in row if line[column]]
    return " ".join(parts), parts


def agrees(shown: str, value: str) -> bool:
    """The rendered cell is the value, or the value cut once with "…" (its start kept)."""
    value = " ".join(value.split())
    return shown == value or (shown.endswith("…") and value.startswith(shown[:-1].rstrip()))


# command, the column to check, how to get that column's value from one --json row, and the column that wraps
LISTINGS: dict[str, tuple[list[str], str, Callable[[dict[str, Any]], str], str | None]] = {
    "timeline": (["timeline"], "event", lambda e: e["summary"], "event"),
    "actors": (["actors"], "name", lambda a: a["name"], None),
    "entities": (["entities"], "name", lambda a: a["name"], None),
    "docs": (["docs"], "title", lambda d: d["title"] or "", None),
    "quotes": (["quotes"], "words", lambda q: q["text"] if q["kind"] == "indirect" else f"“{q['text']}”", "words"),
    "search": (["search", "talks OR troops"], "match", lambda s: s["snippet"], "match"),
}


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("name", list(LISTINGS))
def test_listing_tables_fit_the_terminal_without_breaking_cells_into_words(demo_db: str, name: str,
                                                                           width: int) -> None:
    args, column, value_of, wrapping = LISTINGS[name]
    result = on_terminal([*args, "--db", demo_db, "--limit", "12"], width)
    plain = ANSI.sub("", result.output)
    assert all(len(line) <= width for line in plain.splitlines()), plain
    assert not set("│┃┏┡└") & set(plain), "a light table: no box drawing beyond the header rule"
    expected = json.loads(cli.invoke(app, [*args, "--db", demo_db, "--limit", "12", "--json"]).output)
    headers, rows = table_rows(result.output)
    assert len(rows) == len(expected) > 0
    checked = headers.index(column)
    for row, record in zip(rows, expected, strict=True):
        shown, lines = cell(row, checked)
        assert agrees(shown, value_of(record)), (shown, value_of(record))
        for i in range(len(headers)):
            shown, lines = cell(row, i)
            if headers[i] != wrapping:
                assert len(lines) <= 1, f"{headers[i]} is broken over lines: {lines}"
            else:
                assert all(len(line.split()) > 1 for line in lines[:-1]), f"one word a line: {lines}"


def test_the_timeline_keeps_date_event_and_status_at_80_columns_and_every_column_at_160(demo_db: str) -> None:
    narrow, _ = table_rows(on_terminal(["timeline", "--db", demo_db], 80).output)
    wide, _ = table_rows(on_terminal(["timeline", "--db", demo_db], 160).output)
    assert {"date", "event", "status"} <= set(narrow)
    assert wide == ["date", "event", "status", "type", "sources"]


def test_dates_and_actor_reports_fit_80_columns(demo_db: str) -> None:
    dates = ANSI.sub("", on_terminal(["dates", "agency-0419-geneva", "--db", demo_db], 80).output)
    assert dates.startswith("agency-0419-geneva: published 2025-04-19 (metadata")
    headers, rows = table_rows(dates)
    assert headers[:2] == ["span", "text"] and rows and all(len(row) == 1 for row in rows)
    profile = ANSI.sub("", on_terminal(["actor", "Kovarik", "--db", demo_db], 80).output).splitlines()
    assert profile[0].startswith("Ilse Kovarik (person)") and all(len(line) <= 80 for line in profile)
    said = [i for i, line in enumerate(profile) if line.startswith("  said (")]
    assert said and all(not profile[i + 1].startswith("  ") or profile[i + 1].startswith(("    ", "  said", "  event"))
                        for i in said if i + 1 < len(profile)), "a wrapped quote is indented under its line"


def test_a_cut_listing_says_so_and_how_to_see_more(demo_db: str) -> None:
    cut = ANSI.sub("", on_terminal(["actors", "--limit", "5", "--db", demo_db], 80).output)
    total = len(json.loads(cli.invoke(app, ["actors", "--db", demo_db, "--json"]).output))
    assert total > 5 and f"showing 5 of {total}; --limit N or --all for more" in cut
    whole = ANSI.sub("", on_terminal(["actors", "--all", "--db", demo_db], 80).output)
    assert "showing" not in whole and len(table_rows(whole)[1]) == total
    events = ANSI.sub("", on_terminal(["timeline", "--limit", "3", "--db", demo_db], 80).output)
    assert "showing 3 of " in events and "--limit N, or --all for every event" in events


def test_json_is_every_row_unless_limited_and_timeline_all_keeps_its_meaning(demo_db: str) -> None:
    listing = json.loads(cli.invoke(app, ["quotes", "--db", demo_db, "--json"]).output)
    assert len(listing) > 12
    assert len(json.loads(cli.invoke(app, ["quotes", "--db", demo_db, "--json", "--limit", "12"]).output)) == 12
    named = json.loads(cli.invoke(app, ["timeline", "--db", demo_db, "--json"]).output)
    unnamed = json.loads(cli.invoke(app, ["timeline", "--db", demo_db, "--json", "--unnamed"]).output)
    everything = json.loads(cli.invoke(app, ["timeline", "--db", demo_db, "--json", "--all"]).output)
    assert len(named) <= len(unnamed) == len(everything)
    assert cli.invoke(app, ["actors", "--db", demo_db, "--limit", "0"]).exit_code == 2


def test_piped_listings_are_tab_separated_with_whole_values_and_hints_on_stderr(demo_db: str) -> None:
    result = cli.invoke(app, ["timeline", "--db", demo_db, "--limit", "3"], env={"COLUMNS": "40"})
    lines = result.stdout.splitlines()
    assert lines[0] == "date\tevent\tstatus\ttype\tsources"
    expected = json.loads(cli.invoke(app, ["timeline", "--db", demo_db, "--json", "--limit", "3"]).output)
    assert [line.split("\t")[1] for line in lines[1:]] == [e["summary"] for e in expected]
    assert not set("─│…") & set(result.stdout)
    assert "showing 3 of" in result.stderr and "showing" not in result.stdout


def test_help_shows_flags_as_flags_values_by_name_and_an_example() -> None:
    top = on_terminal(["--help"], 80).output
    assert "<bool>" not in top and "<str>" not in top
    commands = ANSI.sub("", top)
    for name in ("analyze", "timeline", "actors", "export"):
        command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
        first = (command.help or "").split("\n\n")[0]
        assert " ".join(first.split()) in " ".join(re.sub(r"[│╭╮╰╯─]", " ", commands).split())
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        help_page = ANSI.sub("", on_terminal([name, "--help"], 80).output)
        assert not re.search(r"<(bool|str|int|list|path)", help_page, re.I), name
        assert all(len(line) <= 80 for line in help_page.splitlines()), name
    page = ANSI.sub("", on_terminal(["timeline", "--help"], 80).output)
    assert "<" not in page and all(len(line) <= 80 for line in page.splitlines())
    assert re.search(r"--from +DATE", page) and re.search(r"--json +Print JSON", page)
    assert "storyline timeline --actor Blinken --from 2022-01-01 --db story.db" in page


def test_every_example_uses_options_its_command_has() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.epilog, f"{name} has no example"
        options = {opt for param in command.params for opt in param.opts}
        for example in re.findall(r"`(storyline [^`]+)`", command.epilog):
            assert example.split()[1] == name
            used = {word for word in example.split() if word.startswith("-") and len(word) > 1}
            assert used <= options, (name, used - options)


def test_storyline_alone_prints_the_quick_start() -> None:
    result = cli.invoke(app, [])
    assert result.exit_code == 0
    assert result.output == QUICK_START + "\n"
    steps = [line for line in result.output.splitlines() if line.lstrip().startswith(("1.", "2.", "3."))]
    assert [step.split()[2] for step in steps] == ["storyline"] * 3 and len(steps) == 3


def test_fit_drops_the_least_kept_column_first_and_gives_the_rest_to_the_text() -> None:
    columns = [Column("date", least=10, keep=5), Column("text", least=20, flex=True, wrap=True, keep=9),
               Column("type", least=6, keep=1), Column("n", numeric=True, keep=3)]
    rows = [("2022-02-24", "Russia attacks Ukraine from three directions at dawn", "ASSAULT", "3")]
    assert tables.fit(columns, rows, 200) == [10, len(rows[0][1]), 7, 1]
    narrow = tables.fit(columns, rows, 40)
    assert narrow[2] is None and narrow[0] == 10 and sum(w for w in narrow if w) + 2 * 2 <= 40
    assert tables.fit(columns, rows, 12) == [None, 12, None, None]
