"""Word lists as package data: the loader reads them, every file is well formed, and the wheel would carry them."""

from __future__ import annotations

import fnmatch
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from storyline.events.lexicon import PLOVER_TYPES, Sense
from storyline.lexicon_files import entries, groups, integers, rows, table, words

ROOT = files("storyline").joinpath("lexicons")
LISTS = sorted(p for p in Path(str(ROOT)).rglob("*") if p.suffix in (".txt", ".tsv"))
PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _name(path: Path) -> str:
    """The loader's name of a list: its path under lexicons/, without the extension."""
    return path.relative_to(Path(str(ROOT))).with_suffix("").as_posix()


def _header(path: Path) -> list[str]:
    """The comment lines a list opens with."""
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    return header


def test_there_are_lists_in_each_folder():
    folders = {p.parent.name for p in LISTS}
    assert {"lexicons", "quotes", "events", "timex", "clean"} <= folders


@pytest.mark.parametrize("path", LISTS, ids=_name)
def test_every_list_says_what_it_is_where_it_comes_from_who_uses_it_and_how_to_read_it(path: Path):
    header = " ".join(_header(path))
    assert header, f"{path.name} has no # header"
    for field in ("Source:", "Used by:", "Format:"):
        assert field in header, f"{path.name}: header lacks {field!r}"


@pytest.mark.parametrize("path", LISTS, ids=_name)
def test_every_entry_is_clean_and_said_once(path: Path):
    name = _name(path)
    if path.suffix == ".txt":
        keys = list(entries(name))
    else:
        table_rows = rows(name)
        assert len({len(row) for row in table_rows}) == 1, f"{path.name}: rows with different numbers of columns"
        keys = [row[:-2] if "senses" in name else row[0] for row in table_rows]
        assert all(cell and cell == cell.strip() for row in table_rows for cell in row), f"{path.name}: empty cell"
    assert keys, f"{path.name} is empty"
    assert all(isinstance(k, tuple) or (k and k == k.strip()) for k in keys), f"{path.name}: stray spaces"
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"{path.name}: said more than once: {sorted(duplicates)}"


def test_pair_sense_tables_key_on_two_words():
    for name in ("events/phrasal_senses", "events/verb_object_senses", "events/modified_senses"):
        assert {len(row) for row in rows(name)} == {4}
        keys = [row[:2] for row in rows(name)]
        assert len(keys) == len(set(keys)), name


def test_sense_tables_use_plover_types():
    for path in LISTS:
        if "senses" in path.name or path.name == "state_nouns.tsv":
            for row in rows(_name(path)):
                assert row[-2] in (*PLOVER_TYPES, "-"), (path.name, row)


def test_the_loader_reads_sets_ordered_lists_and_tables():
    assert "say" in words("reporting_verbs") and isinstance(words("reporting_verbs"), frozenset)
    assert entries("timex/vague_quantities")[:2] == ("a few", "few")
    assert table("quotes/media_verbs")["tweet"] == "Twitter"
    assert integers("timex/months")["sept"] == 9
    assert groups("events/prepositional_carriers")["agree"] == ("to", "on", "upon")


def test_sense_files_read_back_as_senses():
    from storyline.events.lexicon import MODIFIED_SENSES, VERB_SENSES

    assert VERB_SENSES["meet"] == Sense("CONSULT", None)
    assert VERB_SENSES["shell"] == Sense("ASSAULT", "heavy-weapons")
    assert MODIFIED_SENSES[("conference", "press")] == Sense("", None)  # "-": not an event at all


def test_every_reporting_form_belongs_to_a_verb_of_the_one_reporting_list():
    """The dating and cleaning steps match inflected forms; each must be a form of a verb in reporting_verbs.txt
    (or a quoting verb: "quoted", "cited", "called"), so the reporting verbs stay one list."""
    from storyline.quotes.lexicon import QUOTING_VERBS, REPORTING_VERBS

    for name in ("reporting_forms_dating", "reporting_forms_clean", "headlines/lead_reporting_forms"):
        for form, lemma in table(name).items():
            assert lemma in REPORTING_VERBS | QUOTING_VERBS or (form, lemma) == ("according", "according to"), (
                name, form, lemma)


def test_the_engines_use_the_one_reporting_list():
    from storyline.quotes import lexicon
    from storyline.stages.clean import REPORTING
    from storyline.timex.dating import SAYING

    assert words("reporting_verbs") == lexicon.REPORTING_VERBS
    assert frozenset(table("reporting_forms_dating")) == SAYING
    assert REPORTING.search("he said") and REPORTING.search("According to") and not REPORTING.search("sayings")


def test_pyproject_ships_every_list_as_package_data():
    patterns = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["package-data"]["storyline"]
    package = Path(str(files("storyline")))
    for path in LISTS:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, p) and relative.count("/") == p.count("/") for p in patterns), relative


def test_holiday_rules_give_the_calendar_dates():
    from datetime import date

    from storyline.timex.lexicon import HOLIDAYS

    assert HOLIDAYS["new year's eve"](2022) == date(2022, 12, 31)
    assert HOLIDAYS["good friday"](2024) == date(2024, 3, 29)
    assert HOLIDAYS["orthodox easter"](2023) == date(2023, 4, 16)
    assert HOLIDAYS["thanksgiving"](2022) == date(2022, 11, 24)
    assert HOLIDAYS["memorial day"](2022) == date(2022, 5, 30)
    assert HOLIDAYS["election day"](2022) == date(2022, 11, 8)
