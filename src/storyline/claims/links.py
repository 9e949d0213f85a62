"""Agreement and contradiction between claims, each verdict with its reason and its evidence pair.

Two claims are first matched to the same thing, then a rule decides; every rule is in this module:

- **denial** (same event): a claim that denies an event ("a senior Russian diplomat denied reports that Moscow had
  sent Washington a written response") contradicts the claims by other claimants that it happened ("three U.S.
  officials said Russia had sent a written response"), when their words are about the same thing (content-word
  overlap at least `SAME_THING`: event merging can join neighbours a denial does not touch) and the other claim
  does not itself say that something is not so ("drones were not sold by Iran" sides with a denial).
- **refutation** (same article): a short refutation ("this was "not true"") contradicts the nearest claim by
  another claimant reported just before it, within `REFUTATION_REACH` characters.
- **denial** (same article, no event): reported speech with a denial cue ("rejected claims that ...") contradicts
  a claim by another claimant in the same article whose words it repeats.
- **supports**: claims by different claimants that an event happened support each other (at most
  `MAX_SUPPORTS` listed per claim).

A judge (`storyline.claims.stance.StanceJudge`: the rule judge that ships, or an NLI model when one can be
installed) can be given as one more rule over the pairs already matched to one event that both assert: a "disagree"
verdict links them with reason "stance". It is off by default: the rule judge is measured on FNC-1 and Emergent, not
on claim pairs, and its proposals here are unlabelled.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.claims.reports import Report, content_words, is_negative
from storyline.claims.stance import StanceJudge

SAME_THING = 0.4  # overlap coefficient of content words: shared / the smaller claim's words
MIN_SHARED = 2
REFUTATION_REACH = 400
MAX_SUPPORTS = 10
EVIDENCE_CHARS = 160


@dataclass(frozen=True)
class Link:
    """`claim` relates to `other` (indexes into the claims): contradicts | supports, why, and the evidence."""

    claim: int
    other: int
    relation: str
    reason: str
    evidence: str


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1].rstrip() + "…"


def evidence_pair(a: Report, b: Report) -> str:
    """The two reports side by side, as a reader checks them."""
    return f'{a.claimant_text}: "{_short(a.text)}" ({a.doc}) | {b.claimant_text}: "{_short(b.text)}" ({b.doc})'


def same_thing(a: Report, b: Report) -> bool:
    """Whether two reports' words are about the same thing (content-word overlap)."""
    return same_words(a.text, b.text)


def same_words(a: str, b: str, min_shared: int = MIN_SHARED) -> bool:
    """Whether two texts share at least `min_shared` content words and SAME_THING of the shorter one's."""
    wa, wb = content_words(a), content_words(b)
    shared = len(wa & wb)
    return shared >= min_shared and shared / max(1, min(len(wa), len(wb))) >= SAME_THING


def claim_links(claims: Sequence[Sequence[Report]], judge: StanceJudge | None = None) -> list[Link]:
    """Every contradiction and support the rules (and `judge`, when given) find between claims (each group of
    reports is one claim), both directions listed."""
    links: dict[tuple[int, int, str], Link] = {}
    by_document = _by_document(claims)
    for link in [*_event_links(claims, judge), *_refutations(by_document), *_denials_in_article(by_document)]:
        for one in (link, Link(link.other, link.claim, link.relation, link.reason, link.evidence)):
            links.setdefault((one.claim, one.other, one.relation), one)
    return sorted(links.values(), key=lambda x: (x.claim, x.relation, x.other))


def _event_links(claims: Sequence[Sequence[Report]], judge: StanceJudge | None = None) -> list[Link]:
    by_event: dict[int, list[int]] = defaultdict(list)
    for index, reports in enumerate(claims):
        event = reports[0].event_id
        if event is not None:
            by_event[event].append(index)
    found = []
    for members in by_event.values():
        supports: dict[int, int] = defaultdict(int)
        for x, a in enumerate(members):
            for b in members[x + 1:]:
                first_a, first_b = claims[a][0], claims[b][0]
                if first_a.claimant_key == first_b.claimant_key:
                    continue
                if first_a.polarity != first_b.polarity:
                    denier, other = (first_a, first_b) if first_a.polarity == "denies" else (first_b, first_a)
                    if same_thing(first_a, first_b) and not is_negative(other.text):
                        found.append(Link(a, b, "contradicts", denier.why or "denial", evidence_pair(denier, other)))
                elif judge is not None and judge.judge(first_a.text, first_b.text).label == "disagree":
                    found.append(Link(a, b, "contradicts", "stance", evidence_pair(first_a, first_b)))
                elif first_a.polarity == "asserts" and supports[a] < MAX_SUPPORTS and supports[b] < MAX_SUPPORTS:
                    supports[a] += 1
                    supports[b] += 1
                    found.append(Link(a, b, "supports", "same event", evidence_pair(first_a, first_b)))
    return found


def _by_document(claims: Sequence[Sequence[Report]]) -> dict[str, list[tuple[Report, int]]]:
    found: dict[str, list[tuple[Report, int]]] = defaultdict(list)
    for index, reports in enumerate(claims):
        for report in reports:
            found[report.doc].append((report, index))
    for items in found.values():
        items.sort(key=lambda item: (item[0].start, item[0].end))
    return found


def _refutations(by_document: dict[str, list[tuple[Report, int]]]) -> list[Link]:
    found = []
    for items in by_document.values():
        for position, (report, index) in enumerate(items):
            if report.why != "refutation":
                continue
            before = [(r, i) for r, i in items[:position]
                      if r.end <= report.start and report.start - r.end <= REFUTATION_REACH
                      and r.claimant_key != report.claimant_key and r.why != "refutation" and i != index]
            if before:
                target, other = before[-1]
                found.append(Link(index, other, "contradicts", "refutation", evidence_pair(report, target)))
    return found


def _denials_in_article(by_document: dict[str, list[tuple[Report, int]]]) -> list[Link]:
    found = []
    for items in by_document.values():
        for report, index in items:
            if report.why != "denial" or report.kind == "event":
                continue
            for other, other_index in items:
                if other_index != index and other.polarity == "asserts" and not is_negative(other.text) \
                        and other.claimant_key != report.claimant_key and same_thing(report, other):
                    found.append(Link(index, other_index, "contradicts", "denial", evidence_pair(report, other)))
    return found
