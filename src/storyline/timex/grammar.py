"""Find time expressions in text and say what each means (a spec, see `resolve.py`), HeidelTime-style.

Each rule is a regular expression over the text with a function that reads its groups into a spec. All
rules run; overlapping matches are settled longest first; then neighbouring matches are joined
(a weekday and a clock time, two dates around "to" or "-" into a range). Span conventions follow the
TimeML guidelines: determiners and modifiers belong to the expression ("the last week", "early
December", "late last July"), prepositions do not ("in", "on", "since" are kept as the signal).

`parsed` (a spaCy Doc of the same text) is optional; when given it vetoes month and season words that are
verbs or names ("may", "march", "fall", "Theresa May") and bare numbers that spaCy reads as quantities.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from re import _constants as _c  # the regex parser's op codes, to read a rule's first characters
from re import _parser

from spacy.tokens import Doc

from storyline.lexicon_files import entries, integers, table, words
from storyline.scanning import matches_at
from storyline.timex import firstwords
from storyline.timex.lexicon import (
    AMBIGUOUS_MONTHS,
    FREQUENCY_ADVERBS,
    HOLIDAYS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    VAGUE_QUANTITIES,
    WEEKDAYS,
    number_value,
)

Spec = dict


@dataclass
class Match:
    start: int
    end: int
    spec: Spec
    rule: str
    parts: list[tuple[int, int]] | None = None


# -- fragments ---------------------------------------------------------------------------------------
def _alt(words: list[str]) -> str:
    """An alternation of `words`, longest first, led by a lookahead for the characters a word can start with (in
    either case). The lookahead holds for every match, so the matches are the same; but the regex engine has no
    prefix index for an alternation and would otherwise try each word at every word start of the text."""
    firsts = sorted({c for w in words for c in (w[:1].lower(), w[:1].upper()) if c})
    guard = f"(?=[{''.join(re.escape(c) for c in firsts)}])" if all(words) else ""
    return guard + "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


FULL_MONTHS = {m for m, n in MONTHS.items() if len(m) == max(len(k) for k, v in MONTHS.items() if v == n)}
MONTH_WORDS = sorted(FULL_MONTHS) + [f"{m}." for m in MONTHS if m not in FULL_MONTHS] + \
    [m for m in MONTHS if m not in FULL_MONTHS]
MON = rf"(?:{_alt(MONTH_WORDS)})(?![a-z])"
WEEKDAY_WORDS = [w for w in WEEKDAYS if len(w) > 4] + [f"{w}." for w in WEEKDAYS if len(w) <= 5 and w != "sunday"]
WD = rf"(?:{_alt(WEEKDAY_WORDS)})(?![a-z])"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d:,.]\d)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d,]\d)"
NUM_WORD = _alt([w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an", "single", "couple")])
NUM = rf"(?:\d+(?:[.,]\d+)?|(?:{NUM_WORD})(?:[- ](?:{NUM_WORD}))*|a|an|one|a\s+couple\s+of|a\s+single|a\s+dozen)"
VAGUE = _alt(list(VAGUE_QUANTITIES))
UNIT = (r"(?:second|sec|minute|min|hour|hr|day|night|week|weekend|fortnight|month|quarter|year|yr|decade|"
        r"centur(?:y|ie)|millenni(?:um|a))")
PART = r"(?:morning|afternoon|evening|night|overnight)"
MODPRE = (r"(?:(?:early|mid|middle|late)(?:\s*-\s*|\s+)|the\s+(?:very\s+)?(?:beginning|start|end|middle|close|turn|"
          r"first\s+half|second\s+half|first\s+part|latter\s+part|remainder|rest)\s+of\s+)")
ORD_WORD = _alt([w for w in ORDINALS if w not in ("last", "final")])

MOD_OF = table("timex/modifiers")
REL_OF = integers("timex/relative_words")


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    key = " ".join(re.sub(r"^the\s+(very\s+)?|\s+of$|-", " ", text.lower()).split())
    return MOD_OF.get(key)


def _month(word: str) -> int | None:
    key = word.lower().rstrip(".")
    if key in AMBIGUOUS_MONTHS and not word[0].isupper():
        return None
    return MONTHS.get(key)


def _weekday(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]


def _day(text: str) -> int | None:
    value = int(re.match(r"\d+", text).group())
    return value if 1 <= value <= 31 else None


def _unit(word: str) -> str:
    key = word.lower().rstrip("s")
    return UNITS.get(key, UNITS.get(key.removesuffix("ie"), "Y"))


def _num_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TimeML duration: P3Y, PT2H, P10Y for a decade, PXM when the number is vague."""
    count = None if n is None else n
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "ML": (1000, "Y"), "FN": (2, "W"), "Q": (3, "M")}
    letter = unit
    if unit in scale:
        factor, letter = scale[unit]
        count = None if count is None else count * factor
    if letter == "MIN":
        letter = "M"
    number = "X" if count is None else _num_text(count)
    prefix = "PT" if unit in ("H", "MIN", "S") else "P"
    return f"{prefix}{number}{letter}"


# -- rules -------------------------------------------------------------------------------------------
Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str]], Spec | None]]
RULES: list[Rule] = []
# Rule name -> lower-case strings one of which every match of the rule contains (read off its pattern): a text that
# has none of them cannot match, so `find` does not run the rule's regex over it. Rules not listed always run.
TRIGGERS: dict[str, tuple[str, ...]] = {}


# Categories a first-character guard can hold as they are (the same class, under the same flags, as in the rule).
CATEGORY_CLASSES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}


def _first_chars(items: list) -> tuple[set[str] | None, bool]:
    """(The characters a match of the parsed regex `items` can start with, each one character or a category's
    class; whether it can match the empty string). None for the characters when they cannot be listed (a negated
    class, a back-reference, inline flags). Zero-width assertions are passed over: that only adds characters."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return chars | {chr(av)}, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    chars.add(chr(value))
                elif kind is _c.RANGE and value[1] - value[0] < 128:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                elif kind is _c.CATEGORY and value in CATEGORY_CLASSES:
                    chars.add(CATEGORY_CLASSES[value])
                else:
                    return None, False
            return chars, False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            alternatives = [av[3]]
        elif op is _c.BRANCH:
            alternatives = av[1]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            alternatives = [av[2]]
        else:
            return None, False
        empty = op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0
        for alternative in alternatives:
            found, nullable = _first_chars(list(alternative))
            if found is None:
                return None, False
            chars |= found
            empty = empty or nullable
        if not empty:
            return chars, False
    return chars, True


def _first_char_class(pattern: str, flags: int) -> str:
    """The body of a character class of the characters every match of `pattern` starts with (both cases), or ""
    when they cannot be listed."""
    found, nullable = _first_chars(list(_parser.parse(pattern, flags)))
    if found is None or nullable or not found:
        return ""
    categories = sorted(member for member in found if len(member) > 1)
    both = sorted({c for ch in found - set(categories) for c in (ch, ch.lower(), ch.upper()) if len(c) == 1})
    return f"{''.join(categories)}{''.join(re.escape(c) for c in both)}"


def _first_char_guard(pattern: str, flags: int) -> str:
    """A lookahead for the characters every match of `pattern` starts with (both cases), or "" when they cannot be
    listed. It holds for every match, so the matches are the same; but at the many word starts where no match can
    begin, the regex engine fails at one class test instead of trying each alternative of the pattern's head."""
    first = _first_char_class(pattern, flags)
    return f"(?=[{first}])" if first else ""


# Rule name -> the rule's scanner (`_scanner`), for the rules that have one.
SCANNERS: dict[str, re.Pattern[str]] = {}
# Rule name -> (the words its matches can start with, whether also any word that begins with a digit), for the rules
# whose first words can be listed (`firstwords`): `find` tries them only where such a word stands.
FIRST_WORDS: dict[str, tuple[frozenset[str], bool]] = {}


def _scanner(compiled: re.Pattern[str], first: str) -> re.Pattern[str] | None:
    """A regex that finds where `compiled` matches, faster: it starts by consuming one character of the class
    `first`, case-sensitively, so the regex engine skips to the next such character in its own loop (a pattern that
    starts with a look-around or a case-insensitive letter is instead tried at every position of the text); looking
    back over that character, it checks the word bound and then `compiled` itself. A scanner match starts where a
    match of `compiled` starts, at each position where `compiled` matches, provided the text holds no character
    that matches a letter only case-insensitively (CASE_ODDITIES: `find` does not use the scanners on such a text).
    None when no scanner can be made: the first characters are unknown, a match may be empty (the scan could not
    step over it as `finditer` does), or the pattern refers back to a group (not allowed in a look-behind)."""
    if not first or _parser.parse(compiled.pattern, compiled.flags).getwidth()[0] == 0:
        return None
    try:
        return re.compile(rf"(?-i:[{first}])(?<![\w'’](?s:.))(?<=(?={compiled.pattern})(?s:.))", compiled.flags)
    except re.error:
        return None


def _matches(pattern: re.Pattern[str], scanner: re.Pattern[str] | None, text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, found with the rule's scanner when it has one: from each position the scanner
    finds, the match of `pattern` there, then the next search starts where that match ends, as `finditer` does."""
    if scanner is None:
        yield from pattern.finditer(text)
        return
    position = 0
    while (hit := scanner.search(text, position)) is not None:
        match = pattern.match(text, hit.start())
        assert match is not None  # the scanner found it there
        yield match
        position = match.end()


def rule(name: str, pattern: str, flags: int = re.IGNORECASE, triggers: tuple[str, ...] = ()) -> Callable:
    """Register a rule: its pattern (matched on word bounds, case-insensitive unless `flags` say otherwise), the
    function that reads a match into a spec, and its `triggers` (see TRIGGERS; they must be lower case and hold
    for every match, or the rule would miss matches)."""
    first = _first_char_class(pattern, flags)
    compiled = re.compile(rf"(?<![\w'’]){f'(?=[{first}])' if first else ''}{pattern}(?![\w])", flags)
    if triggers:
        TRIGGERS[name] = triggers
    scanner = _scanner(compiled, first)
    if scanner is not None:
        SCANNERS[name] = scanner
    listed = firstwords.first_words(pattern, flags)
    if listed is not None:
        FIRST_WORDS[name] = listed

    def register(fn: Callable[[re.Match[str]], Spec | None]) -> Callable:
        RULES.append((name, compiled, fn))
        return fn

    return register


def _abs(**fields: object) -> Spec:
    return {"k": "abs", **{k: v for k, v in fields.items() if v is not None}}


@rule("date_mdy", rf"(?:(?P<wd>{WD}),?\s+(?:the\s+)?)?(?P<mon>{MON})\s+(?P<day>{DAY})"
                  rf"(?:(?:\s*,\s*|\s+)(?P<year>{YEAR}))?")
def _date_mdy(m: re.Match[str]) -> Spec | None:
    month, day = _month(m["mon"]), _day(m["day"])
    if month is None or day is None:
        return None
    return _abs(y=int(m["year"]) if m["year"] else None, m=month, d=day, w=_weekday(m["wd"]) if m["wd"] else None)


@rule("date_dmy", rf"(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<mon>{MON})"
                  rf"(?:,?\s+(?P<year>{YEAR}))?")
def _date_dmy(m: re.Match[str]) -> Spec | None:
    return _date_mdy(m)


@rule("date_iso", r"(?P<year>(?:1[5-9]|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<mi>[0-5]\d))?",
      triggers=("-0", "-1"))
def _date_iso(m: re.Match[str]) -> Spec | None:
    month, day = int(m["mon"]), int(m["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _abs(y=int(m["year"]), m=month, d=day, h=int(m["h"]) if m["h"] else None,
                mi=int(m["mi"]) if m["mi"] else None)


@rule("date_numeric", r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:1[5-9]|20)?\d\d)(?![/.]?\d)")
def _date_numeric(m: re.Match[str]) -> Spec | None:
    a, b = int(m["a"]), int(m["b"])
    year = int(m["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (a, b) if m["sep"] == "/" and a <= 12 else (b, a)  # 7/8/07 US order; 22.03.2013 day first
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _abs(y=year, m=month, d=day)


@rule("month", rf"(?P<pre>{MODPRE})?(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<mon>{MON})"
               rf"(?:\s*,?\s+(?:of\s+)?(?P<year>{YEAR}|(?:last|this|next)\s+year))?")
def _month_rule(m: re.Match[str]) -> Spec | None:
    month = _month(m["mon"])
    abbreviated = m["mon"].lower().rstrip(".") not in FULL_MONTHS
    if month is None or (abbreviated and not m["mon"].endswith(".") and not m["year"]):
        return None
    year, yrel = None, REL_OF.get((m["rel"] or "").lower())
    if m["year"] and m["year"][0].isdigit():
        year = int(m["year"])
    elif m["year"]:
        offset = REL_OF[m["year"].split()[0].lower()]
        return _abs(m=month, yrel=offset if offset == 0 else None, yoff=offset, mod=_mod(m["pre"]))
    return _abs(y=year, m=month, yrel=yrel, mod=_mod(m["pre"]))


@rule("season", rf"(?P<pre>{MODPRE})?(?:(?P<det>the|this|last|next|past|coming|that)\s+)?(?:(?P<y1>{YEAR})\s+)?"
                r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<year>" + YEAR + "))?",
      triggers=("spring", "summer", "autumn", "fall", "winter"))
def _season(m: re.Match[str]) -> Spec | None:
    det = (m["det"] or "").lower()
    year = m["year"] or m["y1"]
    # casefold, and dotless i as i: the rule matches case-insensitively, which also admits "ſpring" or "wınter"
    name = m["season"].casefold().replace("ı", "i")
    if name not in SEASONS or (not (det or year or m["pre"]) and name == "fall"):
        return None
    return _abs(y=int(year) if year else None, season=SEASONS[name],
                yrel=REL_OF.get(det) if det not in ("the", "that") else None, mod=_mod(m["pre"]), needs_noun=1)


@rule("quarter", rf"(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+"
                 rf"(?P<kind>quarter|half)"
                 rf"(?:\s+of\s+(?:(?:the\s+)?(?P<rel>this|last|next|current|previous|same)\s+(?:fiscal\s+|financial\s+)?year"
                 rf"|(?:the\s+)?year|(?:fiscal\s+)?(?P<year>{YEAR}))|\s+(?P<year2>{YEAR}))?",
      triggers=("quarter", "half"))
def _quarter(m: re.Match[str]) -> Spec | None:
    word = m["ord"].lower()
    number = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(word) or ORDINALS.get(word)
    kind = m["kind"].lower()
    if number == -1:
        number = 4 if kind == "quarter" else 2
    if number is None or number > (4 if kind == "quarter" else 2):
        return None
    year = m["year"] or m["year2"]
    rel = REL_OF.get((m["rel"] or "").lower())
    fields = {"q": number} if kind == "quarter" else {"half": number}
    if rel is not None and rel != 0:
        return _abs(**fields, yoff=rel)
    return _abs(y=int(year) if year else None, yrel=rel, **fields)


@rule("q_code", rf"Q(?P<q>[1-4])(?:\s+(?P<year>{YEAR}))?", flags=0, triggers=("q1", "q2", "q3", "q4"))
def _q_code(m: re.Match[str]) -> Spec | None:
    return _abs(q=int(m["q"]), y=int(m["year"]) if m["year"] else None)


@rule("year", rf"(?P<pre>{MODPRE})?(?:(?:the\s+)?(?:fiscal|financial|calendar|budget|FY)\s*(?:year\s+)?)?"
              rf"(?P<year>{YEAR})(?:'s)?")
def _year(m: re.Match[str]) -> Spec | None:
    return _abs(y=int(m["year"]), mod=_mod(m["pre"]), bare=0 if m["pre"] else 1)


SHORT_YEAR_CUES = re.compile(rf"(?:\b(?:in|of|since|from|until|to|by|and|spring|summer|autumn|fall|winter)|{MON})\s+$",
                             re.I)


@rule("year_short", r"'(?P<yy>\d\d)(?!s)")
def _year_short(m: re.Match[str]) -> Spec | None:
    """"in '82", "October '08"."""
    if not SHORT_YEAR_CUES.search(m.string[max(0, m.start() - 12):m.start()]):
        return None
    yy = int(m["yy"])
    return _abs(y=2000 + yy if yy < 50 else 1900 + yy)


@rule("decade", r"(?:the\s+)?(?P<pre>early|mid|late)?[\s-]*(?P<dec>1[5-9]\d0|20\d0|'\d0|\d0)'?s",
      triggers=("0s", "0's"))
def _decade(m: re.Match[str]) -> Spec | None:
    text = m["dec"].lstrip("'")
    century = 190 if int(text) >= 30 else 200  # "the '90s", "the '20s"
    decade = century + int(text) // 10 if len(text) == 2 else int(text) // 10
    return _abs(decade=decade, mod=_mod(m["pre"]))


@rule("century", rf"(?:the\s+)?(?P<pre>early|mid|late)?[\s-]*(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ORD_WORD})[\s-]+century",
      triggers=("century",))
def _century(m: re.Match[str]) -> Spec | None:
    word = m["ord"].lower()
    number = int(re.match(r"\d+", word).group()) if word[0].isdigit() else ORDINALS.get(word)
    if not number or number < 1:
        return None
    return _abs(century=number - 1, mod=_mod(m["pre"]))


@rule("weekday", rf"(?:(?P<rel>last|this|next|coming|past|early|late)\s+)?(?P<wd>{WD})"
                 rf"(?:\s+(?P<part>{PART}))?(?:,?\s+(?P<time>\d{{1,2}}(?::\d\d)?\s*[ap]\.?m\.?))?")
def _weekday_rule(m: re.Match[str]) -> Spec | None:
    rel = (m["rel"] or "").lower()
    spec = _abs(w=_weekday(m["wd"]), wrel=REL_OF.get(rel) if rel in ("last", "this", "next", "coming") else None,
                part=PARTS_OF_DAY[m["part"].lower()] if m["part"] else None,
                mod={"early": "START", "late": "END"}.get(rel))
    if m["time"]:
        spec.update(_clock(m["time"]) or {})
        spec.pop("part", None)
    return spec


@rule("weekday_plural", rf"(?P<wd>(?:{_alt([w for w in WEEKDAYS if len(w) > 5])})s)",
      triggers=tuple(f"{w}s" for w in WEEKDAYS if len(w) > 5))
def _weekday_plural(m: re.Match[str]) -> Spec | None:
    return {"k": "set", "value": f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()[:-1]]}"}


@rule("today", rf"(?:(?P<pre>earlier|later|early|late)\s+)?(?P<w>today|tonight|yesterday|tomorrow)(?:'s)?"
               rf"(?:\s+(?P<part>{PART}))?", triggers=("today", "tonight", "yesterday", "tomorrow"))
def _today(m: re.Match[str]) -> Spec | None:
    word = m["w"].lower()
    n = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else ("NI" if word == "tonight" else None)
    return {"k": "rel", "unit": "D", "n": n, **({"part": part} if part else {})}


@rule("this_part", rf"(?P<rel>this|last|yesterday|tomorrow)\s+(?P<part>{PART})",
      triggers=("morning", "afternoon", "evening", "night"))
def _this_part(m: re.Match[str]) -> Spec | None:
    rel = m["rel"].lower()
    n = {"this": 0, "last": -1 if m["part"].lower() in ("night", "evening") else 0,
         "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and m["part"].lower() not in ("night", "evening"):
        return None
    return {"k": "rel", "unit": "D", "n": n, "part": PARTS_OF_DAY[m["part"].lower()]}


DAY_CUES = re.compile(r"\b(?:for|on|during|of|end|ended|ending|ends|close|closed|closing|closes|finish|finished|"
                      r"finishing|start|started|starting|began|begin|in)\s+$", re.I)


@rule("the_day", r"the\s+day(?!\s+(?:before|after|of|when|that|and)\b)")
def _the_day(m: re.Match[str]) -> Spec | None:
    """"closed the day higher", "for the day": the day just spoken of."""
    if not DAY_CUES.search(m.string[max(0, m.start() - 12):m.start()]):
        return None
    return {"k": "ana", "unit": "D", "n": 0}


@rule("weekend", r"the\s+weekend", triggers=("weekend",))
def _weekend(m: re.Match[str]) -> Spec | None:
    """"over the weekend" (past: the last one), "at the weekend" (future: the next)."""
    return {"k": "rel", "unit": "WE", "n": 0, "tensed": 1}


@rule("day_around", r"the\s+day\s+(?P<dir>before\s+yesterday|after\s+tomorrow)", triggers=("yesterday", "tomorrow"))
def _day_around(m: re.Match[str]) -> Spec | None:
    return {"k": "rel", "unit": "D", "n": -2 if m["dir"].lower().startswith("before") else 2}


@rule("rel_unit", rf"(?:(?P<pre>earlier|later|early|late)\s+|(?P<mod>{MODPRE}))?(?P<the>the\s+)?"
                  rf"(?P<rel>this|last|next|coming|past|previous|current|following|same|present|upcoming)\s+"
                  rf"(?:(?:fiscal|financial|calendar)\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century)(?!s)")
def _rel_unit(m: re.Match[str]) -> Spec | None:
    rel, unit = m["rel"].lower(), _unit(m["unit"])
    plain = not (m["pre"] or m["mod"])
    if plain and (rel == "past" or (m["the"] and rel in ("next", "coming") and unit in ("DE", "CE"))):
        return {"k": "dur", "value": duration_value(1, unit)}  # "the past year", "the next decade": a stretch
    spec: Spec = {"k": "ana" if rel in ("following", "same") else "rel", "unit": unit, "n": REL_OF[rel]}
    if rel == "previous" and m["the"]:
        spec["k"] = "ana"
    mod = _mod(m["mod"]) or {"early": "START", "late": "END"}.get((m["pre"] or "").lower())
    if mod:
        spec["mod"] = mod
    return spec


@rule("that_unit", r"(?:(?P<pre>earlier|later)\s+)?(?:(?P<the>the)\s+(?P<rel>next|following|previous|same|preceding)|"
                   r"(?P<that>that))\s+(?P<unit>day|week|month|year)(?!s)")
def _that_unit(m: re.Match[str]) -> Spec | None:
    """"the next day", "the previous week", "that year": counted from the last date mentioned."""
    rel = (m["rel"] or "same").lower()
    return {"k": "ana", "unit": _unit(m["unit"]), "n": {"preceding": -1}.get(rel, REL_OF.get(rel, 0))}


@rule("the_unit", rf"(?P<mod>{MODPRE})(?:(?:the|this)\s+)?(?P<unit>week|month|year|decade|century)(?!s)")
def _the_unit(m: re.Match[str]) -> Spec | None:
    return {"k": "rel", "unit": _unit(m["unit"]), "n": 0, "mod": _mod(m["mod"])}


@rule("ago", rf"(?P<num>{NUM}|{VAGUE})[\s-]+(?P<unit>{UNIT})s?\s+(?:(?P<dir>ago|from\s+now|hence)|"
             r"(?P<dir2>earlier|later|before|after|prior)(?=\s*[,.;:)]|\s*$|\s+(?:and|but|when|that|in|on|at|to)\b))")
def _ago(m: re.Match[str]) -> Spec | None:
    n = number_value(m["num"])
    direction = (m["dir"] or m["dir2"]).lower()
    sign = -1 if direction in ("ago", "earlier", "before", "prior") else 1
    unit = _unit(m["unit"])
    if unit == "D" and m["unit"].lower().startswith("night"):
        unit = "D"
    if n is None or n != int(n):
        return {"k": "ref", "value": "PAST_REF" if sign < 0 else "FUTURE_REF"}
    kind = "rel" if direction in ("ago", "from now", "hence") else "ana"
    return {"k": kind, "unit": unit, "n": sign * int(n)}


@rule("set_every", rf"(?:every|each|per)\s+(?:(?P<num>other|{NUM})\s+)?(?P<unit>{UNIT}|{WD}|{PART})")
def _set_every(m: re.Match[str]) -> Spec | None:
    word = m["unit"].lower().rstrip(".")
    if word in WEEKDAYS:
        return {"k": "set", "value": f"XXXX-WXX-{WEEKDAYS[word]}"}
    if word in PARTS_OF_DAY:
        return {"k": "set", "value": f"XXXX-XX-XXT{PARTS_OF_DAY[word]}"}
    n = 2 if (m["num"] or "").lower() == "other" else (number_value(m["num"]) if m["num"] else 1)
    return {"k": "set", "value": duration_value(n, _unit(word))}


@rule("set_times", rf"(?:once|twice|(?:{NUM})\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit>{UNIT})",
      triggers=("once", "twice", "times"))
def _set_times(m: re.Match[str]) -> Spec | None:
    return {"k": "set", "value": duration_value(1, _unit(m["unit"]))}


@rule("set_rate", r"(?P<det>a|an|per)\s+(?P<unit>year|month|week|day|hour)")
def _set_rate(m: re.Match[str]) -> Spec | None:
    """"15 a year", "$3 billion a year": a rate after a number."""
    if not re.search(r"\d[\d,.]*\s*(?:\w+\s+){0,2}$", m.string[max(0, m.start() - 30):m.start()]):
        return None
    return {"k": "set", "value": duration_value(1, _unit(m["unit"]))}


@rule("set_adverb", _alt(list(FREQUENCY_ADVERBS)), triggers=tuple(FREQUENCY_ADVERBS))
def _set_adverb(m: re.Match[str]) -> Spec | None:
    return {"k": "set", "value": FREQUENCY_ADVERBS[m.group(0).lower()]}


@rule("duration", rf"(?:(?P<det>the|a|an)\s+)?(?:(?P<rel>past|last|next|first|final|remaining|following|coming|"
                  rf"previous|entire|whole|full)\s+)?(?P<num>{NUM})(?:[\s-]+and[\s-]+a[\s-]+half)?(?P<half>)"
                  rf"[\s-]+(?:(?:consecutive|straight|full|long|more|additional|trading|working|business|calendar)\s+)?"
                  rf"(?P<unit>{UNIT})(?P<pl>s)?(?P<apos>')?(?!-old|\s+old\b)")
def _duration(m: re.Match[str]) -> Spec | None:
    n = number_value(m["num"])
    if n is None:
        return None
    if "and a half" in m.group(0).lower() or "and-a-half" in m.group(0).lower():
        n += 0.5
    return {"k": "dur", "value": duration_value(n, _unit(m["unit"]))}


@rule("duration_vague", rf"(?:(?P<det>the|in\s+the)\s+)?(?:(?P<rel>past|last|next|coming|first|final|recent)\s+)?"
                        rf"(?P<q>{VAGUE})\s+(?P<unit>{UNIT})s")
def _duration_vague(m: re.Match[str]) -> Spec | None:
    return {"k": "dur", "value": duration_value(None, _unit(m["unit"]))}


@rule("duration_recent", rf"(?P<adj>recent|coming|past|last)\s+(?P<unit>{UNIT})s")
def _duration_recent(m: re.Match[str]) -> Spec | None:
    return {"k": "dur", "value": duration_value(None, _unit(m["unit"]))}


@rule("coming", r"the\s+(?P<adj>coming|upcoming|next)\s+(?P<unit>days|weeks|months|years|decades)",
      triggers=("coming", "next"))
def _coming(m: re.Match[str]) -> Spec | None:
    return {"k": "ref", "value": "FUTURE_REF"}


@rule("half_unit", rf"half\s+an?\s+(?P<unit>{UNIT})|(?:an?|one)\s+(?P<unit2>{UNIT})\s+and\s+a\s+half",
      triggers=("half",))
def _half_unit(m: re.Match[str]) -> Spec | None:
    unit = _unit(m["unit"] or m["unit2"])
    return {"k": "dur", "value": duration_value(0.5 if m["unit"] else 1.5, unit)}


@rule("bare_units", r"(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)(?:-long)?"
                    r"(?P<after>\s+(?:before|after|later|earlier|ago)\b)?")
def _bare_units(m: re.Match[str]) -> Spec | None:
    """"for years", "within hours", "days before": a stretch of unknown length (PXY)."""
    spec: Spec = {"k": "dur", "value": duration_value(None, _unit(m["unit"]))}
    if m["after"]:
        spec["trim_to"] = m.start("after")
    else:
        spec["needs_signal"] = 1
    return spec


def _clock(text: str) -> Spec | None:
    found = re.match(r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?\s*(?P<ampm>[ap])?", text.strip(), re.I)
    if not found:
        return None
    hour, minute = int(found["h"]), int(found["mi"] or 0)
    ampm = (found["ampm"] or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return {"h": hour, "mi": minute}


@rule("clock", r"(?P<t>\d{1,2}(?:[:.][0-5]\d)?\s*(?:[ap]\.m\.|[ap]m\b|[ap]\.m(?!\w))|(?:[01]?\d|2[0-3]):[0-5]\d|"
               r"(?:[01]\d|2[0-3])[0-5]\d(?=\s+(?:UTC|GMT|GMT\+\d|hours))|noon|midnight)(?:\s+(?P<tz>UTC|GMT|ET|EST|EDT|BST|CET|MSK|Kyiv\s+time|"
               r"Moscow\s+time|local\s+time))?")
def _clock_rule(m: re.Match[str]) -> Spec | None:
    text = m["t"].lower()
    if text in ("noon", "midnight"):
        spec = {"h": 12 if text == "noon" else 0, "mi": 0}
    elif re.fullmatch(r"\d{4}", text):
        spec = {"h": int(text[:2]), "mi": int(text[2:])}
    else:
        if ":" not in text and not re.search(r"[ap]", text):
            return None
        spec = _clock(text)
        if spec is None:
            return None
    tz = (m["tz"] or "").upper()
    return _abs(**spec, tz="Z" if tz in ("UTC", "GMT") else None, clock=1)


@rule("now", r"(?P<w>now|currently|right\s+now|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment|"
             r"for\s+the\s+time\s+being|the\s+present\s+time|at\s+this\s+time)")
def _now(m: re.Match[str]) -> Spec | None:
    word = " ".join(m["w"].lower().split())
    span_start = {"at present": 3, "at the moment": 3, "for the time being": 4, "at this time": 3}.get(word)
    spec: Spec = {"k": "ref", "value": "PRESENT_REF"}
    if span_start:
        spec["trim_from"] = m.start("w") + span_start
    return spec


@rule("past_future", r"(?P<w>the\s+(?:distant\s+|recent\s+|near\s+|immediate\s+|not\s+too\s+distant\s+)?"
                     r"(?:past|future)|"
                     r"recently|lately|the\s+(?:long|short|medium|near)\s+term|at\s+the\s+time)(?!\s+(?:few|several|\d))")
def _past_future(m: re.Match[str]) -> Spec | None:
    word = m["w"].lower()
    if "future" in word or "term" in word:
        return {"k": "ref", "value": "FUTURE_REF"}
    return {"k": "ref", "value": "PAST_REF"}


HOLIDAY_NAMES = _alt(sorted({name.replace("'", "['’]?") for name in HOLIDAYS}, key=len, reverse=True)).replace(
    "\\[", "[").replace("\\]", "]").replace("\\?", "?").replace("\\'", "'").replace("\\’", "’")


@rule("holiday", rf"(?:(?P<rel>last|this|next)\s+)?(?P<name>{HOLIDAY_NAMES})(?:\s+(?:of\s+)?(?P<year>{YEAR}))?",
      triggers=tuple({name.split("'")[0] for name in sorted(HOLIDAYS)}))
def _holiday(m: re.Match[str]) -> Spec | None:
    name = m["name"]
    if not name[0].isupper():
        return None
    key = re.sub(r"['’]", "'", name.lower())
    if key not in HOLIDAYS:
        key = key.replace("'", "")
    if key not in HOLIDAYS:
        return None
    return _abs(holiday=key, y=int(m["year"]) if m["year"] else None, yrel=REL_OF.get((m["rel"] or "").lower()))


# -- finding -----------------------------------------------------------------------------------------
QUANTITY_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL", "PRODUCT", "LAW", "FAC", "ORG",
                   "WORK_OF_ART"}
SIGNAL_WORDS = entries("timex/duration_signals")


def _tokens_at(parsed: Doc | None, start: int, end: int) -> list:
    if parsed is None:
        return []
    span = parsed.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


MONTH_CUES = words("timex/month_cues")
AGE_BEFORE = re.compile(r"\b(?:age|ages|aged)\s+$", re.I)
AGE_AFTER = re.compile(r"^(?:-|\s+)old\b|^\s+(?:and|or)\s+(?:older|younger)\b", re.I)
ORDINAL_SECOND = re.compile(r"^(?:a|an|one)\s+second$", re.I)
NAME_AFTER = re.compile(r"^\s+[A-Z][a-z]")


def _text_veto(match: Match, text: str) -> bool:
    """Readings the words around rule out: ages, "a second time", names such as "British Summer Time"."""
    spec = match.spec
    before, after = text[max(0, match.start - 12):match.start], text[match.end:match.end + 16]
    if spec.get("k") == "dur" and (AGE_BEFORE.search(before) or AGE_AFTER.search(after)):
        return True
    if ORDINAL_SECOND.match(text[match.start:match.end]) and re.match(r"^\s+[a-z]", after):
        return True
    bare_month = text[match.start:match.end].lower().rstrip(".") in MONTHS
    if bare_month and spec.get("k") == "abs" and spec.get("d") is None and spec.get("y") is None:
        name_before = re.search(r"\b([A-Z][a-z]+)\s+$", before)  # "Theresa May"
        if name_before and name_before.group(1).lower() not in MONTH_CUES:
            return True
    sentence_start = re.search(r"(?:^|[.!?]\s+)$", before)
    return bool(spec.get("needs_noun") and text[match.start].isupper() and NAME_AFTER.match(after)
                and not sentence_start)


def _vetoed(match: Match, text: str, parsed: Doc | None) -> bool:
    """Readings the parse rules out: verbs and names spelled like months, numbers that are quantities."""
    spec = match.spec
    if _text_veto(match, text):
        return True
    tokens = _tokens_at(parsed, match.start, match.end)
    if spec.get("needs_signal"):
        before = text[max(0, match.start - 12):match.start].lower().split()
        return not before or before[-1] not in SIGNAL_WORDS
    if not tokens:
        return False
    if spec.get("k") == "abs" and spec.get("m") and spec.get("d") is None and spec.get("y") is None:
        month_tokens = [t for t in tokens if t.lower_.rstrip(".") in MONTHS]
        if any(t.tag_ == "MD" or t.pos_ == "VERB" or t.ent_type_ in ("PERSON", "ORG") for t in month_tokens):
            return True
    if spec.get("needs_noun") and any(t.lower_ in SEASONS and t.pos_ == "VERB" for t in tokens):
        return True
    if spec.get("bare"):
        token = tokens[-1] if tokens[-1].text != "'s" else tokens[0]
        if token.ent_type_ in QUANTITY_LABELS:
            return True
        nxt = token.nbor() if token.i + 1 < len(parsed) else None
        if nxt is not None and nxt.pos_ == "NOUN" and nxt.tag_ == "NNS" and token.dep_ == "nummod":
            return True
    return False


def _settle(matches: list[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (ties: the earlier rule)."""
    order = {name: i for i, (name, _p, _f) in enumerate(RULES)}
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(matches, key=lambda x: (-(x.end - x.start), order.get(x.rule, 99), x.start)):
        if any(match.start < e and s < match.end for s, e in taken):
            continue
        chosen.append(match)
        taken.append((match.start, match.end))
    return sorted(chosen, key=lambda x: x.start)


RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|through|thru|until|till|and)\s*$", re.I)
DAY_AFTER = re.compile(rf"^(\s*(?:-|–|—|to|through|thru|until|till|and)\s*)(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?",
                       re.I)
YEAR_AFTER = re.compile(r"^(\s*(?:-|–|/)\s*)(?P<yy>\d\d)(?![\d/])")


def _join_ranges(matches: list[Match], text: str) -> list[Match]:
    """"January 9 to 10", "January 10-13", "2009-10", "March 3 to March 5": one range with two parts."""
    out: list[Match] = []
    i = 0
    while i < len(matches):
        match = matches[i]
        spec = match.spec
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if spec.get("k") == "abs" and spec.get("d") and spec.get("m"):
            tail = DAY_AFTER.match(text[match.end:match.end + 24])
            if tail and (nxt is None or nxt.start >= match.end + tail.end()) and _day(tail["day"]):
                day_start = match.end + tail.start("day")
                second = {**spec, "d": _day(tail["day"])}
                second.pop("w", None)
                if tail["year"]:
                    second["y"] = spec["y"] = int(tail["year"])
                end = match.end + tail.end()
                out.append(Match(match.start, end, {"k": "range", "a": spec, "b": second}, "range",
                                 [(match.start, match.end), (day_start, end)]))
                i += 1
                continue
        if spec.get("k") == "abs" and spec.get("bare") and spec.get("y"):
            tail = YEAR_AFTER.match(text[match.end:match.end + 6])
            if tail and (nxt is None or nxt.start >= match.end + tail.end()):
                second_year = spec["y"] // 100 * 100 + int(tail["yy"])
                if second_year > spec["y"]:
                    end = match.end + tail.end()
                    out.append(Match(match.start, end, {"k": "range", "a": spec, "b": _abs(y=second_year)}, "range",
                                     [(match.start, match.end), (match.end + tail.start("yy"), end)]))
                    i += 1
                    continue
        if (nxt is not None and spec.get("k") == "abs" and nxt.spec.get("k") == "abs" and not spec.get("clock")
                and RANGE_JOIN.match(text[match.end:nxt.start]) and _same_grain(spec, nxt.spec)):
            between = text[match.end:nxt.start].strip().lower()
            before = text[max(0, match.start - 9):match.start].lower()
            if between != "and" or before.rstrip().endswith("between"):
                second = dict(nxt.spec)
                if second.get("y") is None and spec.get("y") is not None and second.get("m"):
                    pass
                out.append(Match(match.start, nxt.end, {"k": "range", "a": spec, "b": second}, "range",
                                 [(match.start, match.end), (nxt.start, nxt.end)]))
                i += 2
                continue
        out.append(match)
        i += 1
    return out


def _same_grain(a: Spec, b: Spec) -> bool:
    keys = ("y", "m", "d", "w", "season", "q", "decade", "century")
    grain_a = [k for k in keys if a.get(k) is not None]
    grain_b = [k for k in keys if b.get(k) is not None]
    return bool(grain_a) and grain_a[-1] == grain_b[-1] if grain_b else False


CLOCK_GAP = re.compile(r"^\s*(?:,\s*)?$")


def _join_clock(matches: list[Match], text: str) -> list[Match]:
    """A clock time next to a day ("15:00 GMT Saturday", "Friday 10 a.m.") is one expression."""
    out: list[Match] = []
    for match in matches:
        prev = out[-1] if out else None
        if prev is not None and CLOCK_GAP.match(text[prev.end:match.start]):
            a, b = prev.spec, match.spec
            day, clock = (a, b) if b.get("clock") else (b, a) if a.get("clock") else (None, None)
            if day is not None and not day.get("clock") and ((day.get("k") == "rel" and day.get("unit") == "D")
                                                             or day.get("w") or day.get("d")):
                merged = {**day, **{k: clock[k] for k in ("h", "mi", "tz") if k in clock}}
                merged.pop("part", None)
                out[-1] = Match(prev.start, match.end, merged, "day_clock")
                continue
        out.append(match)
    return out


# Characters that a case-insensitive regex matches to an ASCII letter although `str.lower` does not turn them into
# that letter alone (dotted and dotless I, long s, Kelvin sign): in a text with one, triggers are not checked.
CASE_ODDITIES = re.compile("[\u0130\u0131\u017f\u212a]")


def _trigger_text(text: str) -> str | None:
    """The text in lower case, to look for rule triggers in; None when triggers cannot be trusted on it."""
    return None if CASE_ODDITIES.search(text) else text.lower()


@functools.cache
def _first_word_finder() -> re.Pattern[str]:
    """The regex for every rule's listed first words (`firstwords.word_finder`), made once all rules are in."""
    return firstwords.word_finder(word for listed, _digits in FIRST_WORDS.values() for word in listed)


def _rule_matches(name: str, pattern: re.Pattern[str], text: str,
                  starts: firstwords.WordStarts | None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`: tried only at the rule's first words when they are listed, else found by its
    scanner; `starts` is None on a text where neither can be trusted (`_trigger_text`)."""
    if starts is None:
        return pattern.finditer(text)
    if name in FIRST_WORDS:
        return matches_at(pattern, starts.starts(*FIRST_WORDS[name]), text)
    return _matches(pattern, SCANNERS.get(name), text)


def find(text: str, parsed: Doc | None = None) -> list[Match]:
    """Every time expression in `text`, in order, with its spec and span."""
    found: list[Match] = []
    lowered = _trigger_text(text)
    starts = firstwords.WordStarts(lowered, _first_word_finder()) if lowered is not None else None
    for name, pattern, read in RULES:
        if lowered is not None and name in TRIGGERS and not any(word in lowered for word in TRIGGERS[name]):
            continue  # the rule cannot match: skip its scan of the whole text
        for m in _rule_matches(name, pattern, text, starts):
            spec = read(m)
            if spec is None:
                continue
            start, end = m.start(), m.end()
            start = spec.pop("trim_from", start)
            end = spec.pop("trim_to", end) if "trim_to" in spec else end
            while end > start and text[end - 1] in " -":
                end -= 1
            found.append(Match(start, end, spec, name))
    kept = [m for m in _settle(found) if not _vetoed(m, text, parsed)]
    kept = _join_clock(kept, text)
    kept = _join_ranges(kept, text)
    for m in kept:
        for key in ("needs_noun", "needs_signal", "bare", "clock"):
            m.spec.pop(key, None)
            for side in ("a", "b"):
                if isinstance(m.spec.get(side), dict):
                    m.spec[side].pop(key, None)
    return kept
