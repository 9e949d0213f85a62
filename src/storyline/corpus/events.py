"""Corpus step `events`: one event per real happening, merged from its mentions across documents.

After each run it reads the newest event mentions of every document and
1. links each participant to the canonical actor of the actor mention it refers to (storyline.corpus.actors ran
   first);
2. puts each mention on the calendar: its own time expression as stored now (the dating step may have resolved it
   again since the events stage ran), else an estimate from its document's publication day (storyline.events.when:
   a likely day and a window, precision "about", from how far the corpus's own dated mentions lie from their
   publication day, per status class), else its document's date at that date's precision (an inferred month or
   year);
3. reads the copy clusters the step `sources` stored (syndicated copies and rewrites count once);
4. groups the documents into stories (storyline.events.stories: alike texts, shared canonical actors, published
   within a week of each other);
5. merges mentions of one real event (storyline.events.merge: same type, overlapping participants, compatible dates,
   similar wording; modest evidence inside a story, strong evidence across stories; "Russia" and "Putin" are not
   disjoint participants) and writes one `events` row per cluster: type, mode, status, date, actors, targets,
   place, a one-line summary, the number of independent sources (copies count once) and of outlets.
It recomputes everything from the stored mentions, so running it again gives the same store; event ids are kept
across runs through `event_keys`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyline.corpus.keys import assign_ids
from storyline.corpus.spans import SpanIndex
from storyline.corpus.step import CorpusStep
from storyline.corpus.summary import clause_vector, gist_summary, summarize
from storyline.events.copies import independent_sources
from storyline.events.merge import MergeItem, cluster_events, params_for
from storyline.events.salience import EventEvidence, saliences
from storyline.events.stories import StoryDoc, cluster_stories, content_terms
from storyline.events.story import in_story
from storyline.events.when import Prior, estimate_priors, estimated_date, named_only, offset_sample
from storyline.mapping import Mapper, map_chunked
from storyline.periods import ESTIMATED, PRECISION_RANK, UNKNOWN_RANK, Calendar, calendar_of, widen
from storyline.store import EventResults, Row, Store

# When mentions of one event disagree on status, the one the newest report gives wins (a planned visit that
# then happened is "occurred"); among reports of the same day, this order breaks the tie.
STATUS_RANK = {"occurred": 0, "cancelled": 1, "denied": 2, "planned": 3, "negated": 4, "hypothetical": 5}


def own_calendar(row: Row) -> Calendar | None:
    """A mention's date from its own time expression's current value, or None."""
    if row["date_source"] == "timex" and row["timex_value"]:
        found = calendar_of(row["timex_value"])
        if found.date is not None:
            return found
    return None


def mention_calendar(row: Row, priors: dict[str, Prior] | None = None) -> Calendar:
    """A mention's date now: its time expression's current value, else an estimate from its document's publication
    day (`priors`: storyline.events.when; only a window for a mention that names its event with a noun), else its
    document's date when that is only a month or a year (an inferred date may be); unknown in an undated document.
    The stage's own fallback date is not read: the publication date may have been inferred or changed since."""
    own = own_calendar(row)
    if own is not None:
        return own
    published = (row["published"] or "")[:10]
    known = calendar_of(published)
    if known.date is None:
        return Calendar(None, None, None)
    if known.precision == "day":
        estimate = estimated_date(known.date, row["status"], priors)
        return named_only(estimate) if row["nominal"] else estimate
    return Calendar(known.date, None, known.precision)


def date_priors(rows: list[Row]) -> dict[str, Prior]:
    """How far events lie from their report's publication day, learned from the mentions dated to a day by their
    own time expression in documents published on a known day (storyline.events.when)."""
    samples = []
    for row in rows:
        own, published = own_calendar(row), calendar_of((row["published"] or "")[:10])
        if own is None or own.precision != "day" or (own.date_end or own.date) != own.date \
                or published.precision != "day":
            continue
        sample = offset_sample(row["status"], own.date, published.date)
        if sample is not None:
            samples.append(sample)
    return estimate_priors(samples)


def actor_at(mentions: SpanIndex, start: int | None, end: int | None) -> int | None:
    """The canonical actor of the actor mention that overlaps start:end most (the innermost on a tie, then the
    first). Only mentions that overlap at all can win, so only those are looked at."""
    if start is None or end is None:
        return None
    best, best_overlap = None, 0
    for m_start, m_end, actor_id in mentions.overlapping(start, end):
        overlap = min(end, m_end) - max(start, m_start)
        if overlap > best_overlap or (overlap == best_overlap and overlap > 0 and best is not None
                                      and m_end - m_start < best[1] - best[0]):
            best, best_overlap = (m_start, m_end, actor_id), overlap
    return best[2] if best else None


def link_participants(index: dict[int, list[tuple[int, int, int]]], participants: dict[int, list[Row]],
                      doc_of: dict[int, int]) -> tuple[dict[int, list[tuple[str, int]]], list[tuple[int | None, int]]]:
    """(role, actor id) of each mention's participants, and (actor id, participant pk) for the store."""
    linked: dict[int, list[tuple[str, int]]] = {}
    updates = []
    indexes: dict[int, SpanIndex] = {}  # each document's mentions, indexed once
    for mention_pk, rows in participants.items():
        doc = doc_of[mention_pk]
        if doc not in indexes:
            indexes[doc] = SpanIndex(index.get(doc, []))
        mentions = indexes[doc]
        for row in rows:
            actor_id = actor_at(mentions, row["ref_start"], row["ref_end"])
            if actor_id is None:
                actor_id = actor_at(mentions, row["start"], row["end"])
            updates.append((actor_id, row["pk"]))
            if actor_id is not None:
                linked.setdefault(mention_pk, []).append((row["role"], actor_id))
    return linked, updates


def written_participants(participants: dict[int, list[Row]], participant_actors: list[tuple[int | None, int]]
                         ) -> dict[int, list[tuple[str, int, str]]]:
    """(role, actor id, text as written) of each mention's participants that have a canonical actor."""
    actor_of = {pk: actor_id for actor_id, pk in participant_actors if actor_id is not None}
    return {mention_pk: [(r["role"], actor_of[r["pk"]], r["text"]) for r in rows if r["pk"] in actor_of]
            for mention_pk, rows in participants.items()}


def merge_item(row: Row, linked: list[tuple[str, int]], when: Calendar, story: int | None = None,
               places: dict[int, tuple[str, str | None]] | None = None) -> MergeItem:
    """The mention as merging sees it; an estimated date is its window (precision "about"); `story` its
    document's story; `places` (gazetteer key, country) by actor id, for the countries its participants are or
    belong to."""
    states, affiliations = set(), set()
    for role, actor_id in linked:
        key, country = (places or {}).get(actor_id, ("", None))
        if role != "location" and country:
            (states if key.startswith(("country:", "gov:")) else affiliations).add(country)
    vector = clause_vector(row)
    locations = [a for role, a in linked if role == "location"]
    return MergeItem(
        key=row["pk"], doc=row["doc"], type=row["type"], lemma=row["lemma"],
        actors=frozenset(a for role, a in linked if role == "actor"),
        targets=frozenset(a for role, a in linked if role == "target"),
        location=locations[0] if locations else None,
        date=when.window[0] if when.window else when.date, date_end=when.window[1] if when.window else when.date_end,
        precision=when.precision, status=row["status"], mode=row["mode"], story=story, states=frozenset(states),
        affiliations=frozenset(affiliations), nominal=bool(row["nominal"]), vector=vector)


def _sides(actors: list[int], targets: list[int]) -> tuple[list[int], list[int]]:
    """The event's actors and targets, most frequent first; a party named on both sides is on the side its
    mentions put it on more often, the actor's on a tie ("Russia's invasion of Ukraine" in a hundred reports and
    "Ukraine fights back" in three: Ukraine is a target)."""
    as_actor, as_target = Counter(actors), Counter(targets)
    return ([a for a in _by_count(actors) if as_actor[a] >= as_target[a]],
            [a for a in _by_count(targets) if as_target[a] > as_actor[a]])


def _by_count(values: list) -> list:
    """Distinct values, most frequent first (first seen on a tie)."""
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], values.index(v)))


# An estimated day needs more than this share of an event's placed mentions to allow it (a judgement: a majority;
# the windows of reports of one happening overlap, those of background mentions spread over weeks do not).
ESTIMATE_QUORUM = 0.5
# ... once an event has this many placed mentions: a handful cannot show reports spread over weeks, and a small
# event's estimated day is the best there is (on the SemEval-2015 timelines, applying the quorum to every event
# undated a fifth of the right months: date within the month 0.79 -> 0.66).
QUORUM_MENTIONS = 10


def event_date(calendars: list[Calendar]) -> Calendar:
    """An event's date from its mentions': the date the text most supports.

    Each mention's date is a candidate (an estimated one as its likely day, without its window: the window is the
    mention's uncertainty, not the event's). A candidate is supported by every date the text gives (not an
    estimate) whose period holds it: a day is held by its month, its week and its year; a month only by that month
    or its year. The best supported candidate wins, the more precise on a tie (a day the text names, then an
    estimated day, then a week, a month, a year), then the more often given, then the earlier. So 159 mentions of
    "in February" outweigh one stray "March 1", "on February 24" wins over "in February" when both are said, and a
    day the text names is never outvoted by estimates, which are priors, not evidence. Once the text dates
    QUORUM_MENTIONS mentions, a day or week only one of them names is no candidate: 34 reports of "in February" and
    one "on Feb. 14" (a slip for the 24th) date their event to February, not to the 14th.

    In an event of at least QUORUM_MENTIONS mentions, an estimated day stands only when more than ESTIMATE_QUORUM of
    the mentions placed at all (their windows included; a mention that only names its event,
    storyline.events.when.named_only, counts but supports nothing) allow it. Reports that never say when, spread
    over weeks or mostly naming the event ("Russia's invasion of Ukraine" in a hundred April articles), are about
    something older or ongoing, not about an event of their publication days, and the event stays undated."""
    candidates = Counter(_candidate(c) for c in calendars if c.date)
    if not candidates:
        return Calendar(None, None, None)
    allowed = [(c, span) for c in calendars if (span := _allowed_days(c)) is not None]
    given = [span for c, span in allowed if c.date and c.precision != ESTIMATED]
    dated = [span for c, span in allowed if c.date]
    placed = len(allowed)

    if len(given) >= QUORUM_MENTIONS:  # one stray day or week among many dates: not enough to date the event to it
        candidates = Counter({c: n for c, n in candidates.items()
                              if n > 1 or c.precision not in ("day", "week")}) or candidates
    best = min(candidates, key=lambda c: (-_support(c, given), PRECISION_RANK.get(c.precision, UNKNOWN_RANK),
                                          -candidates[c], c.date))
    quorum = placed >= QUORUM_MENTIONS
    if best.precision == ESTIMATED and quorum and _support(best, dated) <= ESTIMATE_QUORUM * placed:
        return Calendar(None, None, None)
    return best


def _support(candidate: Calendar, spans: list[tuple[date, date]]) -> int:
    """How many of the spans hold the candidate's days."""
    first, last = _allowed_days(candidate) or (date.max, date.max)
    return sum(1 for low, high in spans if low <= first and last <= high)


def _candidate(calendar: Calendar) -> Calendar:
    """A mention's date as a candidate for its event's: an estimated date is its likely day."""
    return Calendar(calendar.date, None, ESTIMATED) if calendar.precision == ESTIMATED else calendar


def _allowed_days(calendar: Calendar) -> tuple[date, date] | None:
    """The first and last day a mention's date allows: its period, or an estimated date's window."""
    if calendar.precision == ESTIMATED and calendar.window:
        return date.fromisoformat(calendar.window[0]), date.fromisoformat(calendar.window[1])
    if calendar.date is None:
        return None
    first = date.fromisoformat(calendar.date)
    last = date.fromisoformat(calendar.date_end) if calendar.date_end else first
    return widen((first, last), calendar.precision)


def event_record(members: list[Row], linked: dict[int, list[tuple[str, int]]],
                 calendars: dict[int, Calendar], groups: dict[str, str], outlets: dict[str, str | None],
                 names: dict[int, tuple[str, str]],
                 spoken: dict[int, list[tuple[str, int, str]]] | None = None,
                 vectors: dict[int, np.ndarray | None] | None = None) -> dict:
    """One event from its mentions: majority type and mode, the newest report's status, the most precise date,
    participants by frequency, a summary (its most central mention's gist, else the template; `spoken`: per
    mention, its linked participants as written; `vectors`: the mentions' decoded clause vectors by pk), whether it
    is in the story, and the independent sources."""
    types = _by_count([m["type"] for m in members])
    modes = _by_count([m["mode"] for m in members if m["mode"]])
    newest = sorted(members, key=lambda m: (-_day_number(m["published"]), STATUS_RANK.get(m["status"], 9)))
    when = event_date([calendars[m["pk"]] for m in members])
    roles: dict[str, list[int]] = defaultdict(list)
    for m in members:
        for role, actor_id in linked.get(m["pk"], []):
            roles[role].append(actor_id)
    actors, targets = _sides(roles["actor"], roles["target"])
    locations = _by_count(roles["location"])
    record = {
        "type": types[0], "mode": modes[0] if modes else None, "status": newest[0]["status"],
        "date": when.date, "date_end": when.date_end, "date_precision": when.precision,
        "actors": actors, "targets": targets, "location": locations[0] if locations else None,
        "mentions": len(members),
        "sources": independent_sources([m["doc"] for m in members], groups),
        "outlets": len({(outlets.get(m["doc"]) or m["doc"]).strip().lower() for m in members}),
    }
    gist = gist_summary(record, members, spoken or {}, names, vectors)
    record["summary"] = gist or summarize(record, names, members[0]["text"])
    record["in_story"] = in_story(record, members, linked, told=gist is not None)
    return record


def _day_number(published: str | None) -> int:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return 0


@dataclass(frozen=True)
class PlaceTest:
    """Whether two place actors can be the place of one event: the same place, or a country and a place in it
    ("in Kyiv" / "in Ukraine"). `places`: (gazetteer key, country) by actor id. A dataclass, not a closure, so
    that it pickles with the blocks it travels with (storyline.events.merge.BlockTask)."""

    places: dict[int, tuple[str, str | None]]

    def __call__(self, a: Hashable, b: Hashable) -> bool:
        if a == b:
            return True
        (key_a, country_a), (key_b, country_b) = self.places.get(a, ("", None)), self.places.get(b, ("", None))
        if country_a is None or country_a != country_b:
            return False
        return key_a.startswith("country:") or key_b.startswith("country:")


@dataclass
class EventSnapshot:
    """What the events step reads: the newest event mentions and their participants, the documents (for stories
    and outlets), the canonical actors' mention spans, places and names, the ids mention keys had before, and the
    copy clusters (document id -> its cluster's original)."""

    mentions: list[Row]
    participants: dict[int, list[Row]]
    documents: list[Row]
    actor_spans: dict[int, list[tuple[int, int, int]]]
    places: dict[int, tuple[str, str | None]]
    names: dict[int, tuple[str, str]]
    known: dict[str, int]
    actor_documents: dict[int, int]  # how many documents mention each actor (its prominence)
    embedder: str = "spacy"  # the run's setting `embedder`: whose clause vectors these are (merge parameters)
    copies: dict[str, str] = field(default_factory=dict)


def run_embedder(store: Store, run_id: int) -> str:
    """The clause embedder the run was started with ("spacy" for runs from before the setting, or unknown)."""
    request = store.run_request(run_id)
    return str(request[0].get("embedder", "spacy")) if request else "spacy"


def read_events(store: Store, run_id: int) -> EventSnapshot:
    return EventSnapshot(store.latest_event_mentions(), store.latest_event_participants(),
                         list(store.latest_documents()), store.actor_mention_spans(), store.actor_places(),
                         store.actor_names(), store.known_keys("event"), store.actor_document_counts(),
                         run_embedder(store, run_id), store.copy_map())


def document_stories(documents: list[Row], actor_spans: dict[int, list[tuple[int, int, int]]],
                     mapper: Mapper = map) -> dict[str, int]:
    """Document id -> its story's number (storyline.events.stories), from its text, the canonical actors it
    names and its publication day; each text's content terms computed through `mapper`, in chunks."""
    terms = map_chunked(mapper, content_terms, [d["text"] or "" for d in documents])
    docs = [StoryDoc(d["id"], d["text"] or "", frozenset(a for _s, _e, a in actor_spans.get(d["pk"], [])),
                     _day_number(d["published"]) or None, found) for d, found in zip(documents, terms, strict=True)]
    return {doc_id: n for n, members in enumerate(cluster_stories(docs)) for doc_id in members}


def compute_events(snapshot: EventSnapshot, mapper: Mapper = map) -> EventResults:
    """Link participants to actors, merge mentions into events and build each event's record; `mapper` clusters
    the merge blocks (storyline.events.merge.cluster_events)."""
    rows = snapshot.mentions
    groups = snapshot.copies
    outlets = {d["id"]: d["source"] for d in snapshot.documents}
    linked, participant_actors = link_participants(snapshot.actor_spans, snapshot.participants,
                                                   {r["pk"]: r["doc_pk"] for r in rows})
    priors = date_priors(rows)
    calendars = {r["pk"]: mention_calendar(r, priors) for r in rows}
    stories = document_stories(snapshot.documents, snapshot.actor_spans, mapper)
    items = [merge_item(r, linked.get(r["pk"], []), calendars[r["pk"]], stories.get(r["doc"]), snapshot.places)
             for r in rows]
    by_pk = {r["pk"]: r for r in rows}
    found = cluster_events(items, params_for(snapshot.embedder), same_place=PlaceTest(snapshot.places),
                           mapper=mapper)
    clusters = [[by_pk[k] for k in cluster] for cluster in found]
    keys = [[f"{m['doc']}:{m['start']}:{m['end']}" for m in members] for members in clusters]
    ids, remembered = assign_ids(snapshot.known, keys)
    spoken = written_participants(snapshot.participants, participant_actors)
    vectors = {item.key: item.vector for item in items}
    events = [{"id": event_id, **event_record(members, linked, calendars, groups, outlets, snapshot.names, spoken,
                                              vectors)}
              for event_id, members in zip(ids, clusters, strict=True)]
    evidence = [salience_evidence(event, members) for event, members in zip(events, clusters, strict=True)]
    for event, value in zip(events, saliences(evidence, snapshot.actor_documents, len(snapshot.documents)),
                            strict=True):
        event["salience"] = value
    return EventResults(events, [[m["pk"] for m in members] for members in clusters], participant_actors,
                        remembered)


def salience_evidence(event: dict, members: list[Row]) -> EventEvidence:
    """What an event's salience is computed from: its sources and articles, the days it was reported on, who takes
    part, its status and the precision of its date."""
    days = {(m["published"] or "")[:10] for m in members} - {""}
    return EventEvidence(event["sources"], event["outlets"], len(days),
                         [*event["actors"], *event["targets"]], event["status"], event["date_precision"])


def write_events(store: Store, run_id: int, results: EventResults) -> dict[str, int]:
    store.replace_events(run_id, results)
    return {"events": len(results.events), "event mentions": sum(map(len, results.members))}


STEP = CorpusStep("events", ("event_mentions", "actor_mentions"), read_events, compute_events, write_events,
                  "merge event mentions across documents into events with independent sources", parallel=True)
