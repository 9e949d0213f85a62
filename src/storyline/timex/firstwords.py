"""Where a time rule can match: at the words its matches can start with, read off its regex.

Most rules are led by a word from a short list ("last", "the", "early", a month's name, "a", a number word ...), and
a news article of 800 words holds a few dozen of them. Scanning the whole text with each rule's regex tries the
rule at every word that starts with a fitting letter; instead `grammar.find`
- lists, once per rule at import, the lower-case words its matches can start with (`first_words`), reading its
  parsed regex;
- finds, once per text, where each listed word stands in it, and where each word that begins with a digit stands
  (`WordStarts`: one regex pass over the lower-cased text for all rules together);
- tries the rule only there, in text order, from the end of its last match on (`storyline.scanning.matches_at`),
  which is what `finditer` finds.

A match's first word is its text up to its first character that is not a word character (`\\w`), or all of it: a
rule's match never starts after a word character or an apostrophe and is never followed by a word character, so
that word is the text's whole word there. The listing is exact or larger (it passes over look-arounds, which only
rule matches out), and a rule whose first words cannot be listed (a match may start with a character that is not a
word character, a class of letters too large to list, a back-reference ...) keeps its scanner. Lower-casing stands
for the regex's case-insensitive matching only on a text without the characters `grammar.CASE_ODDITIES` lists,
where `find` uses neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as _c  # the regex parser's op codes
from re import _parser

LONGEST_WORD = 40  # a listed first word longer than this means a repetition of letters: not listed
LARGEST_CLASS = 12  # a character class of more word characters than this is not listed letter by letter


class _Unlisted(Exception):
    """The first words of a rule cannot be listed."""


class _Words:
    """What a walk over a regex found: first words, and whether a match can start with any word that begins with a
    digit."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.digits = False


def first_words(pattern: str, flags: int) -> tuple[frozenset[str], bool] | None:
    """(The lower-case words a match of `pattern` can start with, whether it can also start with a word that begins
    with a digit), or None when they cannot be listed."""
    found = _Words()
    try:
        _walk(tuple(_parser.parse(pattern, flags)), "", found)
    except (_Unlisted, RecursionError):
        return None
    if "" in found.words:  # a match may start with a character that is not a word character
        return None
    return frozenset(found.words), found.digits


def _walk(items: tuple, word: str, found: _Words) -> None:
    """Follow the parsed regex `items`, `word` being the first word read so far, to where the word ends."""
    if len(word) > LONGEST_WORD:
        raise _Unlisted
    if not items:
        found.words.add(word)  # the match ends here, and so does its first word
        return
    (op, av), rest = items[0], items[1:]
    if op is _c.LITERAL:
        _next_character({chr(av)}, False, rest, word, found)
    elif op is _c.IN:
        _next_character(*_class_members(av), rest, word, found)
    elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero-width: it can only rule a match out
        _walk(rest, word, found)
    elif op is _c.SUBPATTERN:
        _walk(tuple(av[3]) + rest, word, found)
    elif op is _c.BRANCH:
        for alternative in av[1]:
            _walk(tuple(alternative) + rest, word, found)
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        least, most, body = av
        if least == 0:
            _walk(rest, word, found)
        if most != 0:
            again = () if most == 1 else ((op, (max(least - 1, 0), most if most == _c.MAXREPEAT else most - 1,
                                                body)),)
            _walk(tuple(body) + again + rest, word, found)
    else:  # any character, a back-reference, a conditional ...
        raise _Unlisted


def _next_character(characters: set[str], any_digit: bool, rest: tuple, word: str, found: _Words) -> None:
    """Go on with each of `characters` (and any digit, with `any_digit`) as the next character of the match."""
    letters = {c for c in characters if _is_word(c) and not c.isdecimal()}
    digits = {c for c in characters if c.isdecimal()}
    if characters - letters - digits:
        found.words.add(word)  # a character that is not a word character ends the first word
    if (digits or any_digit) and not word:
        found.digits = True  # a word that begins with a digit: every such word of the text is a place to try
    elif any_digit:
        raise _Unlisted
    else:
        letters |= digits
    if len(letters) > LARGEST_CLASS:
        raise _Unlisted
    for letter in sorted(letters):
        _walk(rest, word + letter.lower(), found)


def _class_members(items: list) -> tuple[set[str], bool]:
    """(The characters a character class lists, whether it holds every digit); `_Unlisted` when it cannot be
    listed (a negation, a category other than digits and white space, a wide range)."""
    characters: set[str] = set()
    any_digit = False
    for kind, value in items:
        if kind is _c.LITERAL:
            characters.add(chr(value))
        elif kind is _c.RANGE and value[1] - value[0] <= 2 * LARGEST_CLASS:
            characters.update(map(chr, range(value[0], value[1] + 1)))
        elif kind is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
            any_digit = True
        elif kind is _c.CATEGORY and value is _c.CATEGORY_SPACE:
            characters.add(" ")  # stands for every white-space character: none is a word character
        else:
            raise _Unlisted
    return characters, any_digit


def _is_word(character: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return character.isalnum() or character == "_"


class WordStarts:
    """Where each listed first word, and each word that begins with a digit, starts in one lower-cased text."""

    def __init__(self, lowered: str, finder: re.Pattern[str]) -> None:
        self.at: dict[str, list[int]] = {}
        self.digit_words: list[int] = []
        for match in finder.finditer(lowered):
            word = match.group()
            if word[0].isdecimal():
                self.digit_words.append(match.start())
            self.at.setdefault(word, []).append(match.start())

    def starts(self, words: frozenset[str], digits: bool) -> list[int]:
        """The offsets, in order, of the text's words among `words` (and, with `digits`, of its words that begin
        with a digit)."""
        found = [start for word in self.at.keys() & words for start in self.at[word]]
        if digits:
            found += self.digit_words
        return sorted(found)


def word_finder(listed: Iterable[str]) -> re.Pattern[str]:
    """A regex for a lower-cased text's words that are among `listed`, or begin with a digit: a whole word, neither
    after a word character or an apostrophe (as a rule's match) nor before a word character."""
    words = sorted(set(listed), key=len, reverse=True)
    if not words:
        return re.compile(r"(?<![\w'’])\d\w*")
    firsts = "".join(sorted({re.escape(word[0]) for word in words}))
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w'’])(?:(?=[{firsts}])(?:{alternatives})(?!\w)|\d\w*)")
