"""Score the event extractor against public event-coding gold data (docs/quality.md, "Events").

Two sets, read from ../shared/eval at run time (nothing of them is copied into the repository):

1. **PLOVER gold-standard records** (`plover-gsr/PLOVER_GSR_CAMEO.txt`, JSON with trailing commas): 322 news
   sentences, each coded with one PLOVER 0.5 event, its source and target actors (CAMEO codes). Per sentence we
   parse the text, run the actors stage and `find_events`, and take the sentence's **main event**: the event
   whose trigger is closest to the root of the dependency tree (an event noun at its carrying verb: "went on
   strike"; ties: the first), i.e. the action the sentence
   is about rather than one inside a clause it reports or a phrase it mentions; "said that X must ..." makes
   the saying a demand, so that too is the central event. Its category is `coding.plover` (intent to cooperate is
   AGREE, a threat THREATEN, ...), compared in PLOVER 0.5 categories with the gold `event` (**type accuracy**, a
   sentence without events counts as wrong) and in the current sixteen categories (gold mapped with
   `lexicon.current_type`). **Country agreement**: the gold source (target) codes' first three letters that are
   ISO 3166 alpha-3 codes against the alpha-3 of the countries of the main event's sources (targets), over the
   sentences where both sides have one; agreement when the sets share a code. The lexicon was written while
   reading the even-indexed records (dev); the odd-indexed ones (held-out) were not read, so their figures are
   the honest ones.

2. **PETRARCH2 unit-test records** (`petrarch2-unittests/PETR.UnitTest.records.xml`): stylised sentences about
   fictional actors, each with expected (source, target, CAMEO code) triples or "noevents", used as a
   regression suite. Expected CAMEO codes map to PLOVER through `plover-gsr/CAMEO2PLOVER-2021.txt` (codes the
   table drops, 01 and 02, and the suite's private 9xx codes are not mappable). Figures: **type agreement** (the
   main event's category is one of the expected ones, over records with a mappable code; also "any event"),
   **noevents** records with no event, and **who-to-whom**: our main event's source and target text coded with
   the suite's `PETR.Validate.actors.txt` and `agents.txt` dictionaries (longest name contained, agent code
   appended as PETRARCH does), against the expected triple with the same category (else the first), over the
   records where both are codable: exact code and first-three-letter agreement.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from spacy.language import Language
from spacy.tokens import Doc, Token

from evaluation import shared_dir
from storyline.actors.gazetteer import load_gazetteer
from storyline.events import find_events
from storyline.events.coding import Coded, plover
from storyline.events.extract import depth
from storyline.events.lexicon import current_type, legacy_type
from storyline.events.triggers import carrier_of
from storyline.model import ActorMention, Document, EventMention, Participant
from storyline.stages import actors as actors_stage


def default_eval() -> Path:
    return shared_dir() / "eval"


# -- running the extractor on sentences -------------------------------------------------------------------------
@dataclass
class Reading:
    """What the extractor found in one sentence: its events, the main one and its coding."""

    events: list[EventMention]
    main: EventMention | None
    coded: Coded | None
    mentions: dict[tuple[int, int], ActorMention]
    text: str


def _centrality(token: Token) -> int:
    """How far a trigger stands from the root: an event noun a verb carries stands where its verb stands ("went
    on strike to demand ...": the strike, not the purpose it serves)."""
    carrier = carrier_of(token)
    return depth(carrier if carrier is not None else token)


def main_event(events: Sequence[EventMention], parsed: Doc) -> EventMention | None:
    """The event whose trigger is nearest the root of its sentence's parse (ties: the first)."""
    if not events:
        return None
    heads = {t.idx + len(t.text): t for t in parsed}  # the trigger's head word ends it ("hunger strike")
    return min(events, key=lambda e: (_centrality(heads[e.end]) if e.end in heads else 99, e.start))


def read_sentences(texts: Sequence[str], nlp: Language) -> list[Reading]:
    """Parse each text, run the actors stage and `find_events`; no time expressions (the gold sets code types
    and actors, not dates)."""
    gazetteer = load_gazetteer()
    readings = []
    for text, parsed in zip(texts, nlp.pipe(texts, batch_size=64), strict=True):
        document = Document("sentence", text, "sentence", text=text)
        mentions = actors_stage.compute(document, parsed, gazetteer).mentions
        events = find_events(parsed, mentions)
        main = main_event(events, parsed)
        readings.append(Reading(events, main, plover(main) if main else None,
                                {(m.start, m.end): m for m in mentions}, text))
    return readings


# -- PLOVER gold-standard records ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldRecord:
    index: int
    id: str
    event: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    text: str

    @property
    def split(self) -> str:
        return "dev" if self.index % 2 == 0 else "held-out"


def _codes(side: object) -> tuple[str, ...]:
    if not isinstance(side, list):
        return ()
    return tuple(str(item.get("code", "")) for item in side if isinstance(item, dict) and item.get("code"))


def load_plover_gold(path: Path) -> list[GoldRecord]:
    """The coded sentences of the PLOVER gold-standard file (its DOCUMENT header left out)."""
    raw = path.read_text(encoding="utf-8")
    data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw))
    records = [r for r in data if r.get("event") and r["event"] != "DOCUMENT"]
    return [GoldRecord(i, r["id"], r["event"], _codes(r.get("source")), _codes(r.get("target")), r["text"])
            for i, r in enumerate(records)]


_ALPHA3: dict[str, str] = {}


def alpha3(alpha2: str | None) -> str | None:
    """ISO 3166 alpha-3 of an alpha-2 code (pycountry), cached."""
    if not alpha2:
        return None
    if alpha2 not in _ALPHA3:
        country = pycountry.countries.get(alpha_2=alpha2.upper())
        _ALPHA3[alpha2] = country.alpha_3 if country else ""
    return _ALPHA3[alpha2] or None


def is_alpha3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def participant_country(participant: Participant, mentions: dict[tuple[int, int], ActorMention]) -> str | None:
    """The alpha-3 of the country the participant's actor mention names or belongs to."""
    mention = mentions.get((participant.ref_start, participant.ref_end)) if participant.ref_start is not None \
        else None
    if mention is None:
        mention = mentions.get((participant.start, participant.end))
    if mention is None:
        return None
    code = mention.country
    if not code and mention.place and ":" in mention.place and mention.place.split(":")[0] in ("country", "gov"):
        code = mention.place.split(":")[1]
    return alpha3(code)


@dataclass
class Tally:
    """Counts for one split of the PLOVER records."""

    sentences: int = 0
    correct: int = 0
    correct_current: int = 0
    no_event: int = 0
    source_pairs: int = 0
    source_agree: int = 0
    target_pairs: int = 0
    target_agree: int = 0
    gold_types: Counter = field(default_factory=Counter)
    right_types: Counter = field(default_factory=Counter)
    found_types: Counter = field(default_factory=Counter)

    def summary(self) -> dict:
        def rate(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "sentences": self.sentences, "type_accuracy": rate(self.correct, self.sentences),
            "type_accuracy_current": rate(self.correct_current, self.sentences), "no_event": self.no_event,
            "source_country_agreement": rate(self.source_agree, self.source_pairs),
            "source_pairs": self.source_pairs,
            "target_country_agreement": rate(self.target_agree, self.target_pairs),
            "target_pairs": self.target_pairs,
            "per_type": {t: {"gold": self.gold_types[t], "right": self.right_types[t], "found": self.found_types[t]}
                         for t in sorted(set(self.gold_types) | set(self.found_types))},
        }


def _country_agreement(gold: Iterable[str], system: Iterable[Participant],
                       mentions: dict[tuple[int, int], ActorMention]) -> bool | None:
    """Whether the gold codes' countries and the participants' countries share one; None when a side has none."""
    wanted = {code[:3] for code in gold if len(code) >= 3 and is_alpha3(code[:3])}
    found = {c for p in system if (c := participant_country(p, mentions))}
    if not wanted or not found:
        return None
    return bool(wanted & found)


@dataclass
class PloverEvaluation:
    records: list[GoldRecord]
    readings: list[Reading]
    seconds: float

    def predicted(self, reading: Reading) -> str | None:
        """The PLOVER 0.5 category of a sentence's main event."""
        if reading.main is None or reading.coded is None:
            return None
        mode = reading.main.mode if reading.coded.type == reading.main.type else None
        return legacy_type(reading.coded.type, mode)

    def tally(self, split: str | None = None) -> Tally:
        tally = Tally()
        for record, reading in zip(self.records, self.readings, strict=True):
            if split is not None and record.split != split:
                continue
            tally.sentences += 1
            predicted = self.predicted(reading)
            tally.gold_types[record.event] += 1
            if predicted is None:
                tally.no_event += 1
                continue
            tally.found_types[predicted] += 1
            if predicted == record.event:
                tally.correct += 1
                tally.right_types[record.event] += 1
            if current_type(predicted) == current_type(record.event):
                tally.correct_current += 1
            assert reading.coded is not None
            for gold, system, kind in ((record.sources, reading.coded.sources, "source"),
                                       (record.targets, reading.coded.targets, "target")):
                agree = _country_agreement(gold, system, reading.mentions)
                if agree is None:
                    continue
                setattr(tally, f"{kind}_pairs", getattr(tally, f"{kind}_pairs") + 1)
                setattr(tally, f"{kind}_agree", getattr(tally, f"{kind}_agree") + int(agree))
        return tally

    def summary(self) -> dict:
        return {"all": self.tally().summary(), "dev": self.tally("dev").summary(),
                "held-out": self.tally("held-out").summary(), "seconds": round(self.seconds, 1)}

    def errors(self, split: str | None = "dev") -> list[str]:
        """One line per wrong sentence of a split: id, gold, predicted, the main trigger."""
        lines = []
        for record, reading in zip(self.records, self.readings, strict=True):
            if split is not None and record.split != split:
                continue
            predicted = self.predicted(reading)
            if predicted != record.event:
                main = reading.main
                trigger = f"{main.text!r} {main.type}/{main.mode} {main.status}({main.cue})" if main else "-"
                lines.append(f"{record.index} {record.event} -> {predicted}: {trigger}")
        return lines


def evaluate_plover(nlp: Language, root: Path | None = None) -> PloverEvaluation:
    started = time.perf_counter()
    records = load_plover_gold((root or default_eval()) / "plover-gsr" / "PLOVER_GSR_CAMEO.txt")
    readings = read_sentences([r.text for r in records], nlp)
    return PloverEvaluation(records, readings, time.perf_counter() - started)


# -- PETRARCH2 unit tests -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Expected:
    source: str
    target: str
    code: str


@dataclass(frozen=True)
class UnitRecord:
    id: str
    text: str
    expected: tuple[Expected, ...]
    noevents: bool


def load_unit_records(path: Path) -> list[UnitRecord]:
    """The unit-test sentences: text, expected (source, target, CAMEO code) triples or "noevents"."""
    raw = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    records = []
    for attrs, body in re.findall(r"<Sentence\b([^>]*)>(.*?)</Sentence>", raw, flags=re.S):
        text = re.search(r"<Text>(.*?)</Text>", body, flags=re.S)
        if text is None:
            continue
        sentence_id = re.search(r'id="([^"]*)"', attrs)
        expected, noevents = [], False
        for coding in re.findall(r"<EventCoding\b([^>]*)>", body):
            if re.search(r'noevents\s*=\s*"True"', coding):
                noevents = True
                continue
            values = dict(re.findall(r'(\w+)\s*=\s*["\']([^"\']*)["\']', coding))
            if "eventcode" in values:
                expected.append(Expected(values.get("sourcecode", ""), values.get("targetcode", ""),
                                         values["eventcode"]))
        records.append(UnitRecord(sentence_id.group(1) if sentence_id else "", " ".join(text.group(1).split()),
                                  tuple(expected), noevents))
    return records


def load_cameo_to_plover(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER category from the conversion table ("0311: AGREE, , economic # ...")."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\s*(\d{2,4}):\s*([A-Z]+)", line)
        if found:
            table[found.group(1)] = found.group(2)
    return table


def load_dictionary(path: Path) -> list[tuple[str, str]]:
    """(NAME, code) pairs from a PETRARCH actors or agents dictionary, longest name first. An entry is a name with
    its code ("GONDOR [GON]") or a name, synonym lines ("+MINAS_TIRITH") and a code line of its own ("[HOB]",
    the first one counts); names are upper case with spaces for underscores, substitution patterns ("!PERSON!")
    are left out."""
    groups: list[tuple[list[str], list[str]]] = []  # (names, codes)
    raw = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    for line in raw.splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith(("<", "&")):
            continue
        code = re.search(r"\[([^\]\s]+)[^\]]*\]", line)
        name = re.sub(r"\{[^}]*\}", "", line.split("[")[0]).strip()
        if line.startswith("+") and groups:
            groups[-1][0].append(name[1:])
        elif name and not line.startswith("["):
            groups.append(([name], []))
        if code and groups:
            groups[-1][1].append(code.group(1))
    entries = [(_name(n), codes[0]) for names, codes in groups if codes for n in names if "!" not in n]
    return sorted([(n, c) for n, c in entries if n], key=lambda e: -len(e[0]))


def _name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").upper().split())


class PetrarchCoder:
    """Codes a participant's text with the suite's dictionaries: the longest actor name it contains, with the
    code of the longest agent word it contains appended ("~GOV") or prefixed ("NGO~")."""

    def __init__(self, actors: list[tuple[str, str]], agents: list[tuple[str, str]]) -> None:
        self.actors = actors
        self.agents = agents

    @staticmethod
    def _find(text: str, entries: list[tuple[str, str]]) -> str | None:
        padded = f" {' '.join(re.sub(r'[^A-Z0-9 ]', ' ', text.upper()).split())} "
        for name, code in entries:
            if f" {name} " in padded:
                return code
        return None

    def code(self, text: str) -> str | None:
        actor = self._find(text, self.actors)
        agent = self._find(text, self.agents)
        if actor is None and agent is None:
            return None
        actor = (actor or "---").upper()
        if agent is None:
            return actor
        agent = agent.upper()
        return actor + agent.strip("~") if agent.startswith("~") else agent.strip("~") + actor


@dataclass
class UnitEvaluation:
    records: list[UnitRecord]
    readings: list[Reading]
    table: dict[str, str]
    coder: PetrarchCoder
    seconds: float

    def expected_types(self, record: UnitRecord) -> set[str]:
        return {self.table[e.code] for e in record.expected if e.code in self.table}

    def summary(self) -> dict:
        mappable = typed_main = typed_any = noevents = noevents_right = 0
        pairs = {"source": [0, 0, 0], "target": [0, 0, 0]}  # pairs, exact, first three letters
        for record, reading in zip(self.records, self.readings, strict=True):
            if record.noevents:
                noevents += 1
                noevents_right += int(not reading.events)
            wanted = self.expected_types(record)
            if not wanted:
                continue
            mappable += 1
            coded = reading.coded
            typed_main += int(coded is not None and coded.type in wanted)
            typed_any += int(any(plover(e).type in wanted for e in reading.events))
            if coded is None:
                continue
            triple = next((e for e in record.expected if self.table.get(e.code) == coded.type), record.expected[0])
            for side, gold, system in (("source", triple.source, coded.sources),
                                       ("target", triple.target, coded.targets)):
                ours = [c for p in system if (c := self.coder.code(p.text))]
                if not gold or not ours or (gold.startswith("-") and gold.strip("-") == ""):
                    continue
                pairs[side][0] += 1
                pairs[side][1] += int(gold.upper() in ours)
                pairs[side][2] += int(any(c[:3] == gold.upper()[:3] for c in ours))

        def rate(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "records": len(self.records), "mappable": mappable, "type_agreement_main": rate(typed_main, mappable),
            "type_agreement_any": rate(typed_any, mappable), "noevents": noevents,
            "noevents_right": rate(noevents_right, noevents),
            **{f"{side}_pairs": pairs[side][0] for side in pairs},
            **{f"{side}_exact": rate(pairs[side][1], pairs[side][0]) for side in pairs},
            **{f"{side}_primary": rate(pairs[side][2], pairs[side][0]) for side in pairs},
            "seconds": round(self.seconds, 1),
        }


def evaluate_petrarch(nlp: Language, root: Path | None = None) -> UnitEvaluation:
    started = time.perf_counter()
    base = root or default_eval()
    suite = base / "petrarch2-unittests"
    records = load_unit_records(suite / "PETR.UnitTest.records.xml")
    table = load_cameo_to_plover(base / "plover-gsr" / "CAMEO2PLOVER-2021.txt")
    coder = PetrarchCoder(load_dictionary(suite / "PETR.Validate.actors.txt"),
                          load_dictionary(suite / "PETR.Validate.agents.txt"))
    readings = read_sentences([r.text for r in records], nlp)
    return UnitEvaluation(records, readings, table, coder, time.perf_counter() - started)


def by_split_errors(evaluation: PloverEvaluation) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for split in ("dev", "held-out"):
        out[split] = evaluation.errors(split)
    return dict(out)
