"""Is the first line of a plain-text article its headline, or the first paragraph of the body (the lead)?

Scraped articles often arrive without a title line, and a lead is the most important paragraph of a news story:
reading it as a headline drops it from the text every later stage analyses. So the first line is judged by its
form and its neighbours, without a parse (readers run before the model is loaded):

| feature | points | why |
|---|---:|---|
| `sentence_end` | -3.0 | ends with `.` or `!` (before closing quotes): prose does, headlines rarely |
| `title_case` | +3.5 | every word of 3+ letters capitalised, small words aside: "Zelenskiy Calls On Ukrainians" |
| `length` | -1 per 60 chars over 180 | headlines are short; leads of 170 to 455 characters are common |
| `inner_sentence` | -1.0 | a sentence break inside the line ("... invaded. Five months on, ...") |
| `prose_words` | -8 x share | articles, past auxiliaries (lexicons/headlines/prose_words.txt): headlines drop them |
| `past_attribution` | -1.5 | "said", "told", "according to" (lexicons/headlines/lead_reporting_forms.tsv) |
| `weekday` | -1.0 | "on Monday": leads date the news, headlines seldom do |
| `closed_quotation` | -1.0 | a quotation closed after its own punctuation (`,"` or `."`) with words after it |
| `dateline` | -6.0 | opens with a wire dateline: "KYIV, Ukraine (AP) —", "MOSCOW (Reuters) -", "(CNN)" |
| `byline` | -6.0 | only a byline or an outlet's mark (lexicons/headlines/outlet_marks.txt): "By Jane Doe", "Reuters" |
| `kicker` | +1.5 | a short label and a colon open it: "Ukraine war: ...", "Quad: The China factor ..." |
| `credit` | +2.0 | ends crediting an author or speaker after a bar or a dash: "... \\| Jane Doe", "... – Putin" |
| `echo` | 0 to +1.0 | 4 x (share - 0.35) of its long words repeated in the next 600 characters: leads restate titles |
| `dateline_follows` | +3.0 | the text under it opens with a dateline, so this line stands above the story |

The score starts at `BIAS` (+2.0: a short line without the marks of prose reads as a title) and the line is a
headline when the sum is above zero. Weights were set on the dev slice of `evaluation/headlines.py` (docs/quality.md,
"Headlines"). A line is only ever judged when a blank line follows it; `read_title_line` applies that gate and the
user's override (`--title-line yes|no`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.config import TITLE_LINE_CHOICES
from storyline.lexicon_files import integers, table, words

# How a Document's title was decided (`Document.title_basis`, stored and exported as is):
HEADLINE = "headline"  # a .txt first line judged a headline (`--title-line auto`)
LEAD = "lead"  # a .txt file judged to have no title line: its first paragraph is the lead and stays in the text
FORCED = "forced"  # `--title-line yes` (the first line is the title) or `no` (no title) decided, not the scorer
METADATA = "metadata"  # the title came from metadata: a JSONL/CSV title field or an HTML page's title
# null: a record or page with no title, where nothing was decided.
TITLE_BASES = (HEADLINE, LEAD, FORCED, METADATA)
__all__ = ["FORCED", "HEADLINE", "LEAD", "METADATA", "TITLE_BASES", "TITLE_LINE_CHOICES", "Judgement", "judge"]

BIAS = 2.0
THRESHOLD = 0.0
LONG = 180  # characters; a line longer than this loses a point per 60 more

PROSE_WORDS = words("headlines/prose_words")
SMALL_WORDS = words("quotes/title_small_words")
ECHO_WINDOW = 600  # characters after the blank line that the echo feature reads
ECHO_MAX = 1.0  # the most points the echo feature gives: weak evidence, never worth a sentence end
TITLE_CASE_SHARE = 1.0  # every word of 3+ letters capitalised (small words aside): "met with" is a sentence
PAST_ATTRIBUTION = frozenset(table("headlines/lead_reporting_forms"))
OUTLET_MARKS = words("headlines/outlet_marks")
# Full weekday names from the time lexicon (its abbreviations "sat", "wed" are words too); read directly, since
# importing storyline.timex would load spaCy in every reader.
WEEKDAY_NAMES = frozenset(name for name in integers("timex/weekdays") if name.endswith("day"))

_CLOSERS = "\"'”’)]»"
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'-]*")
_INNER_SENTENCE = re.compile(r"[a-z0-9][.!?][\"'”’]?\s+[\"'“‘]?[A-Z]")
_CLOSED_QUOTATION = re.compile(r"[,.?!][\"”]\s+\w")
# "WASHINGTON —", "KYIV, Ukraine (AP) —", "LONDON, Feb 3 (Reuters) -", "Kyiv, 24 February (Ukrinform) —", "(CNN)":
# a place in capitals, an optional place or date after a comma, an optional agency in brackets, then a dash; or a
# place in any case when an agency in brackets and a dash follow; or an agency in brackets opening the line; then a
# sentence of 40 characters or more ("NATO — What next?" is a headline).
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’/-]+(?:\s+[A-Z][A-Z.'’/-]+){0,3}(?:,\s+[^—–―()\n]{1,30}?)?\s*(?:\([^)\n]{1,30}\))?\s*[—–―-]{1,2}\s"
    r"|[A-Z][\w.'’/ -]{1,30}?(?:,\s+[^—–―()\n]{1,30}?)?\s*\([^)\n]{1,30}\)\s*[—–―-]{1,2}\s"
    r"|\([A-Z][\w .]{0,20}\)\s*[—–―-]{0,2}\s*)(?=[A-Z“\"‘'].{40})"
)


def dateline_end(text: str) -> int:
    """Where the wire dateline that opens a text ends ("BRUSSELS - ", "KYIV, Ukraine (AP) — "); 0 when it opens
    with none."""
    found = _DATELINE.match(text)
    return found.end() if found else 0


# "Ukraine: The spy war within the war", "War in Ukraine: ...": a short label and a colon open the line.
_KICKER = re.compile(r"^[^.:!?\"“]{2,30}:\s")
# "... | Peter Pomerantsev", "... – Putin": the author, section or speaker credited after a bar or a dash at the end.
_CREDIT = re.compile(r"(?:\s\|\s[^|]{2,40}|\s[—–―-]\s[A-Z][\w.’' -]{0,29}[\w’'])$")
# "By Jane Doe", "By Jane Doe, Reuters", "(Reuters)", "AP", "— The Associated Press": a byline or an outlet's mark
# alone on the line, no story in it.
_BYLINE = re.compile(r"^(?:(?:[Bb]y|BY|[Ff]rom|Written by|Reporting by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
                     r"(?:\s*[,|/–—-]\s*[^.!?]{1,40})?|\([^)]{1,40}\)|[A-Z]{2,8}|[—–―-]\s*[A-Z][^.!?]{0,40})$")


@dataclass(frozen=True)
class Judgement:
    """The verdict on one first line: headline or not, its score, and the features that fired (name: points)."""

    headline: bool
    score: float
    features: dict[str, float]


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped.endswith((".", "!")) and not stripped.endswith("...")


def _title_case(tokens: list[str]) -> bool:
    """Every word of three letters or more capitalised (TITLE_CASE_SHARE), the small words of titles aside."""
    content = [w for w in tokens if len(w) >= 3 and w.lower() not in SMALL_WORDS]
    return len(content) >= 4 and sum(w[0].isupper() for w in content) >= TITLE_CASE_SHARE * len(content)


def _echo(line: str, following: str) -> float:
    """The share of the line's longer words that the next lines repeat: a lead restates its headline."""
    own = {w.lower() for w in _words(line) if len(w) >= 4}
    if not own or not following:
        return 0.0
    after = {w.lower() for w in _words(following[:ECHO_WINDOW])}
    return len(own & after) / len(own)


def _prose_share(tokens: list[str]) -> float:
    return sum(w.lower() in PROSE_WORDS for w in tokens) / len(tokens) if tokens else 0.0


def _is_byline(line: str) -> bool:
    """A byline or an outlet's mark alone: "By Jane Doe", "(Reuters)", "AP", "— Reuters staff", "BBC News"."""
    if _BYLINE.match(line):
        return True
    bare = re.sub(r"^(?:by\s+|from\s+)|\bstaff$", "", line.strip("()[]—–―- ").lower()).strip("()[]—–―- ")
    return bare in OUTLET_MARKS


def _has_any(tokens: list[str], vocabulary: frozenset[str]) -> bool:
    return any(w.lower() in vocabulary for w in tokens)


def features(line: str, following: str) -> dict[str, float]:
    """The points each feature gives this first line (only the ones that fired), before the bias.

    `following` is the text after the blank line under it."""
    tokens = _words(line)
    points = {
        "sentence_end": -3.0 if _ends_sentence(line) else 0.0,
        "title_case": 3.5 if _title_case(tokens) else 0.0,
        "length": -max(0, len(line) - LONG) / 60,
        "inner_sentence": -1.0 if _INNER_SENTENCE.search(line) else 0.0,
        "prose_words": -8.0 * _prose_share(tokens),
        "past_attribution": -1.5 if _has_any(tokens, PAST_ATTRIBUTION) else 0.0,
        "weekday": -1.0 if _has_any(tokens, WEEKDAY_NAMES) else 0.0,
        "closed_quotation": -1.0 if _CLOSED_QUOTATION.search(line) else 0.0,
        "dateline": -6.0 if _DATELINE.match(line) else 0.0,
        "byline": -6.0 if _is_byline(line) else 0.0,
        "kicker": 1.5 if _KICKER.match(line) else 0.0,
        "credit": 2.0 if _CREDIT.search(line) else 0.0,
        "echo": min(ECHO_MAX, max(0.0, 4.0 * (_echo(line, following) - 0.35))),
        "dateline_follows": 3.0 if _DATELINE.match(following) else 0.0,
    }
    return {name: round(value, 3) for name, value in points.items() if value}


def judge(line: str, following: str = "") -> Judgement:
    """Judge whether `line` (the first non-empty line, a blank line after it) is a headline; `following` is the
    text after that blank line."""
    fired = features(line.strip(), following.strip())
    score = BIAS + sum(fired.values())
    return Judgement(score > THRESHOLD, round(score, 3), fired)
