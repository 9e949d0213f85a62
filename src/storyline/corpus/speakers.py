"""Corpus step `speakers`: the canonical actor each quote's speaker is, stored on the quote.

The quotes stage keeps a speaker as written ("He", "the embassy", "Kremlin spokesman Dmitry Peskov") and as the
mention it refers to; the actors step decides which canonical actor each actor mention is. This step joins the two
the way event participants are joined: a named speaker is the actor of the actor mention that overlaps the mention
it resolved to most; any speaker is the actor of a mention covering most of the speaker as written ("the secretary
of state" when the actors stage made it a mention of the person). An anonymous speaker ("a senior official") is no
actor and keeps its description.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.corpus.spans import SpanIndex
from storyline.corpus.step import CorpusStep
from storyline.store import Row, Store

COVER = 0.6  # share of the written speaker a mention must cover to link it

Mentions = list[tuple[int, int, int]]  # (start, end, actor id) of one document's actor mentions


@dataclass
class SpeakerSnapshot:
    quotes: list[Row]
    actor_spans: dict[int, Mentions]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span(row: Row, prefix: str) -> tuple[int, int] | None:
    start, end = row[f"{prefix}_start"], row[f"{prefix}_end"]
    return (start, end) if start is not None and end is not None else None


def speaker_actor(mentions: SpanIndex, resolved: tuple[int, int] | None, written: tuple[int, int] | None,
                  named: bool) -> int | None:
    """The actor a speaker is: the resolved mention first (named speakers only), then the speaker as written; a
    mention must cover most of the span ("Russia's embassy" is not "Russia")."""
    spans = [resolved] if named and resolved is not None else []
    spans += [written] if written is not None else []
    for span in spans:
        # A mention that does not overlap the span cannot cover most of it: only the overlapping ones compete.
        best = max(mentions.overlapping(*span), key=lambda m: _overlap(span, m[:2]), default=None)
        if best is not None and span[1] > span[0] and _overlap(span, best[:2]) >= COVER * (span[1] - span[0]):
            return best[2]
    return None


def read_speakers(store: Store, run_id: int) -> SpeakerSnapshot:
    spans = {pk: sorted(mentions, key=lambda m: (m[0], m[1], f"e{m[2]}"))  # text order, as the export lists them
             for pk, mentions in store.actor_mention_spans().items()}
    return SpeakerSnapshot(store.latest_quote_speakers(), spans)


def compute_speakers(snapshot: SpeakerSnapshot) -> list[tuple[int | None, int]]:
    """(actor id or None, quote pk) for every quote."""
    indexes = {pk: SpanIndex(mentions) for pk, mentions in snapshot.actor_spans.items()}
    empty = SpanIndex([])
    return [(speaker_actor(indexes.get(q["doc_pk"], empty), _span(q, "resolved"), _span(q, "speaker"),
                           bool(q["named"])), q["pk"]) for q in snapshot.quotes]


def write_speakers(store: Store, run_id: int, speakers: list[tuple[int | None, int]]) -> dict[str, int]:
    store.save_quote_speakers(speakers)
    return {"quotes": len(speakers), "linked": sum(actor is not None for actor, _pk in speakers)}


STEP = CorpusStep("speakers", ("quotes", "actor_mentions"), read_speakers, compute_speakers, write_speakers,
                  "link each quote's speaker to its canonical actor")
