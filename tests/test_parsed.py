"""Reads shared by the parsed stages, made once per Doc (storyline.parsed)."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from storyline.parsed import entities, once_per_doc


def test_a_read_is_made_once_for_the_same_doc_and_again_for_another() -> None:
    vocab = Vocab()
    first, second = Doc(vocab, words=["Kyiv", "was", "shelled"]), Doc(vocab, words=["Kyiv", "was", "shelled"])
    calls: list[Doc] = []

    def read(doc: Doc) -> int:
        calls.append(doc)
        return len(calls)

    assert once_per_doc("test read", first, read) == 1
    assert once_per_doc("test read", first, read) == 1  # kept: the same Doc object
    assert once_per_doc("test read", second, read) == 2  # an equal text is another Doc: read again
    assert once_per_doc("test read", first, read) == 3  # only the last Doc's value is kept
    assert [doc is first for doc in calls] == [True, False, True]


def test_entities_are_the_docs_entities() -> None:
    doc = Doc(Vocab(), words=["Zelensky", "met", "Biden"], ents=["B-PERSON", "O", "B-PERSON"])
    assert [(e.text, e.label_) for e in entities(doc)] == [(e.text, e.label_) for e in doc.ents]
    assert entities(doc) is entities(doc)
