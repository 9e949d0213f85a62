"""Reference resolution: which earlier mention a pronoun or a definite description refers to.

Shared by the quote finder (who speaks: `storyline.quotes.speakers.Resolver`) and the event extractor (who takes
part: `storyline.events.participants.Roles`). Both read one document in reading order and look back from the
referring phrase ("he", "they", "it", "the embassy", "the minister") for its antecedent. The rules they share:

- an antecedent comes before the referring phrase, in its sentence or at most `window` sentences before it
  (`in_window`): the further back, the likelier a wrong antecedent;
- among the candidates that fit, the nearest in reading order wins (`nearest` over a list of mentions,
  `nearest_token` over the parse itself): recency is the strongest cue for a pronoun in news text;
- number agreement (`plural`: a plural tag, or with `conjoined` a head with conjuncts, "Chile and Peru"), and
  definiteness (`definite`): "the minister", "this agency", "Norway's envoy" refer back; "a source" and
  "officials" introduce someone new;
- kind agreement (person, organisation, place, group, text) is the `accept` test each caller passes.

Where the two callers differ, the difference is a parameter, chosen by the caller for its task:

- the window. Quotes look back from 0 sentences (a name earlier in the same sentence) to 4 (`PERSON_WINDOW` in
  `quotes.speakers`: an earlier speaker or named subject), trying the narrow windows first, because their
  candidates are few (who has spoken) and a speaker is often taken up again paragraphs later ("..., he
  added"); events look back 1 sentence for "it" and "they" (`Roles.ANTECEDENT_WINDOW` in `events.participants`),
  because their candidates are every subject in the parse and a wider window would reach wrong ones;
- what "it" and "they" can be. For quotes "it" is an organisation or a text (a body or a statement says
  something) and "they" a person or an organisation, of any number (a ministry is "they" in British usage); for
  events "it" is a place, organisation or group that is a subject or possessor (a country acts as often as a
  body) and "they" a grammatically plural or conjoined subject (joint parties: "the envoys met ..., and they
  agreed"), as the `accept` tests in `events.participants` say;
- definiteness. Quotes count a determiner only where the parser made it one (`parsed_determiner=True`): the
  phrase of a speaker starts wherever `subject_of` found it, and a "that" there need not be a determiner;
  events count the word itself (`parsed_determiner=False`): they ask only of heads that are title or
  organisation nouns, where the word alone is enough.

Each value is the one its caller's rules were written and measured with (the quality floors of quotes and
events); unifying them would change what either finds.

Descriptions and personal pronouns in events go through the quotes' `Resolver` itself (the same rules), after
the event-only rules for cataphora and possessives bound to their clause's subject.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from spacy.tokens import Doc, Token

PLURAL_TAGS = frozenset({"NNS", "NNPS"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that"})


class Placed(Protocol):
    """A candidate antecedent: where it is (token index `i`, sentence number `sentence`)."""

    i: int
    sentence: int


P = TypeVar("P", bound=Placed)


def plural(token: Token, conjoined: bool = False) -> bool:
    """Whether a noun phrase headed by `token` is plural: a plural tag, or with `conjoined`, a head with conjuncts
    ("Chile and Peru" is plural, though each name is singular)."""
    if token.tag_ in PLURAL_TAGS:
        return True
    return conjoined and any(c.dep_ == "conj" for c in token.children)


def definite(doc: Doc, first: int, head: Token, parsed_determiner: bool) -> bool:
    """Whether the phrase from token `first` to `head` is definite: "the"/"this"/"that" in it (with
    `parsed_determiner`, only where the parse marks the word as a determiner), or a possessor of the head."""
    words = doc[first:head.i + 1]
    if any(t.lower_ in DEFINITE_DETERMINERS and (t.dep_ == "det" or not parsed_determiner) for t in words):
        return True
    return any(c.dep_ == "poss" for c in head.children)


def in_window(candidate_sentence: int, sentence: int, window: int) -> bool:
    """Whether a candidate in sentence `candidate_sentence` is in sentence `sentence` or the `window` before it."""
    return sentence - window <= candidate_sentence <= sentence


def nearest(candidates: Iterable[P], before: int, sentence: int, window: int,
            accept: Callable[[P], bool] | None = None) -> P | None:
    """The candidate latest in reading order that comes before token `before`, lies in sentence `sentence` or the
    `window` sentences before it, and that `accept` takes; of two at the same token, the one listed first."""
    fitting = [c for c in candidates
               if c.i < before and in_window(c.sentence, sentence, window) and (accept is None or accept(c))]
    return max(fitting, key=lambda c: c.i) if fitting else None


def nearest_token(doc: Doc, sentence_of: Sequence[int], referring: Token, window: int,
                  accept: Callable[[Token], bool]) -> Token | None:
    """The nearest token before `referring`, in its sentence or the `window` sentences before it, that `accept`
    takes: `nearest` over the parse itself, for a caller whose candidates are positions in the sentence (a
    subject) rather than a list of mentions. `sentence_of` maps each token to its sentence number."""
    sentence = sentence_of[referring.i]
    for i in range(referring.i - 1, -1, -1):
        if not in_window(sentence_of[i], sentence, window):
            break
        if accept(doc[i]):
            return doc[i]
    return None
