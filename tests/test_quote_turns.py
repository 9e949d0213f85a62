"""Quotes without a verb of saying before them, and texts that are only the medium of their author's words."""

from __future__ import annotations

from spacy.language import Language

from storyline.model import Quote
from storyline.quotes import find_quotes


def quotes(nlp: Language, text: str) -> list[Quote]:
    return find_quotes(nlp(text), text=text)


def test_transcript_turns_are_direct_quotes_of_their_label(nlp: Language) -> None:
    text = ("ANNA BERG: We will not accept any of these conditions.\nHOST: Why not, then?\n"
            "ANNA BERG: Because they are unfair to the farmers of the region.")
    found = [q for q in quotes(nlp, text) if q.speaker_text == "ANNA BERG"]
    assert [q.text for q in found] == ["We will not accept any of these conditions",
                                       "Because they are unfair to the farmers of the region"]
    assert all(q.kind == "direct" and q.cue == ":" for q in found)


def test_a_heading_with_a_colon_is_not_a_turn(nlp: Language) -> None:
    assert quotes(nlp, "UPDATE: The bridge over the river was reopened to traffic on Monday.") == []


def test_name_and_outlet_before_a_colon_give_the_speaker(nlp: Language) -> None:
    found = quotes(nlp, "Olaf Scholz, Reuters: “Germany will continue to support Ukraine for as long as it takes.”")
    assert len(found) == 1 and found[0].resolved_text == "Olaf Scholz"


def test_question_and_answer_turns_are_quotes(nlp: Language) -> None:
    text = "Q: Did the talks in the capital fail?\n\nA: No, they did not fail, and we will meet again next week."
    found = quotes(nlp, text)
    assert [q.speaker_text for q in found] == ["Q", "A"]
    assert not any(q.named for q in found)


def test_the_author_of_a_statement_speaks_not_the_statement(nlp: Language) -> None:
    found = quotes(nlp, "Senator John Smith released a statement saying the bill was a disaster for farmers.")
    assert len(found) == 1
    assert found[0].resolved_text == "John Smith" and found[0].medium == "statement"


def test_blurted_out_is_a_cue(nlp: Language) -> None:
    found = quotes(nlp, "“We are not afraid of anything,” Maria Lopez blurted out before leaving the room.")
    assert found[0].resolved_text == "Maria Lopez"


def test_a_name_the_parser_left_in_apposition_still_speaks(nlp: Language) -> None:
    text = ("In a statement to the newspaper, her senior adviser, Jake Sullivan, said: “The alliance is essential "
            "to our security.”")
    assert quotes(nlp, text)[0].resolved_text == "Jake Sullivan"


def test_dash_speech_and_guillemets_resolve_he_to_the_named_person(nlp: Language) -> None:
    dash = "Defense Minister Oleksii Reznikov spoke at the meeting.\n- We do not accept the war - he emphasized."
    assert quotes(nlp, dash)[0].resolved_text == "Oleksii Reznikov"
    guillemets = "President Andrzej Duda spoke in Warsaw. «We will never recognise the annexation,» he said."
    assert quotes(nlp, guillemets)[0].resolved_text == "Andrzej Duda"


def test_dash_speech_with_the_name_after_the_verb(nlp: Language) -> None:
    text = ("The head of the Foreign Ministry Dmytro Kuleba commented on the talks.\n"
            "- We will not give up a single centimetre of our land, - emphasized Kuleba.")
    found = quotes(nlp, text)
    assert [(q.kind, q.text, q.speaker_text) for q in found] == [
        ("direct", "We will not give up a single centimetre of our land", "Kuleba")]


def test_a_list_of_dashed_items_is_not_dash_speech(nlp: Language) -> None:
    text = "- The talks in the capital ended without a deal. - Officials said the next round was in May."
    assert all(q.kind == "indirect" for q in quotes(nlp, text))


def test_a_repeated_word_that_is_no_name_is_not_a_speaker(nlp: Language) -> None:
    text = ("The bridge was hit twice. Photograph: Anna Berg/Reuters. The city was dark for a week. Photograph: "
            "Mark Brown/AP. WARNING: The video below shows the attack on the station. WARNING: This video is also "
            "disturbing to watch.")
    assert not any(q.cue == ":" for q in quotes(nlp, text))


def test_a_transcript_label_with_a_title_names_the_person(nlp: Language) -> None:
    text = ("President of Ruritania Anton Novak: Good afternoon, colleagues. Let us begin with the harvest. "
            "Minister of Agriculture Ivan Berg: Thank you, Mr President. The harvest was a good one this year. "
            "Anton Novak: How much grain will we export? Ivan Berg: About ten million tonnes, Mr President.")
    speakers = [q.resolved_text for q in quotes(nlp, text) if q.cue == ":"]
    assert speakers == ["Anton Novak", "Ivan Berg", "Anton Novak", "Ivan Berg"]


def test_a_text_reading_words_is_their_medium(nlp: Language) -> None:
    text = "The ministry issued a statement reading “The talks have failed and will not resume this year.”"
    found = quotes(nlp, text)
    assert len(found) == 1 and found[0].kind == "direct" and found[0].speaker_text == "The ministry"


def test_a_turn_label_is_the_person_named_in_full_with_that_surname(nlp: Language) -> None:
    text = ("The hydrologist Helena Marsh spoke to our reporter Tom Reed about the dam.\n"
            "REED: Is the dam safe after the floods of this spring?\n"
            "MARSH: The dam is safe, but the spillway needs repairs before the autumn rains.\n"
            "REED: Who will pay for the repairs?\n"
            "MARSH: The regional government has promised to pay for all of them.")
    found = quotes(nlp, text)
    by_label = {(q.speaker_text, q.resolved_text, q.named) for q in found}
    assert by_label == {("REED", "Tom Reed", True), ("MARSH", "Helena Marsh", True)}


def test_a_turn_label_no_one_is_named_after_is_still_a_named_person(nlp: Language) -> None:
    text = ("STONE: We will open the new bridge in the spring.\nFIELD: Will the old bridge be closed then?\n"
            "STONE: The old bridge will stay open for cyclists and walkers.\nFIELD: And what about the ferry?")
    found = quotes(nlp, text)
    assert {q.speaker_text for q in found} == {"STONE", "FIELD"}
    assert all(q.named and q.resolved_text == q.speaker_text for q in found)
