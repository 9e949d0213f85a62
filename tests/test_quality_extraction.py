"""Article extraction quality: the scorer on hand-made strings, and Storyline's floors on the gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.extraction import (
    default_benchmark_dir,
    evaluate,
    score_page,
    shingles,
    storyline_extract,
    summarize,
    tokenize,
)

TESTS = Path(__file__).resolve().parent
FLOORS = json.loads((TESTS / "quality_floors.json").read_text(encoding="utf-8"))
BENCHMARK = default_benchmark_dir()


def test_tokens_are_word_runs_with_case_kept() -> None:
    assert tokenize("Don't stop, U.S.-made!") == ["Don", "t", "stop", "U", "S", "made"]


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles(" ... ") == {}


def test_perfect_match_scores_one() -> None:
    page = score_page("The cat sat on the mat today.", "The cat sat on the mat today.")
    assert (page.precision, page.recall, page.f1, page.exact) == (1.0, 1.0, 1.0, True)


def test_disjoint_texts_score_zero() -> None:
    page = score_page("alpha beta gamma delta", "one two three four")
    assert (page.precision, page.recall, page.f1) == (0.0, 0.0, 0.0)


def test_partial_overlap_by_hand() -> None:
    # Gold has 7 tokens, so 4 shingles: (the cat sat on) (cat sat on the) (sat on the mat) (on the mat today).
    # The output has the first 3 of them and one of its own, (on the mat yesterday): tp 3, fp 1, fn 1.
    page = score_page("the cat sat on the mat today", "the cat sat on the mat yesterday")
    assert (page.tp, page.fp, page.fn) == (3, 1, 1)
    assert page.precision == pytest.approx(0.75)
    assert page.recall == pytest.approx(0.75)
    assert page.f1 == pytest.approx(0.75)
    # A truncated output: all 3 of its shingles are right, 1 of 4 gold shingles missing.
    page = score_page("the cat sat on the mat today", "the cat sat on the mat")
    assert (page.precision, page.recall) == (1.0, 0.75)
    assert page.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_means_skip_empty_outputs_for_precision_only() -> None:
    full = score_page("a b c d e", "a b c d e")
    empty = score_page("a b c d e", "")
    summary = summarize([full, empty])
    assert empty.precision is None and empty.recall == 0.0 and empty.f1 == 0.0
    assert (summary.precision, summary.recall, summary.empty_outputs) == (1.0, 0.5, 1)
    assert summary.f1 == pytest.approx(2 * 0.5 / 1.5)  # harmonic mean of the two means, as upstream
    assert summary.mean_page_f1 == 0.5
    assert summary.accuracy == 0.5


def test_storyline_extraction_meets_floors() -> None:
    if not (BENCHMARK / "ground-truth.json").is_file():
        pytest.skip(f"article-extraction-benchmark gold set not found at {BENCHMARK} (see STORYLINE_SHARED)")
    summary = evaluate(storyline_extract, BENCHMARK, name="storyline").summary
    assert summary.pages == 181
    floors = FLOORS["extraction"]
    measured = {"precision": summary.precision, "recall": summary.recall, "f1": summary.f1}
    below = {k: f"{measured[k]:.3f} < {floor}" for k, floor in floors.items()
             if not k.startswith("_") and measured[k] < floor}
    assert not below, f"extraction quality under its floor (tests/quality_floors.json): {below}"
