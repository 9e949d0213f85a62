"""Reads of a parsed Doc that several stages make, made once per Doc.

spaCy builds every entity Span anew on each read of `Doc.ents`, and the parsed stages of a document (actors, time,
quotes, events, quantities) run one after another, in one process, on the same Doc object. So what more than one of
them reads is kept for the last Doc it was read from, with a reference to that very Doc: an identity test, so a
kept value is never given for another document, and nothing is kept past the next document. What is kept is only
read, never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from spacy.tokens import Doc, Span

T = TypeVar("T")

_last: dict[str, tuple[Doc, Any]] = {}  # what each read gave for the last Doc it read, with that Doc


def once_per_doc(name: str, doc: Doc, read: Callable[[Doc], T]) -> T:
    """`read(doc)`, made once for this Doc (the read called `name`) while it is the last one read so."""
    kept = _last.get(name)
    if kept is not None and kept[0] is doc:
        return kept[1]
    value = read(doc)
    _last[name] = (doc, value)
    return value


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, read once per Doc."""
    return once_per_doc("entities", doc, lambda parsed: tuple(parsed.ents))
