"""One claim, many reports: the reports of one assertion by one claimant, across articles, are one claim.

"The fight is here; I need ammunition, not a ride", reported by many articles, is one claim with every report.
Reports join when:

- **the same words**: two quotes whose folded words are equal, or where the shorter (at least `MIN_CONTAINED`
  words) stands whole inside the longer (outlets cut quotes), and whose speakers do not differ (both linked to
  actors and the actors differ: a denial repeated by the other side is two claims) nor their polarity. Quotes
  shorter than that ("not true", "very disturbing") join only on equal words and the same speaker actor;
- **the same reported content by the same speaker**: reported speech (or a quote) of one speaker actor whose
  content words overlap by at least `SAME_CONTENT` (Jaccard) with at least `MIN_SHARED` words in common: "Putin
  said Moscow would study the U.S. response" and "Putin said Moscow will study the response of the U.S.";
- **the same event, side and claimant**: attributed event mentions of one event, with one polarity, by one
  claimant.

Candidate pairs come from an index of word shingles and of (speaker, content word), so the work grows with the
number of reports, not its square. A speaker's content word used in more than `MAX_POSTING` of their reports
("Ukraine" for Zelensky) finds no candidates; a quote shingle may be shared by up to `MAX_QUOTED` reports (a
famous line reported by hundreds of outlets).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from storyline.claims.reports import Report, content_words, fold

MIN_CONTAINED = 5  # words a quote needs to be matched inside a longer one
SHINGLE = 5
SAME_CONTENT = 0.5
MIN_SHARED = 4
MAX_POSTING = 60
MAX_QUOTED = 400


class _Claims:
    """Union-find over reports that never puts two speaker actors in one claim: a join that would (through a report
    with no speaker actor between them: "Why does he keep talking about it?" given to Biden by one article, to
    nobody by a second and to Putin by a third) is refused, so the first join wins."""

    def __init__(self, reports: list[Report]) -> None:
        self.parent = list(range(len(reports)))
        self.speakers: list[set[int]] = [{r.claimant_id} if r.claimant_id is not None else set() for r in reports]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (self.speakers[ra] and self.speakers[rb] and self.speakers[ra] != self.speakers[rb]):
            return
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.speakers[keep] |= self.speakers[gone]


def group_reports(reports: list[Report]) -> list[list[Report]]:
    """The reports of each claim, claims in order of their first report, reports in input order."""
    union = _Claims(reports)
    quotes = [i for i, r in enumerate(reports) if r.kind != "event"]
    _join_same_words(reports, quotes, union)
    _join_same_content(reports, quotes, union)
    _join_same_event(reports, union)
    groups: dict[int, list[Report]] = defaultdict(list)
    for i, report in enumerate(reports):
        groups[union.find(i)].append(report)
    return [groups[root] for root in sorted(groups)]


def _speakers_differ(a: Report, b: Report) -> bool:
    """Whether two reports cannot be one claim: both speakers are known actors and differ, or one denies what the
    other asserts ("Russia has for years denied that it had forces there" holds Russia's denial)."""
    return (a.claimant_id is not None and b.claimant_id is not None and a.claimant_id != b.claimant_id) \
        or a.polarity != b.polarity


def _shingles(words: list[str]) -> set[str]:
    if len(words) <= SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[k:k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)}


def _join_same_words(reports: list[Report], members: list[int], union: _Claims) -> None:
    folded = {i: fold(reports[i].text) for i in members}
    exact: dict[str, list[int]] = defaultdict(list)
    postings: dict[str, list[int]] = defaultdict(list)
    for i in members:
        exact[folded[i]].append(i)
        words = folded[i].split()
        if len(words) >= MIN_CONTAINED:
            for shingle in _shingles(words):
                postings[shingle].append(i)
    for same in exact.values():
        for a, b in pairwise(same):
            short = len(folded[a].split()) < MIN_CONTAINED
            if (short and reports[a].claimant_id is not None and reports[a].claimant_id == reports[b].claimant_id) \
                    or (not short and not _speakers_differ(reports[a], reports[b])):
                union.union(a, b)
    for a, b in _candidate_pairs(postings.values(), MAX_QUOTED):
        shorter, longer = sorted((a, b), key=lambda i: len(folded[i]))
        if f" {folded[shorter]} " in f" {folded[longer]} " and not _speakers_differ(reports[a], reports[b]):
            union.union(a, b)


def _join_same_content(reports: list[Report], members: list[int], union: _Claims) -> None:
    content = {i: content_words(reports[i].text) for i in members if reports[i].claimant_id is not None}
    postings: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for i, found in content.items():
        for word in found:
            postings[(reports[i].claimant_id, word)].append(i)
    for a, b in _candidate_pairs(postings.values(), MAX_POSTING):
        shared = len(content[a] & content[b])
        if shared >= MIN_SHARED and shared / len(content[a] | content[b]) >= SAME_CONTENT \
                and reports[a].polarity == reports[b].polarity:
            union.union(a, b)


def _join_same_event(reports: list[Report], union: _Claims) -> None:
    first: dict[tuple[int, str, str], int] = {}
    for i, report in enumerate(reports):
        if report.kind == "event" and report.event_id is not None:
            key = (report.event_id, report.polarity, report.claimant_key)
            union.union(first.setdefault(key, i), i)


def _candidate_pairs(postings: Iterable[list[int]], most: int) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for posting in postings:
        if len(posting) < 2 or len(posting) > most:
            continue
        for x, a in enumerate(posting):
            for b in posting[x + 1:]:
                if a != b:
                    pairs.add((min(a, b), max(a, b)))
    return pairs
