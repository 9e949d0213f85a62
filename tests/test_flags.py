"""Source flags: each mark on sentences written for these tests, the seed articles, and the flag's quality floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.flags import false_positive_rates, native_texts, read_gold, score_gold
from storyline.claims.flags import (
    CAPITAL_MID_SENTENCE,
    CORPUS_FLAG,
    DOUBLED_PHRASE,
    FLAG_THRESHOLD,
    FLAGS,
    GLUED_PUNCTUATION,
    GLUED_WORDS,
    HONORIFIC_FRAGMENT,
    MAX_EVIDENCE,
    MIN_CORPUS,
    MISPLACED_QUOTE,
    STATED_FOR_SAID,
    Flag,
    corpus_flags,
    document_flags,
    flag_scores,
    read_text,
)
from tests.conftest import SEEDS, UKRAINE_MEDIA, need_shared

FLOORS = json.loads((Path(__file__).resolve().parent / "quality_floors.json").read_text(encoding="utf-8"))
MT_SEED = "004_9fe678bdc307f986.txt"
NATIVE_SEEDS = ("000_7db180eb06494bbd.txt", "001_ceb98c0606a3a847.txt", "003_eec9276ff4bd8380.txt")

# A paragraph of plain news English written for these tests: no flag may fire on it.
NATIVE = ("The foreign minister arrived in Vienna on Tuesday for talks with his counterparts. \"We are ready to "
          "listen,\" he told reporters at the airport. Officials said the meeting would last two days and that "
          "more and more delegations had asked to join. The ministry stated later that no agreement was expected. "
          "Mr. and Mrs. Keller, who run a cafe near the venue, said business was brisk.\n")


def _marks(text: str, reason: str) -> list[str]:
    return [text[e.start:e.end] for e in read_text(text).hits[reason]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Officials met near the border.TheArmy said nothing more about it.", []),
    ("Troops gathered in the eastern regionOn the border with the west.", ["regionOn"]),
    ("The talks in the capital ended early. KyivThe talks will resume on Monday.", ["KyivThe"]),
    ("She bought an iPhone and watched YouTube before a trip to McDonald's with LeBron.", []),
    ("General MacArthur and Governor DeSantis spoke about eBay.", []),
    ("The firm OakRidge said on Monday that OakRidge shares would rise.", []),  # a name the text writes twice
    ("Ukraine and Russian envoys met. The area UkraineRussian officials visited was calm.", ["UkraineRussian"]),
    ("Fans of #StandTogether and @NewsDesk were loud.", []),
])
def test_glued_words_are_found_and_camel_case_names_are_not(text: str, expected: list[str]) -> None:
    assert _marks(text, GLUED_WORDS) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The envoy said his country He would never accept the terms.", ["He"]),
    ("The senator and the general The meeting ended without a deal.", ["The"]),
    ("The series Ukraine In The Crosshairs presents the latest news.", []),  # a title-case run
    ("Prices rose. The central bank acted. \"The rise is temporary,\" it said.", []),
    ("Columnist George Will wrote that the plan would fail.", []),
    ("Ladies and gentlemen, It is an honour to be here.", []),  # after a comma
])
def test_capitals_mid_sentence(text: str, expected: list[str]) -> None:
    assert _marks(text, CAPITAL_MID_SENTENCE) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks were tense. gentlemen. Keller said the deal was off.", ["gentlemen."]),
    ("The offer stood, but sir. Keller refused to sign it.", ["sir."]),
    ("He met with Mr. on Friday to discuss the plan.", ["Mr. on"]),
    ("\"Are you ready?\" \"Yes, sir. Ready when you are.\"", []),
    ("Ladies and gentlemen. We begin with the budget.", []),
    ("She was not a lady. Anna Keller said so herself.", []),
    ("The minister met Mr. de Villepin and Mr. and Mrs. Keller.", []),
])
def test_honorific_fragments(text: str, expected: list[str]) -> None:
    assert _marks(text, HONORIFIC_FRAGMENT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The navy sent frigates and frigates to the strait.", ["frigates and frigates"]),
    ("More and more people left; prices grew bigger and bigger, again and again.", []),
    ("Officials or officials from the ministry declined to comment.", ["Officials or officials"]),
])
def test_doubled_phrases(text: str, expected: list[str]) -> None:
    assert _marks(text, DOUBLED_PHRASE) == expected


def test_glued_full_stops_and_misplaced_quotation_marks_span_their_words() -> None:
    text = "The envoy landed in Vienna.U.S. officials met him. \"We want calm,\" he said of the security. “\nNext."
    assert _marks(text, GLUED_PUNCTUATION) == ["Vienna.U.S."]
    assert _marks(text, MISPLACED_QUOTE) == ["security. “"]


def test_stated_for_said_counts_only_with_enough_reports() -> None:
    few = "He stated it. She stated it. They said it."
    many = "He stated it. She stated it. They stated it. We said it. You said it. I stated it."
    assert read_text(few).rates[STATED_FOR_SAID] == 0.0
    assert read_text(many).rates[STATED_FOR_SAID] == pytest.approx(4 / 6)


def test_plain_news_english_gets_no_flag() -> None:
    assert document_flags(NATIVE) == []
    scores = flag_scores(NATIVE)
    assert set(scores) == set(FLAGS) and all(0.0 <= s < FLAG_THRESHOLD for s in scores.values())


def test_empty_text_scores_low_everywhere() -> None:
    assert document_flags("") == []
    assert all(s < FLAG_THRESHOLD for s in flag_scores("").values())


def test_a_page_of_furniture_is_boilerplate_heavy() -> None:
    page = "\n".join(["Share this article", "Follow us on Twitter", "Sign up for our newsletter",
                      "Click here to subscribe", "Leave a comment", "Cookie settings", "Privacy policy",
                      "The council approved the new budget on Monday after a long debate.", "Related articles",
                      "Download our app"])
    flags = {f.name: f for f in document_flags(page)}
    assert "boilerplate_heavy" in flags
    assert all(page[e.start:e.end] != "The council approved the new budget on Monday after a long debate."
               for e in flags["boilerplate_heavy"].evidence)


def test_blocks_the_clean_stage_removed_count_as_furniture() -> None:
    removed = ["Share this article", "Follow us on Twitter", "Sign up for our newsletter", "Leave a comment"] * 5
    assert flag_scores(NATIVE)["boilerplate_heavy"] < FLAG_THRESHOLD
    flags = {f.name: f for f in document_flags(NATIVE, removed=removed)}
    assert "boilerplate_heavy" in flags and flags["boilerplate_heavy"].evidence == ()


def _marked(n: int) -> str:
    """A plain text of about 300 words, with `n` lost line breaks (a capitalised "The" mid-sentence)."""
    sentences = [f"The council met on day {i} and the mayor said the roads would be repaired soon." for i in range(20)]
    for i in range(n):
        sentences[i] = sentences[i].replace("met on", "met The mayor on")
    return " ".join(sentences)


def test_corpus_flags_mark_a_document_far_above_its_corpus() -> None:
    texts = {f"plain{i}": _marked(0) for i in range(MIN_CORPUS)} | {"odd": _marked(4)}
    flags = corpus_flags(texts)
    assert set(flags) == set(texts)
    assert [f.name for f in flags["odd"]] == [CORPUS_FLAG]
    assert all(texts["odd"][e.start:e.end] == "The" for e in flags["odd"][0].evidence)
    assert not any(flags[f"plain{i}"] for i in range(MIN_CORPUS))
    # The same marks in every document are the corpus's norm, and too few documents give no norm at all.
    assert not any(f.name == CORPUS_FLAG for fs in corpus_flags({f"d{i}": _marked(4) for i in range(60)}).values()
                   for f in fs)
    assert corpus_flags({"plain": _marked(0), "odd": _marked(4)})["odd"] == []


def _seed(name: str) -> str:
    return (need_shared(SEEDS) / name).read_text(encoding="utf-8")


def test_the_machine_translated_seed_is_flagged_with_its_glued_words() -> None:
    text = _seed(MT_SEED)
    flags = {f.name: f for f in document_flags(text)}
    assert "machine_translated" in flags
    flag: Flag = flags["machine_translated"]
    assert flag.likelihood >= FLAG_THRESHOLD
    assert 0 < len(flag.evidence) <= MAX_EVIDENCE
    assert all(0 <= e.start < e.end <= len(text) for e in flag.evidence)
    glued = {text[e.start:e.end] for e in flag.evidence if e.reason == GLUED_WORDS}
    assert glued & {"RussiaOn", "UkraineThe", "UkraineRussian"}, flag.evidence
    reasons = {e.reason for e in flag.evidence}
    assert {GLUED_WORDS, CAPITAL_MID_SENTENCE, HONORIFIC_FRAGMENT} <= reasons
    assert "words" in flag.note


@pytest.mark.parametrize("name", NATIVE_SEEDS)
def test_native_seeds_are_not_flagged_machine_translated(name: str) -> None:
    assert "machine_translated" not in {f.name for f in document_flags(_seed(name))}


def test_machine_translated_flag_meets_its_floors() -> None:
    """The labelled set (115 documents) and the 1,000-article native sample: a few seconds."""
    need_shared(UKRAINE_MEDIA)
    floors = FLOORS["flags"]
    counts = score_gold(read_gold())["all"]
    native = false_positive_rates(native_texts(1000))
    measured = {"labelled_recall": counts.recall, "labelled_specificity": counts.specificity,
                "native_sample_specificity": 1.0 - native["rate"]}
    below = {k: f"{measured[k]:.3f} < {floor}" for k, floor in floors.items()
             if not k.startswith("_") and measured[k] < floor}
    assert not below, f"source flags under their floors (tests/quality_floors.json): {below}"


def test_honorific_matches_are_found_only_where_they_can_start() -> None:
    """`_honorific_starts` lists every place a HONORIFIC match can start, so trying the regex only there finds what
    its finditer finds: at a line start, after a quotation mark, after a word and a space, runs of fragments."""
    from storyline.claims import flags
    from storyline.scanning import matches_at
    from tests.conftest import sample_articles

    texts = ["gentlemen. Biden said", "with mr. Smith", "a b. C", "ab. Cd", "\nsir. Xy", "\"madam. Yes", "x. y. Z",
             "A. B. C", "Ab cd. Ef", "9 ab. Cd", "ab cd. Ef gh. Ij", "ab. Cd ef. Gh", "“sir. No", "", ". A"]
    texts += [record["text"] for record in sample_articles(40)]
    assert sum(len(list(flags.HONORIFIC.finditer(text))) for text in texts) > 40
    for text in texts:
        found = [m.span() + m.groups() for m in matches_at(flags.HONORIFIC, flags._honorific_starts(text), text)]
        assert found == [m.span() + m.groups() for m in flags.HONORIFIC.finditer(text)], text[:60]
