"""Bad input is normal input: each case gets a one-line reason naming the file, is stored, and the run goes on."""

from __future__ import annotations

import codecs
import json
import os
import pwd
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline import readers
from storyline import run as run_module
from storyline.run import RunSummary
from storyline.store import open_store

NOBODY = 65534  # the conventional unprivileged uid, for the permission test when the tests run as root
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


def stored_document(db: str, doc_id: str) -> dict:
    """The newest stored version of one document, as a plain dict."""
    store = open_store(db)
    try:
        return dict(next(r for r in store.latest_documents() if r["id"] == doc_id))
    finally:
        store.close()


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
    row = stored_document(summary.db, "latin")
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


def test_dangling_symbolic_link_in_a_folder(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder / "moved.txt"
    bad.symlink_to(folder / "nowhere.txt")
    summary = run(folder)
    assert_rejected_and_run_went_on(summary, bad, "dangling_link")
    assert "nowhere.txt" in summary.rejected[0].detail


def test_dangling_symbolic_link_given_by_name(folder: Path, run: Callable[..., RunSummary]) -> None:
    bad = folder.parent / "link.txt"
    bad.symlink_to(folder.parent / "nowhere.txt")
    assert_rejected_and_run_went_on(run(folder, bad), bad, "dangling_link")


def test_named_pipe_is_rejected_without_being_opened(folder: Path, run: Callable[..., RunSummary]) -> None:
    """Reading a FIFO would block the run forever; it is not a regular file, so it is rejected."""
    bad = folder / "pipe.txt"
    os.mkfifo(bad)
    summary = run(folder)
    assert_rejected_and_run_went_on(summary, bad, "not_a_file")
    assert "named pipe" in summary.rejected[0].detail


def test_folder_that_vanishes_after_it_was_listed(folder: Path, run: Callable[..., RunSummary],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder is listed by the real expand_paths, then really deleted before its files are read."""
    doomed = folder / "later"
    doomed.mkdir()
    (doomed / "a.txt").write_text("Gone soon\n\n" + GOOD_BODY, encoding="utf-8")

    def list_then_delete(paths: list[str]) -> list[str]:
        listed = readers.expand_paths(paths)
        shutil.rmtree(doomed)
        return listed

    monkeypatch.setattr(run_module, "expand_paths", list_then_delete)
    summary = run(folder)
    assert_rejected_and_run_went_on(summary, doomed / "a.txt", "missing")


def test_file_and_folder_without_read_permission(folder: Path, run: Callable[..., RunSummary]) -> None:
    """Permission denied by the operating system, for a file and for a sub-folder. Root reads anything, so as root
    the run goes on in a forked child that has given up root for the unprivileged user `nobody` (uid 65534)."""
    locked_dir = folder / "locked"
    locked_dir.mkdir()
    (locked_dir / "inside.txt").write_text("Hidden\n\n" + GOOD_BODY, encoding="utf-8")
    locked_file = folder / "locked.txt"
    locked_file.write_text("Locked\n\n" + GOOD_BODY, encoding="utf-8")
    if os.geteuid() != 0:
        os.chmod(locked_file, 0)
        os.chmod(locked_dir, 0)
        try:
            summary = run(folder)
        finally:
            os.chmod(locked_dir, 0o755)
            os.chmod(locked_file, 0o644)
        rejections, ids = stored_rejections(summary.db), stored_ids(summary.db)
    else:
        rejections, ids = _run_as_nobody(folder, locked_dir, locked_file, run)
    assert sorted(rejections) == [(str(locked_dir), None, "permission_denied"),
                                  (str(locked_file), None, "permission_denied")]
    assert ids == ["good"], "the readable article still goes in"


def stored_ids(db: str | Path) -> list[str]:
    store = open_store(db)
    try:
        return [r["id"] for r in store.latest_documents()]
    finally:
        store.close()


def _run_as_nobody(folder: Path, locked_dir: Path, locked_file: Path, run: Callable[..., RunSummary]
                   ) -> tuple[list[tuple[str, int | None, str]], list[str]]:
    """Analyse a copy of `folder` in a forked child running as uid 65534, under a world-writable temporary folder
    (the child cannot enter pytest's root-only tmp_path); return the stored rejections, their sources mapped back
    to `folder`, and the stored document ids."""
    try:
        pwd.getpwuid(NOBODY)
    except KeyError:
        pytest.skip("running as root and there is no unprivileged user 65534 to deny permission to")
    base = Path(tempfile.mkdtemp(prefix="storyline-perm-"))
    inputs, db = base / "in", base / "story.db"
    try:
        os.chmod(base, 0o777)
        shutil.copytree(folder, inputs)
        for path in (inputs, *inputs.rglob("*")):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        run(inputs / "good.txt", db=base / "warm-up.db")  # imports everything the run imports lazily, as root
        os.chmod(inputs / locked_file.name, 0)
        os.chmod(inputs / locked_dir.name, 0)
        pid = os.fork()
        if pid == 0:  # the child: give up root for good, analyse, report the exit code as its status
            code = 3
            try:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                code = run(inputs, db=db).exit_code
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 1, "the child run should exit 1: some inputs rejected"
        back = {str(inputs / locked_dir.name): str(locked_dir), str(inputs / locked_file.name): str(locked_file)}
        return ([(back.get(source, source), line, reason) for source, line, reason in stored_rejections(str(db))],
                stored_ids(db))
    finally:
        for name in (locked_dir.name, locked_file.name):
            if (inputs / name).exists():
                os.chmod(inputs / name, 0o755)
        shutil.rmtree(base, ignore_errors=True)


ENCODED_TEXT = "Réunion à Genève\n\nLe ministre a déclaré que les négociations reprendraient à Genève.\n"


@pytest.mark.parametrize(("encoding", "bom", "flag"), [
    ("utf_16_le", codecs.BOM_UTF16_LE, "decoded_from_utf_16_le"),
    ("utf_16_be", codecs.BOM_UTF16_BE, "decoded_from_utf_16_be"),
    ("utf_16_le", b"", "decoded_from_utf_16_le"),
    ("utf_16_be", b"", "decoded_from_utf_16_be"),
    ("utf_32_le", codecs.BOM_UTF32_LE, "decoded_from_utf_32_le"),
    ("utf_32_be", codecs.BOM_UTF32_BE, "decoded_from_utf_32_be"),
    ("utf_32_le", b"", "decoded_from_utf_32_le"),
])
def test_utf16_and_utf32_are_decoded_not_called_binary(folder: Path, run: Callable[..., RunSummary],
                                                       encoding: str, bom: bytes, flag: str) -> None:
    """With a byte-order mark, or without one, where charset-normalizer recognises the pattern of NUL bytes."""
    wide = folder / "wide.txt"
    wide.write_bytes(bom + ENCODED_TEXT.encode(encoding))
    summary = run(folder)
    assert summary.added == 2 and not summary.rejected
    row = stored_document(summary.db, "wide")
    assert row["title"] == "Réunion à Genève" and "déclaré" in row["text"]
    assert "\x00" not in row["text"] and "\ufeff" not in row["text"]
    assert flag in json.loads(row["flags"])


def test_utf16_jsonl_with_a_byte_order_mark(folder: Path, run: Callable[..., RunSummary]) -> None:
    feed = folder / "feed.jsonl"
    feed.write_bytes(codecs.BOM_UTF16_LE + (json.dumps({"id": "w1", "title": "Genève", "text": GOOD_BODY},
                                                      ensure_ascii=False) + "\n").encode("utf_16_le"))
    summary = run(folder)
    assert summary.added == 2 and not summary.rejected
    row = stored_document(summary.db, "w1")
    assert row["title"] == "Genève" and "decoded_from_utf_16_le" in json.loads(row["flags"])
