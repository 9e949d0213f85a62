"""Claim reports: each place an article reports an assertion, with who makes it and whether it asserts or denies.

A claim is what a claimant asserts; a report is one article's words for it. Reports come from two findings:

- **Quotes** (storyline.quotes): the speaker's words, direct or reported, are a claim by the speaker (its canonical
  actor when the speakers step linked one, else the speaker as written: "a senior official"). A direct quote that
  stands inside reported speech with the same cue ("told RIA that this was "not true"") is one report, the outer.
  A quote that holds an event mention is about that event.
- **Event mentions** (storyline.events) that someone other than the article vouches for or that deny: a mention
  with a reporter ("according to the Kremlin", "officials said Russia sent ...") is a claim by the reporter; a
  mention whose status is denied ("denied reports that Moscow had sent ...") denies the event, by its reporter or
  else by the outlet. A negated mention ("would not have invaded", "had not expected the war") is no claim: most
  are counterfactuals, plans not made or expectations, and taking them as denials of the event made nine false
  contradictions in ten on a February 2022 slice. Mentions inside a quote are the quote's report, not a second
  one. Every other event mention is the outlet's own
  account: it stays an event (with its sources) rather than becoming a claim, or the claims list would repeat the
  timeline.

Polarity: a report denies when its cue is a denial verb (lexicons/claims/denial_cues.txt: "denied that ...",
"rejected claims that ..."), when its event mention's status is denied and the denial verb stands before the clause
with no other reporting verb between them ("Kiev denies the allegations and claims that Russia shelled the plant":
the shelling is claimed), or when it is a short refutation ("not true", "groundless": lexicons/claims/refutations.txt)
that points back at a claim ("called the reports “fake”", "this was “not true”": lexicons/claims/references.txt;
"called the move “absurd”" refutes no claim); otherwise it asserts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.lexicon_files import words
from storyline.store import Row

REFUTATIONS = words("claims/refutations")
DENIAL_CUES = words("claims/denial_cues")
REFERENCES = words("claims/references")
NEGATIONS = words("claims/negations")
# Verbs that start a clause of their own between a denial and what follows it: in "Kiev denies the allegations and
# claims that Russia shelled the plant", the shelling is claimed, not denied.
INTERVENING_VERBS = words("reporting_verbs") | words("events/alleging_verbs")
CLAUSE_JOINERS = frozenset({"and", "but", "while", "yet"})
REFUTATION_MAX_WORDS = 8  # a refutation is short: "this was not true", "that is fake news"
# Before a refutation "that" is mostly the conjunction ("claims that the allies failed ... were false"): it points
# back only when it opens the refutation ("That is not correct").
OPENING_ONLY = frozenset({"that"})
REFERENCE_REACH = 80  # characters before a refutation, within its sentence, where its "the claim" / "this" stands
DENIAL_REACH = 200  # characters before a denied clause where its denial verb stands
DENYING_STATUSES = {"denied": "denial"}
LEFT_OUT_STATUSES = frozenset({"negated"})
UNATTRIBUTED = "the article"  # the claimant of what an article with no outlet asserts itself
SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]\s+(?=[A-Z\"“‘'])")  # a sentence ends: not in "U.S. and"
WORD = re.compile(r"[\w’']+")


@dataclass(frozen=True)
class Report:
    """One article's words for a claim: `text == document.text[start:end]`."""

    key: str  # "doc:start:end": stable across runs, for the claim's id
    doc: str
    doc_pk: int
    start: int
    end: int
    text: str
    kind: str  # quote (direct words) | reported (reported speech) | event (an attributed or denied event mention)
    claimant_id: int | None
    claimant_text: str  # the claimant as written; the outlet when the article itself asserts it
    polarity: str  # asserts | denies
    why: str | None  # for a denial: "denial" (a denial cue or a denied event), "refutation" (a short "not true")
    date: str | None
    outlet: str | None
    cue: str | None = None
    quote_pk: int | None = None
    mention_pk: int | None = None
    event_id: int | None = None

    @property
    def claimant_key(self) -> str:
        """Who makes it, for grouping: the actor when known, else the claimant as written."""
        return f"e{self.claimant_id}" if self.claimant_id is not None else f"t:{fold(self.claimant_text)}"


def fold(text: str) -> str:
    """Lower-case words of `text` after Unicode NFKC, one space apart: "Not true." and "not  true" are alike."""
    return " ".join(WORD.findall(unicodedata.normalize("NFKC", text).lower().replace("’", "'")))


def content_words(text: str) -> frozenset[str]:
    """The words of `text` that carry content: no stop words, no one-letter words, a plural -s dropped."""
    found = set()
    for word in fold(text).split():
        if word in STOP_WORDS or len(word) < 2:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(found)


def _inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb lemma: deny -> denied, denies, denying."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        forms.add(lemma + "es")
    return forms


DENIAL_FORMS = frozenset(form for lemma in DENIAL_CUES for form in _inflections(lemma))
INTERVENING_FORMS = frozenset(form for lemma in INTERVENING_VERBS for form in _inflections(lemma))


def is_denial_cue(cue: str | None) -> bool:
    """Whether a quote's cue denies what it reports ("denied", "rejected claims")."""
    return bool(cue) and any(word in DENIAL_FORMS for word in fold(cue).split())


def is_refutation(text: str) -> bool:
    """Whether `text` is a short refutation: "not true", "this was fake news", "ravings and nonsense". The refuting
    words end it: in "a false pretext" they describe something else."""
    folded = fold(text)
    if not folded or len(folded.split()) > REFUTATION_MAX_WORDS:
        return False
    return any(f" {folded}".endswith(f" {phrase}") for phrase in REFUTATIONS)


def refers_back(before: str, text: str) -> bool:
    """Whether a refutation points at a claim: a reference ("the claim", "such reports", "this") stands in its
    sentence just before it (`before`: the document's text up to it) or opens it."""
    sentence = SENTENCE_END.split(before[-REFERENCE_REACH:])[-1]
    words_before = f" {fold(sentence)} "
    opening = fold(text).split()[:2]
    before_refs = REFERENCES - OPENING_ONLY
    return any(f" {ref} " in words_before for ref in before_refs) or any(w in REFERENCES for w in opening)


def is_negative(text: str) -> bool:
    """Whether a claim's words say something is not so ("were not sold", "never targets", "denied ...")."""
    return any(w in NEGATIONS or w.endswith("n't") or w in DENIAL_FORMS for w in fold(text).split())


def denial_reaches(before: str, cue: str | None) -> bool:
    """Whether the denial verb `cue` stands before a denied clause (`before`: the text up to the clause) with no
    other reporting or accusing verb joined to it in between ("denies X and claims that ..."; "denied reports that
    ..." is one denial: there "reports" is what is denied)."""
    if not cue:
        return False
    window = before[-DENIAL_REACH:]
    at = window.lower().rfind(cue.lower())
    if at < 0:
        return False
    between = fold(window[at + len(cue):]).split()
    return not any(joiner in CLAUSE_JOINERS and verb in INTERVENING_FORMS for joiner, verb in pairwise(between))


def quote_reports(quotes: Iterable[Row], mentions_by_doc: Mapping[int, list[Row]],
                  texts: Mapping[int, str]) -> list[Report]:
    """A report for every quote, less direct quotes inside reported speech with the same cue; each is tied to the
    first event mention its words hold. `texts`: each document's text by pk (for what stands before a quote)."""
    by_doc: dict[int, list[Row]] = {}
    for quote in quotes:
        by_doc.setdefault(quote["doc_pk"], []).append(quote)
    reports = []
    for doc_pk, rows in by_doc.items():
        outer = [q for q in rows if q["kind"] != "direct"]
        for quote in rows:
            if quote["kind"] == "direct" and any(_inside(quote, o) and o["cue_start"] == quote["cue_start"]
                                                 for o in outer):
                continue
            before = texts.get(doc_pk, "")[:quote["start"]]
            reports.append(_quote_report(quote, mentions_by_doc.get(doc_pk, []), before))
    return reports


def _inside(inner: Row, outer: Row) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"] and inner is not outer


def _quote_report(quote: Row, mentions: list[Row], before: str) -> Report:
    written = quote["resolved_text"] if quote["named"] and quote["resolved_text"] else quote["speaker_text"]
    refutes = is_refutation(quote["text"]) and refers_back(before, quote["text"])
    denies = is_denial_cue(quote["cue"])
    held = [m for m in mentions if quote["start"] <= m["start"] < quote["end"] and m["event_id"] is not None]
    return Report(
        key=f"{quote['doc']}:{quote['start']}:{quote['end']}", doc=quote["doc"], doc_pk=quote["doc_pk"],
        start=quote["start"], end=quote["end"], text=quote["text"],
        kind="quote" if quote["kind"] == "direct" else "reported",
        claimant_id=quote["speaker_id"], claimant_text=written or quote["source"] or UNATTRIBUTED,
        polarity="denies" if refutes or denies else "asserts",
        why="refutation" if refutes else ("denial" if denies else None),
        date=(quote["date"] or quote["published"] or None), outlet=quote["source"], cue=quote["cue"],
        quote_pk=quote["pk"], event_id=held[0]["event_id"] if held else None)


def event_reports(mentions: Iterable[Row], reporters: Mapping[int, Row], texts: Mapping[int, str],
                  quoted: Mapping[int, list[tuple[int, int]]]) -> list[Report]:
    """A report for every event mention that is attributed (it has a reporter) or denied; negated mentions and
    mentions inside a quote (`quoted`: doc pk -> quote spans, left to the quote) are none."""
    reports = []
    for mention in mentions:
        if mention["event_id"] is None or mention["status"] in LEFT_OUT_STATUSES:
            continue
        if any(start <= mention["start"] < end for start, end in quoted.get(mention["doc_pk"], [])):
            continue
        reporter = reporters.get(mention["pk"])
        why = DENYING_STATUSES.get(mention["status"])
        if reporter is None and why is None:
            continue
        start, end = mention["clause_start"], mention["clause_end"]
        document = texts[mention["doc_pk"]]
        if why == "denial" and not denial_reaches(document[:start], mention["cue"]):
            continue  # the parse hung the clause under the denial, the words do not: "denies X and claims that Y"
        text = document[start:end]
        reports.append(Report(
            key=f"{mention['doc']}:{start}:{end}", doc=mention["doc"], doc_pk=mention["doc_pk"], start=start, end=end,
            text=text, kind="event",
            claimant_id=reporter["actor_id"] if reporter is not None else None,
            claimant_text=(reporter["text"] if reporter is not None else mention["source"]) or UNATTRIBUTED,
            polarity="denies" if why else "asserts", why=why,
            date=mention["date"] or mention["published"], outlet=mention["source"], cue=mention["cue"],
            mention_pk=mention["pk"], event_id=mention["event_id"]))
    return _one_per_span(reports)


def _one_per_span(reports: list[Report]) -> list[Report]:
    """Two mentions of one clause ("sent ... a written response") are one report: the first, denials first."""
    seen: dict[str, Report] = {}
    for report in sorted(reports, key=lambda r: (r.key, r.polarity != "denies", r.mention_pk or 0)):
        seen.setdefault(report.key, report)
    return list(seen.values())
