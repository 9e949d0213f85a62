"""The event extractor on sentences written for these tests: types, light verbs, participants, status, dates."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from storyline.events import find_events
from storyline.events.coding import plover, plover_legacy
from storyline.events.lexicon import PLOVER_TYPES, legacy_type
from storyline.events.triggers import carrier_of
from storyline.model import Document, EventMention
from storyline.stages import actors
from storyline.timex import tag

PUBLISHED = "2023-03-10"  # a Friday


def events_of(nlp: Language, text: str, published: str | None = PUBLISHED) -> list[EventMention]:
    """The pipeline a document goes through before the events stage: parse, actors, time expressions."""
    parsed = nlp(text)
    mentions = actors.compute(Document("t", text, "t", text=text), parsed).mentions
    timexes = tag(text, parsed, date.fromisoformat(published) if published else None)
    found = find_events(parsed, mentions, timexes, published)
    for event in found:  # every offset indexes the text
        assert text[event.start:event.end] == event.text
        assert event.clause_start <= event.start < event.end <= event.clause_end
        for p in event.participants:
            assert text[p.start:p.end] == p.text
    return found


def one(found: list[EventMention], trigger: str) -> EventMention:
    matching = [e for e in found if e.text == trigger]
    assert len(matching) == 1, [(e.text, e.type) for e in found]
    return matching[0]


def of_type(found: list[EventMention], kind: str) -> list[EventMention]:
    return [e for e in found if e.type == kind]


def role(event: EventMention, name: str, text: str) -> list[str]:
    """The referred-to texts of the participants of a role (the mention they stand for, else as written)."""
    return [text[p.ref_start:p.ref_end] if p.ref_start is not None else p.text
            for p in event.participants if p.role == name]


def test_a_meeting_has_its_actor_target_place_and_date(nlp: Language) -> None:
    text = "Pedro Sanchez met Giorgia Meloni in Madrid on Tuesday."
    met = one(events_of(nlp, text), "met")
    assert (met.type, met.status, met.lemma) == ("CONSULT", "occurred", "meet")
    assert role(met, "actor", text) == ["Pedro Sanchez"]
    assert role(met, "target", text) == ["Giorgia Meloni"]
    assert role(met, "location", text) == ["Madrid"]
    assert (met.date, met.date_precision, met.date_source) == ("2023-03-07", "day", "timex")
    assert text[met.time_start:met.time_end] == "Tuesday"


@pytest.mark.parametrize(("text", "trigger", "kind", "mode"), [
    ("Chile and Peru held talks in Lima on Monday.", "talks", "CONSULT", None),
    ("The Kenyan president paid a visit to Ghana last month.", "visit", "CONSULT", "visit"),
    ("Norway carried out military drills near its border.", "drills", "MOBILIZE", "exercise"),
    ("The Indian prime minister had a phone call with the Australian prime minister.", "phone call", "CONSULT",
     "phone"),
    ("The European Union imposed new financial sanctions on the Myanmar airline.", "financial sanctions", "SANCTION",
     "financial"),
])
def test_a_light_verb_gives_its_noun_the_event_and_its_subject(nlp: Language, text: str, trigger: str, kind: str,
                                                               mode: str | None) -> None:
    found = events_of(nlp, text)
    event = one(found, trigger)
    assert (event.type, event.mode) == (kind, mode)
    assert role(event, "actor", text), event.participants
    light = text.split()[1:4]
    assert not any(e.text in light for e in found if e is not event), [(e.text, e.type) for e in found]


def test_a_place_named_before_an_attack_noun_undergoes_it_and_a_demonym_does_it(nlp: Language) -> None:
    text = "Putin announced the Ukraine invasion on Thursday. The Russian invasion of Georgia began in 2008."
    found = [e for e in events_of(nlp, text) if e.text == "invasion"]
    assert len(found) == 2, [(e.text, e.type) for e in events_of(nlp, text)]
    ukraine, georgia = found
    assert "Ukraine" in role(ukraine, "target", text) and "Ukraine" not in role(ukraine, "actor", text)
    assert role(georgia, "actor", text) == ["Russian"] and role(georgia, "target", text) == ["Georgia"]


def test_a_compound_actor_is_each_of_its_members(nlp: Language) -> None:
    text = "Canada and the European Union rejected the proposal on Wednesday."
    rejected = one(events_of(nlp, text), "rejected")
    assert rejected.type == "REJECT"
    assert role(rejected, "actor", text) == ["Canada", "European Union"]


def test_a_pronoun_actor_refers_to_the_person_named_before(nlp: Language) -> None:
    text = "Angela Merkel arrived in Paris on Monday. She met the French president on Tuesday."
    met = one(events_of(nlp, text), "met")
    actor = next(p for p in met.participants if p.role == "actor")
    assert actor.text == "She"
    assert text[actor.ref_start:actor.ref_end] == "Angela Merkel"


def test_a_possessive_refers_to_the_subject_of_its_clause(nlp: Language) -> None:
    text = "The Dutch prime minister had to reschedule his visit to Rome."
    visit = one(events_of(nlp, text), "visit")
    actor = next(p for p in visit.participants if p.role == "actor")
    assert actor.text == "his" and actor.ref_start is not None
    assert visit.status == "cancelled" and visit.cue == "reschedule"


@pytest.mark.parametrize(("text", "trigger", "status", "cue"), [
    ("Canada's foreign minister is set to travel to Lisbon next week.", "travel", "planned", "set"),
    ("The two leaders are expected to talk by phone on Friday.", "talk", "planned", "expected"),
    ("The Irish president will meet the Pope in Rome.", "meet", "planned", "will"),
    ("The call between the two presidents is unlikely to take place today.", "call", "cancelled", "unlikely"),
    ("The summit in Madrid was postponed.", "summit", "cancelled", "postponed"),
    ("The ministry denied reports that Canada had sent troops to the region.", "sent", "denied", "denied"),
    ("Japan will not impose sanctions on the company.", "sanctions", "negated", "not"),
    ("The rebels refused to release the hostages.", "release", "negated", "refused"),
    ("Brazil would impose sanctions if Venezuela attacks Guyana.", "attacks", "hypothetical", "if"),
    ("Brazil would impose sanctions if Venezuela attacks Guyana.", "sanctions", "hypothetical", "would"),
    ("Officials warned of a possible invasion.", "invasion", "hypothetical", "possible"),
    ("Chile and Peru held talks in Lima on Monday.", "talks", "occurred", None),
])
def test_status_comes_from_the_grammar_and_the_cue(nlp: Language, text: str, trigger: str, status: str,
                                                   cue: str | None) -> None:
    event = one(events_of(nlp, text), trigger)
    assert (event.status, event.cue) == (status, cue)


def test_an_event_noun_with_a_planned_carrier_shares_its_status_and_date(nlp: Language) -> None:
    text = "The Spanish prime minister is set to travel to Lima on March 14 for talks with the Peruvian president."
    talks = one(events_of(nlp, text), "talks")
    assert (talks.status, talks.date, talks.date_source) == ("planned", "2023-03-14", "timex")
    assert role(talks, "target", text)


def test_a_range_gives_date_and_date_end(nlp: Language) -> None:
    text = "Arms control negotiations between the two countries are scheduled in Oslo from January 9th to 10th."
    negotiations = one(events_of(nlp, text, "2022-01-02"), "negotiations")
    assert (negotiations.date, negotiations.date_end) == ("2022-01-09", "2022-01-10")
    assert negotiations.status == "planned"
    assert role(negotiations, "location", text) == ["Oslo"]


def test_without_its_own_time_an_event_is_estimated_from_the_documents_date(nlp: Language) -> None:
    """The stage's estimate uses the default priors (a past event most likely on the publication day); an event in
    an undated document stays undated."""
    text = "Turkey expelled two Swedish diplomats."
    expelled = one(events_of(nlp, text), "expelled")
    assert (expelled.date, expelled.date_precision, expelled.date_source) == (PUBLISHED, "about", "document")
    assert expelled.time_start is None
    undated = one(events_of(nlp, text, None), "expelled")
    assert (undated.date, undated.date_precision, undated.date_source) == (None, None, None)


def test_the_time_of_an_agreement_is_not_the_time_of_what_is_agreed(nlp: Language) -> None:
    text = "The envoys agreed on Wednesday to meet again in Berlin."
    found = events_of(nlp, text)
    assert one(found, "agreed").date == "2023-03-08"
    meet = one(found, "meet")
    assert (meet.status, meet.date_source) == ("planned", "document")


@pytest.mark.parametrize(("text", "trigger"), [
    ("The senator on Wednesday rejected the governor's description of the invasion as a mistake.", "invasion"),
    ("The network opened its evening show on Sunday with a segment about the invasion.", "invasion"),
    ("Rebels fought on in the south, the ministry said on Monday, two weeks into the invasion.", "invasion"),
])
def test_an_event_noun_that_another_word_speaks_of_does_not_take_that_words_time(nlp: Language, text: str,
                                                                                   trigger: str) -> None:
    named = one(events_of(nlp, text), trigger)
    assert (named.date_source, named.date_precision) == ("document", "about")


@pytest.mark.parametrize(("text", "trigger", "day"), [
    ("The invasion began on Wednesday.", "invasion", "2023-03-08"),
    ("The minister announced a round of sanctions on Thursday.", "sanctions", "2023-03-09"),
    ("The arrest sparked a protest on Wednesday outside the court.", "protest", "2023-03-08"),
    ("A school was hit by a missile strike on Thursday.", "missile strike", "2023-03-09"),
    ("The president will travel to Brussels on Thursday for a summit of the alliance.", "summit", "2023-03-16"),
])
def test_an_event_noun_takes_the_time_of_its_phase_its_light_verb_or_its_cause(nlp: Language, text: str,
                                                                               trigger: str, day: str) -> None:
    dated = one(events_of(nlp, text), trigger)
    assert (dated.date, dated.date_source) == (day, "timex")


def test_an_event_in_a_clause_of_simultaneity_takes_that_clauses_time(nlp: Language) -> None:
    text = "Poland on Thursday closed two crossings as joint military exercises with Lithuania began near the border."
    exercises = one(events_of(nlp, text), "military exercises")
    assert (exercises.type, exercises.date, exercises.status) == ("MOBILIZE", "2023-03-09", "occurred")
    assert "Lithuania" in role(exercises, "actor", text)


@pytest.mark.parametrize(("text", "reporter"), [
    ("According to the Spanish foreign ministry, Pedro Sanchez spoke with Giorgia Meloni on Monday.", "Spanish"),
    ("Swedish officials said that Turkey had expelled two diplomats.", "Swedish"),
])
def test_an_event_reported_by_someone_keeps_the_reporter(nlp: Language, text: str, reporter: str) -> None:
    found = events_of(nlp, text)
    assert found
    assert any(reporter in r for e in found for r in role(e, "reporter", text)), found


def test_a_demand_made_by_saying_is_a_request_to_whom_must_act(nlp: Language) -> None:
    text = "The Swiss foreign minister said Iran must release the detained journalists."
    found = events_of(nlp, text)
    said = one(found, "said")
    assert said.type == "REQUEST"
    assert role(said, "target", text) == ["Iran"]
    release = one(found, "release")
    assert (release.type, release.status) == ("RETREAT", "hypothetical")
    assert plover(release).type == "REQUEST"


def test_undoing_a_measure_is_its_reversal(nlp: Language) -> None:
    found = events_of(nlp, "The government lifted the curfew in the capital and suspended military aid to the rebels.")
    assert one(found, "lifted").type == "CONCEDE"
    assert one(found, "suspended").type == "SANCTION"
    assert not [e for e in found if e.text in ("curfew", "aid")]


def test_a_sentence_without_an_event_gives_none(nlp: Language) -> None:
    assert events_of(nlp, "The weather in Oslo was mild and sunny, with a light breeze from the sea.") == []
    assert events_of(nlp, "Peskov called the proposal a provocation.") == []


def test_plover_coding_folds_intent_threat_and_refusal_into_the_category(nlp: Language) -> None:
    offered = one(events_of(nlp, "The rebels offered to release the hostages."), "release")
    assert plover(offered).type == "AGREE"
    threat = one(events_of(nlp, "The army will shell the town unless the rebels surrender."), "shell")
    assert plover(threat).type == "THREATEN"
    refusal = one(events_of(nlp, "Hungary will not accept the refugees."), "accept")
    assert plover(refusal).type == "REJECT"
    fight = one(events_of(nlp, "Government troops shelled the rebel positions."), "shelled")
    assert plover_legacy(fight) == "FIGHT" and fight.type in PLOVER_TYPES


def test_legacy_categories_cover_plover_05() -> None:
    assert legacy_type("REQUEST", None) == "DEMAND"
    assert legacy_type("ACCUSE", "investigate") == "INVESTIGATE"
    assert legacy_type("ACCUSE", None) == "DISAPPROVE"
    assert legacy_type("ASSAULT", "heavy-weapons") == "FIGHT"
    assert legacy_type("ASSAULT", "torture") == "ASSAULT"


def test_a_name_split_off_its_clause_by_translation_is_the_actor_of_the_next_clause(nlp: Language) -> None:
    text = ("The meeting ended late. gentlemen. Obama This was repeated in the video conference with Mr. Macron on "
            "March 3.")
    call = one(events_of(nlp, text), "video conference")
    assert role(call, "actor", text) == ["Obama"]


def test_a_name_on_a_line_of_its_own_is_no_actor(nlp: Language) -> None:
    text = "Anna Kessler.\nThe video conference was repeated on Monday."
    call = one(events_of(nlp, text), "video conference")
    assert role(call, "actor", text) == []


@pytest.mark.parametrize(("text", "trigger", "kind", "mode"), [
    ("Warplanes bombed the town.", "bombed", "ASSAULT", "military"),
    ("Three civilians were killed by artillery fire.", "killed", "ASSAULT", "heavy-weapons"),
    ("Government forces violated the ceasefire.", "violated", "ASSAULT", "military"),
    ("Iraq allowed United Nations inspectors to visit the site.", "allowed", "RETREAT", "access"),
    ("UN peacekeepers arrived in Cyprus.", "arrived", "AID", "peacekeeping"),
    ("The government expelled thousands of foreign workers.", "expelled", "COERCE", "deport"),
    ("The government expelled two American diplomats.", "expelled", "SANCTION", "expel"),
    ("The government lifted restrictions on the press.", "lifted", "CONCEDE", "restrict"),
    ("The army lifted the blockade of the town.", "lifted", "RETREAT", "restrict"),
    ("Serbia pulled its forces out of Kosovo.", "pulled", "RETREAT", "withdraw"),
    ("A suicide bomber blew himself up in a crowded market.", "blew", "ASSAULT", "explosives"),
    ("The rebels walked out of the peace talks.", "walked", "SANCTION", "withdraw"),
    ("Thousands took to the streets on Sunday.", "took", "PROTEST", "demo"),
    ("The government sent an envoy to Damascus.", "sent", "CONSULT", "visit"),
])
def test_an_event_is_typed_by_its_arguments_as_the_cameo_codes_say(nlp: Language, text: str, trigger: str,
                                                                    kind: str, mode: str | None) -> None:
    event = one(events_of(nlp, text), trigger)
    assert (event.type, event.mode) == (kind, mode)


@pytest.mark.parametrize("text", [
    "The ministry released a statement on Monday.",
    "A report released on Tuesday described the economy of the region.",
    "Experts warned that prices would rise.",
])
def test_publishing_and_forecasting_are_not_events(nlp: Language, text: str) -> None:
    assert not events_of(nlp, text), [(e.text, e.type) for e in events_of(nlp, text)]


def test_calling_for_an_act_is_a_demand_and_a_carried_noun_stands_at_its_verb(nlp: Language) -> None:
    called = events_of(nlp, "Protesters called for the release of political prisoners.")
    assert [plover_legacy(e) for e in called] == ["DEMAND"]
    parsed = nlp("Workers went on strike to demand higher wages.")
    carrier = carrier_of(parsed[3])
    assert carrier is not None and carrier.text == "went"


@pytest.mark.parametrize(("text", "trigger", "kind"), [
    ("Russia launched strikes across Ukraine overnight.", "strikes", "ASSAULT"),
    ("The strike killed three people, the mayor said.", "strike", "ASSAULT"),
    ("The strikes on Kyiv damaged the power grid.", "strikes", "ASSAULT"),
    ("Strikes on power stations left the city without heat.", "Strikes", "ASSAULT"),
    ("Nurses began a strike over pay on Monday.", "strike", "PROTEST"),
    ("Rail workers staged a strike against the pension reform.", "strike", "PROTEST"),
    ("Miners went on strike to demand higher wages.", "strike", "PROTEST"),
    ("Russia has struck on symbolic dates before.", "struck", "ASSAULT"),
    ("Teachers struck for a week in March.", "struck", "PROTEST"),
])
def test_a_strike_is_an_attack_when_its_arguments_say_so_and_a_walkout_otherwise(nlp: Language, text: str,
                                                                                 trigger: str, kind: str) -> None:
    assert one(events_of(nlp, text), trigger).type == kind


@pytest.mark.parametrize("text", [
    "Some members still do not meet the alliance's guideline on defense spending.",
    "His rhetoric met resistance from some high-ranking Republicans.",
    "The order has been met with challenges in some regions.",
    "The proposal was met by scepticism in Brussels.",
])
def test_meeting_a_standard_or_a_reaction_is_no_meeting(nlp: Language, text: str) -> None:
    assert [e.type for e in events_of(nlp, text) if e.type == "CONSULT"] == []


@pytest.mark.parametrize(("text", "kind"), [
    ("Blinken met Zelensky in Kyiv on Sunday.", "CONSULT"),
    ("The two leaders met with villagers in Wagalla on Friday.", "CONSULT"),
    ("Russia has met the demands of the inspectors.", "CONCEDE"),
])
def test_meeting_someone_or_a_demand_keeps_its_sense(nlp: Language, text: str, kind: str) -> None:
    assert one(events_of(nlp, text), "met").type == kind


@pytest.mark.parametrize("text", [
    "The funds will help replace equipment destroyed in the war.",
    "Higher oil prices helped the rouble recover.",
    "The bank is helping to bankroll the war.",
])
def test_helping_do_something_is_no_aid_of_its_own(nlp: Language, text: str) -> None:
    assert of_type(events_of(nlp, text), "AID") == []


@pytest.mark.parametrize("text", [
    "The United States helped Ukraine with weapons and money.",
    "Britain will help Ukrainian forces regain territory.",
    "The West must help Taiwan resist.",
])
def test_helping_someone_is_aid(nlp: Language, text: str) -> None:
    assert [e.type for e in events_of(nlp, text) if e.text.startswith("help")] == ["AID"]


@pytest.mark.parametrize("text", [
    "Moving against Zhou also gave him control of the security services.",
    "The families were given three hours to pack.",
    "In Russian hands it would provide control of a swathe of territory.",
    "The 36 bomb shelters provided room for more than 12,000 people.",
])
def test_handing_over_what_is_no_aid_is_no_event(nlp: Language, text: str) -> None:
    assert of_type(events_of(nlp, text), "AID") == []


@pytest.mark.parametrize(("text", "trigger"), [
    ("Germany gave Ukraine weapons and ammunition.", "gave"),
    ("London also provided Kiev with financial support.", "provided"),
    ("Weapons were given to the Ukrainian army last week.", "given"),
    ("Britain gave Ukraine 120 armoured vehicles.", "gave"),
    ("The EU will give Ukraine 500 million euros.", "give"),
    ("The United States is providing aerial photographs and other military intelligence to Macedonia.", "providing"),
])
def test_handing_over_aid_weapons_or_money_is_aid(nlp: Language, text: str, trigger: str) -> None:
    assert one(events_of(nlp, text), trigger).type == "AID"


@pytest.mark.parametrize("text", [
    "The IEA has released 120m barrels of crude from their stocks.",
    "Biden ordered the largest-ever release of oil from the nation's strategic reserves.",
    "The company released a new phone.",
    "The ministry released a statement on Monday.",
])
def test_releasing_what_nobody_held_is_no_retreat(nlp: Language, text: str) -> None:
    assert of_type(events_of(nlp, text), "RETREAT") == []


@pytest.mark.parametrize(("text", "trigger"), [
    ("Liu Xiaobo will be released from prison.", "released"),
    ("Russia released 50 Ukrainian prisoners on Friday.", "released"),
    ("Griner's release was secured in a swap.", "release"),
    ("Iran released the seized British tanker.", "released"),
    ("Russia has released him.", "released"),
])
def test_releasing_people_or_held_property_is_a_retreat(nlp: Language, text: str, trigger: str) -> None:
    assert one(events_of(nlp, text), trigger).type == "RETREAT"


@pytest.mark.parametrize(("text", "trigger", "kind"), [
    ("Protesters blocked military convoys with sandbags.", "blocked", "PROTEST"),
    ("Lithuania blocked the transit of goods to Kaliningrad.", "blocked", "COERCE"),
    ("Russian forces have blocked the port of Mariupol.", "blocked", "COERCE"),
    ("Residents blocked the road to the plant.", "blocked", "PROTEST"),
])
def test_a_state_that_blocks_restricts_and_people_who_block_protest(nlp: Language, text: str, trigger: str,
                                                                     kind: str) -> None:
    assert one(events_of(nlp, text), trigger).type == kind


@pytest.mark.parametrize(("text", "attacks"), [
    ("Germany's interior ministry fired the country's cybersecurity chief on Tuesday.", False),
    ("Russian officials threatened to fire Energoatom employees.", False),
    ("The board fired him last week.", False),
    ("More than 50 cruise missiles were fired by Russian strategic bombers.", True),
    ("Two volunteer soldiers fired at fellow troops.", True),
])
def test_firing_a_person_dismisses_and_firing_weapons_attacks(nlp: Language, text: str, attacks: bool) -> None:
    assert any(e.type == "ASSAULT" and e.text.startswith("fire") for e in events_of(nlp, text)) == attacks


@pytest.mark.parametrize(("text", "trigger", "kind"), [
    ("Putin used barbaric tactics to send missiles at civilians.", "send", "ASSAULT"),
    ("Russia sent drones against Ukrainian troops.", "sent", "ASSAULT"),
    ("The United States sent missiles to Ukraine.", "sent", "AID"),
    ("Britain sent anti-tank missiles to Ukraine on Wednesday.", "sent", "AID"),
    ("The plan to send four drones to Kyiv was put on hold.", "send", "AID"),
])
def test_weapons_sent_at_someone_attack_and_weapons_sent_to_someone_aid(nlp: Language, text: str, trigger: str,
                                                                          kind: str) -> None:
    assert one(events_of(nlp, text), trigger).type == kind


def test_calling_someone_something_on_a_day_is_no_request(nlp: Language) -> None:
    text = "On Thursday, Biden called Putin “the aggressor” in the war."
    assert of_type(events_of(nlp, text), "REQUEST") == []
    assert one(events_of(nlp, "Biden called on Congress to pass the aid package."), "called").type == "REQUEST"


@pytest.mark.parametrize("text", [
    "He died of a heart attack on Monday.",
    "A forest fire spread near the plant.",
    "Residents heard a gas explosion in the basement.",
])
def test_an_illness_a_blaze_or_an_accident_is_no_attack(nlp: Language, text: str) -> None:
    assert of_type(events_of(nlp, text), "ASSAULT") == []


@pytest.mark.parametrize("text", [
    "Plants may have to fire up coal generators this winter.",
    "She fired off an angry letter to the minister.",
])
def test_firing_up_an_engine_or_off_a_letter_is_no_attack(nlp: Language, text: str) -> None:
    assert of_type(events_of(nlp, text), "ASSAULT") == []


@pytest.mark.parametrize(("text", "offers"), [
    ("Officials offered few details about it.", False),
    ("The documents offer a window into the decisions ahead.", False),
    ("The report offers some hope to farmers.", False),
    ("Kyiv offered several concessions on its neutral status.", True),
    ("She offered to fly the cat back.", True),
])
def test_offering_details_or_a_prospect_is_no_offer(nlp: Language, text: str, offers: bool) -> None:
    assert any(e.type == "AGREE" for e in events_of(nlp, text)) == offers
