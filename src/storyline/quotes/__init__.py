"""Quotes: who said what, in their own words (direct) and as reported speech (indirect).

    find_quotes(parsed, published) -> list[Quote]

reads one parsed document: quotation marks are paired into regions (`marks`), each region is kept as a
quotation or dropped as a scare quote or title and attributed to a cue (`direct`), reporting verbs and
"according to" give reported speech (`reported`), a speaker's label and a colon give the turns of transcripts and
round-ups (`turns`), dashes give the direct speech of European copy (`dashes`), every cue's speaker is resolved
in reading order to the name, earlier speaker or description it refers to (`speakers`; an "I" beside a named
speaker's quote is that speaker: `_first_person`), and each quote gets the
cue's date and medium (`context`). Rules on the spaCy dependency parse and general word lists (`lexicon`); no
names, no corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from storyline.lexicon_files import words
from storyline.model import Quote
from storyline.quotes.context import CueContext, cue_context, paragraph
from storyline.quotes.dashes import find_dash_speech
from storyline.quotes.direct import Attribution, RegionReader, trim_direct
from storyline.quotes.marks import find_regions
from storyline.quotes.reported import Report, ReportReader
from storyline.quotes.speakers import Resolver, Speaker
from storyline.quotes.turns import colon_token, find_turns, label_head
from storyline.timex import Timex, tag

FIRST_PERSON_SINGULAR = words("quotes/first_person_singular")
FIRST_PERSON_SENTENCES = 4  # sentences back to the direct quote whose speaker an "I" in its paragraph is
LEDE_SENTENCES = 2  # a description in the first sentences may name someone only later ("a councillor warned")
NO_CONTEXT = CueContext(None, None, None, None)


@dataclass
class Found:
    """A quote found, before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: Token | None
    cue_text: str | None
    speaker_head: Token | None
    order: int
    how: str = "cue"  # cue | continued | unattributed
    speaker: Speaker | None = None
    context: CueContext = NO_CONTEXT
    label: bool = False  # the speaker is a transcript's label for a person ("FUHRMANN:")


def _sentence_index(doc: Doc, sentences: list[Span]) -> list[int]:
    """Token index -> number of its sentence (filled sentence by sentence: no Token objects are made)."""
    index = [0] * len(doc)
    for number, sentence in enumerate(sentences):
        index[sentence.start:sentence.end] = [number] * len(sentence)
    return index


def _from_direct(attribution: Attribution, reader: RegionReader) -> Found:
    cue = attribution.cue
    tokens = reader.tokens(attribution.start, attribution.end)
    order = cue.i if cue is not None else (tokens[0].i if tokens else 0)
    how = attribution.how if attribution.how in ("continued", "unattributed") else "cue"
    return Found(attribution.start, attribution.end, "direct", cue, cue.text if cue is not None else None,
                 attribution.speaker, order, how)


def _from_report(report: Report) -> Found:
    return Found(report.start, report.end, report.kind, report.cue, report.cue_text, report.speaker, report.cue.i)


def _direct(reader: RegionReader) -> list[Found]:
    """Every quoted region that is a quotation, with how it is attributed."""
    found, previous = [], None
    for region in reader.regions:
        attribution = reader.attribute(region, previous)
        if attribution is not None:
            found.append(_from_direct(attribution, reader))
            content = reader.dangling_content(attribution)
            if content is not None:
                cue = attribution.cue
                found.append(Found(*content, "indirect", cue, cue.text, attribution.speaker, cue.i))
            previous = attribution
    return found


def _fragments_in_reports(direct: list[Found], reports: list[Found], reader: RegionReader) -> list[Found]:
    """"Her office said fighting went on, with troops “shelling the town”": a quoted fragment that no cue took
    (the parser hung it under a verb between it and the cue) but that lies inside reported speech is the words of
    that speech's speaker, quoted, so a direct quote with the report's cue (scare quotes and titles excepted)."""
    added = []
    for region in reader.regions:
        start, end = trim_direct(reader.text, region.start, region.end)
        if end <= start or any(f.start < end and start < f.end for f in direct):
            continue
        host = next((r for r in reports if r.kind == "indirect" and r.start <= start and end <= r.end), None)
        tokens = [t for t in reader.tokens(region.start, region.end) if not t.is_space]
        if host is None or host.speaker_head is None or not tokens or reader.scare(region):
            continue
        if reader.quotation(tokens, host.cue, host.speaker_head):
            added.append(Found(start, end, "direct", host.cue, host.cue_text, host.speaker_head, host.order))
    return added


def _turns(found: list[Found], parsed: Doc, text: str) -> list[Found]:
    """Turns introduced by a speaker's label and a colon (`turns`). A turn gives its label as the speaker of a
    direct quote it holds that had no cue of its own; a turn that no direct quote covers is a direct quote."""
    added = []
    for turn in find_turns(parsed, text):
        colon = colon_token(parsed, turn)
        if colon is None:
            continue
        head = label_head(parsed, turn)
        named = turn.role is None  # a name, not "Q" or "A"
        direct = [f for f in found if f.kind == "direct" and f.start < turn.end and turn.start < f.end]
        for item in direct:
            if item.cue is None and item.how in ("unattributed", "continued"):
                item.cue, item.cue_text, item.speaker_head, item.how = colon, ":", head, "cue"
                item.label = named
        if not direct:
            added.append(Found(turn.start, turn.end, "direct", colon, ":", head, colon.i, label=named))
    return found + added


def _dash_speech(found: list[Found], parsed: Doc, text: str) -> list[Found]:
    """Direct speech between dashes (`dashes`). Words another rule already took with the same cue become direct
    with the dash line's span (reported speech found without first-person words is still the speaker's own);
    words no rule took are added."""
    added = []
    for speech in find_dash_speech(parsed, text):
        touching = [f for f in found if f.start < speech.end and speech.start < f.end]
        same_cue = [f for f in touching if f.cue is not None and f.cue.i == speech.cue.i]
        for item in same_cue:
            item.kind, item.start, item.end = "direct", speech.start, speech.end
            if item.speaker_head is None:
                item.speaker_head = speech.speaker
        if not touching:
            added.append(Found(speech.start, speech.end, "direct", speech.cue, speech.cue.text, speech.speaker,
                               speech.cue.i))
    return found + added


def _source(item: Found, last: Found | None, latest: Found | None, sentence_of: list[int]) -> Found | None:
    """The earlier quote whose speaker a cueless quote continues: the last direct quote for a continued one; for a
    quoted sentence standing alone, the last quote of either kind if it is at most two sentences back."""
    if item.how == "continued":
        return last
    if item.how == "unattributed" and latest is not None and latest.speaker is not None and (
            sentence_of[item.order] - sentence_of[latest.order] <= 2):
        return latest
    return None


def _said(found: list[Found]) -> dict[int, tuple[int, int]]:
    """Cue token -> the characters from the first to the last word said with that cue. ("According to him" is
    left out when resolving: "him" there does not govern the words, so a name in them may be his.)"""
    spans: dict[int, tuple[int, int]] = {}
    for item in found:
        if item.cue is not None:
            start, end = spans.get(item.cue.i, (item.start, item.end))
            spans[item.cue.i] = (min(start, item.start), max(end, item.end))
    return spans


def _resolve(found: list[Found], doc: Doc, sentence_of: list[int], reader: RegionReader,
             timexes: list[Timex]) -> None:
    """Resolve speakers in reading order; a quote that continues another takes its speaker and context."""
    resolver = Resolver(doc, sentence_of, set(reader.quoted), text=reader.text)
    said = _said(found)
    last: Found | None = None  # the last direct quote
    latest: Found | None = None  # the last quote of either kind
    for item in sorted(found, key=lambda f: (f.order, f.start)):
        source = _source(item, last, latest, sentence_of)
        if source is not None:
            item.speaker, item.context, item.cue_text = source.speaker, source.context, None
            if source.speaker is not None:
                resolver.remember(source.speaker, item.order)
        else:
            said_here = said.get(item.cue.i) if item.cue is not None and item.cue.lower_ != "according" else None
            item.speaker = resolver.resolve(item.speaker_head, label=item.label, said=said_here)
            if item.cue is not None:
                words = set(reader.indices(item.start, item.end))
                item.context = cue_context(item.cue, item.speaker_head, words, timexes)
        if item.kind == "direct":
            last = item
        latest = item


def _lede(found: list[Found], sentence_of: list[int]) -> None:
    """"A councillor has warned ..." then "Andy Kelly told ...": an unresolved singular description in the lede
    is the person named as the speaker of the next attribution."""
    ordered = sorted(found, key=lambda f: f.order)
    for number, item in enumerate(ordered):
        head = item.speaker_head
        if (head is None or sentence_of[head.i] >= LEDE_SENTENCES or item.speaker is None
                or item.speaker.resolved_text or head.pos_ == "PRON" or head.tag_ in ("NNS", "NNPS")
                or item.speaker.kind != "person"):
            continue
        window = [later for later in ordered[number + 1:] if later.speaker_head is not None
                  and sentence_of[later.speaker_head.i] <= sentence_of[head.i] + LEDE_SENTENCES
                  and later.speaker is not None and later.speaker.named and later.speaker.kind == "person"]
        titled = [later for later in window if any(t.lemma_.lower() == head.lemma_.lower()
                                                   for t in later.speaker_head.subtree)]
        if titled or window:
            _rename(found, item.speaker, (titled or window)[0].speaker)


def _first_person(found: list[Found], sentence_of: list[int]) -> None:
    """"The only thing I said was 'calm down'": an "I" that speaks, inside a direct quote or in the paragraph of
    one, is that quote's speaker (a reporter's own "I" stands apart from the people quoted). The enclosing quote
    wins; else the last direct quote with a named speaker before it in its paragraph, at most
    `FIRST_PERSON_SENTENCES` back (a monologue quoted in pieces). Every quote that continues the "I" is renamed
    with it, in reading order, so a later "I" can follow an earlier one."""
    for item in sorted(found, key=lambda f: f.order):
        head = item.speaker_head
        if head is None or not _first_person_head(item) or item.speaker is None or item.speaker.named:
            continue
        direct = [f for f in found if f.speaker is not None and f.speaker.named and (
            f.kind == "direct" or _first_person_head(f))]  # an "I" already renamed speaks on
        enclosing = [f for f in direct if f.start <= head.idx < f.end]
        earlier = [f for f in direct if f.end <= head.idx and paragraph(f.cue or head) == paragraph(head)
                   and sentence_of[head.i] - _last_sentence(f, head.doc, sentence_of) <= FIRST_PERSON_SENTENCES]
        source = enclosing[0] if enclosing else (max(earlier, key=lambda f: f.end) if earlier else None)
        if source is not None and source.speaker is not None:
            _rename(found, item.speaker, source.speaker)


def _first_person_head(item: Found) -> bool:
    return item.speaker_head is not None and item.speaker_head.lower_ in FIRST_PERSON_SINGULAR


def _last_sentence(item: Found, doc: Doc, sentence_of: list[int]) -> int:
    """The number of the sentence a quote's words end in."""
    span = doc.char_span(max(item.start, item.end - 1), item.end, alignment_mode="expand")
    return sentence_of[span[-1].i] if span is not None and len(span) else sentence_of[item.order]


def _rename(found: list[Found], described: Speaker, named: Speaker) -> None:
    """Every quote whose speaker is the description `described` (or refers to it) is `named`'s."""
    for item in found:
        speaker = item.speaker
        span = (described.start, described.end)
        spans = ((speaker.start, speaker.end), (speaker.resolved_start, speaker.resolved_end)) if speaker else ()
        if speaker is not None and span in spans:
            item.speaker = Speaker(speaker.start, speaker.end, speaker.text, named.resolved_start,
                                   named.resolved_end, named.resolved_text, True, "person")


def _same_speaker(a: Found, b: Found) -> bool:
    return a.speaker is not None and b.speaker is not None and a.speaker.name == b.speaker.name


def _drop_nested(found: list[Found]) -> list[Found]:
    """Reported speech nested in reported speech of the same speaker is one attribution: keep one. "According to
    her post, she said that ..." keeps "she said"; "he said that ... who, according to him, ..." keeps "he said"."""
    indirect = [f for f in found if f.kind == "indirect"]
    drop = set()
    for inner in indirect:
        for outer in indirect:
            if inner is outer or (outer.end - outer.start) <= (inner.end - inner.start) or not (
                    outer.start <= inner.start and inner.end <= outer.end and _same_speaker(inner, outer)):
                continue
            keep_inner = outer.cue_text == "according to" and inner.cue_text != "according to"
            drop.add(id(outer) if keep_inner else id(inner))
    return [f for f in found if id(f) not in drop]


def _quote(item: Found, text: str, published: str | None) -> Quote:
    """The finding the store keeps: spans into `text`, the speaker as written and as resolved, date, medium."""
    speaker, context = item.speaker, item.context
    cue = item.cue
    cue_start = cue.idx if cue is not None and item.cue_text else None
    cue_end = cue_start + len(item.cue_text) if cue_start is not None and item.cue_text else None
    if cue_end is not None and text[cue_start:cue_end] != item.cue_text:
        cue_end = cue_start + len(cue.text)
    date_value = context.date or published
    return Quote(
        start=item.start, end=item.end, text=text[item.start:item.end], kind=item.kind, cue=item.cue_text,
        cue_start=cue_start, cue_end=cue_end,
        speaker_start=speaker.start if speaker else None, speaker_end=speaker.end if speaker else None,
        speaker_text=speaker.text if speaker else None,
        resolved_start=speaker.resolved_start if speaker else None,
        resolved_end=speaker.resolved_end if speaker else None,
        resolved_text=speaker.resolved_text if speaker else None, named=bool(speaker and speaker.named),
        date=date_value, date_start=context.date_start, date_end=context.date_end,
        date_source="cue" if context.date else ("document" if published else None), medium=context.medium,
    )


def _anchor(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def find_quotes(parsed: Doc, published: str | None = None, timexes: list[Timex] | None = None,
                text: str | None = None) -> list[Quote]:
    """Every direct and reported quote in a parsed document, with its speaker, date and medium.

    `timexes` are the document's time expressions when the time stage already found them; else they are tagged
    here (only when there is a quote to date). `text` is the text `parsed` was parsed from, when the caller has it."""
    text = parsed.text if text is None else text  # spaCy rebuilds Doc.text on every access: read it at most once
    sentences = list(parsed.sents)
    sentence_of = _sentence_index(parsed, sentences)
    regions = find_regions(text, [s.start_char for s in sentences])
    reader = RegionReader(parsed, regions, sentence_of, text)
    direct = _direct(reader)
    cues = {f.cue.i for f in direct if f.cue is not None}
    reports = [_from_report(r) for r in ReportReader(parsed, reader, cues).reports()]
    found = direct + reports + _fragments_in_reports(direct, reports, reader)
    found = _dash_speech(_turns(found, parsed, text), parsed, text)
    if not found:
        return []
    if timexes is None:
        timexes = tag(text, parsed, _anchor(published))
    _resolve(found, parsed, sentence_of, reader, timexes)
    _lede(found, sentence_of)
    _first_person(found, sentence_of)
    found = _drop_nested(found)
    quotes, seen = [], set()
    for item in sorted(found, key=lambda f: (f.start, f.end)):
        if (item.start, item.end, item.kind) not in seen and item.end > item.start:
            seen.add((item.start, item.end, item.kind))
            quotes.append(_quote(item, text, published))
    return quotes
