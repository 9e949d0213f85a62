"""Readers: every input format becomes Documents with the right metadata, or a Rejection."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.model import Document, Rejection
from storyline.readers import FieldMap, expand_paths, read_inputs
from storyline.readers.text import TitleSplit, read_title_line, split_headline

from .conftest import DEMO


def read_all(*paths: Path, fields: FieldMap | None = None) -> list[Document | Rejection]:
    return list(read_inputs(expand_paths([str(p) for p in paths]), fields))


def test_headline_is_first_line_when_a_blank_line_follows() -> None:
    title, body = split_headline("\n\nTalks resume in Geneva\n\nThe delegations met on Monday.\nMore text.")
    assert title == "Talks resume in Geneva"
    assert body == "The delegations met on Monday.\nMore text."


def test_no_headline_when_the_first_line_runs_into_the_body() -> None:
    title, body = split_headline("The delegations met on Monday.\nThey agreed to meet again.")
    assert title is None
    assert body.startswith("The delegations met")


def test_txt_file_id_is_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "wire-0042.txt"
    path.write_text("Headline here\n\nBody of the article, long enough.", encoding="utf-8")
    (doc,) = read_all(path)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.source_path) == ("wire-0042", "Headline here", str(path))


def test_html_gives_body_and_metadata() -> None:
    (doc,) = read_all(DEMO / "03_broadcaster_troops.html")
    assert isinstance(doc, Document)
    assert doc.title == "Satellite images show Varescan armour near Ostravan border"
    assert doc.source == "Northline Radio"
    assert doc.author == "Tomas Lind"
    assert (doc.published, doc.published_basis) == ("2025-04-15", "metadata")
    assert "forty tanks" in doc.raw_text
    assert "Home" not in doc.raw_text.split()  # navigation is not body


def test_jsonl_default_fields_and_date_from_metadata() -> None:
    docs = read_all(DEMO / "04_agency_feed.jsonl")
    assert [d.id for d in docs] == ["agency-0419-geneva", "agency-0420-sanctions"]
    first = docs[0]
    assert isinstance(first, Document)
    assert (first.source, first.published, first.published_basis, first.line) == (
        "Continental Press Agency", "2025-04-19", "metadata", 1)


def test_field_flags_map_other_names(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"guid": "x1", "headline": "H", "story": "Body text " * 10,
                                "pubDate": "2022-02-01T08:00:00Z", "feed": "Agency"}) + "\n", encoding="utf-8")
    fields = FieldMap.from_flags(id="guid", text="story", date="pubDate", source="feed")
    (doc,) = read_all(path, fields=fields)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.published, doc.source) == ("x1", "H", "2022-02-01", "Agency")


def test_record_without_id_gets_a_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Same body"}) + "\n" + json.dumps({"text": "Same body"}) + "\n")
    first, second = read_all(path)
    assert first.id == second.id and len(first.id) == 16


def test_csv_with_body_column(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text('id,title,body,published,outlet\n7,"A, title","Body, with a comma.",2022-01-31,Wire\n')
    (doc,) = read_all(path)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.raw_text, doc.published, doc.source) == (
        "7", "A, title", "Body, with a comma.", "2022-01-31", "Wire")


def test_gzip_is_transparent(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": "Gzipped body"}) + "\n")
    text_path = tmp_path / "note.txt.gz"
    with gzip.open(text_path, "wt", encoding="utf-8") as fh:
        fh.write("Gzipped headline\n\nGzipped text body.")
    docs = read_all(path, text_path)
    assert [(d.id, d.raw_text) for d in docs] == [("g1", "Gzipped body"), ("note", "Gzipped text body.")]


def test_folders_recurse_and_skip_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep body text.")
    (tmp_path / "top.txt").write_text("Top body text.")
    (tmp_path / ".hidden" / "secret.txt").write_text("Hidden.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert expand_paths([str(tmp_path)]) == [str(tmp_path / "a" / "b" / "deep.txt"), str(tmp_path / "top.txt")]


def test_globs_expand_and_missing_paths_are_usage_errors(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.html"):
        (tmp_path / name).write_text("x")
    assert expand_paths([str(tmp_path / "*.txt")]) == [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]
    with pytest.raises(ConfigError, match="no such file"):
        expand_paths([str(tmp_path / "absent.txt")])
    with pytest.raises(ConfigError, match="matches no file"):
        expand_paths([str(tmp_path / "*.csv")])


# -- the first line of a .txt file: headline or lead (readers.headline) ------------------------------------------
BODY = ("The delegations met in Geneva on Monday and agreed to meet again next week, officials said.\n\n"
        "Neither side published the agenda.")


def test_a_lead_holding_a_quotation_is_not_taken_for_a_headline() -> None:
    lead = ('"We will not give up a single village," President Ilse Kovarik told lawmakers in Brenn on Tuesday, as '
            "her government rejected the ceasefire proposal that Varesca and its allies put forward in Geneva.")
    split = read_title_line(f"{lead}\n\n{BODY}")
    assert (split.title, split.basis) == (None, "lead")
    assert split.body.startswith(lead)


def test_a_wire_dateline_opens_a_lead() -> None:
    lead = "TELMAR, Varesca (AP) — Talks with Ostrava-Nord will resume in Geneva next week, the ministry says"
    split = read_title_line(f"{lead}\n\n{BODY}")
    assert (split.title, split.basis) == (None, "lead") and split.judgement is not None
    assert "dateline" in split.judgement.features


@pytest.mark.parametrize("mark", ["By Continental Press Agency", "(Reuters)", "AP", "— Northline Radio staff",
                                  "Reuters"])
def test_a_byline_mark_is_not_a_headline(mark: str) -> None:
    split = read_title_line(f"{mark}\n\n{BODY}")
    assert (split.title, split.basis) == (None, "lead")
    assert split.body.startswith(mark)


@pytest.mark.parametrize("headline", [
    "Kovarik Warns Varesca Ahead Of Geneva Talks",
    "Varesca Is Back At The Table. Ostrava-Nord Is Not.",
    'Kovarik warns Varesca: "We will not trade land for calm"',
    "Geneva talks: what each side wants",
    "Varesca will not attack Ostrava-Nord – Morozin",
])
def test_headlines_of_several_styles_stay_headlines(headline: str) -> None:
    split = read_title_line(f"{headline}\n\n{BODY}")
    assert (split.title, split.basis) == (headline, "headline")
    assert split.body == BODY


def test_a_dateline_under_the_first_line_makes_it_a_headline() -> None:
    line = "Talks with Ostrava-Nord will resume in Geneva next week, the ministry has said."
    split = read_title_line(f"{line}\n\nTELMAR, Varesca (AP) — The foreign ministry said on Monday that the talks "
                            "would resume in Geneva next week.")
    assert split.judgement is not None and "dateline_follows" in split.judgement.features


def test_title_line_yes_and_no_override_the_judgement() -> None:
    lead = "The delegations met in Geneva on Monday and agreed to meet again next week, officials said."
    assert read_title_line(f"{lead}\n\nMore.", "yes") == TitleSplit(lead, "More.", "forced")
    assert read_title_line(f"{lead}\nMore.", "yes") == TitleSplit(lead, "More.", "forced")
    assert read_title_line("Talks resume\n\nMore.", "no") == TitleSplit(None, "Talks resume\n\nMore.", "forced")
    with pytest.raises(ConfigError, match="title_line"):
        read_title_line("x", "maybe")


def test_title_line_setting_is_checked_and_reaches_the_reader(tmp_path: Path) -> None:
    from storyline.config import Settings

    with pytest.raises(ConfigError, match="title_line"):
        Settings(title_line="sometimes")
    path = tmp_path / "note.txt"
    path.write_text("Talks resume in Geneva\n\nThe delegations met on Monday.", encoding="utf-8")
    (auto,) = read_inputs([str(path)])
    (never,) = read_inputs([str(path)], title_line="no")
    assert (auto.title, auto.title_basis) == ("Talks resume in Geneva", "headline")
    assert (never.title, never.title_basis, never.raw_text) == (None, "forced", path.read_text())


def test_stdin_text_gets_the_same_judgement(monkeypatch: pytest.MonkeyPatch) -> None:
    lead = ('"We will not give up a single village," President Ilse Kovarik told lawmakers in Brenn on Tuesday, as '
            "her government rejected the ceasefire proposal.")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{lead}\n\n{BODY}".encode())))
    (doc,) = read_inputs(["-"])
    assert isinstance(doc, Document)
    assert (doc.title, doc.title_basis) == (None, "lead") and doc.raw_text.startswith(lead)


def test_records_and_pages_take_their_title_from_metadata(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "t1", "title": "Talks", "text": "Body."}) + "\n"
                    + json.dumps({"id": "t2", "text": "Body without a title."}) + "\n", encoding="utf-8")
    titled, untitled = read_all(path)
    assert (titled.title_basis, untitled.title_basis) == ("metadata", None)
    (page,) = read_all(DEMO / "03_broadcaster_troops.html")
    assert page.title_basis == "metadata"


def test_folders_list_entries_that_cannot_be_read_so_that_they_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Body text.")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "dangling.png").symlink_to(tmp_path / "nowhere.png")
    assert expand_paths([str(tmp_path)]) == [str(tmp_path / "dangling.txt"), str(tmp_path / "good.txt")]
