"""Bytes to text: UTF-8 when it is, detected encoding when it is not, a rejection when it is binary."""

from __future__ import annotations

import gzip
from pathlib import Path

from charset_normalizer import from_bytes

from storyline.errors import InputRejected
from storyline.model import Rejection

BINARY_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first block mean this is not a text file."""
    head = data[:BINARY_SNIFF]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and control / len(head) > 0.05


def decode_bytes(data: bytes, source: str) -> tuple[str, str | None]:
    """Return (text, encoding used when it was not UTF-8). Raise InputRejected for binary data."""
    if looks_binary(data):
        raise InputRejected(Rejection(source, "binary", "the file holds binary data, not text"))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputRejected(Rejection(source, "undecodable", "not UTF-8 and no text encoding fits it"))
    return str(best), best.encoding


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file (gunzipping `.gz`), refusing files over `max_bytes` before reading them."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputRejected(
            Rejection(str(path), "too_large", f"{size:,} bytes is over the {max_bytes:,}-byte limit for "
                      "one article; split it, or raise --max-bytes")
        )
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputRejected(Rejection(str(path), "too_large",
                                          f"unpacks to over the {max_bytes:,}-byte limit for one article"))
        return data
    return path.read_bytes()
