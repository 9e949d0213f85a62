"""The story so far as one Markdown document: what happened (the story's most salient events by date, each with the
passages that report it), who said what and what is disputed (storyline.export.claims.markdown_claims). Every line
cites the documents it stands on as `[doc:start]`. `storyline export --format markdown` writes it; `storyline
timeline --format markdown` writes the same briefing for the events a user filtered."""

from __future__ import annotations

from storyline.export.claims import markdown_claims
from storyline.export.timeline import markdown_briefing, most_salient, timeline_entries
from storyline.store import Store

BRIEFING_EVENTS = 50  # as many as the default timeline shows


def story_briefing(store: Store, events: int = BRIEFING_EVENTS) -> str:
    """The briefing of the whole store: the `events` most salient events of the story, then the claims."""
    shown = most_salient(timeline_entries(store, in_story=True), events)
    claims = markdown_claims(store)
    return markdown_briefing(shown) + (f"\n{claims}" if claims else "")
