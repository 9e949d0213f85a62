"""Bytes to text: UTF-8 when it is, detected encoding when it is not, a rejection when it is binary.

UTF-16 and UTF-32 are text whose bytes hold NULs, so they are recognised before the binary test: by their
byte-order mark, else by charset-normalizer, whose verdict is taken for NUL-holding data only when it names a
UTF-16 or UTF-32 codec and the decoded text reads as text.
"""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

from charset_normalizer import from_bytes

from storyline.errors import InputRejected
from storyline.model import Rejection

BINARY_SNIFF = 8192
# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one), and the codec each names.
BOMS = ((codecs.BOM_UTF32_LE, "utf_32_le"), (codecs.BOM_UTF32_BE, "utf_32_be"),
        (codecs.BOM_UTF16_LE, "utf_16_le"), (codecs.BOM_UTF16_BE, "utf_16_be"))
WIDE_CODECS = ("utf_16", "utf_32")  # codec-name prefixes of the encodings whose text holds NUL bytes


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first block mean this is not a text file."""
    head = data[:BINARY_SNIFF]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and control / len(head) > 0.05


def _wide_text(data: bytes) -> tuple[str, str] | None:
    """(text, codec) for UTF-16 or UTF-32 data: by its byte-order mark, else as charset-normalizer detects it."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                return None
    best = from_bytes(data).best()
    if best is None or not best.encoding.startswith(WIDE_CODECS):
        return None
    text = str(best)
    return (text, best.encoding) if not looks_binary(text.encode("utf-8")) else None


def decode_bytes(data: bytes, source: str) -> tuple[str, str | None]:
    """Return (text, encoding used when it was not UTF-8). Raise InputRejected for binary data."""
    if data.startswith(tuple(bom for bom, _ in BOMS)) or looks_binary(data):
        wide = _wide_text(data)
        if wide is not None:
            return wide
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
