"""The memoized embedding layers (`storyline.stages.embedding`) give the stock layers' output, bit for bit.

The stock pipeline is loaded with plain `spacy.load`; the memoized one is Storyline's own `load_model`. The
token-to-vector output of the shared network (`Doc.tensor`, which the tagger and parser read) and the entities of
the recognizer, which has its own network, must be equal on real articles (the second time round every embedding
is remembered), on odd text (words without a vector, symbols, empty texts) and once the memo is full.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.language import Language
from thinc.api import Model

from storyline.stages import embedding
from storyline.stages.nlp import load_model, resolve_model_name
from tests.conftest import sample_articles

ODD_TEXTS = ["", " ", "Zxqvbnm qwrtplk Kyiv-Zxq 12,345.67 ☃ ✈️ Ǆ", "A", "\n\n"]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(resolve_model_name(""))


def outputs(nlp: Language, texts: list[str]) -> list[tuple[bytes, list[tuple[int, int, str]]]]:
    return [(doc.tensor.tobytes(), [(e.start, e.end, e.label_) for e in doc.ents])
            for doc in nlp.pipe(texts, batch_size=16)]


def memos(nlp: Language, enabled: bool = False) -> list[embedding.MemoEmbedding]:
    """The memos of the pipeline's components (with `enabled`, of those that run only)."""
    return [node._func.__self__ for name, pipe in nlp.components
            if isinstance(getattr(pipe, "model", None), Model) and not (enabled and name in nlp.disabled)
            for node in pipe.model.walk() if isinstance(getattr(node._func, "__self__", None),
                                                        embedding.MemoEmbedding)]


def test_every_token_to_vector_network_gets_the_memo(nlp: Language) -> None:
    # the shared network's, the recognizer's and the sentence recognizer's (disabled in this pipeline)
    assert len(memos(nlp)) == 3
    assert embedding.install(spacy.blank("en")) == 0  # a pipeline without such networks is left as it is


def test_real_articles_get_the_stock_vectors_and_entities(nlp: Language, stock: Language) -> None:
    texts = [record["text"] for record in sample_articles(40)]
    texts = texts + ODD_TEXTS + texts[:3]  # the second time round the embeddings are remembered
    memo, plain = outputs(nlp, texts), outputs(stock, texts)
    assert len(memo) == len(plain) == len(texts)
    for (memo_tensor, memo_ents), (plain_tensor, plain_ents) in zip(memo, plain, strict=True):
        assert memo_tensor == plain_tensor
        assert memo_ents == plain_ents
    assert any(np.frombuffer(tensor, dtype=np.float32).any() for tensor, _ in memo)  # not all empty
    assert all(0 < len(memo.index) <= embedding.MEMO_ROWS for memo in memos(nlp, enabled=True))


def test_a_full_memo_still_gives_the_stock_output(stock: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "MEMO_ROWS", 500)  # full after the first article
    small = load_model("")
    texts = [record["text"] for record in sample_articles(8)]
    assert outputs(small, texts) == outputs(stock, texts)
    assert [len(memo.index) for memo in memos(small, enabled=True)] == [500, 500]
