"""Readers turn paths into Documents (or Rejections), one reader per input format.

`read_inputs` is the one entry point: it expands folders (recursively), globs and `-` (stdin),
picks a reader by suffix (`.gz` transparently) and never raises for a bad input: it yields a
Rejection naming the file, the line where there is one, and the reason.
"""

from __future__ import annotations

import glob
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import ConfigError, InputRejected
from storyline.model import Document, Rejection, content_hash
from storyline.readers.decode import decode_bytes, read_bytes
from storyline.readers.html import parse_html
from storyline.readers.records import FieldMap, open_text, read_csv, read_jsonl
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
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and format_suffix(p) in KNOWN_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


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
        elif Path(given).exists():
            expanded.append(given)
        else:
            raise ConfigError(f"{given}: no such file or folder")
    return expanded


def _sniff_format(text: str) -> str:
    head = text.lstrip()[:1]
    return ".jsonl" if head == "{" else ".html" if head == "<" else ".txt"


def _read_single(text: str, suffix: str, doc_id: str, source: str) -> Document:
    if suffix in HTML_SUFFIXES:
        return parse_html(text, doc_id, source)
    return parse_text(text, doc_id, source)


def _read_stdin(fields: FieldMap, max_bytes: int) -> Iterator[Document | Rejection]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Rejection("<stdin>", "too_large", f"over the {max_bytes:,}-byte limit for one article")
        return
    text, _ = decode_bytes(data, "<stdin>")
    suffix = _sniff_format(text)
    if suffix == ".jsonl":
        yield from read_jsonl(iter(io.StringIO(text)), "<stdin>", fields, max_bytes)
    else:
        yield _read_single(text, suffix, content_hash(text), "<stdin>")


def _read_file(path: Path, fields: FieldMap, max_bytes: int) -> Iterator[Document | Rejection]:
    suffix = format_suffix(path)
    source = str(path)
    if suffix == ".jsonl" or suffix == ".ndjson":
        with open_text(path) as handle:
            yield from read_jsonl(handle, source, fields, max_bytes)
        return
    if suffix == ".csv":
        with open_text(path) as handle:
            yield from read_csv(handle, source, fields, max_bytes)
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
    document = _read_single(text, suffix, stem, source)
    if encoding:
        document.flags.append(f"decoded_from_{encoding}")
    yield document


def read_inputs(paths: Iterable[str], fields: FieldMap | None = None,
                max_bytes: int = 5_000_000) -> Iterator[Document | Rejection]:
    """Yield a Document or a Rejection for every article in `paths` (already expanded)."""
    fields = fields or FieldMap()
    for given in paths:
        try:
            if given == STDIN:
                yield from _read_stdin(fields, max_bytes)
            else:
                yield from _read_file(Path(given), fields, max_bytes)
        except InputRejected as exc:
            yield exc.rejection
        except (OSError, EOFError, UnicodeError, zlib.error) as exc:
            yield Rejection(given, "unreadable", f"the file cannot be read ({exc})")
