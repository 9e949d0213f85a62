"""Plain-text articles: the first non-empty line is the headline when a blank line follows it."""

from __future__ import annotations

from storyline.model import Document


def split_headline(text: str) -> tuple[str | None, str]:
    """Return (headline or None, body). A headline is a first non-empty line followed by a blank line."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, ""
    followed_by_blank = first + 1 < len(lines) and not lines[first + 1].strip()
    if not followed_by_blank:
        return None, "\n".join(lines[first:])
    return lines[first].strip(), "\n".join(lines[first + 2 :])


def parse_text(text: str, doc_id: str, source_path: str) -> Document:
    title, body = split_headline(text)
    return Document(id=doc_id, raw_text=body, source_path=source_path, title=title)
