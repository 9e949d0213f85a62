"""Readers turn paths into Documents (or Rejections), one reader per input format.

`read_inputs` is the one entry point: it expands folders (recursively), globs and `-` (stdin),
picks a reader by suffix (`.gz` transparently) and never raises for a bad input: it yields a
Rejection naming the file, the line where there is one, and the reason. An input that cannot be
read at all is one too: a dangling symbolic link (`dangling_link`), a file or folder the user may
not read (`permission_denied`), a named pipe or device (`not_a_file`), a file or folder that
vanished after the run listed it (`missing`); folder listings keep such entries so that they are
reported, not skipped.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import ConfigError, InputRejected
from storyline.model import Document, Rejection, content_hash
from storyline.readers.decode import decode_bytes, read_bytes
from storyline.readers.html import parse_html
from storyline.readers.records import FieldMap, open_text, read_csv, read_jsonl, wide_encoding
from storyline.readers.text import parse_text

__all__ = ["FieldMap", "expand_paths", "read_inputs"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
STDIN = "-"


def format_suffix(path: Path) -> str:
    """The suffix that names the format: `a.jsonl.gz` -> `.jsonl`."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _folder_files(folder: Path) -> list[Path]:
    """The article files under `folder`, sorted, hidden ones skipped. Entries that cannot be read are kept so that
    reading them rejects them with a reason: links to nowhere, pipes and devices named like articles, and
    sub-folders that cannot be listed (os.walk's errors, which `Path.rglob` would swallow)."""
    found: list[Path] = []
    unlistable: list[Path] = []

    def keep_error(error: OSError) -> None:
        if error.filename is not None:
            unlistable.append(Path(os.fsdecode(error.filename)))

    for root, dirs, names in os.walk(folder, onerror=keep_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root, name) for name in names
                     if not name.startswith(".") and format_suffix(Path(name)) in KNOWN_SUFFIXES)
    return sorted(found + unlistable)


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Folders become their article files (recursively, sorted), globs their matches; `-` stays."""
    expanded: list[str] = []
    for given in paths:
        if given == STDIN:
            expanded.append(STDIN)
        elif any(ch in given for ch in "*?["):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                raise ConfigError(f"{given}: the pattern matches no file")
            for match in matches:
                expanded.extend(expand_paths([match]))
        elif Path(given).is_dir():
            expanded.extend(str(p) for p in _folder_files(Path(given)))
        elif Path(given).exists() or Path(given).is_symlink():
            expanded.append(given)  # a dangling link is read, and rejected, like any unreadable file
        else:
            raise ConfigError(f"{given}: no such file or folder")
    return expanded


def _sniff_format(text: str) -> str:
    head = text.lstrip()[:1]
    return ".jsonl" if head == "{" else ".html" if head == "<" else ".txt"


def _read_single(text: str, suffix: str, doc_id: str, source: str, title_line: str) -> Document:
    if suffix in HTML_SUFFIXES:
        return parse_html(text, doc_id, source)
    return parse_text(text, doc_id, source, title_line)


def _unreadable(given: str, exc: OSError) -> Rejection:
    """The rejection for an input the operating system would not let us read, with the reason in one line."""
    path = Path(given)
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return Rejection(given, "dangling_link", f"a symbolic link to {os.readlink(path)}, which does not exist; "
                         "fix or remove the link")
    if isinstance(exc, FileNotFoundError):
        return Rejection(given, "missing", "no longer there (moved or deleted after the run listed it)")
    if isinstance(exc, PermissionError):
        what = "folder" if path.is_dir() else "file"
        return Rejection(given, "permission_denied", f"permission denied: this user may not read the {what}; "
                         "check its owner and mode (ls -l)")
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return Rejection(given, "unreadable", f"the file cannot be read ({reason})")


def _check_readable(path: Path) -> Rejection | None:
    """Say why `path` is not a regular file we can read, or None when it is one. The OSError that stat or a
    listing raises (no such file, permission denied) goes up to `read_inputs`, which names the reason."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        with os.scandir(path):  # a folder only lands here when listing it failed: raise that error again
            pass
        return Rejection(str(path), "unreadable", "the folder could not be listed when the run started, but can "
                         "be now; analyse it again")
    if not stat.S_ISREG(mode):
        kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        return Rejection(str(path), "not_a_file", f"{kind}, not a regular file")
    return None


def _read_stdin(fields: FieldMap, max_bytes: int, title_line: str) -> Iterator[Document | Rejection]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Rejection("<stdin>", "too_large", f"over the {max_bytes:,}-byte limit for one article")
        return
    text, encoding = decode_bytes(data, "<stdin>")
    suffix = _sniff_format(text)
    if suffix == ".jsonl":
        items: Iterable[Document | Rejection] = read_jsonl(iter(io.StringIO(text)), "<stdin>", fields, max_bytes)
    else:
        items = [_read_single(text, suffix, content_hash(text), "<stdin>", title_line)]
    yield from _flagged(items, encoding)


def _flagged(items: Iterable[Document | Rejection], encoding: str | None) -> Iterator[Document | Rejection]:
    """Flag each Document `decoded_from_<encoding>` when its bytes were not UTF-8."""
    for item in items:
        if encoding and isinstance(item, Document):
            item.flags.append(f"decoded_from_{encoding}")
        yield item


def _read_file(path: Path, fields: FieldMap, max_bytes: int, title_line: str) -> Iterator[Document | Rejection]:
    suffix = format_suffix(path)
    source = str(path)
    not_a_file = _check_readable(path)
    if not_a_file is not None:
        yield not_a_file
        return
    if suffix in RECORD_SUFFIXES:
        encoding = wide_encoding(path)
        with open_text(path, encoding) as handle:
            reader = read_csv if suffix == ".csv" else read_jsonl
            yield from _flagged(reader(handle, source, fields, max_bytes), encoding)
        return
    if suffix not in KNOWN_SUFFIXES:
        yield Rejection(source, "unsupported_format",
                        f"unknown file type {suffix or '(none)'}; use .txt, .html, .jsonl or .csv")
        return
    data = read_bytes(path, max_bytes)
    if not data.strip():
        yield Rejection(source, "empty", "the file is empty")
        return
    text, encoding = decode_bytes(data, source)
    stem = path.name.split(".")[0] or content_hash(text)
    yield from _flagged([_read_single(text, suffix, stem, source, title_line)], encoding)


def read_inputs(paths: Iterable[str], fields: FieldMap | None = None, max_bytes: int = 5_000_000,
                title_line: str = "auto") -> Iterator[Document | Rejection]:
    """Yield a Document or a Rejection for every article in `paths` (already expanded).

    `title_line` (auto, yes, no) says how the first line of a plain-text article is read: see readers.text."""
    fields = fields or FieldMap()
    for given in paths:
        try:
            if given == STDIN:
                yield from _read_stdin(fields, max_bytes, title_line)
            else:
                yield from _read_file(Path(given), fields, max_bytes, title_line)
        except InputRejected as exc:
            yield exc.rejection
        except OSError as exc:
            yield _unreadable(given, exc)
        except (EOFError, UnicodeError, zlib.error) as exc:
            yield Rejection(given, "unreadable", f"the file cannot be read ({exc})")
