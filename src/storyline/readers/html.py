"""HTML pages: main text and metadata (title, date, author, site) with trafilatura and htmldate."""

from __future__ import annotations

import trafilatura
from htmldate import find_date

from storyline.errors import InputRejected
from storyline.model import Document, Rejection
from storyline.readers.headline import METADATA


def parse_html(html: str, doc_id: str, source_path: str) -> Document:
    """Extract the article body; raise InputRejected when the page holds no article."""
    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             include_tables=False)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputRejected(Rejection(source_path, "bad_html", f"the page cannot be parsed ({exc})")) from None
    text = (result.text or "").strip() if result is not None else ""
    if not text:
        raise InputRejected(Rejection(source_path, "no_article", "no article text found in the HTML page"))
    published = result.date or find_date(html, original_date=True, extensive_search=False)
    return Document(
        id=doc_id,
        raw_text=text,
        source_path=source_path,
        title=result.title or None,
        title_basis=METADATA if result.title else None,
        source=result.sitename or result.hostname or None,
        url=result.url or None,
        author=result.author or None,
        published=published or None,
        published_basis="metadata" if published else None,
        published_confidence=0.9 if published else None,
    )
