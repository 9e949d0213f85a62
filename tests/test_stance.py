"""The stance judge and claim contradictions on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest

from storyline.claims.stance import LABELS, RuleStance, Stance, StanceJudge, claim_contradicts, load_weights, stem

CLAIM = "The ministry sent a written reply to the alliance's security proposals"


# An article of our own, for the body judge: it restates the claim and adds detail.
ARTICLE_AGREES = (
    "The foreign ministry sent a written reply to the alliance's security proposals on Friday, officials on both sides "
    "said.\nThe reply, delivered by courier to the alliance's headquarters, runs to ten pages, according to two "
    "diplomats who have read it. The alliance confirmed it had received the document.\nA spokeswoman for the ministry "
    "said the reply set out its position on each of the proposals. The talks are due to open on Tuesday.")
# The same story, reported without being taken as fact.
ARTICLE_HEDGES = (
    "The foreign ministry is said to have sent a written reply to the alliance's security proposals, according to a "
    "newspaper report that could not be verified.\nThe ministry did not answer requests for comment. If true, the "
    "reply would come days before the talks are due to open on Tuesday. Diplomats in several capitals said they had "
    "heard rumours of a reply but had not seen it.")
# The same story, denied.
ARTICLE_DENIES = (
    "The foreign ministry on Friday denied reports that it had sent a written reply to the alliance's security "
    "proposals.\n\"No reply has been sent, and none is being drafted,\" a spokeswoman told reporters in the capital. "
    "She dismissed the reports as an attempt to sow confusion before next week's talks.\nThe alliance had set a "
    "deadline of the end of the month for an answer. The talks are due to open on Tuesday.")
ARTICLE_CLAIM = "Ministry sent written reply to alliance security proposals"


@pytest.fixture(scope="module")
def judge() -> RuleStance:
    return RuleStance()


@pytest.fixture(scope="module")
def short() -> RuleStance:
    return RuleStance.for_headlines()


def _checked(stance: Stance, text: str) -> Stance:
    """Every verdict is well formed: a known label, a score in 0..1, evidence inside the text (None only when
    unrelated) and a note."""
    assert stance.label in LABELS
    assert 0.0 <= stance.score <= 1.0
    assert stance.note
    if stance.label == "unrelated":
        assert stance.evidence is None
    else:
        assert stance.evidence is not None
        start, end = stance.evidence
        assert 0 <= start < end <= len(text)
    return stance


def _judged(judge: RuleStance, text: str, claim: str = CLAIM) -> Stance:
    return _checked(judge.judge(claim, text), text)


def test_rule_stance_is_a_stance_judge(judge: RuleStance) -> None:
    plugged: StanceJudge = judge  # the Protocol an NLI model would also satisfy
    assert plugged.judge(CLAIM, CLAIM).label in LABELS


def test_denial_near_the_claims_words_disagrees_and_points_at_the_denial(short: RuleStance) -> None:
    text = ("The ministry on Friday denied that it had sent any written reply to the alliance's security proposals. "
            "A spokeswoman dismissed the story as invented by foreign newspapers.")
    stance = _judged(short, text)
    assert stance.label == "disagree"
    assert stance.reason == "denial"
    assert text[slice(*stance.evidence)] in ("denied", "dismissed")


def test_refutation_words_disagree(short: RuleStance) -> None:
    text = ("Reports that the ministry sent a written reply to the alliance's security proposals are false. "
            "The story is a hoax, officials said, and there is no evidence that any reply was sent.")
    stance = _judged(short, text)
    assert stance.label == "disagree"
    assert stance.reason == "refutation"
    assert text[slice(*stance.evidence)] in ("false", "hoax", "no evidence")


def test_a_headline_that_denies_disagrees(short: RuleStance) -> None:
    text = "Ministry denies sending written reply to alliance proposals"
    stance = _judged(short, text)
    assert stance.label == "disagree"
    assert text[slice(*stance.evidence)] == "denies"


def test_hedged_report_discusses(short: RuleStance) -> None:
    text = ("The ministry has reportedly sent a written reply to the alliance's security proposals, according to "
            "unconfirmed accounts in two newspapers. Officials could not say whether a reply would follow.")
    stance = _judged(short, text)
    assert stance.label == "discuss"
    assert stance.reason == "hedged"
    assert text[slice(*stance.evidence)] in ("reportedly", "according to", "unconfirmed", "could")


def test_restatement_agrees(short: RuleStance) -> None:
    text = ("The ministry sent a written reply to the alliance's security proposals on Wednesday. "
            "The reply was delivered to the alliance's headquarters by courier, officials confirmed.")
    stance = _judged(short, text)
    assert stance.label == "agree"
    assert stance.reason in ("restated", "confirmed")


def test_text_about_something_else_is_unrelated(judge: RuleStance, short: RuleStance) -> None:
    text = "The village bakery won a regional prize for its rye bread, and the mayor handed over the trophy."
    for one in (judge, short):
        stance = _judged(one, text)
        assert stance.label == "unrelated"
        assert stance.reason == "unrelated"


def test_body_judge_reads_an_article_that_restates_the_claim_as_agreeing(judge: RuleStance) -> None:
    stance = _judged(judge, ARTICLE_AGREES, ARTICLE_CLAIM)
    assert stance.label == "agree"
    assert ARTICLE_AGREES[slice(*stance.evidence)].startswith("The foreign ministry sent a written reply")


def test_body_judge_reads_a_hedged_article_as_discussing(judge: RuleStance) -> None:
    stance = _judged(judge, ARTICLE_HEDGES, ARTICLE_CLAIM)
    assert stance.label == "discuss" and stance.reason == "hedged"


@pytest.mark.xfail(strict=True, reason="known weakness (docs/quality.md): FNC-1's body weights give denial words "
                                       "little weight, and 'reports' as a hedge pulls this article to discuss")
def test_body_judge_reads_an_article_that_denies_the_claim_as_disagreeing(judge: RuleStance) -> None:
    assert _judged(judge, ARTICLE_DENIES, ARTICLE_CLAIM).label == "disagree"


def test_judge_keeps_a_parsed_body_for_the_next_claim(judge: RuleStance) -> None:
    text = "The harbour reopened on Monday after the storm, the port authority said."
    judge.judge("The harbour reopened", text)
    assert judge.parse(text) is judge.parse(text)


def test_both_weight_files_have_every_feature_and_an_offset_row() -> None:
    for name in ("claims/stance_weights", "claims/stance_weights_headline"):
        weights = load_weights(name)
        assert set(weights.offsets) == {"agree", "disagree", "discuss"}
        assert "bias" in weights.related and "negation_relevant" in weights.labels["disagree"]


def test_stem_matches_plural_and_past_forms() -> None:
    assert stem("troops") == stem("troop")
    assert stem("denied") == stem("denies") == "deny"
    assert stem("crisis") == "crisis"


def test_claim_contradicts_a_denial_of_what_it_denies() -> None:
    a = "The army denied that its soldiers crossed the river"
    b = "Soldiers crossed the river at dawn"
    stance = claim_contradicts(a, b)
    assert stance is not None and stance.label == "disagree" and stance.reason == "denial"
    assert b[slice(*stance.evidence)] == "Soldiers crossed the river"
    flipped = claim_contradicts(b, a)
    assert flipped is not None and a[slice(*flipped.evidence)] == "denied"


def test_claim_contradicts_refutation_words() -> None:
    stance = claim_contradicts("The governor resigned on Monday", "Talk that the governor resigned is groundless")
    assert stance is not None and stance.reason == "refutation"


def test_claim_contradicts_opposite_assessments() -> None:
    b = "A new offensive before spring is unlikely, the analysts wrote"
    stance = claim_contradicts("A new offensive before spring is highly likely", b)
    assert stance is not None and stance.reason == "antonym"
    assert b[slice(*stance.evidence)] == "unlikely"


def test_claim_contradicts_another_number_for_the_same_thing() -> None:
    b = "About 130,000 soldiers are camped near the frontier"
    stance = claim_contradicts("Some 100,000 soldiers are camped near the frontier", b)
    assert stance is not None and stance.reason == "number"
    assert b[slice(*stance.evidence)] == "130,000"


def test_claim_contradicts_a_negated_verb() -> None:
    b = "The minister did not sign the agreement"
    stance = claim_contradicts("The minister signed the agreement", b)
    assert stance is not None and stance.reason == "negation"
    assert b[slice(*stance.evidence)] == "not sign"


def test_agreeing_or_unconnected_claims_do_not_contradict() -> None:
    assert claim_contradicts("Some 100,000 soldiers are camped near the frontier",
                             "About 100,000 soldiers are camped near the frontier, officials said") is None
    assert claim_contradicts("Both officials denied the report", "The two officials denied the report") is None
    assert claim_contradicts("The bridge was closed", "Fishing quotas rose this year") is None
    assert claim_contradicts("5,000 people marched", "5,000 people marched in 2019 and 2,000 dogs") is None


def test_claim_contradicts_another_date_for_the_same_event() -> None:
    b = "The summit opened in the capital on Tuesday"
    stance = claim_contradicts("The summit opened in the capital on Monday", b)
    assert stance is not None and stance.reason == "date"
    assert b[slice(*stance.evidence)] == "Tuesday"
    day = claim_contradicts("The treaty was signed on 3 March", "The treaty was signed on March 9")
    assert day is not None and day.reason == "date"
    assert claim_contradicts("The treaty was signed on 3 March", "The treaty was signed on March 3 in Paris") is None
    assert claim_contradicts("The summit opened on Monday", "The summit opened on Monday and closed on Tuesday") is None
