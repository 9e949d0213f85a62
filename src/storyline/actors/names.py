"""Names of people and organisations: their structure, spelling-tolerant keys and similarity.

Everything here is a general rule of English news writing or of romanising names from Cyrillic and similar
scripts; no rule names a particular person. The small tables are general knowledge (courtesy titles, the words
of official titles) and say so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from storyline import lexicon_files
from storyline.timex.lexicon import MONTHS

# Courtesy titles and abbreviated official titles written before a name. General English usage.
# The value is the role an abbreviation stands for, or "" for a courtesy title that carries no role.
HONORIFICS = {
    "mr": "", "mrs": "", "ms": "", "miss": "", "mx": "", "dr": "", "sir": "", "dame": "", "lord": "", "lady": "",
    "madam": "", "monsieur": "", "mme": "", "herr": "", "frau": "", "prof": "", "professor": "",
    "rep": "Representative", "sen": "Senator", "gov": "Governor", "gen": "General", "lt": "Lieutenant",
    "col": "Colonel", "maj": "Major", "capt": "Captain", "adm": "Admiral", "sgt": "Sergeant", "pres": "President",
    "rev": "Reverend", "amb": "Ambassador", "gentlemen": "", "gentleman": "",
}

# Head words of official titles and offices in English (general knowledge). Used to recognise a role phrase
# ("the secretary of state", "Foreign Minister") and a title-only mention of a person already named.
TITLE_WORDS = frozenset({
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier",
    "ambassador", "envoy", "chairman", "chairwoman", "chair", "chairperson", "director", "governor", "senator",
    "representative", "congressman", "congresswoman", "mayor", "king", "queen", "prince", "princess", "emperor",
    "sultan", "emir", "sheikh", "pope", "general", "admiral", "commander", "chief", "head", "leader", "speaker",
    "deputy", "vice", "adviser", "advisor", "aide", "diplomat", "judge", "justice", "prosecutor", "attorney",
    "ceo", "cfo", "coo", "founder", "co-founder", "executive", "lawmaker", "mp", "legislator", "commissioner",
    "councillor", "councilor", "secretary-general", "ombudsman", "lieutenant", "colonel", "major", "captain",
    "sergeant", "marshal", "rapporteur", "negotiator", "presidency", "monarch", "chairman-elect",
    "president-elect", "officer", "official"
})

# Offices of which a person holds one at a time: two of them for one actor is a conflict to flag.
TOP_OFFICES = frozenset({"president", "prime minister", "premier", "chancellor", "king", "queen", "emperor",
                         "monarch", "supreme leader"})

# Legal forms and generic words that end company names ("Apple Inc.", "Fiat Group"). General knowledge.
LEGAL_FORMS = frozenset({"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc",
                         "group", "holdings", "nv", "ag", "sa", "gmbh", "spa", "ab", "oyj", "lp", "llp", "pty"})

CONNECTORS = frozenset({"of", "for", "and", "the", "de", "del", "der", "van", "von", "da", "di", "la", "le", "on",
                        "in", "&"})
NAME_PARTICLES = frozenset({"de", "del", "der", "van", "von", "da", "di", "la", "le", "bin", "al", "ibn", "el"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Government bodies named either way round ("Defense Ministry", "Ministry of Defense"), and British spellings in
# organisations' names with their American form (lexicons/actors/).
OFFICE_HEADS = lexicon_files.words("actors/office_heads")
SPELLINGS = lexicon_files.table("actors/spelling_variants")
# How other languages' romanisations write the sounds of a Cyrillic name (Polish sz, German sch, Czech š -> sh; ...),
# in the order they are applied (lexicons/actors/transliteration.tsv).
TRANSLITERATION = lexicon_files.rows("actors/transliteration")
CREDIT_WORDS = lexicon_files.words("actors/credit_words")
# Two names joined by a slash, "Photographer/Agency": how a picture is credited ("Martin Sylvest/Ritzau Scanpix");
# no one's name is written so.
_CREDIT_SLASH = re.compile(r"[^\W\d_] ?/ ?[^\W\d_]")
# A transliteration key shorter than this says too little to join two people (Chan/Han/Khan -> "han").
MIN_TRANSLITERATION_KEY = 5


def strip_accents(text: str) -> str:
    """The text without diacritics (decomposed, combining marks dropped); ASCII text has none and comes back as
    it is, without the Unicode decomposition."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def clean_name(text: str) -> str:
    """A mention's name without a leading "the", a possessive "'s" or surrounding punctuation. Pure (cached)."""
    name = " ".join(text.replace("’", "'").split())
    name = re.sub(r"'s?$", "", name)
    if name.lower().startswith("the "):
        name = name[4:]
    return name.strip(" ,;:()[]\"'`-—–“”‘")


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """A spelling-tolerant key of one name word, for names romanised in several ways.

    Rules (general, for transliterations from Cyrillic, Arabic and similar): no diacritics, and letters with no
    decomposition read as ASCII by Unidecode (ł -> l, ø -> o, ß -> ss); x -> ks; th -> t,
    ph -> f, kh -> h, w -> v, z -> s (not as first letter), j -> y and y -> i (Sergey/Sergei,
    Zelenskyy/Zelenskiy); final vowel runs of i/y collapse (-iy, -yy, -ii, -ij -> i); doubled letters become
    one. A pure function: its lru_cache only saves time (a process without it computes the same keys).
    """
    w = (word if word.isascii() else unidecode(strip_accents(word))).lower()
    w = re.sub(r"[^a-z]", "", w)
    for old, new in (("x", "ks"), ("th", "t"), ("ph", "f"), ("kh", "h"), ("w", "v"), ("j", "y"), ("ck", "k"),
                     ("y", "i")):
        w = w.replace(old, new)
    w = w[:1] + w[1:].replace("z", "s")  # Reznikov/Resnikov, but Zakharov is not Sakharov
    w = re.sub(r"i+$", "i", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


def _rewrite(word: str, step: str) -> str:
    """The word with every TRANSLITERATION row of one step applied, top to bottom."""
    for spelling, key, row_step in TRANSLITERATION:
        if row_step == step:
            word = word.replace(spelling, key)
    return word


@lru_cache(maxsize=1 << 16)
def transliteration_key(word: str) -> str:
    """A coarser key than `fold`, the same for one name romanised through another language's conventions:
    Polish, Czech, German, French and English spellings of the sounds sh, ch, kh, zh, v and y (Szmyhal / Schmyhal /
    Shmyhal, Zełenski / Selenskyj / Zelenskyy, Reznikow / Resnikov) and letters Unidecode reads (ł -> l). It
    collapses sounds English keeps apart (ch/kh/h, z/s), so two names sharing it are one person only when more
    agrees (`transliterated`). Pure (cached)."""
    lowered = _rewrite(word.lower(), "letter")
    return fold(_rewrite(unidecode(lowered).lower(), "ascii"))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning limit) once it exceeds `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)


def _one_inner_vowel_apart(a: str, b: str) -> bool:
    """Whether the longer key is the shorter with one vowel added before its last letter (Volodmir/Volodimir)."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) != len(short) + 1:
        return False
    return any(long_[i] in "aeiou" and long_[:i] + long_[i + 1:] == short for i in range(len(long_) - 1))


def similar_words(a: str, b: str) -> bool:
    """Whether two name words are spellings of one name: equal keys, or, for keys of six letters or more that
    start alike, one vowel added inside the word (Volodymyr/Volodmir, Aleksandr/Alexander). A changed consonant
    or a changed ending (Peskov/Petkov, Lavrov/Lavrova) keeps two names apart.
    """
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return bool(fa)
    if min(len(fa), len(fb)) < 6 or fa[:2] != fb[:2]:
        return False
    return _one_inner_vowel_apart(fa, fb)


def given_compatible(a: str, b: str) -> bool:
    """Whether two given names are the same name: another spelling, an initial, or a short form that the long
    one begins with (Alex/Alexander, Dan/Daniel). Hypocorisms that are not prefixes (Joe/Joseph) are only
    `given_weakly_compatible` and need agreeing context to merge.
    """
    if not a or not b:
        return True
    if similar_words(a, b):
        return True
    fa, fb = fold(a), fold(b)
    short, long_ = sorted((fa, fb), key=len)
    if len(strip_accents(a).strip(".")) == 1 or len(strip_accents(b).strip(".")) == 1:
        return bool(short) and short[:1] == long_[:1]
    return len(short) >= 3 and long_.startswith(short)


def given_weakly_compatible(a: str, b: str) -> bool:
    """Same first letter: possibly a familiar form (Joe/Joseph, Mike/Michael); never enough on its own."""
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and fa[0] == fb[0]


@dataclass(frozen=True)
class PersonName:
    """A person's name split into its parts; `given` and `middle` are empty when the text has only a surname."""

    given: str
    middle: tuple[str, ...]
    surname: str
    honorifics: tuple[str, ...]
    suffix: str = ""  # "jr", "sr", "ii": a father and his son share every other part of their names

    @property
    def full(self) -> bool:
        return bool(self.given and self.surname)

    @property
    def key(self) -> str:
        return fold(self.surname)


def _word_key(word: str) -> str:
    return strip_accents(word).lower().strip(".,")


def parse_person(text: str) -> PersonName:
    """Split "Rep. Adam B. Schiff Jr." into honorifics, given name, middle names and surname."""
    words = [w for w in clean_name(text).replace(",", " ").split() if w]
    honorifics: list[str] = []
    while words and _word_key(words[0]) in HONORIFICS:
        honorifics.append(words.pop(0))
    suffix = ""
    while len(words) > 1 and _word_key(words[-1]) in SUFFIXES:
        suffix = suffix or _word_key(words.pop())
    if not words:
        return PersonName("", (), "", tuple(honorifics))
    if len(words) == 1:
        return PersonName("", (), words[0], tuple(honorifics), suffix)
    surname_start = len(words) - 1
    while surname_start > 1 and _word_key(words[surname_start - 1]) in NAME_PARTICLES:
        surname_start -= 1
    surname = " ".join(words[surname_start:])
    return PersonName(words[0], tuple(words[1:surname_start]), surname, tuple(honorifics), suffix)


def surname_key(name: PersonName) -> str:
    """The folded last word of the surname (particles dropped): what surname-only mentions are matched by."""
    last = name.surname.split()[-1] if name.surname else ""
    return fold(last)


def same_person_name(a: PersonName, b: PersonName) -> bool:
    """Whether two parsed names can name one person: surnames alike and given names compatible, or two full names
    romanised through different languages' conventions (`transliterated`)."""
    if not a.surname or not b.surname or not same_generation(a, b):
        return False
    if not similar_words(a.surname.split()[-1], b.surname.split()[-1]):
        return transliterated(a, b)
    return given_compatible(a.given, b.given)


def same_generation(a: PersonName, b: PersonName) -> bool:
    """Whether two names can be one person by their suffixes: "Donald Trump Jr." and "Trump Jr." are not "Donald
    Trump" (a son named after his father); a surname alone ("Trump") may stand for either."""
    if a.suffix == b.suffix:
        return True
    if a.suffix and b.suffix:
        return False
    without = b if a.suffix else a
    return not without.full


def transliterated(a: PersonName, b: PersonName) -> bool:
    """Whether two full names are one person's name romanised through different languages' conventions: their
    surnames share a `transliteration_key` of at least MIN_TRANSLITERATION_KEY letters and their given names are
    the same name (`given_compatible`, or one transliteration key). The given name is required because the key
    joins names English keeps apart (Zakharov/Sakharov): a surname alone never joins through it."""
    if not (a.full and b.full):
        return False
    key = transliteration_key(a.surname.split()[-1])
    if len(key) < MIN_TRANSLITERATION_KEY or key != transliteration_key(b.surname.split()[-1]):
        return False
    same_given = transliteration_key(a.given) == transliteration_key(b.given)
    return same_given or given_compatible(a.given, b.given)


def organization_key(text: str) -> str:
    """An organisation's name without case, accents, "the" or a trailing legal form, in American spelling and a
    government body in the "of" form: "Apple Inc." -> "apple", "the Russian Defence Ministry" and "Russian Ministry
    of Defense" -> "russian ministry of defense", "Foreign Ministry" and "Ministry of Foreign Affairs" -> "ministry
    of foreign"."""
    words = strip_accents(clean_name(text)).lower().replace(",", " ").split()
    while len(words) > 1 and words[-1].replace(".", "") in LEGAL_FORMS:
        words.pop()
    words = [SPELLINGS.get(word, word) for word in words if word != "the"] or words
    return " ".join(_of_form(words))


def _of_form(words: list[str]) -> list[str]:
    """A name ending in an office head ("... Defense Ministry") turned into the "of" form ("... Ministry of Defense");
    a trailing "Affairs" after "<head> of <field>" dropped, as the short form has none."""
    if len(words) >= 2 and words[-1] in OFFICE_HEADS and words[-2] not in CONNECTORS:
        size = 2 if words[-2] == "affairs" and len(words) >= 3 else 1
        words = [*words[:-1 - size], words[-1], "of", *words[-1 - size:-1]]
    if len(words) >= 4 and words[-1] == "affairs" and words[-3] == "of" and words[-4] in OFFICE_HEADS:
        words = words[:-1]
    return words


def is_acronym(text: str) -> bool:
    """All capitals (dots allowed), two to seven letters: NATO, OSCE, U.N."""
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


def initials(text: str) -> str:
    """Initials of an organisation's long name, skipping connectors: "Organization for Security and Cooperation
    in Europe" -> "OSCE"."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", strip_accents(clean_name(text)))
    return "".join(w[0].upper() for w in words if w.lower() not in CONNECTORS)


def acronym_matches(acronym: str, expansion: str) -> bool:
    """Whether an acronym abbreviates a long name: its letters are the initials of the name, or of the name's last
    words when a descriptive word stands before it ("Pan-Continent Organization for ...")."""
    letters = acronym.replace(".", "").upper()
    full = initials(expansion)
    if len(full) < 2 or len(letters) < 2:
        return False
    return full == letters or (len(letters) >= 3 and full.endswith(letters) and len(full) - len(letters) <= 2)


@lru_cache(maxsize=1 << 14)
def well_formed(text: str) -> bool:
    """Whether a name is written the way a name is: words starting with a capital, no glued words ("RussiaOn"),
    no digits, and not shouted (all capitals) unless it is short enough to be an acronym. Pure (cached)."""
    words = text.split()
    if not words or any(ch.isdigit() for ch in text):
        return False
    for word in words:
        core = word.strip(".,'’-&()")
        if not core:
            continue
        if core.lower() in CONNECTORS:
            continue
        if not core[0].isupper():
            return False
        if re.search(r"[a-z][A-Z][a-z]", core) and not re.match(r"^(Mc|Mac|O'|D'|De|Di|La|Le|Van)", core):
            return False
    return not (text.isupper() and len(text.replace(" ", "")) > 7)


# "Sept. 11, 2001", "24 February", "March 3": a month and a number, or a number and a month.
_DATE_NAME = re.compile(r"(?:\b(?P<a>[A-Za-z]+)\.?\s+\d)|(?:\d\s+(?P<b>[A-Za-z]+)\b)")


@lru_cache(maxsize=1 << 14)
def is_fragment(text: str) -> bool:
    """Whether a name is a piece the recogniser cut out of the text rather than the name of anyone: nothing but
    digits and symbols ("#", "2022"), a hashtag or handle alone ("#StandWithUkraine", "@kremlin"), a single letter
    ("D"), a date ("Sept. 11, 2001"), a name particle alone or a name cut off after one ("von", "Ursula von"), or a
    name hanging on a dash or an ampersand ("BRUSSELS -", "SA students &"), or a picture credit ("AP Photo/Emilio
    Morenatti", "Kremlin Pool Photo", "Martin Sylvest/Ritzau Scanpix": `CREDIT_WORDS`, two names joined by a
    slash). Pure (cached)."""
    name = " ".join(text.split())
    if not any(ch.isalpha() for ch in name) or sum(ch.isalnum() for ch in name) < 2:
        return True
    words = name.split()
    if len(words) == 1 and name[0] in "#@":
        return True
    if name[-1] in "-—–&/" or name[0] in "-—–&/":
        return True
    if words[-1] in NAME_PARTICLES or (len(words) == 1 and name.islower()):
        return True
    if any(word.strip(",.;:") in CREDIT_WORDS for word in words) or _CREDIT_SLASH.search(name):
        return True
    for found in _DATE_NAME.finditer(name):
        month = (found.group("a") or found.group("b") or "").lower()
        if month in MONTHS:
            return True
    return False
