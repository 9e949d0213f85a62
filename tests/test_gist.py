"""Event summaries that carry the content: the gist of a mention in its own words (parsed by the real model), the
choice of an event's summary, the rule of what is in the story, and recogniser fragments that are no actors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.actors.names import is_fragment
from storyline.corpus.summary import gist_summary
from storyline.events.story import in_story
from storyline.readers.headline import dateline_end
from tests.test_events import events_of, one


# -- the gist of a mention ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "trigger", "gist"), [
    ("The Pentagon said Thursday that Russia had launched a full-scale invasion of Ukraine, which drew condemnation "
     "from around the world.", "invasion", "Russia had launched a full-scale invasion of Ukraine"),
    ("Amid Russia's invasion of Ukraine, the European Union imposed sweeping sanctions on Russian banks.",
     "invasion", "Russia's invasion of Ukraine"),
    ("Amid Russia's invasion of Ukraine, the European Union imposed sweeping sanctions on Russian banks.",
     "sanctions", "The European Union imposed sweeping sanctions on Russian banks"),
    ("Biden held a phone call with Zelensky (the Ukrainian president) on Saturday, the White House said.",
     "phone call", "Biden held a phone call with Zelensky"),
    ("Ukraine is planning to attack the Russian-controlled Donbas, he said.", "attack",
     "Ukraine is planning to attack the Russian-controlled Donbas"),
    ("Moscow agreed to withdraw its troops from Belarus.", "withdraw",
     "Moscow agreed to withdraw its troops from Belarus"),
    # a long phrase tightened to its core keeps the object of "of"; a list the parser ran on into the next clause
    # is cut
    ("A Russian court on Thursday ordered the release of a former mayor of the country's fourth-largest city from "
     "custody pending an investigation and trial on the charges he is facing.", "release",
     "Release of a former mayor of the country's fourth-largest city"),
    ("Shortly before Russia's Feb. 24 invasion of Ukraine, Beijing and Moscow announced a partnership.", "invasion",
     "Russia's Feb. 24 invasion of Ukraine"),
    # a circumstance fronted before the subject is left out: a headline starts with who did it
    ("In response, Moscow has restricted its gas supplies to Europe.", "restricted",
     "Moscow has restricted its gas supplies to Europe"),
    ("In his speech, the president accused the alliance of aggression.", "accused",
     "The president accused the alliance of aggression"),
])
def test_a_gist_is_the_clause_cut_to_a_headline_in_its_own_words(nlp: Language, text: str, trigger: str,
                                                                   gist: str) -> None:
    assert one(events_of(nlp, text), trigger).gist == gist


def test_a_gist_keeps_negation_and_puts_a_name_for_a_pronoun_subject(nlp: Language) -> None:
    found = events_of(nlp, "Russian President Vladimir Putin met German Chancellor Olaf Scholz in Moscow on Tuesday. "
                           "He did not invade Ukraine.")
    assert one(found, "invade").gist == "Vladimir Putin did not invade Ukraine"
    assert not one(found, "invade").gist.startswith("He ")


def test_a_possessive_pronoun_of_a_name_the_gist_already_says_stays_a_pronoun(nlp: Language) -> None:
    found = events_of(nlp, "Officials in Varesca met on Monday. Since Norland launched its offensive against "
                           "Varesca in May, the border has been closed.")
    gist = one(found, "offensive").gist or one(found, "launched").gist
    assert gist is not None and "Norland's offensive" not in gist and "its offensive" in gist, gist


def test_a_gist_leaves_the_dateline_out_and_the_dateline_is_no_participant(nlp: Language) -> None:
    text = ("BRUSSELS - European Union foreign ministers will discuss sanctions against Varesca next week if its "
            "troops remain at the border, an EU official said on Saturday.")
    assert dateline_end(text) == len("BRUSSELS - ")
    discuss = one(events_of(nlp, text), "discuss")
    assert discuss.gist == "European Union foreign ministers will discuss sanctions against Varesca"
    assert all("BRUSSELS" not in p.text for p in discuss.participants)


def test_no_gist_from_a_verb_of_saying_or_a_lone_pronoun(nlp: Language) -> None:
    found = events_of(nlp, "She said that the ministers must leave. They attacked the convoy.")
    assert all(e.gist is None or not e.gist.startswith(("She ", "They ")) for e in found)


@pytest.mark.parametrize(("text", "trigger"), [
    ("Did the governor invade the neighbouring province last winter?", "invade"),
    ("Governor Alvarez stayed in Lima, fighting for his province.", "fighting"),
    ("Officials fear that the rebels will seize the bridge or destroy the dam.", "destroy"),
])
def test_no_gist_from_a_question_or_a_verb_without_subject_tense_or_to(nlp: Language, text: str,
                                                                       trigger: str) -> None:
    assert one(events_of(nlp, text), trigger).gist is None


# -- the summary of an event -----------------------------------------------------------------------------------
NAMES = {1: ("Russia", "location"), 2: ("Ukraine", "location"), 3: ("Vladimir Putin", "person")}


def mention(pk: int, gist: str | None, lemma: str = "invade", published: str = "2022-02-24") -> dict:
    return {"pk": pk, "type": "ASSAULT", "status": "occurred", "lemma": lemma, "gist": gist, "vector": None,
            "published": published, "start": pk}


def test_the_summary_is_the_gist_of_the_mention_that_tells_the_event() -> None:
    event = {"type": "ASSAULT", "status": "occurred", "actors": [1], "targets": [2]}
    members = [mention(1, "Invasion", "invasion"), mention(2, "The war in the east", "war"),
               mention(3, "Russia launched a full-scale invasion of Ukraine"),
               mention(4, "Moscow invaded", published="2022-02-25")]
    spoken = {3: [("actor", 1, "Russia"), ("target", 2, "Ukraine")], 4: [("actor", 1, "Moscow")],
              2: [("actor", 1, "Russia")]}
    assert gist_summary(event, members, spoken, NAMES) == "Russia launched a full-scale invasion of Ukraine"
    # the gist must name the event's actor as written: none does, so the template is used
    assert gist_summary(event, [mention(1, "Troops crossed the border")], {1: [("actor", 1, "Russia")]}, NAMES) is None


def test_the_summary_tells_the_event_as_its_status_says() -> None:
    """An event that happened is not summed up by a mention that says it should not have."""
    event = {"type": "AID", "actors": [1], "targets": [2], "status": "occurred"}
    refused = {**mention(1, "Russia should not send weapons to Ukraine", "send"), "type": "AID",
               "status": "negated"}
    sent = {**mention(2, "Russia sent weapons to Ukraine", "send", published="2022-02-26"), "type": "AID",
            "status": "occurred"}
    spoken = {1: [("actor", 1, "Russia"), ("target", 2, "Ukraine")],
              2: [("actor", 1, "Russia"), ("target", 2, "Ukraine")]}
    assert gist_summary(event, [refused, refused | {"pk": 3, "start": 3}, sent], spoken, NAMES) == \
        "Russia sent weapons to Ukraine"


# -- what is in the story --------------------------------------------------------------------------------------
def test_in_story_needs_a_named_actor_and_a_concrete_trigger_in_one_mention() -> None:
    event = {"status": "occurred", "actors": [1], "targets": [2]}
    told = [{"pk": 1, "lemma": "invade", "text": "invaded", "gist": "Russia invaded Ukraine"}]
    assert in_story(event, told, {1: [("actor", 1)]})
    assert not in_story(event, [{"pk": 1, "lemma": "war", "text": "war", "gist": None}], {1: [("actor", 1)]})
    bare = [{"pk": 1, "lemma": "invasion", "text": "invasion", "gist": "Invasion"}]  # "the invasion": nobody named
    assert not in_story(event, bare, {1: [("actor", 1)]})
    assert not in_story(event, told, {1: [("target", 2)]})  # the mention names nobody doing it
    assert not in_story({**event, "actors": []}, told, {1: [("actor", 1)]})
    assert not in_story({**event, "status": "hypothetical"}, told, {1: [("actor", 1)]})
    assert in_story({**event, "status": "planned"}, told, {1: [("actor", 1)]})
    # a template says too little or joins what no report said: "Russia protests", "Capitol attacks Keystone XL"
    assert not in_story({**event, "targets": []}, told, {1: [("actor", 1)]}, told=False)
    assert not in_story(event, told, {1: [("actor", 1)]}, told=False)


# -- fragments ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["#", "von", "Ursula von", "Sept. 11, 2001", "24 February", "BRUSSELS -",
                                  "SA students &", "D", "2022", "#StandWithUkraine", "@kremlin",
                                  "AP Photo/Emilio Morenatti", "AP Photo, File", "Kremlin Pool Photo",
                                  "Martin Sylvest/Ritzau Scanpix", "Heiko Junge /NTB"])
def test_a_recogniser_fragment_is_no_actor(name: str) -> None:
    assert is_fragment(name)


@pytest.mark.parametrize("name", ["Putin", "Theresa May", "G7", "Nord Stream 2", "EU", "Ursula von der Leyen",
                                  "de Gaulle", "pro-Russian", "U.S.", "Brussels", "AC Milan",
                                  "Malacanang Presidential Photographers Division"])
def test_a_name_is_no_fragment(name: str) -> None:
    assert not is_fragment(name)


@pytest.mark.parametrize(("text", "trigger", "gist"), [
    ("As Lesya Filimonova and Valeriy Filimonov defended their Ukraine homeland against the Russian onslaught, "
     "they lost everything.", "defended",
     "Lesya Filimonova defended their Ukraine homeland against the Russian onslaught"),
    ("Following the start of the armed conflict, Kiev and its Western allies have repeatedly accused the Kremlin "
     "of blocking Ukrainian grain.", "accused", "Kiev and its Western allies have accused the Kremlin"),
])
def test_a_possessive_is_not_replaced_by_a_name_its_own_phrase_holds(nlp: Language, text: str, trigger: str,
                                                                       gist: str) -> None:
    assert one(events_of(nlp, text), trigger).gist == gist
