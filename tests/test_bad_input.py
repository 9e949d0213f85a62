"""Bad input is normal input: each case gets a one-line reason naming the file, is stored, and the run goes on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.run import RunSummary
from storyline.store import open_store

GOOD_BODY = "The delegations met in Geneva on Monday and agreed to meet again next week, officials said."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one good article, to which each test adds a bad one."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Talks in Geneva\n\n" + GOOD_BODY, encoding="utf-8")
    return inputs


def stored_rejections(db: str) -> list[tuple[str, int | None, str]]:
    store = open_store(db)
    try:
        return [(r["source"], r["line"], r["reason"]) for r in store.rejections()]
    finally:
        store.close()


def assert_rejected_and_run_went_on(summary: RunSummary, path: Path, reason: str, line: int | None = None) -> None:
    assert summary.added == 1, "the good article still goes in"
    assert summary.exit_code == 1
    (rejection,) = summary.rejected
    assert (rejection.source, rejection.reason, rejection.line) == (str(path), reason, line)
    assert str(path) in rejection.message and reason in rejection.message
    assert "\n" not in rejection.message
    assert stored_rejections(summary.db) == [(str(path), line, reason)]


def test_empty_file(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "empty.txt"
    bad.write_text("  \n\n ")
    assert_rejected_and_run_went_on(run(folder), bad, "empty")


def test_binary_file(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "photo.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    assert_rejected_and_run_went_on(run(folder), bad, "binary")


def test_invalid_utf8_is_decoded_by_detection(folder: Path, run: Callable[..., RunSummary]) -> None:
    latin = folder / "latin.txt"
    text = "Réunion à Genève\n\nLe ministre a déclaré que les négociations reprendraient à Genève la semaine prochaine."
    latin.write_bytes(text.encode("cp1252"))
    summary = run(folder)
    assert summary.added == 2 and not summary.rejected
    store = open_store(summary.db)
    row = next(r for r in store.latest_documents() if r["id"] == "latin")
    assert "Genève" in row["text"] and "déclaré" in row["text"]
    assert any(flag.startswith("decoded_from_") for flag in json.loads(row["flags"]))


def test_huge_text_file_is_rejected_without_parsing(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "huge.txt"
    with bad.open("w") as fh:
        for _ in range(50 * 1024):
            fh.write(("word " * 204) + "\n")  # 50 MB
    assert bad.stat().st_size > 50_000_000
    summary = run(folder)
    assert_rejected_and_run_went_on(summary, bad, "too_large")
    assert "--max-bytes" in summary.rejected[0].detail


def test_html_with_no_article(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "empty-page.html"
    bad.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    assert_rejected_and_run_went_on(run(folder), bad, "no_article")


def test_csv_without_a_text_column(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "feed.csv"
    bad.write_text("id,title,summary\n1,Talks,Short summary\n")
    summary = run(folder)
    assert_rejected_and_run_went_on(summary, bad, "missing_column")
    assert "id, title, summary" in summary.rejected[0].detail and "--text-field" in summary.rejected[0].detail


def test_jsonl_line_that_is_not_json(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "feed.jsonl"
    bad.write_text(json.dumps({"id": "ok-1", "text": GOOD_BODY}) + "\n{not json\n"
                   + json.dumps({"id": "ok-2", "text": GOOD_BODY + " Again."}) + "\n")
    summary = run(folder)
    assert summary.added == 3
    (rejection,) = summary.rejected
    assert (rejection.source, rejection.line, rejection.reason) == (str(bad), 2, "bad_json")
    assert rejection.message.startswith(f"{bad}:2: rejected (bad_json)")


def test_jsonl_record_with_empty_text_and_non_object(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "feed.jsonl"
    bad.write_text(json.dumps({"id": "x", "text": ""}) + "\n[1, 2]\n")
    summary = run(folder)
    assert [(r.line, r.reason) for r in summary.rejected] == [(1, "empty"), (2, "bad_json")]


def test_only_boilerplate_is_rejected_after_cleaning(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "furniture.txt"
    bad.write_text("Comments\n\nLeave a Reply\n\nYour email address will not be published. Required fields are "
                   "marked *\n\nSource link\n")
    assert_rejected_and_run_went_on(run(folder), bad, "no_article")


def test_corrupt_gzip(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "feed.jsonl.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    assert_rejected_and_run_went_on(run(folder), bad, "unreadable")
