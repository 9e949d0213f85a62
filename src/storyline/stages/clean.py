"""Clean stage: take scraping leftovers out of an article body and keep every sentence of the article.

Leftovers (comment forms, share and embed widgets, media-player residue, site chrome, promos) are found by
a paragraph classifier in the spirit of jusText and Boilerpipe: each block (a non-empty line) gets a score
from general features - length, sentence punctuation, stop-word and title-case density, words addressed to
the reader, web-interface vocabulary, label-and-colon promos, timecodes, links, its position after the
last reported-speech paragraph, and how often the same line recurs in other documents of the corpus -
minus evidence that it is news prose (quotations, reporting verbs, length). Blocks next to a removed block
are judged with that context. Nothing here lists particular phrases of particular sites.

The stage is pure: `clean(raw, title, line_counts)` returns a `Cleaned`; the runner supplies the corpus
line counts (see `line_key`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.lexicon_files import entries, table, words
from storyline.model import Cleaned, Document

THRESHOLD = 3.5
CONTEXT_BONUS = 1.5

# Words of web-page furniture (forms, widgets, players, navigation, promos), matched by prefix.
# This is the vocabulary of the interface around articles, not phrases of any one site.
INTERFACE_STEMS = entries("clean/interface_stems")
# Imperative verbs that open calls to action ("Read more ...", "Leave a reply", "Check out ...").
IMPERATIVE_OPENERS = words("clean/imperative_openers")
# Verbs that report speech or attribution: evidence of news prose.
REPORTING = re.compile(r"\b(" + "|".join(table("reporting_forms_clean")) + r")\b", re.IGNORECASE)
QUOTE_MARKS = re.compile(r"[\"“”«»„]")
WORD = re.compile(r"[^\W\d_][\w'’-]*")  # words in any script
CAMEL_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")  # "rulesCommenting" -> "rules", "Commenting"
TIMECODE = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
LABEL_PREFIX = re.compile(r"^[A-Z][\w&'’/-]*(?: [\w&'’/-]+){0,3}:\s")
URL_OR_EMAIL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
SECOND_PERSON = re.compile(r"\b(you|your|yours|you're|you’re|you'll|you’ll)\b", re.IGNORECASE)
QUOTED = re.compile(r"[\"“«„][^\"“”«»„]*[\"”»]")
TERMINAL = (".", "!", "?", "\"", "”", "’", "'", ")", "…", "»", ":")


@dataclass(frozen=True)
class BlockFeatures:
    """What the classifier knows about one block."""

    words: int
    terminal: bool
    stop_ratio: float
    title_ratio: float
    second_person: bool
    interface_hits: int
    imperative: bool
    label: bool
    timecode_ratio: float
    link: bool
    repeated: int
    prose: bool


def line_key(line: str) -> str:
    """Normalised form of a line for counting repeats across documents."""
    return " ".join(line.lower().split())


def _words(block: str) -> list[str]:
    """The block's words, words run together in camel case taken apart ("rulesCommenting": "rules",
    "Commenting"). A camel join always lies inside a word, so a space put there splits only that word."""
    return WORD.findall(CAMEL_JOIN.sub(" ", block))


@lru_cache(maxsize=1 << 16)
def _is_interface_word(lowered: str) -> bool:
    """Whether a lower-case word starts with one of INTERFACE_STEMS (remembered: words repeat)."""
    return lowered.startswith(INTERFACE_STEMS)


def _timecodes(tokens: list[str]) -> int:
    """How many whitespace tokens are timecodes ("1:23", "12:05:59"); only a token with a colon can be one."""
    return sum(1 for token in tokens if ":" in token and TIMECODE.match(token))


def block_features(block: str, line_counts: Mapping[str, int]) -> BlockFeatures:
    words = _words(block)
    lowered = [w.lower() for w in words]
    tokens = block.split()
    n = max(len(words), 1)
    unquoted = QUOTED.sub(" ", block)
    first = block[:1]
    return BlockFeatures(
        words=len(words),
        terminal=block.rstrip().endswith(TERMINAL),
        stop_ratio=sum(w in STOP_WORDS for w in lowered) / n,
        title_ratio=sum(w[0].isupper() for w in words) / n,
        second_person=bool(SECOND_PERSON.search(unquoted)),
        interface_hits=sum(map(_is_interface_word, lowered)),
        imperative=first.isalpha() and bool(lowered) and lowered[0] in IMPERATIVE_OPENERS,
        label=bool(LABEL_PREFIX.match(block)) and len(words) <= 12,
        timecode_ratio=_timecodes(tokens) / max(len(tokens), 1),
        link=bool(URL_OR_EMAIL.search(block)),
        repeated=line_counts.get(line_key(block), 0),
        prose=bool(REPORTING.search(unquoted)) or (bool(QUOTE_MARKS.search(block)) and len(words) >= 6),
    )


def block_score(f: BlockFeatures, in_tail: bool, in_head: bool) -> float:
    """Evidence that a block is page furniture; THRESHOLD and above means remove it."""
    score = 0.0
    score += 1.0 if f.words <= 6 else 0.0
    score += 1.0 if not f.terminal and f.words < 20 else 0.0
    score += 0.5 if f.words >= 2 and f.stop_ratio < 0.2 else 0.0
    score += 0.5 if f.words >= 2 and f.title_ratio > 0.6 else 0.0
    if f.second_person:  # addressing the reader is furniture in a short line, style in a long one
        short_call = f.words <= 20 and (f.interface_hits >= 1 or not f.terminal)
        score += 2.0 if short_call else 1.0 if f.interface_hits >= 2 else 0.0
    score += min(f.interface_hits, 2 if f.words <= 25 else 1)
    score += 1.5 if f.words > 25 and f.interface_hits / f.words >= 0.15 else 0.0  # a long run of widget words
    score += 1.5 if f.imperative else 0.0
    score += 2.0 if f.label else 0.0
    score += 3.0 if f.timecode_ratio >= 0.3 else 0.0
    score += 1.0 if f.link else 0.0
    score += 2.0 if f.repeated >= 2 and f.words <= 15 else 0.0
    if not (f.terminal and f.words >= 15):  # a full sentence is not furniture because of where it stands
        score += 1.0 if in_tail else 0.5 if in_head else 0.0
    score -= 2.5 if f.prose else 0.0
    score -= 1.5 if f.terminal and f.words >= 20 and f.stop_ratio >= 0.3 and not f.imperative else 0.0
    score -= 2.0 if f.words >= 60 else 0.0
    return score


def _is_body(f: BlockFeatures) -> bool:
    """A block that anchors the article body: reported speech, or a long sentence-like paragraph."""
    return f.terminal and (f.prose or f.words >= 25) and not (f.second_person and f.interface_hits)


def _furniture_like(f: BlockFeatures) -> bool:
    """Could this block be furniture at all? A plain news sentence next to furniture is still news."""
    if f.prose:
        return False
    sentence_like = f.terminal and f.words >= 5 and f.stop_ratio >= 0.2
    return not sentence_like or f.second_person or f.imperative or f.interface_hits >= 2


def _split_blocks(raw: str) -> list[str]:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def classify_blocks(blocks: list[str], line_counts: Mapping[str, int]) -> list[bool]:
    """Return, for each block, True when it is a leftover to remove."""
    feats = [block_features(b, line_counts) for b in blocks]
    anchors = [i for i, f in enumerate(feats) if _is_body(f)]
    first_body = anchors[0] if anchors else 0
    last_body = anchors[-1] if anchors else len(blocks) - 1
    scores = [block_score(f, in_tail=i > last_body, in_head=i < first_body) for i, f in enumerate(feats)]
    first_pass = [s >= THRESHOLD for s in scores]
    removed = list(first_pass)
    for i, score in enumerate(scores):  # context from the first pass only: removals do not cascade
        near_removed = (i > 0 and first_pass[i - 1]) or (i + 1 < len(blocks) and first_pass[i + 1])
        if not removed[i] and near_removed and score + CONTEXT_BONUS >= THRESHOLD and _furniture_like(feats[i]):
            removed[i] = True
    return removed


def clean(raw: str, title: str | None = None, line_counts: Mapping[str, int] | None = None) -> Cleaned:
    """Split the body into blocks, drop the leftovers, and join the rest with blank lines."""
    blocks = _split_blocks(raw)
    repeated_headline = bool(title and blocks and line_key(blocks[0]) == line_key(title))
    if repeated_headline:
        blocks = blocks[1:]
    removed_mask = classify_blocks(blocks, line_counts or {})
    kept = [b for b, drop in zip(blocks, removed_mask, strict=True) if not drop]
    removed = [b for b, drop in zip(blocks, removed_mask, strict=True) if drop]
    if repeated_headline:
        removed.insert(0, title.strip())
    return Cleaned(text="\n\n".join(kept), removed=removed, flags=["boilerplate_removed"] if removed else [])


def compute(document: Document, line_counts: Mapping[str, int] | None = None) -> Cleaned:
    """The clean stage as the stage table calls it: `clean` on the document's raw text and title, with the corpus
    line counts the runner keeps (repeated lines are evidence of furniture)."""
    return clean(document.raw_text, document.title, line_counts)
