"""Stories: documents about one happening are grouped before their events merge (storyline.events.stories)."""

from __future__ import annotations

from storyline.events.stories import StoryDoc, StoryParams, actor_overlap, cluster_stories

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
