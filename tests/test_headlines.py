"""Headline or lead: a .txt file's first line is its title only when it reads as one, and no lead is lost.

The measured set is built at test time from ../shared (evaluation/headlines.py; nothing of it is committed): 200
held-out records of the ukraine-media corpus, each written with its title line and without one (400 files). The
rules were written on the other records (the dev slice); see docs/quality.md, "Headlines".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from evaluation.headlines import HELD_OUT_COUNT, measure
from storyline.cli import app
from storyline.model import Document
from storyline.readers import expand_paths, read_inputs
from storyline.run import RunSummary

from .conftest import DEMO, REPO, SEEDS, UKRAINE_MEDIA, export_of, need_shared

FLOORS = json.loads((Path(__file__).resolve().parent / "quality_floors.json").read_text(encoding="utf-8"))
FLOOR = FLOORS["headlines"]


def test_held_out_files_are_read_with_the_right_title_and_keep_their_lead(tmp_path: Path) -> None:
    need_shared(UKRAINE_MEDIA)
    results, records = measure("held_out", tmp_path / "files")
    assert records == HELD_OUT_COUNT
    titled, bare = results["titled"], results["bare"]
    assert titled.files == bare.files == HELD_OUT_COUNT
    assert titled.accuracy >= FLOOR["accuracy_with_title_line"], titled.wrong
    assert bare.accuracy >= FLOOR["accuracy_without_title_line"], bare.wrong
    for half in (titled, bare):
        assert half.leads_kept == half.leads_judged_absent, "a file read as having no title line lost its lead"


def test_the_seed_articles_keep_their_headlines() -> None:
    """Four seeds have a headline over a blank line; the fifth (001) runs its first line into the body, so it has
    no title line and that line stays in the text, as before."""
    for path in sorted(need_shared(SEEDS).glob("*.txt")):
        first, _, rest = path.read_text(encoding="utf-8").partition("\n")
        (doc,) = read_inputs([str(path)])
        assert isinstance(doc, Document)
        if rest.startswith("\n"):
            assert (doc.title, doc.title_basis) == (first.strip(), "headline"), path.name
        else:
            assert (doc.title, doc.title_basis) == (None, "lead") and doc.raw_text.startswith(first), path.name


def test_the_demo_corpus_reads_as_before() -> None:
    titles = {d.id: (d.title, d.title_basis) for d in read_inputs(expand_paths([str(DEMO)]))
              if isinstance(d, Document)}
    assert titles["01_wire_talks_announced"] == (
        "Varesca and Ostrava-Nord to hold talks in Geneva as border tensions rise", "headline")
    assert titles["02_blog_kovarik_warning"] == ('Kovarik warns Varesca: "We will not trade land for calm"',
                                                 "headline")
    assert titles["05_translated_copy"] == ("Morozin: Varesca not plan attack on Ostrava", "headline")
    assert {basis for _, basis in titles.values()} == {"headline", "metadata"}


def test_the_title_basis_is_stored_and_exported(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = "The delegations met in Geneva on Monday and agreed to meet again next week, officials said."
    (inputs / "titled.txt").write_text(f"Talks resume in Geneva\n\n{body}", encoding="utf-8")
    lead = ('"We will not give up a single village," President Ilse Kovarik told lawmakers in Brenn on Tuesday, as '
            "her government rejected the ceasefire proposal.")
    (inputs / "bare.txt").write_text(f"{lead}\n\n{body}", encoding="utf-8")
    (inputs / "feed.jsonl").write_text(json.dumps({"id": "rec", "title": "Talks", "text": body + " Again."}) + "\n",
                                       encoding="utf-8")
    summary = run(inputs)
    assert (summary.added, summary.rejected) == (3, [])
    data = export_of(summary.db)
    jsonschema.Draft202012Validator(json.loads((REPO / "docs" / "export.schema.json").read_text())).validate(data)
    docs = {d["id"]: d for d in data["documents"]}
    assert {k: (d["title"], d["title_basis"]) for k, d in docs.items()} == {
        "titled": ("Talks resume in Geneva", "headline"), "bare": (None, "lead"), "rec": ("Talks", "metadata")}
    assert docs["bare"]["text"].startswith('"We will not give up a single village,"')
    listed = CliRunner().invoke(app, ["docs", "--db", summary.db, "--json"])
    assert {d["id"]: d["title_basis"] for d in json.loads(listed.output)} == {
        "titled": "headline", "bare": "lead", "rec": "metadata"}


def test_title_line_option_rejects_an_unknown_value(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks\n\nBody of the article, long enough to keep.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"),
                                      "--title-line", "sometimes"])
    assert result.exit_code == 2 and "title_line" in result.output
