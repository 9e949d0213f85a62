"""Quantities in text, normalised: "about 100,000 Russian troops" -> 100,000 troop, approximation "about".

Analysts follow how sources report a number over time (troops near a border, people killed, money pledged), so a
claim's quantity must be comparable across wordings: "tens of thousands of soldiers", "more than 100,000 troops"
and "130,000" are three estimates of one thing. `find_quantities` takes a parsed `Doc` (or a sentence `Span`) and
returns `Quantity` records: the exact character span, the value, its bounds, how exact the source says it is, the
counted noun (the unit) and, for "75 km (50 miles)", the alternate the text gives in brackets.

How it reads a number: a run of numerals (digits by spaCy's `like_num`, number words, scale words: "1.5 million",
"twenty-five", "two dozen") or an order of magnitude ("tens of thousands", "hundreds of"); two numerals joined by
"to", a dash or "between ... and" make a range. The words before it (and "or more" after it) give the approximation;
the noun it counts (found through the parse: "100,000 Russian troops" -> "troop"), a unit word ("km", "per cent") or
a currency sign ("$") gives the unit.

What it leaves out: numbers inside spaCy's DATE, TIME and ORDINAL entities (years, days, clock times, durations
such as "three days": time belongs to `storyline.timex`) and inside names (ORG, LAW, PRODUCT ...); bare years
(a four-digit whole number from 1800 to 2100 with no thousands separator: news style writes counts as "2,000");
ordinals ("100th" does not read as a number); numbers glued to a word ("G7", "COVID-19"), chains of three or more
numbers ("555-123-4567", "24-02-2022") and numbers joined by "/" ("24/7"); version-like numbers ("3.2.1"); a
number naming something ("version 3.2", "Article 5", "Flight 752"); "one" as a pronoun ("one of them").

Conventions for `value`, `low` and `high` (bounds are inclusive; None when the words leave that side open):

- a single number said exactly: value = low = high.
- "about", "some", "an estimated": value only; the words give no bound (low = high = None).
- "more than", "at least" (and "or more"): low = value, high None. "less than", "at most", "up to", "nearly":
  high = value, low None. ("more than 100" is read as low 100, not 101: sources round.)
- a range "10,000 to 15,000", "between 10 and 20": low and high are its ends, value their midpoint; a cue before it
  ("about 10,000 to 15,000") is kept as the approximation. "1 to 2 million" reads 1 as 1 million.
- an order of magnitude ("tens of thousands" = 10 x 1,000, "hundreds of", "several thousand"): value is the order
  (10,000), low two times it, high ten times it less one (20,000 to 99,999); approximation "order of magnitude".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from storyline.lexicon_files import entries, integers, rows, table, words

# Number words and their values ("three" -> 3); compounds are built from these and the scale words.
NUMBER_WORDS = integers("claims/number_words")
# Scale words and their multipliers ("million" -> 1,000,000, "dozen" -> 12).
SCALE_WORDS = integers("claims/scale_words")
# Plural scale words that give an order of magnitude, and whether they count only before "of" ("tens of").
ORDER_WORDS = {row[0]: int(row[1]) for row in rows("claims/order_words")}
ORDER_NEEDS_OF = frozenset(row[0] for row in rows("claims/order_words") if row[2] == "yes")
# Vague words that make a scale word an order of magnitude ("several thousand"), as token tuples.
VAGUE_MULTIPLIERS = tuple(tuple(entry.split()) for entry in entries("claims/vague_multipliers"))
VAGUE_STARTS = frozenset(vague[0] for vague in VAGUE_MULTIPLIERS)
# Words before a number that say how exact it is ("more than" -> "more than"), keyed by their token tuple.
APPROXIMATION_CUES = {tuple(cue.split()): kind for cue, kind in table("claims/approximation_cues").items()}
# Words after a number that say how exact it is ("or more" -> "at least").
APPROXIMATION_TAILS = {tuple(tail.split()): kind for tail, kind in table("claims/approximation_tails").items()}
# Words that join the two ends of a range, and the words that open a range joined by "and".
RANGE_JOINERS = words("claims/range_joiners")
RANGE_OPENERS = words("claims/range_openers")
# Unit words (measures, money, percent) and the unit each stands for ("kilometres" -> "km", "per cent" -> "percent").
UNIT_ALIASES = table("claims/unit_aliases")
# Currency signs before a number and their unit ("$" -> "dollar").
CURRENCY_SIGNS = table("claims/currency_signs")
# Nouns a number after them names rather than counts ("version 3.2", "article 5").
LABEL_NOUNS = words("claims/label_nouns")
# Nouns that make a number a multiplier or frequency ("three times"), not a count.
FREQUENCY_NOUNS = words("claims/frequency_nouns")

APPROXIMATIONS = ("exact", "about", "more than", "at least", "less than", "at most", "up to", "nearly",
                  "order of magnitude")
# Entity labels whose numbers are not quantities: time (left to storyline.timex), ordinals, and names.
SKIPPED_ENTITIES = frozenset({"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "FAC",
                              "EVENT", "GPE", "LOC", "LANGUAGE"})
# Digits as news writes a count: "130,000", "1.5", "75" (not "3.2.1", "5:30", "100th", "1,00").
DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
YEARS = range(1800, 2101)
LONGEST_CUE = max(len(cue) for cue in APPROXIMATION_CUES)
NOUNS = ("NOUN", "PROPN")
# Parse relations by which a numeral hangs on the noun it counts ("100,000 troops", "1.5 million people").
COUNTING_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "appos"})


@dataclass(frozen=True)
class Quantity:
    """One quantity as the text says it. `start`/`end` are character offsets into `doc.text` (`text` is
    `doc.text[start:end]`); `low`/`high` are inclusive bounds, None when open (see the module docstring);
    `approximation` is one of APPROXIMATIONS; `unit` is the counted noun's lemma or a unit word's canonical form
    ("troop", "km", "percent", "dollar"), None if none; `alternate` is the bracketed other unit of "75 km
    (50 miles)" as (value, unit)."""

    start: int
    end: int
    text: str
    value: float
    low: float | None
    high: float | None
    approximation: str
    unit: str | None
    alternate: tuple[float, str] | None = None


@dataclass
class _Found:
    """A quantity being built: token indexes (`first`..`last`, inclusive) into the doc, and what is known so far."""

    first: int
    last: int
    value: float
    low: float | None = None
    high: float | None = None
    approximation: str = "exact"
    unit: str | None = None
    scale: int = 1  # the last scale word of a numeral ("2 million" -> 1,000,000), for "1 to 2 million"
    order: bool = False
    alternate: tuple[float, str] | None = None


def find_quantities(text: Doc | Span) -> list[Quantity]:
    """The quantities of a parsed doc or sentence, in text order (see the module docstring for what counts)."""
    span = text[:] if isinstance(text, Doc) else text
    doc, end = span.doc, span.end
    lower = _lower_texts(span)
    found: list[_Found] = []
    following = 0  # tokens before this one are inside a quantity already found
    for i in _starts(lower, span.start, end):
        if i < following:
            continue
        number = _order_at(lower, i, end) or _numeral_at(doc, lower, i, end)
        if number is None:
            continue
        if not _excluded(doc, number):
            found.append(number)
        following = number.last + 1
    found = _join_ranges(doc, found, span.start)
    kept: list[_Found] = []
    for number in found:
        floor = kept[-1].last + 1 if kept else span.start
        if number.first < floor:  # the quantity before took it as its unit ("two dozen tanks" never overlaps)
            continue
        _read_around(doc, lower, number, floor, end)
        if not _names_something(doc, number, span.start):
            kept.append(number)
    return [_record(doc, number) for number in _pair_alternates(doc, kept)]


def _lower_texts(span: Span) -> list[str]:
    """The lower-case texts of the span's tokens, indexed by doc token index (entries before the span are empty).
    Read once per call: the scan compares each token's words with several word lists, and slicing the Doc for each
    comparison made it quadratic in the tokens. Read off the Doc's array of lower-case string ids, each distinct id
    looked up once, with no Token object made."""
    ids = span.doc.to_array(LOWER)[span.start:span.end].tolist()
    strings = span.doc.vocab.strings
    texts = {key: strings[key] for key in set(ids)}
    return [""] * span.start + [texts[key] for key in ids]


def _starts(lower: list[str], start: int, end: int) -> list[int]:
    """The token indexes start..end-1 where a quantity can start: the first words `_order_at` and `_numeral_at`
    read further from; at any other token both find nothing, so the scan skips it."""
    return [i for i in range(start, end)
            if (word := lower[i]) in ORDER_WORDS or word in VAGUE_STARTS or word in ("a", "an") or _may_be_number(word)]


def _order_at(lower: list[str], i: int, end: int) -> _Found | None:
    """An order of magnitude starting at token i: "tens of thousands", "hundreds", "several thousand"."""
    word = lower[i]
    if word in ORDER_WORDS:
        order, last = ORDER_WORDS[word], i
        if i + 2 < end and lower[i + 1] == "of" and ORDER_WORDS.get(lower[i + 2], 0) > order:
            order, last = order * ORDER_WORDS[lower[i + 2]], i + 2
        elif word in ORDER_NEEDS_OF and not (i + 1 < end and lower[i + 1] == "of"):
            return None
        return _magnitude(i, last, order)
    if word not in VAGUE_STARTS:
        return None
    for vague in VAGUE_MULTIPLIERS:
        after = i + len(vague)
        if after < end and _lowers(lower, i, after) == vague and lower[after] in SCALE_WORDS:
            return _magnitude(i, after, SCALE_WORDS[lower[after]])
    return None


def _magnitude(first: int, last: int, order: int) -> _Found:
    """An order of magnitude with the module's convention: value the order, bounds 2x to 10x less one."""
    return _Found(first, last, float(order), low=2.0 * order, high=10.0 * order - 1, approximation="order of magnitude",
                  order=True)


def _numeral_at(doc: Doc, lower: list[str], i: int, end: int) -> _Found | None:
    """The longest numeral starting at token i ("130,000", "1.5 million", "twenty-five", "a dozen"), or None."""
    pieces: list[tuple[str, Decimal]] = []
    j = i
    if lower[i] in ("a", "an") and i + 1 < end and lower[i + 1] in SCALE_WORDS:
        pieces.append(("number", Decimal(1)))
        j = i + 1
    elif not _may_be_number(lower[i]):
        return None
    while j < end:
        step = _next_piece(doc, j, end, pieces)
        if step is None:
            break
        kind, value, j = step
        pieces.append((kind, value))
    if not pieces:
        return None
    scales = [value for kind, value in pieces if kind == "scale"]
    value = float(_combine(pieces))
    return _Found(i, j - 1, value, low=value, high=value, scale=int(scales[-1]) if scales else 1)


def _next_piece(doc: Doc, j: int, end: int, pieces: list[tuple[str, Decimal]]) -> tuple[str, Decimal, int] | None:
    """The piece of a numeral at token j given the pieces before it, as (kind, value, next index), or None when the
    numeral ends here. Digits take only scale words after them ("1.5 million"); a tens word takes a unit word, with
    or without a hyphen ("twenty-five"); "and" may follow "hundred" ("two hundred and fifty")."""
    token = doc[j]
    previous = pieces[-1] if pieces else None
    scale = SCALE_WORDS.get(token.lower_)
    if scale is not None:
        return ("scale", Decimal(scale), j + 1) if previous is not None else None
    number = _number_value(token)
    if number is None:
        if previous is not None and token.text == "-" and not token.whitespace_ and j + 1 < end:
            follow = _number_value(doc[j + 1])
            if _is_tens(doc[j - 1]) and follow is not None and follow < 10 and doc[j + 1].is_alpha:
                return "number", follow, j + 2
        if previous == ("scale", Decimal(100)) and token.lower_ == "and" and j + 1 < end and doc[j + 1].is_alpha:
            follow = _number_value(doc[j + 1])
            if follow is not None and follow < 100:
                return "number", follow, j + 2
        return None
    if previous is None:
        return "number", number, j + 1
    if previous[0] == "scale" and token.is_alpha and number < previous[1]:
        return "number", number, j + 1  # "two hundred fifty"
    if _is_tens(doc[j - 1]) and token.is_alpha and number < 10:
        return "number", number, j + 1  # "twenty five"
    return None


def _may_be_number(word: str) -> bool:
    """Whether a lower-case word can be a numeral's first piece (see `_number_value`: digits start with a digit): a
    cheap test that spares reading the token for most words."""
    return word[:1].isdigit() or word in NUMBER_WORDS


def _number_value(token: Token) -> Decimal | None:
    """The value of one numeral token: digits ("130,000", "1.5") or a number word ("three"); None otherwise."""
    if token.like_num and DIGITS.fullmatch(token.text):
        return Decimal(token.text.replace(",", ""))
    value = NUMBER_WORDS.get(token.lower_)
    return Decimal(value) if value is not None else None


def _is_tens(token: Token) -> bool:
    """Whether a token is a tens word ("twenty" ... "ninety"), which a unit word may follow."""
    value = NUMBER_WORDS.get(token.lower_)
    return value is not None and value >= 20 and value % 10 == 0


def _combine(pieces: list[tuple[str, Decimal]]) -> Decimal:
    """The value of a numeral's pieces: numbers add, "hundred" and "dozen" multiply what precedes them, larger
    scales close a group ("two million five hundred thousand" = 2,000,000 + 500 x 1,000)."""
    total, current = Decimal(0), Decimal(0)
    for kind, value in pieces:
        if kind == "number":
            current += value
        elif value < 1000:
            current = (current or 1) * value
        else:
            total += (current or 1) * value
            current = Decimal(0)
    return total + current


def _lowers(lower: list[str], start: int, end: int) -> tuple[str, ...]:
    """The lower-case texts of tokens start..end-1 (`lower` from `_lower_texts`)."""
    return tuple(lower[start:end])


def _excluded(doc: Doc, number: _Found) -> bool:
    """Whether a numeral is not a quantity: inside a time or name entity, a bare year, or glued into a word, code or
    date ("G7", "555-123-4567", "24/7")."""
    tokens = doc[number.first:number.last + 1]
    if any(t.ent_type_ in SKIPPED_ENTITIES for t in tokens):
        return True
    if len(tokens) == 1 and re.fullmatch(r"\d{4}", tokens[0].text) and int(tokens[0].text) in YEARS:
        return True
    return not number.order and _glued(doc, number.first, number.last)


def _glued(doc: Doc, first: int, last: int) -> bool:
    """Whether the numeral first..last sits in a run of tokens written without spaces that makes it part of a word or
    code: a letter or digit word right before it ("G7", "COVID-19"), a word right after it that is not a unit or
    scale ("5G"; "75km", "2.9bn" and "40-mile" are fine), three or more numbers, or a slash ("24/7")."""
    left = first
    while left > 0 and not doc[left - 1].whitespace_:
        left -= 1
    right = last
    while right + 1 < len(doc) and not doc[right].whitespace_:
        right += 1
    before, after = doc[left:first], doc[last + 1:right + 1]
    if any(t.is_alpha or (any(c.isdigit() for c in t.text) and _number_value(t) is None) for t in before
           if t.text not in CURRENCY_SIGNS):
        return True
    if after and after[0].is_alpha and after[0].lower_ not in UNIT_ALIASES and after[0].lower_ not in SCALE_WORDS:
        return True
    chain = doc[left:right + 1]
    if any(t.text == "/" for t in chain):
        return True
    return sum(1 for t in chain if _number_value(t) is not None and not t.is_alpha) >= 3


def _join_ranges(doc: Doc, found: list[_Found], floor: int) -> list[_Found]:
    """Numerals joined as a range ("10,000 to 15,000", "10-20", "between 10 and 20") made one, bounds the two ends.
    The first end takes the second's scale when it has none ("1 to 2 million"); "from X to Y" is a change, not a
    range, and the second end must be the larger. Two numbers glued by a hyphen, the second not larger ("6-3",
    "0-0"), are a score and dropped."""
    out: list[_Found] = []
    for number in found:
        before = out[-1] if out else None
        if before is not None and not before.order and not number.order and before.low == before.high \
                and number.first == before.last + 2:
            joiner = doc[before.last + 1].lower_
            opener = doc[before.first - 1].lower_ if before.first > floor else ""
            low = before.value
            if before.scale == 1 and number.scale > 1 and low < number.scale:
                low *= number.scale
            if joiner == "-" and not doc[before.last].whitespace_ and not doc[before.last + 1].whitespace_ \
                    and number.value <= low:
                out.pop()  # "6-3", "0-0": a score or result, not a range and not two quantities
                continue
            if joiner in RANGE_JOINERS and (joiner != "and" or opener in RANGE_OPENERS) and opener != "from" \
                    and number.value > low:
                first = before.first - 1 if opener in RANGE_OPENERS else before.first
                out[-1] = _Found(first, number.last, (low + number.value) / 2, low=low, high=number.value,
                                 scale=number.scale)
                continue
        out.append(number)
    return out


def _read_around(doc: Doc, lower: list[str], number: _Found, floor: int, end: int) -> None:
    """Read the words around a numeral into it: a currency sign and an approximation cue before it, a unit or
    counted noun and an approximation tail after it. `floor` is the first token it may take (the end of the
    quantity before), `end` the end of the sentence or doc."""
    if number.first > floor and doc[number.first - 1].text in CURRENCY_SIGNS:
        number.unit = CURRENCY_SIGNS[doc[number.first - 1].text]
        number.first -= 1
    _read_tail(doc, lower, number, end)
    if number.unit is None:
        _read_unit(doc, lower, number, end)
    _read_tail(doc, lower, number, end)
    _read_cue(lower, number, floor)


def _read_cue(lower: list[str], number: _Found, floor: int) -> None:
    """The approximation cue right before the quantity ("about", "more than", "up to"), longest first, and the
    bounds it gives. An order of magnitude keeps its own approximation; a range keeps its ends."""
    for size in range(LONGEST_CUE, 0, -1):
        start = number.first - size
        if start < floor or _lowers(lower, start, number.first) not in APPROXIMATION_CUES:
            continue
        kind = APPROXIMATION_CUES[_lowers(lower, start, number.first)]
        number.first = start
        if not number.order:
            _approximate(number, kind)
        return


def _read_tail(doc: Doc, lower: list[str], number: _Found, end: int) -> None:
    """The approximation tail right after the quantity ("100,000 or more", "a dozen or so", "10,000-plus")."""
    if number.approximation != "exact" or number.low != number.high:
        return
    after = number.last + 1
    if after < end and doc[after].text == "-" and not doc[after - 1].whitespace_:
        after += 1
    for tail, kind in APPROXIMATION_TAILS.items():
        if _lowers(lower, after, min(after + len(tail), end)) == tail:
            number.last = after + len(tail) - 1
            _approximate(number, kind)
            return


def _approximate(number: _Found, kind: str) -> None:
    """Set a single number's approximation and the bounds it gives (the module docstring's table); a range keeps its
    ends and only takes the word."""
    number.approximation = kind
    if number.low != number.high:
        return
    if kind == "about":
        number.low = number.high = None
    elif kind in ("more than", "at least"):
        number.low, number.high = number.value, None
    elif kind in ("less than", "at most", "up to", "nearly"):
        number.low, number.high = None, number.value


def _read_unit(doc: Doc, lower: list[str], number: _Found, end: int) -> None:
    """The unit after a quantity: a unit word ("75 km", "70 per cent", "40-mile"), else the noun it counts
    ("100,000 Russian troops" -> "troop"), else the noun of an "of" phrase ("thousands of soldiers"). The span
    grows to take it."""
    after = number.last + 1
    if after < end and doc[after].text == "-" and not doc[after - 1].whitespace_:
        after += 1
    for size in (2, 1):
        if after + size <= end:
            phrase = " ".join(_lowers(lower, after, after + size))
            lemma = doc[after].lemma_.lower() if size == 1 else phrase
            unit = UNIT_ALIASES.get(phrase) or UNIT_ALIASES.get(lemma)
            if unit is not None:
                number.unit, number.last = unit, after + size - 1
                return
    noun = _counted_noun(doc, number, after, end)
    if noun is None and after + 1 < end and doc[after].lower_ == "of":
        noun = _counted_noun(doc, number, after + 1, end, skip_determiner=True)
        if noun is not None and noun.i + 1 < end and doc[noun.i + 1].tag_ == "POS":
            noun = None  # "two of the plant's six reactors": the plant owns what is counted
    if noun is not None:
        number.unit, number.last = _unit_of(noun), noun.i


def _counted_noun(doc: Doc, number: _Found, start: int, end: int, skip_determiner: bool = False) -> Token | None:
    """The noun a numeral counts among the noun-phrase words from `start` (modifiers may come between: "100,000
    Russian troops"): the one the numeral hangs on in the parse, else the last common noun of the run. Words of a
    date or time ("5 people Monday") end the run."""
    run: list[Token] = []
    j = start
    if skip_determiner and j < end and doc[j].pos_ == "DET":
        j += 1
    while j < end and _modifies_noun(doc, j, end) and doc[j].ent_type_ not in ("DATE", "TIME"):
        run.append(doc[j])
        j += 1
    nouns = [t for t in run if t.pos_ in NOUNS]
    if not nouns:
        return None
    head = doc[number.last]
    for _ in range(3):
        if head in nouns:
            return head
        if head.dep_ not in COUNTING_DEPS or head.head is head:
            break
        head = head.head
    common = [t for t in nouns if t.pos_ == "NOUN"]
    return (common or nouns)[-1] if run[0].pos_ in NOUNS or common else None


def _modifies_noun(doc: Doc, j: int, end: int) -> bool:
    """Whether token j can stand in a noun phrase between a numeral and its noun: an adjective, a noun, a hyphen, a
    participle as a modifier ("armed"), or an adverb on one of those ("heavily armed")."""
    token = doc[j]
    if token.pos_ in ("ADJ", *NOUNS) or token.text == "-" or token.dep_ in ("amod", "compound"):
        return True
    return token.pos_ == "ADV" and j + 1 < end and (doc[j + 1].pos_ == "ADJ" or doc[j + 1].dep_ == "amod")


def _unit_of(noun: Token) -> str:
    """A counted noun's unit: its canonical unit word if it is one ("kilometres" -> "km"), else its lower-case lemma."""
    lemma = noun.lemma_.lower()
    if noun.tag_ == "NNPS" and lemma.endswith("s") and not lemma.endswith("ss"):
        lemma = lemma[:-1]  # the lemmatiser leaves plural names as written ("Ukrainians")
    return UNIT_ALIASES.get(noun.lower_) or UNIT_ALIASES.get(lemma) or lemma


def _names_something(doc: Doc, number: _Found, floor: int) -> bool:
    """Whether a number names or multiplies rather than counts: right after a label noun ("version 3.2 of the app",
    "Article 5"); before a frequency noun ("three times", "two-time"); "one" standing for a noun ("one of the
    largest"); or, bare (no unit or cue), after a proper name ("Boeing 737") or alone in brackets ("(42)",
    "7-6 (1)")."""
    if number.approximation != "exact" or number.order:
        return False
    first = doc[number.first]
    previous = doc[number.first - 1] if number.first > floor and not first.is_sent_start else None
    if previous is not None and _is_label(doc, previous):
        return True
    if number.unit in FREQUENCY_NOUNS:
        return True
    if first.lower_ == "one" and first.dep_ not in ("nummod", "quantmod") and number.value == 1:
        return True
    if number.unit is not None:
        return False
    if number.first > 0 and number.last + 1 < len(doc) and doc[number.first - 1].text == "(" \
            and doc[number.last + 1].text == ")":
        return True
    return previous is not None and previous.pos_ == "PROPN" and previous.is_title


def _is_label(doc: Doc, token: Token) -> bool:
    """Whether a token is a label noun ("version", "article"), or the full stop of one split off ("No" ".")."""
    if token.lemma_.lower() in LABEL_NOUNS or token.lower_ in LABEL_NOUNS:
        return True
    before = doc[token.i - 1] if token.i > 0 else None
    return token.text == "." and before is not None and not before.whitespace_ and f"{before.lower_}." in LABEL_NOUNS


def _pair_alternates(doc: Doc, found: list[_Found]) -> list[_Found]:
    """A quantity followed by the same in another unit in brackets ("75 km (50 miles)") made one, the bracketed one
    kept as its alternate and the span taking the brackets."""
    out: list[_Found] = []
    for number in found:
        before = out[-1] if out else None
        if before is not None and before.unit and number.unit and before.unit != number.unit \
                and before.alternate is None and number.first == before.last + 2 \
                and doc[before.last + 1].text == "(" and number.last + 1 < len(doc) \
                and doc[number.last + 1].text == ")":
            before.alternate = (number.value, number.unit)
            before.last = number.last + 1
            continue
        out.append(number)
    return out


def _record(doc: Doc, number: _Found) -> Quantity:
    """The frozen record of a quantity built, with character offsets into doc.text. Its text is read off its own
    tokens (the same characters): `doc.text` joins every token of the document on each read."""
    start, end = doc[number.first].idx, doc[number.last].idx + len(doc[number.last].text)
    return Quantity(start, end, doc[number.first:number.last + 1].text, number.value, number.low, number.high,
                    number.approximation, number.unit, number.alternate)
