"""Reference resolution shared by quotes and events: the search back for an antecedent and its agreement rules."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline import reference


@dataclass
class Candidate:
    i: int
    sentence: int
    kind: str


def _sentence_of(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sentence in enumerate(doc.sents):
        for token in sentence:
            index[token.i] = number
    return index


def test_nearest_takes_the_latest_fitting_candidate_before_the_position_within_the_window() -> None:
    pool = [Candidate(1, 0, "person"), Candidate(5, 1, "organization"), Candidate(8, 2, "person"),
            Candidate(12, 3, "person")]
    assert reference.nearest(pool, 12, 3, 1) == pool[2]  # before token 12: the candidate at 12 is not
    assert reference.nearest(pool, 12, 3, 0) is None  # nothing earlier in sentence 3
    assert reference.nearest(pool, 12, 3, 4, lambda c: c.kind == "organization") == pool[1]
    assert reference.nearest(pool, 12, 3, 1, lambda c: c.kind == "organization") is None  # sentence 1 too far


def test_nearest_keeps_the_first_listed_of_two_candidates_at_one_token() -> None:
    spoken, named = Candidate(4, 0, "person"), Candidate(4, 0, "organization")
    assert reference.nearest([spoken, named], 9, 0, 0) is spoken


def test_nearest_token_looks_back_only_as_many_sentences_as_the_window(nlp: Language) -> None:
    doc = nlp("The envoys waited outside. Ana Soto arrived at noon. Later they left together.")
    sentence_of = _sentence_of(doc)
    they = next(t for t in doc if t.lower_ == "they")

    def plural_subject(token: Token) -> bool:
        return token.dep_ == "nsubj" and reference.plural(token)

    assert reference.nearest_token(doc, sentence_of, they, 1, plural_subject) is None
    found = reference.nearest_token(doc, sentence_of, they, 2, plural_subject)
    assert found is not None and found.text == "envoys"


def test_plural_counts_conjoined_names_only_when_asked(nlp: Language) -> None:
    doc = nlp("Chile and Peru signed the treaty.")
    chile = doc[0]
    assert not reference.plural(chile)
    assert reference.plural(chile, conjoined=True)


def test_definite_descriptions_refer_back_and_indefinite_ones_do_not(nlp: Language) -> None:
    for text, expected in (("The minister said it was over.", True), ("A minister said it was over.", False),
                           ("Norway's minister said it was over.", True)):
        doc = nlp(text)
        head = next(t for t in doc if t.lower_ == "minister")
        assert reference.definite(doc, 0, head, parsed_determiner=True) is expected, text
        assert reference.definite(doc, 0, head, parsed_determiner=False) is expected, text
