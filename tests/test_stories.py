"""Stories: documents about one happening are grouped before their events merge (storyline.events.stories)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from storyline.events.stories import (
    DIMENSIONS,
    StoryDoc,
    StoryParams,
    _bucket,
    _similarity,
    actor_overlap,
    cluster_stories,
    similarity,
    text_vectors,
)

QUAKE = ("A magnitude 6.1 earthquake struck the coastal province on Sunday, collapsing houses and killing at least "
         "40 people, rescue officials said. Aftershocks rattled the province as rescuers searched the rubble.")
QUAKE_AGAIN = ("Rescuers searched collapsed houses after the 6.1 earthquake killed 40 people in the coastal "
               "province; aftershocks rattled survivors, officials said on Sunday.")
ARREST = ("Police arrested the former mayor on charges of bribery on Tuesday after a two-year investigation into "
          "city contracts, prosecutors said. The mayor denied the bribery charges.")
ARREST_AGAIN = ("The former mayor was arrested on bribery charges; prosecutors said the investigation into city "
                "contracts took two years. He denied the charges.")


def test_documents_about_one_happening_form_one_story_and_others_their_own() -> None:
    docs = [StoryDoc("q1", QUAKE), StoryDoc("a1", ARREST), StoryDoc("q2", QUAKE_AGAIN), StoryDoc("a2", ARREST_AGAIN)]
    assert cluster_stories(docs) == [["q1", "q2"], ["a1", "a2"]]


def test_documents_published_far_apart_are_never_one_story() -> None:
    docs = [StoryDoc("q1", QUAKE, day=738000), StoryDoc("q2", QUAKE_AGAIN, day=738000 + 30)]
    assert cluster_stories(docs, StoryParams(max_gap_days=7)) == [["q1"], ["q2"]]
    assert cluster_stories([StoryDoc("q1", QUAKE, day=738000), StoryDoc("q2", QUAKE_AGAIN)]) == [["q1", "q2"]]


def test_actor_overlap_is_the_jaccard_of_the_named_actors() -> None:
    overlap = actor_overlap([frozenset({1, 2}), frozenset({2, 3}), frozenset()])
    assert round(float(overlap[0, 1]), 3) == 0.333 and overlap[0, 2] == 0 and overlap[0, 0] == 1


def test_text_vectors_sum_a_shared_bucket_in_order_with_float32_rounding() -> None:
    """Hashed tf-idf rows are written one array assignment a row; where two terms share a bucket the row must hold
    what adding their weights one by one to a float32 row gives, to the bit (the merge thresholds see these)."""
    first = "term0"
    twin = next(f"term{k}" for k in range(1, 100_000) if _bucket(f"term{k}") == _bucket(first))
    docs = [{first: 1.1, twin: 2.3, "other": 0.7}, {twin: 1.0 / 3.0}, {}]
    df = Counter(term for terms in docs for term in terms)
    idf = {term: math.log((len(docs) + 1) / (count + 1)) + 1 for term, count in df.items()}
    expected = np.zeros((len(docs), DIMENSIONS), dtype=np.float32)
    for row, terms in enumerate(docs):
        for term, weight in terms.items():
            expected[row, _bucket(term)] += weight * idf[term]
    norms = np.linalg.norm(expected, axis=1, keepdims=True)
    expected = np.divide(expected, norms, out=np.zeros_like(expected), where=norms > 0)
    np.testing.assert_array_equal(text_vectors(docs).view(np.uint32), expected.view(np.uint32))


def test_story_similarity_by_tiles_is_the_similarity_of_all_pairs() -> None:
    """`similarity` is computed by tiles, skipping those of documents far apart: the same cells as all at once."""
    rng = np.random.default_rng(3)
    words = [f"w{k}" for k in range(400)]
    docs = [StoryDoc(k, "", frozenset(int(a) for a in rng.integers(0, 30, 3)), None if k >= 680 else 738000 + k // 6,
                     {str(w): 1.0 for w in rng.choice(words, 40, replace=False)}) for k in range(700)]
    vectors = text_vectors([d.terms for d in docs])
    params = StoryParams()
    everything = np.arange(len(docs))
    days = np.array([d.day if d.day is not None else -1 for d in docs], dtype=np.int64)
    expected = _similarity(docs, vectors, days, True, params, everything, everything)
    np.testing.assert_array_equal(similarity(docs, vectors, params).view(np.uint32), expected.view(np.uint32))
