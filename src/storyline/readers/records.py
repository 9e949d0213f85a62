"""JSONL and CSV files: one article per record, field names mapped by flags with sensible defaults."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from storyline.model import Document, Rejection, content_hash
from storyline.readers.decode import BOMS
from storyline.readers.headline import METADATA

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class FieldMap:
    """Which record field holds what. A flag names one field; the defaults are tried in order."""

    id: tuple[str, ...] = ("id",)
    title: tuple[str, ...] = ("title", "headline")
    text: tuple[str, ...] = ("text", "body", "content")
    date: tuple[str, ...] = ("date", "published", "published_at")
    url: tuple[str, ...] = ("url", "link")
    source: tuple[str, ...] = ("source", "outlet", "site")

    @classmethod
    def from_flags(cls, **names: str | None) -> FieldMap:
        """Build a map where each given flag replaces that field's defaults."""
        return cls(**{k: (v,) for k, v in names.items() if v})


def _pick(record: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def _date_only(value: str | None) -> str | None:
    """Keep the calendar day of an ISO-like timestamp ("2022-02-01T10:00Z" -> "2022-02-01")."""
    if not value:
        return None
    head = value.strip()[:10]
    return head if len(head) == 10 and head[4] == "-" and head[7] == "-" else value.strip()


def record_to_document(record: dict, fields: FieldMap, source_path: str, line: int,
                       max_bytes: int) -> Document | Rejection:
    """Map one record to a Document, or say why it cannot be one."""
    text = _pick(record, fields.text)
    if text is None:
        present = [name for name in fields.text if name in record]
        why = "its text field is empty" if present else (
            f"no text field (looked for {', '.join(fields.text)}; the record has "
            f"{', '.join(sorted(record)) or 'no fields'}); name it with --text-field")
        return Rejection(source_path, "empty" if present else "missing_text", why, line)
    if len(text.encode("utf-8")) > max_bytes:
        return Rejection(source_path, "too_large", f"the text is over the {max_bytes:,}-byte limit", line)
    published = _date_only(_pick(record, fields.date))
    title = _pick(record, fields.title)
    return Document(
        id=_pick(record, fields.id) or content_hash(text),
        raw_text=text,
        source_path=source_path,
        line=line,
        title=title,
        title_basis=METADATA if title else None,
        source=_pick(record, fields.source),
        url=_pick(record, fields.url),
        published=published,
        published_basis="metadata" if published else None,
        published_confidence=1.0 if published else None,
    )


def _open_binary(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # type: ignore[return-value]


def wide_encoding(path: Path) -> str | None:
    """The UTF-16 or UTF-32 codec a (possibly gzipped) record file's byte-order mark names, else None (UTF-8)."""
    with _open_binary(path) as fh:
        head = fh.read(4)
    return next((codec for bom, codec in BOMS if head.startswith(bom)), None)


def open_text(path: Path, encoding: str | None = None) -> io.TextIOBase:
    """Open a possibly gzipped file as text (UTF-8 unless `encoding` names a UTF-16/32 codec whose byte-order
    mark it starts with); undecodable bytes become U+FFFD rather than an exception."""
    codec = encoding.rsplit("_", 1)[0] if encoding else "utf-8-sig"  # "utf_16_le" -> "utf_16" reads the mark
    return io.TextIOWrapper(_open_binary(path), encoding=codec, errors="replace", newline="")


def read_jsonl(lines: Iterator[str], source_path: str, fields: FieldMap,
               max_bytes: int) -> Iterator[Document | Rejection]:
    """One JSON object per line; a bad line is rejected with its number and the rest goes on."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Rejection(source_path, "bad_json", f"not valid JSON ({exc.msg} at column {exc.colno})", number)
            continue
        if not isinstance(record, dict):
            yield Rejection(source_path, "bad_json", f"a JSON {type(record).__name__}, not an object", number)
            continue
        yield record_to_document(record, fields, source_path, number, max_bytes)


def read_csv(handle: io.TextIOBase, source_path: str, fields: FieldMap,
             max_bytes: int) -> Iterator[Document | Rejection]:
    """A header row, then one article per row. A file with no text column is rejected whole."""
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    if not any(name in header for name in fields.text):
        yield Rejection(source_path, "missing_column",
                        f"no text column (looked for {', '.join(fields.text)}; the header has "
                        f"{', '.join(header) or 'nothing'}); name it with --text-field")
        return
    for row in reader:
        yield record_to_document(row, fields, source_path, reader.line_num, max_bytes)
